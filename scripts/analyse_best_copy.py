#!/usr/bin/python3
"""Wrong best-copy choices of a dedupe report, by category: joins the report with the collection's
truth (lineage of every copy) and prints what was kept against what should have been.

usage: analyse_best_copy.py TRUTH.json REPORT.json [COLLECTION_PREFIX] [--examples N]"""
import collections
import json
import sys


def describe(f):
    if f is None:
        return "?"
    if f.get("role") == "original" or not f.get("lineage"):
        return "original " + f.get("encoding", "")
    return " | ".join(step["how"] for step in f["lineage"])


def category(kept, best):
    """A short name of why `kept` is not as good as `best` (by the truth's rule)."""
    if kept is None:
        return "kept unknown"
    if kept["lossy_generations"] > best["lossy_generations"]:
        ops = [s["op"] for s in kept.get("lineage", [])]
        if best["lossy_generations"] == 0 and kept["lossy_generations"] == 1:
            return "lossy copy over lossless/original: " + ",".join(ops)
        return "more lossy generations: " + ",".join(ops)
    if kept["pixels_kept"] < best["pixels_kept"]:
        ops = [s["op"] for s in kept.get("lineage", [])]
        return "fewer pixels (crop/downscale): " + ",".join(ops)
    return "higher severity: " + ",".join(s["op"] for s in kept.get("lineage", []))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_ex = 3
    if "--examples" in sys.argv:
        n_ex = int(sys.argv[sys.argv.index("--examples") + 1])
    truth = json.load(open(args[0]))
    report = json.load(open(args[1]))
    prefix = args[2] if len(args) > 2 else ""
    files = {f["path"]: f for f in truth["files"]}
    kept_of = {}
    for g in report["groups"]:
        keep = [m["path"] for m in g["members"] if m["keep"]][0]
        for m in g["members"]:
            kept_of[m["path"][len(prefix):].lstrip("/")] = (keep[len(prefix):].lstrip("/"), g)
    cats = collections.Counter()
    examples = collections.defaultdict(list)
    right = total = 0
    for g in truth["groups"]:
        best = set(g["best"])
        home = [kept_of[b] for b in g["best"] if b in kept_of]
        if not home:
            continue
        total += 1
        kept, rg = home[0]
        if kept in best:
            right += 1
            continue
        c = category(files.get(kept), files[g["best"][0]])
        cats[c] += 1
        examples[c].append((kept, g["best"][0], rg["reason"]))
    print(f"best kept {right}/{total} = {100.0 * right / max(total, 1):.1f} % (groups holding a best copy)")
    for c, n in cats.most_common():
        print(f"{n:4d}  {c}")
        for kept, best, reason in examples[c][:n_ex]:
            print(f"        kept {kept}: {describe(files.get(kept))}")
            print(f"        best {best}: {describe(files[best])}   [{reason}]")


if __name__ == "__main__":
    main()
