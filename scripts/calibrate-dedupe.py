#!/usr/bin/env python3
"""Calibration of the dedupe verification thresholds (docs/dedupe.md, "Calibration").

Reads the candidate evidence of a collection (build/benchmarks/dedupe_candidates COLL OUT.csv) and its
truth.json (pristine eval-dedupe make-collection), and prints the quantiles of each signal on the true
candidate pairs, then, moving one threshold at a time from the defaults, the share of true candidates
kept and the false candidates left, and the false candidates the defaults keep, by kind.
usage: scripts/calibrate-dedupe.py COLL/truth.json OUT.csv [COLL prefix of the csv paths]
"""
import csv
import json
import sys
from collections import Counter

import numpy as np

# The defaults of MatchOptions (include/pristine/io/duplicates.hpp).
DEFAULTS = dict(min_correlation=0.90, min_detail_correlation=0.5, max_local_difference=25.0, max_chroma_difference=8.0,
                min_coverage=0.75, max_strip_ratio=5.0, min_strip_correlation=0.6, max_ambiguous_distance=64,
                min_alignment_margin=0.01)
GRID = dict(min_correlation=(0.85, 0.9, 0.93), min_detail_correlation=(-1, 0.3, 0.5, 0.7),
            max_local_difference=(20, 25, 30, 255), max_chroma_difference=(8, 12),
            max_strip_ratio=(4, 5, 6, 1e9), min_strip_correlation=(-1, 0.5, 0.6, 0.7),
            min_coverage=(0.6, 0.75, 0.85), min_alignment_margin=(-2, 0.01, 0.03))

truth_path, csv_path = sys.argv[1], sys.argv[2]
prefix = sys.argv[3].rstrip("/") + "/" if len(sys.argv) > 3 else ""
truth = json.load(open(truth_path))
picture = {f["path"]: f.get("picture") for f in truth["files"]}
kind = {f["path"]: f.get("kind") for f in truth["files"]}
rows = list(csv.DictReader(open(csv_path)))
strip = lambda p: p[len(prefix):] if prefix and p.startswith(prefix) else p
a = [strip(r["a"]) for r in rows]
b = [strip(r["b"]) for r in rows]
same = np.array([picture.get(x) is not None and picture.get(x) == picture.get(y) for x, y in zip(a, b)])
col = lambda k: np.array([float(r[k]) for r in rows])
s = dict(corr=col("corr"), detail=col("detail"), local=col("local"), chroma=col("chroma"), coverage=col("coverage"),
         strip=col("strip"), typical=col("mean"), strip_corr=col("strip_corr"), margin=col("margin"),
         distance=col("distance"), frame_x=col("frame_x"), frame_y=col("frame_y"))


def passes(t):
    # The far-shift rule needs each pair's starting frame, which the csv does not hold: it is left out.
    return ((s["corr"] >= t["min_correlation"]) & (s["detail"] >= t["min_detail_correlation"]) &
            (s["local"] <= t["max_local_difference"]) & (s["chroma"] <= t["max_chroma_difference"]) &
            (s["coverage"] >= t["min_coverage"]) & (s["strip"] <= t["max_strip_ratio"] * (s["typical"] + 2)) &
            (s["strip_corr"] >= t["min_strip_correlation"]) &
            ((s["distance"] <= t["max_ambiguous_distance"]) | (s["margin"] >= t["min_alignment_margin"])))


print(f"candidates {len(rows)}, true {same.sum()}\n")
print("| signal | 50 % of true pairs | 90 % | 95 % | 99 % |\n|---|---:|---:|---:|---:|")
ratio = s["strip"] / (s["typical"] + 2)
for name, v, low in (("correlation ≥", s["corr"], True), ("detail correlation ≥", s["detail"], True),
                     ("local difference ≤", s["local"], False), ("chroma difference ≤", s["chroma"], False),
                     ("coverage ≥", s["coverage"], True), ("strip ratio ≤", ratio, False),
                     ("strip correlation ≥", s["strip_corr"], True)):
    qs = [np.quantile(v[same], 1 - q if low else q) for q in (0.5, 0.9, 0.95, 0.99)]
    print(f"| {name} | " + " | ".join(f"{x:.3f}" if abs(x) < 10 else f"{x:.1f}" for x in qs) + " |")

print("\n| threshold | value | true candidates kept | false candidates kept |\n|---|---:|---:|---:|")
for name, values in GRID.items():
    for v in values:
        t = dict(DEFAULTS, **{name: v})
        ok = passes(t)
        mark = "**" if v == DEFAULTS[name] else ""
        print(f"| {name} | {mark}{v:g}{mark} | {(ok & same).sum() / same.sum():.1%} | {(ok & ~same).sum()} |")
ok = passes(DEFAULTS)
print("\nfalse candidates kept by the defaults, by kind:",
      Counter(f"{kind.get(x)}+{kind.get(y)}" for x, y, k, t in zip(a, b, ok, same) if k and not t).most_common(8))
