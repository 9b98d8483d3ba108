// Which copy each copy of a picture was made from: the minimum-cost derivation tree of a group, from a
// directed cost of every "B was made from A" (image phylogeny: Dias, Rocha and Goldenstein, "Image
// Phylogeny by Minimal Spanning Trees", IEEE TIFS 2012, use an oriented Kruskal; this is the exact optimum
// branching of Chu, Liu and Edmonds).
#pragma once

#include <vector>

#include "pristine/export.hpp"

namespace pristine {

/// A derivation tree: parent[b] is the copy b was made from, -1 for the root (the estimated original).
struct DerivationTree {
    std::vector<int> parent;
    double cost = 0;  ///< sum of the chosen costs: cost[parent[b]][b], and root_cost of the root
};

/// The tree of least total cost over `n` copies, where cost[a][b] (a != b) is the cost of "b was made
/// from a" and root_cost[b] that of "b is the original"; exactly one copy is the root. A cost of
/// +infinity rules that edge out (a tree must remain: every copy needs a finite root cost or an edge
/// that reaches it). The diagonal is ignored. Exact (Chu–Liu/Edmonds), O(n^3): meant for groups of
/// copies (tens). Ties go to the lower index. Throws Error(invalid_argument) for a cost matrix that is
/// not n x n, a root_cost not of n, a NaN or -infinity cost, or costs that leave no tree.
PRISTINE_API DerivationTree minimum_derivation_tree(const std::vector<std::vector<double>>& cost,
                                                     const std::vector<double>& root_cost);

}  // namespace pristine
