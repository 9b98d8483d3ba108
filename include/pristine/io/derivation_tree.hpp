// Which copy each copy of a picture was made from: the minimum-cost derivation tree of a group, from a
// directed cost of every "B was made from A" (image phylogeny: Dias, Rocha and Goldenstein, "Image
// Phylogeny by Minimal Spanning Trees", IEEE TIFS 2012, use an oriented Kruskal; this is the exact optimum
// branching of Chu, Liu and Edmonds).
#pragma once

#include <cstddef>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/io/provenance.hpp"

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

/// What is known of a group of copies for its derivation tree (member indices 0..k-1; matrices are k x k,
/// element x * k + y about "x before / made into y").
struct GroupTreeEvidence {
    /// Members with identical pixels (up to a lossless turn) share a class: classes[m] is the index of
    /// one member of m's class. Empty: every member its own class.
    std::vector<std::size_t> classes;
    /// Members best first (closest to the original first): order[0] is the root of the tree, and a
    /// class hangs from its first member in this order.
    std::vector<std::size_t> order;
    /// P(x came before y) from the pair model; empty: not measured (the hash distances decide).
    std::vector<double> before;
    /// The copies' pixels compared each way (directional_evidence); empty or unmeasured entries: none.
    std::vector<DirectionalEvidence> pixels;
    /// PDQ bits between x and y (best alignment).
    std::vector<int> distance;
};

/// Weights of the evidence that y was made from x: a linear score whose softmax over y's possible
/// parents is the probability of each (a conditional logit); the cost of the edge is minus the score.
/// The defaults were fitted on a generated collection by scripts/fit-tree-weights.py (docs/provenance.md,
/// "Parents", says how and what they measure).
struct GroupTreeWeights {
    double log_before = 1.913;       ///< of log P(x before y) (the order model)
    double forward = -5.306;          ///< of log(1 + mean |luma difference| of y and x brought to y)
    double backward = 1.494;          ///< of the same from y to x: a parent holds detail its copy lost
    double jpeg_reproduced = 3.86;    ///< of the share of y's JPEG coefficients x's pixels reproduce
    double jpeg_measured = -0.9863;    ///< added when that share could be measured
    double covered_forward = 4.917;   ///< of the share of y's picture inside x's
    double covered_backward = 5.123;  ///< of the share of x's picture inside y's
    double distance = -0.9816;         ///< of the PDQ bits between them / 32
    /// Of (position of y - position of x) / group size in the ranking (negative: x ranked after y).
    double rank_gap = 2.332;
    /// Only copies ranked before y can be its parent.
    bool parents_rank_first = false;
};

/// The derivation tree of a group: per member, its estimated parent and how sure that is.
struct GroupTree {
    std::vector<int> parent;          ///< -1 for order[0] (the estimated original)
    /// 0..1: for a copy, the probability of its parent among every possible parent (the softmax of
    /// minus the costs); for the root, its mean probability of coming before each other class (1 without a
    /// pair model); for a copy with identical pixels to its parent, 0.5 (either could be first).
    std::vector<double> confidence;
};

/// The least-cost tree (minimum_derivation_tree) rooted at order[0]: the cost of "y made from x" is
/// minus the weighted evidence, or without `before` the PDQ distance / 8 (parents ranked first only).
/// Members of one class hang from its first member. Throws Error(invalid_argument) for matrices or an
/// order of the wrong size.
PRISTINE_API GroupTree group_derivation_tree(const GroupTreeEvidence& evidence, const GroupTreeWeights& weights = {});

}  // namespace pristine
