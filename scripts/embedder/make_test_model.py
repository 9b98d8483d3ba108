#!/usr/bin/python3
"""Writes a tiny embedder for the loader's tests: two 3x3 stride-2 convolutions (3 -> 8 -> 16
channels, relu) and a global mean over the 8 x 8 map (forward: N x 3 x 32 x 32 -> N x 16), with
classify = softmax of a 16 -> 3 linear layer on those features (N x 3). Weights are uniform in
+-1/sqrt(fan_in) from torch.Generator seed 20240; the module is torch.jit.script-ed.

  OUT.pemb           the pristine embedder container (pemb.py)
  OUT.pt             the same TorchScript archive, bare
  OUT-expected.json  forward and classify of the archive on fixed inputs (described in the file)

usage: make_test_model.py OUT.pemb
"""
import io
import json
import os
import sys

import torch
import torch.nn.functional as F

import pemb

SIZE = 32
SEED = 20240
INPUT = {"width": SIZE, "height": SIZE, "fit": "stretch", "filter": "bilinear", "align_corners": False,
         "scale": 1 / 255, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "channels": "rgb"}


class Tiny(torch.nn.Module):
    # Plain parameters and functional ops rather than nn.Conv2d: scripting nn.Conv2d saves its
    # constants in set order, which changes from run to run (string hashing), and so would the file.
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(SEED)

        def uniform(shape, fan_in):
            return torch.nn.Parameter((torch.rand(shape, generator=g) * 2 - 1) / fan_in ** 0.5, requires_grad=False)
        self.conv1_weight, self.conv1_bias = uniform((8, 3, 3, 3), 27), uniform((8,), 27)
        self.conv2_weight, self.conv2_bias = uniform((16, 8, 3, 3), 72), uniform((16,), 72)
        self.head_weight, self.head_bias = uniform((3, 16), 16), uniform((3,), 16)

    def forward(self, x):
        x = torch.relu(F.conv2d(x, self.conv1_weight, self.conv1_bias, stride=2, padding=1))
        x = torch.relu(F.conv2d(x, self.conv2_weight, self.conv2_bias, stride=2, padding=1))
        return x.mean(dim=(2, 3))

    @torch.jit.export
    def classify(self, x):
        return torch.softmax(F.linear(self.forward(x), self.head_weight, self.head_bias), dim=1)


def make_module():
    return torch.jit.script(Tiny().eval())


def cases():
    """(name, exact description, input tensor 1 x 3 x 32 x 32) of each expected case."""
    c, y, x = torch.meshgrid(torch.arange(3), torch.arange(SIZE), torch.arange(SIZE), indexing="ij")
    ramp = ((1024 * c + 32 * y + x).float() / 3071).unsqueeze(0)
    rgb = torch.stack([8 * x[0], 8 * y[0], 255 - 4 * (x[0] + y[0])])        # 8-bit values
    mean, std = torch.tensor(INPUT["mean"]).view(3, 1, 1), torch.tensor(INPUT["std"]).view(3, 1, 1)
    preprocessed = ((rgb.float() * INPUT["scale"] - mean) / std).unsqueeze(0)
    return [
        ("constant", "tensor input: every value 0.5", torch.full((1, 3, SIZE, SIZE), 0.5)),
        ("ramp", "tensor input: x[0][c][y][x] = (1024 c + 32 y + x) / 3071, i.e. the NCHW flat index "
                 "over 3071 (0 at c=y=x=0, 1 at c=2, y=x=31)", ramp),
        ("pixels", "a 32 x 32 RGB 8-bit picture, pixel at column x, row y = (8 x, 8 y, 255 - 4 (x + y)), "
                   "preprocessed by the config (stretch to 32 x 32 is the identity; then value * scale, "
                   "minus mean, over std, per channel, float32)", preprocessed),
    ]


def main():
    if len(sys.argv) != 2 or not sys.argv[1].endswith(".pemb"):
        sys.exit(__doc__)
    out = sys.argv[1]
    stem = out[:-len(".pemb")]
    archive = pemb.save_torchscript(make_module())
    module = torch.jit.load(io.BytesIO(archive))   # the expected figures come from the archive itself
    config = {
        "name": "pristine-tiny-test", "dim": 16, "input": INPUT,
        "output": {"method": "forward", "normalize": False},
        "methods": {"classify": {"dim": 3, "labels": ["first", "second", "third"]}},
        "source": {"generator": "scripts/embedder/make_test_model.py", "seed": SEED,
                   "architecture": "conv 3x3/2 3->8 relu, conv 3x3/2 8->16 relu, mean over 8 x 8; "
                                   "classify: linear 16->3, softmax", "license": "same as pristine"},
        "conversion": {"tool": "scripts/embedder/make_test_model.py", "torch": torch.__version__},
    }
    pemb.write(out, config, archive)
    with open(stem + ".pt", "wb") as f:
        f.write(archive)
    base = os.path.basename(stem)
    expected = {"model": f"{base}.pemb and {base}.pt (the same TorchScript archive)",
                "made_by": "scripts/embedder/make_test_model.py", "torch": torch.__version__,
                "tolerance": 1e-5, "cases": []}
    with torch.no_grad():
        for name, desc, x in cases():
            expected["cases"].append({"name": name, "input": desc, "forward": module(x)[0].tolist(),
                                      "classify": module.classify(x)[0].tolist()})
    with open(stem + "-expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"{out}: {len(pemb.pack(config, archive))} bytes; {stem}.pt, {stem}-expected.json", file=sys.stderr)


if __name__ == "__main__":
    main()
