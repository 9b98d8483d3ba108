// The minimum derivation tree against every tree of small random groups (brute force), and its errors.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "pristine/error.hpp"
#include "pristine/io/derivation_tree.hpp"

using namespace pristine;

namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

// The least cost over every parent assignment with exactly one root and no cycle (n <= 6).
double brute_force(const std::vector<std::vector<double>>& cost, const std::vector<double>& root_cost) {
    const int n = static_cast<int>(root_cost.size());
    std::vector<int> parent(static_cast<std::size_t>(n), -1);
    double best = k_inf;
    std::function<void(int)> assign = [&](int v) {
        if (v == n) {
            int roots = 0;
            double total = 0;
            for (int b = 0; b < n; ++b) {
                const int p = parent[static_cast<std::size_t>(b)];
                roots += p < 0;
                total += p < 0 ? root_cost[static_cast<std::size_t>(b)] : cost[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)];
                for (int steps = 0, u = b; u >= 0; u = parent[static_cast<std::size_t>(u)])
                    if (++steps > n) return;  // a cycle
            }
            if (roots == 1 && total < best) best = total;
            return;
        }
        for (int p = -1; p < n; ++p)
            if (p != v) parent[static_cast<std::size_t>(v)] = p, assign(v + 1);
    };
    assign(0);
    return best;
}

void check_tree(const DerivationTree& t, const std::vector<std::vector<double>>& cost, const std::vector<double>& root_cost) {
    const int n = static_cast<int>(root_cost.size());
    int roots = 0;
    double total = 0;
    for (int b = 0; b < n; ++b) {
        const int p = t.parent[static_cast<std::size_t>(b)];
        roots += p < 0;
        total += p < 0 ? root_cost[static_cast<std::size_t>(b)] : cost[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)];
        int steps = 0;
        for (int u = b; u >= 0; u = t.parent[static_cast<std::size_t>(u)]) REQUIRE(++steps <= n);  // reaches the root
    }
    CHECK(roots == 1);
    CHECK(total == doctest::Approx(t.cost));
}

}  // namespace

TEST_CASE("minimum_derivation_tree is the least-cost tree of every small random group") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 10);
    for (int trial = 0; trial < 300; ++trial) {
        const int n = 1 + trial % 6;
        std::vector<std::vector<double>> cost(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(n), 0));
        std::vector<double> root_cost(static_cast<std::size_t>(n));
        for (int a = 0; a < n; ++a) {
            root_cost[static_cast<std::size_t>(a)] = trial % 3 == 0 ? 0 : u(rng);
            for (int b = 0; b < n; ++b)
                // Some edges ruled out, and some ties (rounded costs), as real groups have.
                cost[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] =
                    (trial % 4 == 1 && u(rng) < 3) ? k_inf : std::round(u(rng) * (trial % 2 ? 1 : 100)) / 10;
        }
        const double best = brute_force(cost, root_cost);
        if (best == k_inf) {  // the ruled-out edges leave no tree with one root
            CHECK_THROWS_AS(minimum_derivation_tree(cost, root_cost), Error);
            continue;
        }
        const DerivationTree t = minimum_derivation_tree(cost, root_cost);
        REQUIRE(t.parent.size() == static_cast<std::size_t>(n));
        check_tree(t, cost, root_cost);
        CHECK(t.cost == doctest::Approx(best));
    }
}

TEST_CASE("a chain of copies comes back as the chain, the original at its root") {
    // 0 -> 1 -> 2 -> 3: each copy is cheap to make from its parent, dear from anything else.
    const int n = 4;
    std::vector<std::vector<double>> cost(n, std::vector<double>(n, 5.0));
    for (int b = 1; b < n; ++b) cost[static_cast<std::size_t>(b - 1)][static_cast<std::size_t>(b)] = 1.0;
    cost[3][0] = 0.5;  // a tempting edge back to the original that would close a cycle
    const DerivationTree t = minimum_derivation_tree(cost, {2.0, 3.0, 3.0, 3.0});
    CHECK(t.parent == std::vector<int>{-1, 0, 1, 2});
    CHECK(t.cost == doctest::Approx(5.0));
}

TEST_CASE("bad costs are refused") {
    CHECK(minimum_derivation_tree({}, {}).parent.empty());
    CHECK_THROWS_AS(minimum_derivation_tree({{0, 1}}, {0, 0}), Error);
    CHECK_THROWS_AS(minimum_derivation_tree({{0, 1}, {1}}, {0, 0}), Error);
    CHECK_THROWS_AS(minimum_derivation_tree({{0, std::nan("")}, {1, 0}}, {0, 0}), Error);
    CHECK_THROWS_AS(minimum_derivation_tree({{0, -k_inf}, {1, 0}}, {0, 0}), Error);
    // Copy 1 can be reached by nothing: no tree.
    CHECK_THROWS_AS(minimum_derivation_tree({{0, k_inf}, {1, 0}}, {0, k_inf}), Error);
}

namespace {

// A group of 4: 0 the original, 1 and 2 made from 0, 3 made from 1. P(x before y) is 0.9 along every
// ancestor line; the pixel residual is small only from a copy's own parent.
GroupTreeEvidence chain_evidence() {
    GroupTreeEvidence e;
    const std::size_t k = 4;
    e.order = {0, 1, 2, 3};
    e.before.assign(k * k, 0.5);
    e.pixels.assign(k * k, DirectionalEvidence{});
    const int ancestor[4][4] = {{0, 1, 1, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}};
    const int parent[4][4] = {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}};
    for (std::size_t x = 0; x < k; ++x)
        for (std::size_t y = 0; y < k; ++y) {
            if (x == y) continue;
            e.before[x * k + y] = ancestor[x][y] ? 0.9 : ancestor[y][x] ? 0.1 : 0.5;
            DirectionalEvidence& d = e.pixels[x * k + y];
            d.measured = true;
            d.forward = parent[x][y] ? 1.0 : 6.0;
        }
    return e;
}

}  // namespace

TEST_CASE("group tree: each copy hangs from the copy its pixels are closest to among those before it") {
    const GroupTree t = group_derivation_tree(chain_evidence());
    CHECK(t.parent == std::vector<int>{-1, 0, 0, 1});
    CHECK(t.confidence[0] == doctest::Approx(0.9));
    for (std::size_t m = 1; m < 4; ++m) CHECK(t.confidence[m] > 0.5);
    // Without the pixel residuals, the copy ranked earlier wins.
    GroupTreeWeights no_pixels;
    no_pixels.forward = no_pixels.backward = 0;
    CHECK(group_derivation_tree(chain_evidence(), no_pixels).parent[3] == 0);
}

TEST_CASE("group tree: the ranking's first member is the root; identical pixels hang from their class's first") {
    GroupTreeEvidence e = chain_evidence();
    e.classes = {0, 1, 2, 2};  // 3 has 2's pixels
    e.order = {0, 2, 1, 3};
    const GroupTree t = group_derivation_tree(e);
    CHECK(t.parent[0] == -1);
    CHECK(t.parent[3] == 2);
    CHECK(t.confidence[3] == doctest::Approx(0.5));
    CHECK(t.parent[2] == 0);
    // Parents ranked first only: 1 may not be 3's parent once it is ranked after 3.
    GroupTreeWeights ranked_first;
    ranked_first.parents_rank_first = true;
    e.classes.clear();
    e.order = {0, 3, 2, 1};
    CHECK(group_derivation_tree(e).parent[3] == 1);
    CHECK(group_derivation_tree(e, ranked_first).parent[3] == 0);
    e.order = {1, 0, 2, 3};
    CHECK(group_derivation_tree(e).parent[1] == -1);
}

TEST_CASE("group tree: without pair probabilities the nearest better-ranked copy by hash distance") {
    GroupTreeEvidence e;
    e.order = {2, 0, 1};
    e.distance = {0, 10, 4, 10, 0, 30, 4, 30, 0};
    const GroupTree t = group_derivation_tree(e);
    CHECK(t.parent == std::vector<int>{2, 0, -1});
    CHECK(t.confidence[2] == doctest::Approx(1.0));
}

TEST_CASE("group tree: evidence of the wrong size is refused") {
    GroupTreeEvidence e = chain_evidence();
    e.before.pop_back();
    CHECK_THROWS_AS(group_derivation_tree(e), Error);
    e = chain_evidence();
    e.order = {0, 1, 1, 3};
    CHECK_THROWS_AS(group_derivation_tree(e), Error);
    CHECK_THROWS_AS(group_derivation_tree(GroupTreeEvidence{}), Error);
}
