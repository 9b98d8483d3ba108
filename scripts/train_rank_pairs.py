#!/usr/bin/python3
"""Trains the pair model that ranks the copies of a group (models/rank-pairs.txt, compiled into the
library as src/provenance/rank_pairs_model.inc).

A logistic regression without bias on the pair features of `pristine pair-features`, predicting
"a is closer to the original than b" from the collection's truth (fewest lossy generations, then most
pixels kept, then lowest severity). Train it on the development collection only; the cross-tool
collection is held out.

usage:
  train_rank_pairs.py list  TRUTH REPORT PREFIX > groups.tsv      # group list for pair-features
  pristine pair-features --groups groups.tsv > pairs.tsv
  train_rank_pairs.py fit   TRUTH PREFIX pairs.tsv [--write]        # fit, cross-validate, write model
  train_rank_pairs.py fit   TRUTH PREFIX pairs.tsv --order [--write] # the order model (every ordered pair)
     (either fit: --extra TRUTH2 pairs2.tsv adds another labelled set, e.g. make_resave_set.py's)
  train_rank_pairs.py check TRUTH PREFIX pairs.tsv MODEL            # top-1 of a model on other pairs
"""
import collections
import datetime
import json
import math
import os
import sys

import numpy as np

# The order model: the same features fitted on every ordered pair of copies of one picture, which
# orders the copies after the kept one and feeds the derivation tree (the best-against-other model
# picks the kept copy better; this one orders the others better).
ORDER_L2 = 1.0  # 0.1, 1 and 10 gave 86.2, 86.1 and 85.5 % of every ordered pair right on the development collection
L2 = 0.1  # ridge penalty on the weights (sum of squares), against the pair count (0.1: best 5-fold figure on the development collection of 0.1, 0.3, 1, 3)


def rel(path, prefix):
    """The key of a file: its absolute path (the truth's paths are relative to its folder)."""
    return os.path.normpath(path if os.path.isabs(path) else os.path.join(prefix, path))


def truth_files(truth_path):
    """Files by absolute path (their "path" made absolute) and the truth with absolute best copies."""
    t = json.load(open(truth_path))
    root = os.path.dirname(os.path.abspath(truth_path))
    files = {}
    for f in t["files"]:
        f = dict(f, path=rel(f["path"], root))
        files[f["path"]] = f
    for g in t["groups"]:
        g["best"] = [rel(b, root) for b in g["best"]]
    return files, t


def load_sets(truth_path, pairs_path, extra):
    """The development set and the --extra TRUTH PAIRS sets: files, best copies, feature names, rows
    (an extra set's group ids tagged so that they never meet the development set's)."""
    files, truth = truth_files(truth_path)
    names, rows = read_pairs(pairs_path, files, "")
    best = {b for g in truth["groups"] for b in g["best"]}
    for i, (t_path, p_path) in enumerate(extra):
        f2, t2 = truth_files(t_path)
        n2, r2 = read_pairs(p_path, f2, "")
        if n2 != names:
            sys.exit(f"{p_path}: other features than {pairs_path}")
        files.update(f2)
        best |= {b for g in t2["groups"] for b in g["best"]}
        rows += [(f"x{i}:{r[0]}",) + r[1:] for r in r2]
    return files, best, names, rows


def better(a, b):
    """1 when a is closer to the original than b by the truth's rule, -1 when b is, 0 when tied."""
    if a.get("role") == "original" and b.get("role") != "original":
        return 1
    if b.get("role") == "original" and a.get("role") != "original":
        return -1
    if a["lossy_generations"] != b["lossy_generations"]:
        return 1 if a["lossy_generations"] < b["lossy_generations"] else -1
    if a["pixels_kept"] != b["pixels_kept"]:
        return 1 if a["pixels_kept"] > b["pixels_kept"] else -1
    if abs(a["severity"] - b["severity"]) > 1e-9:
        return 1 if a["severity"] < b["severity"] else -1
    return 0


def cmd_list(truth_path, report_path, prefix):
    report = json.load(open(report_path))
    for gi, g in enumerate(report["groups"]):
        for m in g["members"]:
            s = m.get("score")
            print(f"{gi}\t{'nan' if s is None else s}\t{m['path']}")


def read_pairs(pairs_path, files, prefix):
    names, rows = None, []
    for line in open(pairs_path):
        cols = line.rstrip("\n").split("\t")
        if names is None:
            names = cols[4:]
            continue
        a, b = files.get(rel(cols[1], prefix)), files.get(rel(cols[2], prefix))
        label = 0
        # Copies with identical pixels share a rank in the job: no order to learn between them.
        if a is not None and b is not None and a["picture"] == b["picture"] and cols[3] == "0":
            label = better(a, b)
        rows.append((cols[0], cols[1], cols[2], np.array([float(x) for x in cols[4:]]), label, cols[3] == "1"))
    return names, rows


def fit(x, y, l2=L2):
    """Newton's method on the L2-penalised logistic loss without bias; y in {0, 1}."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


# The features an --extra set fits: the development collection holds too few JPEGs saved again on
# their parent's block grid to weigh carried_quantisation (35 of 5 903 pairs), and fitting every weight
# on both sets moved the others (JPEG quality, earlier quantisation) away from what the collection
# measured (cross-tool best copy 91.0 % instead of 93.0 %).
EXTRA_FEATURES = ["carried_quantisation"]


def fit_sets(rows, names, l2=L2):
    """The weights fitted on the development rows, then EXTRA_FEATURES' weights refitted on every row
    (an --extra set's too) with the others held (Newton's method on those coordinates)."""
    dev = [r for r in rows if not r[0].startswith("x")]
    w = fit(*labelled(dev), l2)
    if len(dev) == len(rows):
        return w
    free = [names.index(n) for n in EXTRA_FEATURES]
    x, y = labelled(rows)
    held = x @ w - x[:, free] @ w[free]
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(held + x[:, free] @ w[free])))
        xf = x[:, free]
        grad = xf.T @ (p - y) + l2 * w[free]
        hess = (xf * (p * (1 - p))[:, None]).T @ xf + l2 * np.eye(len(free))
        step = np.linalg.solve(hess, grad)
        w[free] -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def labelled(rows):
    x = np.array([r[3] for r in rows if r[4] != 0])
    y = np.array([1.0 if r[4] > 0 else 0.0 for r in rows if r[4] != 0])
    return x, y


def best_vs_rest(rows, best, prefix):
    """The pairs of a best copy with a copy that is not: the comparisons that decide which copy is
    kept (fitting every ordered pair weighs copy-of-copy orders that never decide a keep)."""
    return [r for r in rows if (rel(r[1], prefix) in best) != (rel(r[2], prefix) in best)]


def top1(rows, w, files, prefix):
    """Groups whose Borda winner (sum of pair probabilities) is a best copy of its planted picture, and
    the groups that hold a best copy at all."""
    wins = collections.defaultdict(lambda: collections.defaultdict(float))
    twins = collections.defaultdict(set)
    for g, a, b, f, _, same in rows:
        if same:  # one class: both take the better member's count below
            twins[a].add(b), twins[b].add(a)
            wins[g][a] += 0.0
            wins[g][b] += 0.0
            continue
        p = 1.0 / (1.0 + math.exp(-float(f @ w)))
        wins[g][a] += p
        wins[g][b] += 1 - p
    for g, s in wins.items():
        base = dict(s)
        for m in s:
            s[m] = max([base[m]] + [base[t] for t in twins[m] if t in base])
    right = total = 0
    for g, s in wins.items():
        members = [files.get(rel(m, prefix)) for m in s]
        known = [m for m in members if m is not None]
        if len(known) < 2:
            continue
        pic = collections.Counter(m["picture"] for m in known).most_common(1)[0][0]
        same = [m for m in known if m["picture"] == pic]
        best = [m for m in same if all(better(m, o) >= 0 for o in same)]
        if not best:
            continue
        total += 1
        top = max(s.values())
        # Among a class of identical copies the job keeps by orientation and size: count the class as
        # right when any of its members is a best copy.
        kept = [files.get(rel(m, prefix)) for m in s if s[m] == top]
        right += any(k is not None and any(k["path"] == b["path"] for b in best) for k in kept)
    return right, total


def extra_words(extra):
    return "".join(f" and {os.path.basename(os.path.dirname(os.path.abspath(t)))}" for t, _ in extra)


def model_text(names, w, made):
    t = "pristine-pair-model\nversion 3\nmade " + made + "\n"
    t += "".join(f"feature {n} {v:.6f}\n" for n, v in zip(names, w))
    h = 14695981039346656037
    for c in t.encode():
        h = ((h ^ c) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return t + f"checksum {h:016x}\n"


def write_model(name, text):
    """models/NAME-pairs.txt and the copy compiled into the library."""
    open(f"models/{name}-pairs.txt", "w").write(text)
    open(f"src/provenance/{name}_pairs_model.inc", "w").write('R"PM(' + text + ')PM"\n')
    print(f"wrote models/{name}-pairs.txt and src/provenance/{name}_pairs_model.inc")


def read_model(path):
    return np.array([float(l.split()[2]) for l in open(path) if l.startswith("feature ")])


def cmd_fit_order(truth_path, prefix, pairs_path, write, extra):
    files, _, names, rows = load_sets(truth_path, pairs_path, extra)
    x, y = labelled(rows)
    groups = sorted({r[0] for r in rows})
    right = total = 0
    for k in range(5):  # cross-validation by group
        test = {g for i, g in enumerate(groups) if i % 5 == k}
        w = fit_sets([r for r in rows if r[0] not in test], names, ORDER_L2)
        xt, yt = labelled([r for r in rows if r[0] in test and not r[0].startswith("x")])
        right, total = right + int(np.sum(((xt @ w) > 0) == (yt > 0.5))), total + len(yt)
    w = fit_sets(rows, names, ORDER_L2)
    acc = float(np.mean(((x @ w) > 0) == (y > 0.5)))
    print(f"pairs {len(y)} (every ordered pair of {len(groups)} groups)")
    print(f"every ordered pair right: training {100 * acc:.1f} %, 5-fold by group (development) {100 * right / max(total, 1):.1f} %")
    for n, v in zip(names, w):
        print(f"  {n:22s} {v:+.4f}")
    if write:
        made = (f"scripts/train_rank_pairs.py fit --order on {len(y)} ordered pairs of {len(groups)} groups of the "
                f"development collection (eval-dedupe build, seed 1){extra_words(extra)}, L2 {ORDER_L2}, "
                f"{datetime.date.today().isoformat()}; 5-fold pairs right {100 * right / max(total, 1):.1f} %")
        write_model("order", model_text(names, w, made))


def cmd_fit(truth_path, prefix, pairs_path, write, extra):
    files, best, names, rows = load_sets(truth_path, pairs_path, extra)
    train = best_vs_rest(rows, best, prefix)
    x, y = labelled(train)
    groups = sorted({r[0] for r in rows}, key=lambda g: (0, int(g), "") if g.isdigit() else (1, 0, g))
    # Cross-validation by group (5 folds): the honest in-collection figure.
    right = total = right_x = total_x = 0
    for k in range(5):
        test = {g for i, g in enumerate(groups) if i % 5 == k}
        w = fit_sets([r for r in train if r[0] not in test], names)
        r, t = top1([r for r in rows if r[0] in test and not r[0].startswith("x")], w, files, prefix)
        right, total = right + r, total + t
        r, t = top1([r for r in rows if r[0] in test and r[0].startswith("x")], w, files, prefix)
        right_x, total_x = right_x + r, total_x + t
    w = fit_sets(train, names)
    acc = float(np.mean(((x @ w) > 0) == (y > 0.5)))
    r_in, t_in = top1(rows, w, files, prefix)
    xa, ya = labelled(rows)
    print(f"pairs {len(y)} best against other (of {len(rows)}), groups {len(groups)}")
    print(f"pair accuracy, best against other (training) {100 * acc:.1f} %; every ordered pair "
          f"{100 * float(np.mean(((xa @ w) > 0) == (ya > 0.5))):.1f} %")
    print(f"best copy first, 5-fold by group {right}/{total} = {100 * right / max(total, 1):.1f} %")
    if total_x:
        print(f"best copy first, 5-fold by group, --extra sets {right_x}/{total_x} = {100 * right_x / total_x:.1f} %")
    print(f"best copy first, training {r_in}/{t_in} = {100 * r_in / max(t_in, 1):.1f} %")
    for n, v in zip(names, w):
        print(f"  {n:22s} {v:+.4f}")
    if write:
        made = (f"scripts/train_rank_pairs.py fit on {len(y)} best-against-other pairs of {len(groups)} groups of the "
                f"development collection (eval-dedupe build, seed 1){extra_words(extra)}, L2 {L2}, "
                f"{datetime.date.today().isoformat()}; 5-fold best-first {100 * right / max(total, 1):.1f} %")
        write_model("rank", model_text(names, w, made))


def cmd_check(truth_path, prefix, pairs_path, model_path):
    files, _ = truth_files(truth_path)
    names, rows = read_pairs(pairs_path, files, prefix)
    x, y = labelled(rows)
    w = read_model(model_path)
    acc = float(np.mean(((x @ w) > 0) == (y > 0.5)))
    r, t = top1(rows, w, files, prefix)
    print(f"pair accuracy {100 * acc:.1f} % on {len(y)} pairs; best copy first {r}/{t} = {100 * r / max(t, 1):.1f} %")


def main():
    a = sys.argv[1:]
    extra = []
    while "--extra" in a:  # --extra TRUTH PAIRS: another labelled set fitted with the first
        i = a.index("--extra")
        if len(a) < i + 3:
            sys.exit(__doc__)
        extra.append((a[i + 1], a[i + 2]))
        del a[i:i + 3]
    if a and a[0] == "list" and len(a) == 4:
        cmd_list(a[1], a[2], a[3])
    elif a and a[0] == "fit" and "--order" in a and len(a) in (5, 6):
        cmd_fit_order(a[1], a[2], a[3], "--write" in a, extra)
    elif a and a[0] == "fit" and len(a) in (4, 5):
        cmd_fit(a[1], a[2], a[3], "--write" in a, extra)
    elif a and a[0] == "check" and len(a) == 5:
        cmd_check(a[1], a[2], a[3], a[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
