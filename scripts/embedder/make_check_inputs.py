#!/usr/bin/python3
"""Writes the inputs on which the converted embedder is checked against the original tfjs model, so
that both frameworks get the very same float32 tensors:

  OUT_DIR/inputs.f32    N x 224 x 224 x 3 float32 (channels last, as tfjs takes them)
  OUT_DIR/inputs.json   one record per input: name, and for pictures "pixels" (a file of the decoded
                        H x W x 3 uint8 RGB) with its height and width
  OUT_DIR/pixels-I.u8   those decoded pictures, for running nsfwjs's own classify path on them

Each picture is preprocessed as nsfwjs 4.4.0 does (dist/cjs/core.js, NSFWJS.infer): pixels / 255 in
float32, then tf.image.resizeBilinear(x, [224, 224], alignCorners = true) unless already 224 x 224;
the resize is a port of tfjs-backend-cpu's kernel (double arithmetic, float32 result). After the
pictures, one input of uniform noise in [0, 1) (numpy seed 1).

usage: make_check_inputs.py OUT_DIR IMAGE...
"""
import json
import os
import sys

import numpy as np
from PIL import Image

SIZE = 224


def resize_bilinear_align_corners(x, new_h, new_w):
    """tfjs's CPU resizeBilinear with alignCorners = true, halfPixelCenters = false, of an H x W x C
    float32 array."""
    h, w, _ = x.shape
    if (h, w) == (new_h, new_w):
        return x

    def axis(old, new):
        ratio = (old - 1) / (new - 1) if new > 1 else old / new
        src = ratio * np.arange(new, dtype=np.float64)
        lo = np.maximum(0, np.floor(src)).astype(np.int64)
        hi = np.minimum(old - 1, np.ceil(src)).astype(np.int64)
        return lo, hi, src - lo

    r0, r1, rf = axis(h, new_h)
    c0, c1, cf = axis(w, new_w)
    v = x.astype(np.float64)
    cf = cf[None, :, None]
    top = v[r0][:, c0] + (v[r0][:, c1] - v[r0][:, c0]) * cf
    bottom = v[r1][:, c0] + (v[r1][:, c1] - v[r1][:, c0]) * cf
    return (top + (bottom - top) * rf[:, None, None]).astype(np.float32)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_dir, images = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    tensors, records = [], []
    for i, path in enumerate(images):
        pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)
        name = f"pixels-{i}.u8"
        pixels.tofile(os.path.join(out_dir, name))
        x = pixels.astype(np.float32) / np.float32(255)
        tensors.append(resize_bilinear_align_corners(x, SIZE, SIZE))
        records.append({"name": os.path.basename(path), "pixels": name,
                        "height": pixels.shape[0], "width": pixels.shape[1]})
    tensors.append(np.random.default_rng(1).random((SIZE, SIZE, 3), dtype=np.float32))
    records.append({"name": "uniform noise in [0, 1), numpy seed 1"})
    np.stack(tensors).astype("<f4").tofile(os.path.join(out_dir, "inputs.f32"))
    with open(os.path.join(out_dir, "inputs.json"), "w") as f:
        json.dump({"shape": [len(tensors), SIZE, SIZE, 3], "inputs": records}, f, indent=1)
    print(f"{len(tensors)} check inputs in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
