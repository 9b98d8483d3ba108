#!/usr/bin/python3
"""Times pristine.provenance on one group in a running process (the models loaded by a first call):
the ranking speed figure of docs/provenance.md without the process's start-up.
usage: PYTHONPATH=build/python benchmarks/rank-group-in-process.py DIR   (DIR from make-rank-group.sh)"""
import glob
import os
import resource
import sys
import time

import pristine


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*")))
    pristine.provenance(files)  # loads libtorch and the models
    runs = []
    for _ in range(7):
        c, t = cpu(), time.perf_counter()
        out = pristine.provenance(files)
        runs.append((time.perf_counter() - t, cpu() - c))
    walls, cpus = sorted(w for w, _ in runs), sorted(c for _, c in runs)
    print(f"{len(files)} files, 7 runs: wall min/median/max {walls[0]:.3f} {walls[3]:.3f} {walls[-1]:.3f} s, "
          f"CPU median {cpus[3]:.3f} s; original {out['original']}")


if __name__ == "__main__":
    main()
