// The proposer: random candidate grids — mutations of the best grid so far (local refinement) and
// fully random ones (so the surrogate is asked about the whole space) — scored by the surrogate's
// upper bound mean + exploration x spread; grids already tried are never proposed again.
#include <set>

#include "lab/hpsearch/random.hpp"
#include "pristine/lab/hpsearch.hpp"

namespace pristine::hpsearch {

namespace {

using Rng = SplitMix;

int& cell_of(Grid& g, const Cell& c) { return g[static_cast<std::size_t>(c.row)][static_cast<std::size_t>(c.column)]; }

Grid random_grid(Rng& rng) {
    Grid g = hand_tuned_grid();
    for (const Cell& c : grid_cells()) cell_of(g, c) = rng.below(c.choices.size());
    return canonical(g);
}

Grid mutate(const Grid& base, Rng& rng) {
    Grid g = base;
    const auto& cells = grid_cells();
    const int changes = 1 + rng.below(3);
    for (int i = 0; i < changes; ++i) {
        const Cell& c = cells[static_cast<std::size_t>(rng.below(cells.size()))];
        cell_of(g, c) = rng.below(c.choices.size());
    }
    return canonical(g);
}

}  // namespace

Proposal propose(const std::vector<Trial>& history, const Surrogate& surrogate, int candidates, double exploration,
                 std::uint64_t seed) {
    std::set<std::string> seen;
    for (const Trial& t : history) seen.insert(grid_key(canonical(t.grid)));
    const int b = best_trial(history);
    const Grid best = b >= 0 ? history[static_cast<std::size_t>(b)].grid : hand_tuned_grid();
    Rng rng{seed};
    Proposal out;
    double top = 0;
    for (int i = 0; i < candidates; ++i) {
        // Unfitted (the seeding trials): fully random grids, to spread the first points over the space.
        const Grid g = (surrogate.fitted() && i % 2 == 0) ? mutate(best, rng) : random_grid(rng);
        if (!seen.insert(grid_key(g)).second) continue;  // tried, or already a candidate
        const Surrogate::Prediction p = surrogate.predict(g);
        const double score = p.mean + exploration * p.spread;
        if (!out.found || score > top) {
            out = {g, p, true};
            top = score;
            if (!surrogate.fitted()) break;  // nothing to rank by: the first untried grid
        }
    }
    return out;
}

}  // namespace pristine::hpsearch
