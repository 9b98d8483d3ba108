#!/usr/bin/python3
"""Makes a labelled set of JPEG re-saves for fitting the pair models beside the development
collection: a JPEG saved again at a higher quality from an earlier, coarser JPEG (an editor's default
q95 on a downloaded q75 file: a bigger, worse copy) and, as its mirror, a fine JPEG saved again
coarser. The development collection holds few such pairs on one block grid, so the models could not
learn what `carried_quantisation` (docs/dedupe.md) tells of them.

Per source picture, an original (PNG, long side 600-1200, never in the set) and two groups without
it: {lo: JPEG q55-90 of it, hi: lo saved at q(lo+5)-100} (best: lo) and {hi2: JPEG q85-100 of it,
lo2: hi2 saved at q55-(hi2-5)} (best: hi2). Copies by `pristine degrade`; the scorer's held-out
validation pictures are left out (they make the evaluation sets). Writes DIR/truth.json (the format of
`pristine eval-dedupe build`'s, the fields train_rank_pairs.py reads) and DIR/groups.tsv (for
`pristine pair-features --groups`, with each file's score).

usage: make_resave_set.py DIR [--pictures 60] [--seed 7]   (from the repository root, after a build;
       needs the picture packages of scripts/install-eval-data.sh)
"""
import argparse
import json
import os
import random
import subprocess
import sys

CLI = os.environ.get("PRISTINE", "build/bin/pristine")
SOURCES = ["/usr/share/backgrounds", "/usr/share/wallpapers"]


def run_json(*args):
    out = subprocess.run([CLI, *args], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def held_out():
    sys.path.insert(0, "build/python")
    import pristine  # noqa: E402 (the build's module)
    return {os.path.realpath(f) for f in pristine.Scorer(pristine.default_model_path()).model_info["training"]["validation_files"]}


def pictures(count, rng):
    skip = held_out()
    found = []
    for root in SOURCES:
        for d, _, names in os.walk(root, followlinks=True):
            for n in names:
                p = os.path.join(d, n)
                if n.lower().endswith((".jpg", ".jpeg", ".png")) and os.path.realpath(p) not in skip and os.path.getsize(p) > 200_000:
                    found.append(p)
    found.sort()
    rng.shuffle(found)
    return found[:count]


def degrade(src, steps, dest):
    tmp = dest + ".d"
    made = run_json("degrade", "--steps", steps, src, tmp)[0]["path"]
    os.replace(made, dest)
    os.rmdir(tmp)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--pictures", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.dir, exist_ok=True)
    files, groups = [], []
    sub = lambda: rng.choice(["420", "420", "444"])  # noqa: E731
    for i, src in enumerate(pictures(a.pictures, rng)):
        info = run_json("info", src)[0]
        side = max(info["display_width"], info["display_height"])
        scale = min(1.0, rng.uniform(600, 1200) / side)
        d = os.path.join(a.dir, f"p{i:03d}")
        os.makedirs(d, exist_ok=True)
        orig = os.path.join(d, "orig.png")
        degrade(src, f"resize:{scale:.4f}:area,png:6", orig)
        qlo = rng.randint(55, 90)
        qhi = rng.randint(qlo + 5, 100)
        q2hi = rng.randint(85, 100)
        q2lo = rng.randint(55, q2hi - 5)
        made = [("lo.jpg", orig, f"jpeg:{qlo}:{sub()}", 1), ("hi.jpg", "lo.jpg", f"jpeg:{qhi}:{sub()}", 2),
                ("hi2.jpg", orig, f"jpeg:{q2hi}:{sub()}", 1), ("lo2.jpg", "hi2.jpg", f"jpeg:{q2lo}:{sub()}", 2)]
        for name, parent, steps, generations in made:
            degrade(parent if parent == orig else os.path.join(d, parent), steps, os.path.join(d, name))
            files.append({"path": f"p{i:03d}/{name}", "picture": i, "role": "copy", "lossy_generations": generations,
                          "pixels_kept": 1.0, "severity": 0.0, "parent": f"p{i:03d}/{parent}" if parent != orig else None,
                          "steps": steps})
        os.remove(orig)  # the original is never in the set: each group's best copy is a JPEG
        groups.append({"best": [f"p{i:03d}/lo.jpg"], "members": [f"p{i:03d}/lo.jpg", f"p{i:03d}/hi.jpg"]})
        groups.append({"best": [f"p{i:03d}/hi2.jpg"], "members": [f"p{i:03d}/hi2.jpg", f"p{i:03d}/lo2.jpg"]})
    with open(os.path.join(a.dir, "truth.json"), "w") as f:
        json.dump({"files": files, "groups": groups, "made": f"scripts/make_resave_set.py --pictures {a.pictures} --seed {a.seed}"}, f, indent=1)
    paths = [os.path.abspath(os.path.join(a.dir, f["path"])) for f in files]
    scores = {os.path.abspath(r["path"]): r["score"] for r in run_json("score", *paths)}
    with open(os.path.join(a.dir, "groups.tsv"), "w") as f:
        for gi, g in enumerate(groups):
            for m in g["members"]:
                p = os.path.abspath(os.path.join(a.dir, m))
                f.write(f"{gi}\t{scores[p]}\t{p}\n")
    print(f"{len(groups)} groups, {len(files)} files in {a.dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
