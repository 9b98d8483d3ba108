// The derivation tree of a group of copies from what ranking them measured: the pair model's
// probabilities, the copies' pixels compared each way, identical-pixel classes and the ranking itself.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "pristine/error.hpp"
#include "pristine/io/derivation_tree.hpp"

namespace pristine {

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

// Probabilities are kept off 0 and 1 so that one confident pair cannot make a cost infinite.
double minus_log(double p) { return -std::log(std::clamp(p, 1e-6, 1.0)); }

void check(const GroupTreeEvidence& e, std::size_t k) {
    const auto bad = [](const std::string& what) { throw Error(Status::invalid_argument, "derivation tree: " + what); };
    if (k == 0) bad("no members");
    if (!e.classes.empty() && e.classes.size() != k) bad("classes are not one per member");
    for (std::size_t c : e.classes)
        if (c >= k) bad("a class names no member");
    std::vector<char> seen(k, 0);
    for (std::size_t m : e.order) {
        if (m >= k || seen[m]) bad("order is not a permutation of the members");
        seen[m] = 1;
    }
    if (!e.before.empty() && e.before.size() != k * k) bad("pair probabilities are not k x k");
    if (!e.pixels.empty() && e.pixels.size() != k * k) bad("pixel evidence is not k x k");
    if (e.before.empty() && e.distance.size() != k * k) bad("neither pair probabilities nor k x k distances");
    if (!e.distance.empty() && e.distance.size() != k * k) bad("distances are not k x k");
}

// Cost of "y made from x" for two class representatives (x ranked at position px, y at py).
struct EdgeCosts {
    const GroupTreeEvidence& e;
    const GroupTreeWeights& w;
    std::size_t k;
    double unmeasured_residual;  // stands in for pairs whose pixels could not be compared

    double operator()(std::size_t x, std::size_t y, std::size_t px, std::size_t py) const {
        if (w.parents_rank_first && px > py) return k_inf;
        const std::size_t xy = x * k + y;
        if (e.before.empty()) return px > py ? k_inf : e.distance[xy] / 8.0;
        const DirectionalEvidence* d = e.pixels.empty() || !e.pixels[xy].measured ? nullptr : &e.pixels[xy];
        double s = w.log_before * -minus_log(e.before[xy]);
        s += w.forward * std::log1p(d != nullptr ? d->forward : unmeasured_residual);
        s += w.backward * std::log1p(d != nullptr ? d->backward : unmeasured_residual);
        if (d != nullptr && d->jpeg_forward >= 0) s += w.jpeg_reproduced * d->jpeg_forward + w.jpeg_measured;
        if (d != nullptr) s += w.covered_forward * d->covered_forward + w.covered_backward * d->covered_backward;
        if (!e.distance.empty()) s += w.distance * e.distance[xy] / 32.0;
        s += w.rank_gap * (static_cast<double>(py) - static_cast<double>(px)) / static_cast<double>(k);
        return -s;
    }
};

}  // namespace

GroupTree group_derivation_tree(const GroupTreeEvidence& e, const GroupTreeWeights& w) {
    const std::size_t k = e.order.size();
    check(e, k);
    const auto cls = [&](std::size_t m) { return e.classes.empty() ? m : e.classes[m]; };
    // A class is represented by its first member in the order.
    std::vector<std::size_t> rep_of(k, k), reps, position(k);
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t m = e.order[i];
        position[m] = i;
        std::size_t& r = rep_of[cls(m)];
        if (r == k) r = m, reps.push_back(m);
    }
    double worst = 0;
    for (const DirectionalEvidence& d : e.pixels)
        if (d.measured) worst = std::max(worst, d.forward);
    const EdgeCosts edge{e, w, k, e.pixels.empty() ? 0.0 : worst};

    const std::size_t n = reps.size();
    std::vector<std::vector<double>> cost(n, std::vector<double>(n, k_inf));
    std::vector<double> root_cost(n, k_inf);
    root_cost[0] = 0;  // reps[0] = order[0]: the ranking chose the original
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
            if (a != b) cost[a][b] = edge(reps[a], reps[b], position[reps[a]], position[reps[b]]);
    const DerivationTree tree = minimum_derivation_tree(cost, root_cost);

    GroupTree out;
    out.parent.assign(k, -1);
    out.confidence.assign(k, 1.0);
    for (std::size_t b = 0; b < n; ++b) {
        const int p = tree.parent[b];
        if (p < 0) {
            if (!e.before.empty() && n > 1) {
                double sum = 0;
                for (std::size_t a = 1; a < n; ++a) sum += e.before[reps[0] * k + reps[a]];
                out.confidence[reps[b]] = sum / static_cast<double>(n - 1);
            }
            continue;
        }
        out.parent[reps[b]] = static_cast<int>(reps[static_cast<std::size_t>(p)]);
        // Softmax over the possible parents, relative to the cheapest for stability.
        double least = k_inf;
        for (std::size_t a = 0; a < n; ++a) least = std::min(least, cost[a][b]);
        // Costs are minus log-odds up to a constant: the softmax over the possible parents.
        double total = 0;
        for (std::size_t a = 0; a < n; ++a)
            if (std::isfinite(cost[a][b])) total += std::exp(least - cost[a][b]);
        out.confidence[reps[b]] = std::exp(least - cost[static_cast<std::size_t>(p)][b]) / total;
    }
    for (std::size_t m = 0; m < k; ++m)
        if (rep_of[cls(m)] != m) {
            out.parent[m] = static_cast<int>(rep_of[cls(m)]);
            out.confidence[m] = 0.5;
        }
    return out;
}

}  // namespace pristine
