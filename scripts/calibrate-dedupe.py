#!/usr/bin/env python3
"""Calibration of the dedupe verification thresholds (docs/dedupe.md, "Calibration").

Reads the candidate evidence of a collection (build/benchmarks/dedupe_candidates COLL OUT.csv) and its
truth.json (pristine eval-dedupe make-collection), and prints, for a grid of thresholds, how many true
and false candidate pairs pass, with the quantiles of each signal on true pairs and the false pairs
left by kind. usage: scripts/calibrate-dedupe.py COLL/truth.json OUT.csv [COLL prefix of the csv paths]
"""
import csv
import itertools
import json
import sys
from collections import Counter

import numpy as np

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
corr, detail, local, chroma = (np.array([float(r[k]) for r in rows]) for k in ("corr", "detail", "local", "chroma"))
print(f"candidates {len(rows)}, true {same.sum()}")
for q in (0.5, 0.9, 0.95, 0.99):
    print(f"true pairs, {q:.0%} pass: corr >= {np.quantile(corr[same], 1 - q):.3f}, detail >= "
          f"{np.quantile(detail[same], 1 - q):.3f}, local <= {np.quantile(local[same], q):.1f}, "
          f"chroma <= {np.quantile(chroma[same], q):.1f}")
print("\n| min corr | min detail | max local | max chroma | true kept | false kept |\n|---:|---:|---:|---:|---:|---:|")
for mc, md, ml, mch in itertools.product((0.85, 0.9, 0.93), (-1, 0.3, 0.5), (255, 30, 20), (12, 8)):
    ok = (corr >= mc) & (detail >= md) & (local <= ml) & (chroma <= mch)
    print(f"| {mc} | {md} | {ml} | {mch} | {(ok & same).sum() / same.sum():.4f} | {(ok & ~same).sum()} |")
ok = (corr >= 0.9) & (detail >= 0.5) & (local <= 20) & (chroma <= 8)
print("\nfalse pairs kept by the defaults, by kind:",
      Counter(f"{kind.get(x)}+{kind.get(y)}" for x, y, k, s in zip(a, b, ok, same) if k and not s).most_common(8))
