#!/usr/bin/python3
"""Checks a converted embedder (TorchScript file) against the outputs of the original model that
run_tfjs_reference.js wrote into WORK_DIR, on the inputs of make_check_inputs.py; prints the figures,
writes them to WORK_DIR/verification.json and exits 1 when a tolerance is passed:

  features       forward() vs tfjs's flatten_1 on the same tensors: max |diff| <= FEATURE_TOL x the
                 largest |feature| (the feature scale)
  probabilities  classify() vs tfjs's dense_3: max |diff| <= PROB_TOL
  nsfwjs         the same two, against nsfwjs's own infer() on the decoded pictures (its resize and
                 scaling, its weight loading), for the inputs that have pictures
and, for information, how far tfjs on our preprocessed tensors is from nsfwjs on the pictures (0 when
make_check_inputs.py's port of nsfwjs's preprocessing is exact).

usage: verify_embedder.py MODEL.pt WORK_DIR
"""
import json
import os
import sys

import numpy as np
import torch

FEATURE_TOL = 1e-4
PROB_TOL = 1e-4


def read(work, name, n, dim):
    return np.fromfile(os.path.join(work, name), "<f4").reshape(n, dim)


def compare(ours, ref, scale_tol=None, abs_tol=None):
    diff = np.abs(ours.astype(np.float64) - ref)
    scale = float(np.abs(ref).max())
    significant = np.abs(ref) >= 1e-3 * scale   # elementwise relative error of the non-tiny values
    fig = {"max_abs_diff": float(diff.max()), "scale": scale,
           "max_abs_diff_over_scale": float(diff.max() / scale),
           "max_rel_diff_elementwise": float((diff[significant] / np.abs(ref[significant])).max())}
    fig["ok"] = bool(fig["max_abs_diff_over_scale"] <= scale_tol if scale_tol is not None
                     else fig["max_abs_diff"] <= abs_tol)
    return fig


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model_path, work = sys.argv[1:]
    with open(os.path.join(work, "inputs.json")) as f:
        spec = json.load(f)
    n = spec["shape"][0]
    x = np.fromfile(os.path.join(work, "inputs.f32"), "<f4").reshape(spec["shape"])
    module = torch.jit.load(model_path, map_location="cpu")
    with torch.no_grad():
        t = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()   # NHWC -> NCHW
        feats, probs = module(t).numpy(), module.classify(t).numpy()
    dim, classes = feats.shape[1], probs.shape[1]
    pictures = [i for i, r in enumerate(spec["inputs"]) if r.get("pixels")]
    figures = {
        "inputs": [r["name"] for r in spec["inputs"]],
        "features_vs_tfjs": compare(feats, read(work, "tfjs-features.f32", n, dim), scale_tol=FEATURE_TOL),
        "probabilities_vs_tfjs": compare(probs, read(work, "tfjs-probabilities.f32", n, classes), abs_tol=PROB_TOL),
        "features_vs_nsfwjs": compare(feats[pictures], read(work, "nsfwjs-features.f32", len(pictures), dim),
                                      scale_tol=FEATURE_TOL),
        "probabilities_vs_nsfwjs": compare(probs[pictures],
                                           read(work, "nsfwjs-probabilities.f32", len(pictures), classes),
                                           abs_tol=PROB_TOL),
        # The same network on our port of nsfwjs's preprocessing and on nsfwjs's own: 0 when the port is exact.
        "tfjs_vs_nsfwjs_features_max_abs_diff": float(np.abs(
            read(work, "tfjs-features.f32", n, dim)[pictures] - read(work, "nsfwjs-features.f32", len(pictures), dim)).max()),
        "tolerances": {"features_max_abs_diff_over_scale": FEATURE_TOL, "probabilities_max_abs_diff": PROB_TOL},
        "torch_probabilities": probs.tolist(),
    }
    with open(os.path.join(work, "verification.json"), "w") as f:
        json.dump(figures, f, indent=1)
    ok = True
    for k, fig in figures.items():
        if isinstance(fig, dict) and "ok" in fig:
            print(f"{k:24s} max |diff| {fig['max_abs_diff']:.3g} (scale {fig['scale']:.3g}, "
                  f"{fig['max_abs_diff_over_scale']:.3g} of it; elementwise relative {fig['max_rel_diff_elementwise']:.3g})"
                  f"{'' if fig['ok'] else '  ** over tolerance'}")
            ok &= fig["ok"]
    print(f"tfjs on these inputs vs nsfwjs on the pictures: max |diff| {figures['tfjs_vs_nsfwjs_features_max_abs_diff']:.3g}")
    print(f"{n} inputs ({len(pictures)} pictures): {'verified' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
