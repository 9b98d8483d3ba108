#!/usr/bin/env python3
"""Dedupe reports made without `pristine dedupe`, to score with `pristine eval-dedupe score`:

  pdq     every pair of files whose PDQ hashes (from `pristine hash`) are within --threshold bits,
          joined by union-find (the plain baseline of docs/dedupe-eval.md); --dihedral matches rotated
          and mirrored copies too (the smallest distance over the 8 variants of one file);
  truth   the collection's own groups (DIR/truth.json), keeping each group's best copy: scoring it
          must give precision = recall = 1 and every best copy kept (a check of the scorer).

The kept file of a pdq group is the biggest file (--keep pixels: the most pixels). Paths are written
as `pristine dedupe` lists them from the command line (DIR/sub/name.jpg).

  scripts/dedupe-baseline.py DIR --out report.json [--mode pdq|truth] [--threshold 31] [--dihedral]
Env: PRISTINE = the pristine CLI (default build/bin/pristine). Needs numpy.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def hashes(cli, folder, dihedral, threads):
    cmd = [cli, "hash", "-r", folder, "-k", "pdq", "-j", str(threads)]
    if dihedral:
        cmd.append("--dihedral")
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if run.returncode not in (0, 1):  # 1: some file failed, listed on stdout
        sys.exit(f"{' '.join(cmd)} failed with status {run.returncode}")
    ok, errors = [], []
    for line in run.stdout.splitlines():
        rec = json.loads(line)
        if "error" in rec:
            errors.append({"path": rec["path"], "error": rec["error"], "status": rec.get("status", "")})
        else:
            ok.append(rec)
    return ok, errors


def to_bytes(hex_list):
    return np.array([np.frombuffer(bytes.fromhex(h), dtype=np.uint8) for h in hex_list])


def pairs_within(codes, variants, threshold, block=256):
    """(i, j), i < j, with min over variants v of popcount(variants[v][i] ^ codes[j]) <= threshold."""
    n = len(codes)
    out = []
    for start in range(0, n, block):
        stop = min(n, start + block)
        best = None
        for v in variants:  # v: (n, 32) uint8, the same variant of every file
            d = POPCOUNT[v[start:stop, None, :] ^ codes[None, :, :]].sum(axis=2, dtype=np.uint16)
            best = d if best is None else np.minimum(best, d)
        ii, jj = np.nonzero(best <= threshold)
        for i, j in zip(ii + start, jj):
            if i < j:
                out.append((int(i), int(j)))
    return out


def union_find(n, pairs):
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return [g for g in groups.values() if len(g) >= 2]


def info(cli, paths):
    """width, height, format, file_size per path from `pristine info`."""
    run = subprocess.run([cli, "info", "-"], input="\n".join(paths) + "\n", stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    out = {}
    for line in run.stdout.splitlines():
        rec = json.loads(line)
        if "error" not in rec:
            out[rec["path"]] = rec
    return out


def pdq_report(args, cli):
    recs, errors = hashes(cli, args.folder, args.dihedral, args.threads)
    paths = [r["path"] for r in recs]
    if args.dihedral:
        codes = to_bytes([r["pdq"][0] for r in recs])
        variants = [to_bytes([r["pdq"][v] for r in recs]) for v in range(8)]
    else:
        codes = to_bytes([r["pdq"] for r in recs])
        variants = [codes]
    groups = union_find(len(paths), pairs_within(codes, variants, args.threshold))
    facts = info(cli, [paths[i] for g in groups for i in g])
    size = (lambda p: facts[p]["file_size"]) if args.keep == "bytes" else (
        lambda p: facts[p]["width"] * facts[p]["height"])
    out_groups = []
    for g in groups:
        members = sorted((paths[i] for i in g), key=lambda p: (-size(p), p))
        out_groups.append({
            "members": [{"path": p, "keep": k == 0, "width": facts[p]["width"], "height": facts[p]["height"],
                         "format": facts[p]["format"], "file_size": facts[p]["file_size"]}
                        for k, p in enumerate(members)],
            "reason": f"PDQ within {args.threshold} bits{' (dihedral)' if args.dihedral else ''}; "
                      f"kept the {'biggest file' if args.keep == 'bytes' else 'most pixels'}"})
    return {"version": 1, "files": len(recs) + len(errors), "errors": errors, "groups": out_groups}


def truth_report(args):
    with open(os.path.join(args.folder, "truth.json")) as f:
        truth = json.load(f)
    name = lambda p: os.path.join(args.folder, p)
    groups = [{"members": [{"path": name(p), "keep": p == g["best"][0]} for p in g["members"]],
               "reason": "the truth"} for g in truth["groups"]]
    errors = [{"path": name(f["path"]), "error": f["broken"], "status": "corrupt_data"}
              for f in truth["files"] if f["role"] == "broken"]
    return {"version": 1, "files": len(truth["files"]), "errors": errors, "groups": groups}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", choices=["pdq", "truth"], default="pdq")
    ap.add_argument("--threshold", type=int, default=31)
    ap.add_argument("--dihedral", action="store_true")
    ap.add_argument("--keep", choices=["bytes", "pixels"], default="bytes")
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    cli = os.environ.get("PRISTINE", "build/bin/pristine")
    report = truth_report(args) if args.mode == "truth" else pdq_report(args, cli)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
    print(f"{args.out}: {len(report['groups'])} groups, {len(report['errors'])} errors", file=sys.stderr)


if __name__ == "__main__":
    main()
