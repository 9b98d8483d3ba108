#!/usr/bin/python3
"""Wraps the converted and verified nsfwjs MobileNetV2 (TorchScript) in a pristine embedder file
(.pemb, see pemb.py) with its config: the input preprocessing nsfwjs applies, the class labels, where
the weights come from (package, version, integrity, licence) and the verification figures of
verify_embedder.py.

usage: pack_nsfwjs_embedder.py MODEL.pt PACKAGE_DIR WORK_DIR INTEGRITY OUT.pemb
"""
import hashlib
import json
import os
import subprocess
import sys

import torch

import pemb

MODEL_FILES = ["dist/models/mobilenet_v2/model.min.js", "dist/models/mobilenet_v2/group1-shard1of1.min.js"]
TFJS_VERSION = os.environ.get("TFJS_VERSION", "4.22.0")


def package_version(name):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    model_path, package_dir, work, integrity, out = sys.argv[1:]
    with open(os.path.join(package_dir, "package.json")) as f:
        package = json.load(f)
    with open(os.path.join(package_dir, "LICENSE")) as f:
        license_text = f.read()
    copyright_line = next(l.strip() for l in license_text.splitlines() if l.strip().startswith("Copyright"))
    with open(os.path.join(work, "model.json")) as f:
        keras_version = json.load(f)["modelTopology"].get("keras_version")
    with open(os.path.join(work, "verification.json")) as f:
        ver = json.load(f)
    files = []
    for rel in MODEL_FILES:
        with open(os.path.join(package_dir, rel), "rb") as f:
            files.append({"path": rel, "sha256": hashlib.sha256(f.read()).hexdigest()})
    with open(model_path, "rb") as f:
        archive = f.read()

    config = {
        "name": "nsfwjs-mobilenet_v2",
        "dim": 1280,
        # nsfwjs 4.4.0, dist/cjs/core.js NSFWJS.infer: tf.browser.fromPixels (RGB), .toFloat().div(255),
        # then tf.image.resizeBilinear(x, [224, 224], alignCorners = true) when not already 224 x 224.
        "input": {"width": 224, "height": 224, "fit": "stretch", "filter": "bilinear", "align_corners": True,
                  "scale": 1 / 255, "mean": [0, 0, 0], "std": [1, 1, 1], "channels": "rgb"},
        "output": {"method": "forward", "normalize": False},
        "methods": {"classify": {"dim": 5, "labels": ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"]}},
        "source": {
            "package": package["name"], "version": package["version"], "integrity": integrity,
            "files": files, "license": package["license"], "copyright": copyright_line,
            "license_text": license_text,
            "homepage": package.get("homepage"),
            "architecture": f"MobileNetV2 (Keras {keras_version}, width 1.0, 224 x 224 input), fine-tuned by "
                            "nsfwjs with a head of 7 x 7 average pooling to 1280 values (flatten_1), then "
                            "Dense 256 relu, Dense 128 relu, Dense 5 softmax (dense_3); weights uint8-quantised",
            "features_layer": "flatten_1", "classify_layer": "dense_3",
            "preprocessing": "nsfwjs NSFWJS.infer: pixels / 255, tf.image.resizeBilinear to 224 x 224 with "
                             "alignCorners = true (half-pixel centres off, no antialiasing), RGB, no mean or std",
        },
        "conversion": {
            "tool": "scripts/fetch-default-embedder.sh",
            "torch": torch.__version__,
            "torch_package": package_version("python3-torch"),
            "method": "Keras layer list rebuilt in PyTorch, traced (torch.jit.trace_module: forward, classify); "
                      "weights dequantised as q * scale + min; BatchNormalization folded into the convolutions",
            "reference": f"@tensorflow/tfjs {TFJS_VERSION} (cpu backend): tf.loadLayersModel of the package's model, "
                         "and nsfwjs's own load() and infer()",
            "verified_inputs": len(ver["inputs"]),
            "verified_input_names": ver["inputs"],
            "max_abs_diff_features": ver["features_vs_tfjs"]["max_abs_diff"],
            "max_abs_diff_features_over_scale": ver["features_vs_tfjs"]["max_abs_diff_over_scale"],
            "max_abs_diff_probabilities": ver["probabilities_vs_tfjs"]["max_abs_diff"],
            "max_abs_diff_features_vs_nsfwjs_pipeline": ver["features_vs_nsfwjs"]["max_abs_diff"],
            "max_abs_diff_probabilities_vs_nsfwjs_pipeline": ver["probabilities_vs_nsfwjs"]["max_abs_diff"],
            "max_abs_diff_preprocessing_port": ver["tfjs_vs_nsfwjs_features_max_abs_diff"],
            "tolerances": ver["tolerances"],
        },
    }
    pemb.write(out, config, archive)
    if pemb.read(out)[1] != archive:
        sys.exit(f"{out}: the archive read back differs from {model_path}")


if __name__ == "__main__":
    main()
