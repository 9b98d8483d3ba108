#!/usr/bin/python3
"""Fits the weights of the group derivation tree (GroupTreeWeights, include/pristine/io/derivation_tree.hpp)
on dedupe runs over test collections whose truth names every copy's parent.

The weights make a conditional logit: for a copy y, the probability that x is its parent is the softmax,
over every other member x, of a linear score of the evidence "y was made from x". This script builds
exactly the features group_tree.cpp computes, fits the weights by Newton's method on the negative log
likelihood of the true parents (with an L2 penalty), and reports the parent accuracy of the per-copy
best parent on each set — the fitted sets and any held-out ones — for the fitted and the library's
default weights.

  pristine eval-dedupe make-collection --out DEV ...        # a collection with truth.json
  pristine dedupe DEV -q --out dev.json --tree-evidence dev.jsonl
  scripts/fit-tree-weights.py --fit dev.jsonl DEV/truth.json [--test cross.jsonl CROSS/truth.json]

Copies whose true parent is not in their report group, or has identical pixels (unknowable), are left out.
Prints the weights as the C++ defaults and the accuracies as a markdown table.
"""
import argparse
import json
import math
import os
import sys

import numpy as np

NAMES = ["log_before", "forward", "backward", "jpeg_reproduced", "jpeg_measured", "covered_forward",
         "covered_backward", "distance", "rank_gap"]
# GroupTreeWeights' defaults, in NAMES order (kept in step with derivation_tree.hpp by hand).
DEFAULTS = [1.913, -5.306, 1.494, 3.86, -0.9863, 4.917, 5.123, -0.9816, 2.332]


def truth_parents(truth_path):
    """Absolute path -> absolute path of its parent (None when the parent is not in the collection)."""
    root = os.path.dirname(os.path.abspath(truth_path))
    with open(truth_path) as f:
        truth = json.load(f)
    parents = {}
    for entry in truth["files"]:
        parent = entry.get("parent")
        path = os.path.normpath(os.path.join(root, entry["path"]))
        in_collection = bool(parent) and not parent.startswith("(")
        parents[path] = os.path.normpath(os.path.join(root, parent)) if in_collection else None
    return parents


def group_cases(group, parents):
    """One (features [candidates x features], index of the true parent) per copy with a knowable parent."""
    paths = [os.path.normpath(os.path.abspath(p)) for p in group["paths"]]
    k = len(paths)
    classes = group["classes"] or list(range(k))
    order = group["order"]
    position = {m: i for i, m in enumerate(order)}
    rep_of, reps = {}, []
    for m in order:
        if classes[m] not in rep_of:
            rep_of[classes[m]] = m
            reps.append(m)
    before = group["before"]
    if not before:  # ranked without the pair model: the tree then follows the hash distances only
        return []
    pixels = group["pixels"]
    measured_forward = [p[1] for p in pixels if p[0]]
    unmeasured = max(measured_forward) if measured_forward else 0.0
    distance = group["distance"]
    index = {p: i for i, p in enumerate(paths)}
    cases = []
    for y in reps[1:]:
        true_parent = parents.get(paths[y])
        if true_parent is None or true_parent not in index:
            continue
        t = index[true_parent]
        if classes[t] == classes[y]:
            continue  # identical pixels: either could be first
        candidates = [x for x in reps if x != y]
        rows = []
        for x in candidates:
            xy = x * k + y
            measured, fw, bw, jf, _, cf, cb = pixels[xy] if pixels else (False, 0, 0, -1, -1, 1, 1)
            row = [math.log(min(max(before[xy], 1e-6), 1.0)),
                   math.log1p(fw if measured else unmeasured),
                   math.log1p(bw if measured else unmeasured),
                   jf if measured and jf >= 0 else 0.0,
                   1.0 if measured and jf >= 0 else 0.0,
                   cf if measured else 0.0,
                   cb if measured else 0.0,
                   distance[xy] / 32.0 if distance else 0.0,
                   (position[y] - position[x]) / k]
            rows.append(row)
        cases.append((np.array(rows), candidates.index(rep_of[classes[t]])))
    return cases


def read_set(evidence_path, truth_path):
    parents = truth_parents(truth_path)
    cases = []
    with open(evidence_path) as f:
        for line in f:
            if line.strip():
                cases += group_cases(json.loads(line), parents)
    return cases


def nll(w, cases, l2):
    """Mean negative log likelihood of the true parents, its gradient and Hessian (plus the penalty)."""
    d = len(w)
    value, grad, hess = 0.0, np.zeros(d), np.zeros((d, d))
    for x, t in cases:
        s = x @ w
        s -= s.max()
        p = np.exp(s)
        p /= p.sum()
        value -= math.log(max(p[t], 1e-300))
        mean = p @ x
        grad += mean - x[t]
        centred = x - mean
        hess += (centred * p[:, None]).T @ centred
    n = max(len(cases), 1)
    return value / n + l2 * w @ w, grad / n + 2 * l2 * w, hess / n + 2 * l2 * np.eye(d)


def fit(cases, l2, iterations=50):
    w = np.zeros(len(NAMES))
    for _ in range(iterations):
        value, grad, hess = nll(w, cases, l2)
        step = np.linalg.solve(hess, grad)
        # Backtracking keeps each Newton step a descent step.
        scale = 1.0
        while scale > 1e-4 and nll(w - scale * step, cases, l2)[0] > value:
            scale /= 2
        w = w - scale * step
        if np.abs(scale * step).max() < 1e-7:
            break
    return w


def accuracy(w, cases):
    hits = sum(int(np.argmax(x @ w) == t) for x, t in cases)
    return hits, len(cases)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fit", nargs=2, action="append", metavar=("EVIDENCE", "TRUTH"), required=True,
                    help="evidence (pristine dedupe --tree-evidence) and truth.json of a set to fit on")
    ap.add_argument("--test", nargs=2, action="append", default=[], metavar=("EVIDENCE", "TRUTH"),
                    help="a held-out set: measured, never fitted")
    ap.add_argument("--l2", type=float, default=1e-4, help="L2 penalty on the weights (mean log likelihood + l2 |w|^2)")
    a = ap.parse_args()

    fit_sets = [(e, read_set(e, t)) for e, t in a.fit]
    test_sets = [(e, read_set(e, t)) for e, t in a.test]
    cases = [c for _, s in fit_sets for c in s]
    if not cases:
        sys.exit("fit-tree-weights: no copy with a knowable parent in the fit sets")
    w = fit(cases, a.l2)

    print("GroupTreeWeights fitted on %d copies (L2 %g):" % (len(cases), a.l2))
    for name, value in zip(NAMES, w):
        print("    double %s = %.4g;" % (name, value))
    print()
    print("| set | role | copies | parent, fitted weights | parent, default weights |")
    print("|---|---|---|---|---|")
    for role, sets in (("fit", fit_sets), ("held out", test_sets)):
        for name, s in sets:
            hf, n = accuracy(w, s)
            hd, _ = accuracy(np.array(DEFAULTS), s)
            print("| %s | %s | %d | %.1f %% | %.1f %% |" % (os.path.basename(name), role, n,
                                                          100.0 * hf / max(n, 1), 100.0 * hd / max(n, 1)))


if __name__ == "__main__":
    main()
