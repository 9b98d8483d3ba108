// Minimum-cost arborescence by Chu–Liu/Edmonds with explicit contraction: every copy takes its cheapest
// incoming edge; a cycle among those is contracted into one node whose incoming edges cost what they
// save over the cycle edge they replace; recurse; expand by keeping the cycle's edges but the one into
// the node the chosen edge enters. A virtual node is the root; its edges cost root_cost plus a constant
// larger than any tree, so that exactly one copy hangs from it.
#include "pristine/io/derivation_tree.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "pristine/error.hpp"

namespace pristine {

namespace {

struct Edge {
    int from = 0, to = 0;
    double weight = 0;
    int id = 0;  ///< index into the original edge list
};

// Element i of v, nodes and edges being numbered by int.
template <class V>
auto& at(V& v, int i) {
    return v[static_cast<std::size_t>(i)];
}

// The chosen edge ids (one entering each node but `root`) of the minimum arborescence of nodes 0..n-1.
std::vector<int> arborescence(int n, int root, const std::vector<Edge>& edges) {
    std::vector<int> in(static_cast<std::size_t>(n), -1);  // index into edges of the cheapest entering edge
    for (std::size_t e = 0; e < edges.size(); ++e) {
        const Edge& x = edges[e];
        if (x.to == root || x.from == x.to) continue;
        const int cur = at(in, x.to);
        if (cur < 0 || x.weight < at(edges, cur).weight) at(in, x.to) = static_cast<int>(e);
    }
    for (int v = 0; v < n; ++v)
        if (v != root && at(in, v) < 0)
            throw Error(Status::invalid_argument, "derivation tree: no finite edge reaches copy " + std::to_string(v));

    // Cycles among the chosen edges: each node gets the id of its cycle (or -1).
    std::vector<int> cycle(static_cast<std::size_t>(n), -1), seen(static_cast<std::size_t>(n), -1);
    int cycles = 0;
    for (int start = 0; start < n; ++start) {
        int v = start;
        while (v != root && at(seen, v) < 0 && at(cycle, v) < 0) {
            at(seen, v) = start;
            v = at(edges, at(in, v)).from;
        }
        if (v != root && at(seen, v) == start && at(cycle, v) < 0) {
            for (int u = v;; u = at(edges, at(in, u)).from) {
                at(cycle, u) = cycles;
                if (at(edges, at(in, u)).from == v) break;
            }
            ++cycles;
        }
    }
    std::vector<int> chosen;
    if (cycles == 0) {
        for (int v = 0; v < n; ++v)
            if (v != root) chosen.push_back(at(edges, at(in, v)).id);
        return chosen;
    }
    // Contract: cycle c becomes node c; the other nodes follow.
    std::vector<int> node(static_cast<std::size_t>(n));
    int next = cycles;
    for (int v = 0; v < n; ++v) at(node, v) = at(cycle, v) >= 0 ? at(cycle, v) : next++;
    std::vector<Edge> contracted;
    std::vector<const Edge*> original;  // per contracted edge: the edge of this level it stands for
    for (const Edge& x : edges) {
        const int u = at(node, x.from), w = at(node, x.to);
        if (u == w || x.to == root) continue;
        double weight = x.weight;
        if (at(cycle, x.to) >= 0) weight -= at(edges, at(in, x.to)).weight;
        contracted.push_back(Edge{u, w, weight, static_cast<int>(original.size())});
        original.push_back(&x);
    }
    std::vector<int> entered(static_cast<std::size_t>(n), 0);
    for (int local : arborescence(next, at(node, root), contracted)) {
        const Edge& x = *at(original, local);
        chosen.push_back(x.id);
        at(entered, x.to) = 1;
    }
    for (int v = 0; v < n; ++v)  // the cycle's own edges, but the one the chosen edge replaced
        if (at(cycle, v) >= 0 && !at(entered, v))
            chosen.push_back(at(edges, at(in, v)).id);
    return chosen;
}

}  // namespace

DerivationTree minimum_derivation_tree(const std::vector<std::vector<double>>& cost, const std::vector<double>& root_cost) {
    const std::size_t n = root_cost.size();
    if (cost.size() != n) throw Error(Status::invalid_argument, "derivation tree: the cost matrix must have one row per copy");
    DerivationTree tree;
    if (n == 0) return tree;
    auto check = [](double c) {
        if (std::isnan(c) || c == -std::numeric_limits<double>::infinity())
            throw Error(Status::invalid_argument, "derivation tree: a cost is NaN or -infinity");
    };
    double total = 0;  // larger than any tree's finite cost: the root's edges carry it once
    std::vector<Edge> edges;
    for (std::size_t a = 0; a < n; ++a) {
        if (cost[a].size() != n) throw Error(Status::invalid_argument, "derivation tree: the cost matrix must be square");
        check(root_cost[a]);
        if (std::isfinite(root_cost[a])) total += std::abs(root_cost[a]);
        for (std::size_t b = 0; b < n; ++b) {
            if (a == b) continue;
            check(cost[a][b]);
            if (!std::isfinite(cost[a][b])) continue;
            total += std::abs(cost[a][b]);
            edges.push_back(Edge{static_cast<int>(a), static_cast<int>(b), cost[a][b], static_cast<int>(edges.size())});
        }
    }
    const int root = static_cast<int>(n);
    const double lift = 1 + 2 * total;
    for (std::size_t b = 0; b < n; ++b)
        if (std::isfinite(root_cost[b]))
            edges.push_back(Edge{root, static_cast<int>(b), root_cost[b] + lift, static_cast<int>(edges.size())});
    tree.parent.assign(n, -1);
    int roots = 0;
    for (int id : arborescence(root + 1, root, edges)) {
        const Edge& e = at(edges, id);
        tree.parent[static_cast<std::size_t>(e.to)] = e.from == root ? -1 : e.from;
        tree.cost += e.from == root ? root_cost[static_cast<std::size_t>(e.to)] : e.weight;
        roots += e.from == root;
    }
    // The lift makes a second root dearer than any tree: one is used only where no tree has one root.
    if (roots != 1) throw Error(Status::invalid_argument, "derivation tree: the finite costs leave no tree with one original");
    return tree;
}

}  // namespace pristine
