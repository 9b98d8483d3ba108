#!/usr/bin/python3
"""Puts a backbone embedder and a head together into one pristine embedder file: the head's TorchScript
(a `*.pemb` whose config says "kind": "head": it maps the backbone's vectors to others) applied to the
backbone's output, with the backbone's preprocessing. The head file names the backbone it was trained
on (its network's sha256); another backbone is refused.

usage: compose_embedder.py BACKBONE.pemb HEAD.pemb OUT.pemb
"""
import io
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pemb  # noqa: E402


class Composed(torch.nn.Module):
    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, x):
        return self.head(self.backbone(x))


def probe(module, config):
    """The first 32 outputs of `module` on a fixed input (a ramp over the input tensor)."""
    inp = config["input"]
    n = 3 * inp["height"] * inp["width"]
    x = torch.linspace(0, 1, n).reshape(1, 3, inp["height"], inp["width"])
    with torch.no_grad():
        return [round(float(v), 6) for v in module(x)[0][:32]]


def backbone_identity(config, archive):
    """What a head records of the backbone it was trained on."""
    return {"name": config.get("name"), "integrity": config.get("source", {}).get("integrity"),
            "probe": probe(torch.jit.load(io.BytesIO(archive)), config)}


def same_backbone(want, config, archive):
    """None when `archive` (with `config`) is the backbone `want` describes, else why not."""
    got = backbone_identity(config, archive)
    for key in ("name", "integrity"):
        if want.get(key) != got[key]:
            return f"{key} {want.get(key)!r}, this backbone has {got[key]!r}"
    worst = max(abs(a - b) for a, b in zip(want["probe"], got["probe"]))
    return None if worst <= 1e-4 else f"outputs differing by up to {worst:.3g} on the probe input"


def compose(backbone_path, head_path, out_path):
    bconf, barchive = pemb.read(backbone_path)
    hconf, harchive = pemb.read(head_path)
    if hconf.get("kind") != "head":
        raise SystemExit(f"{head_path} is not a head (its config has no \"kind\": \"head\")")
    why = same_backbone(hconf.get("backbone", {}), bconf, barchive)
    if why is not None:
        raise SystemExit(f"{head_path} was trained on another backbone than {backbone_path}: {why}")
    model = torch.jit.script(Composed(torch.jit.load(io.BytesIO(barchive)), torch.jit.load(io.BytesIO(harchive))).eval())
    config = {"name": hconf["name"], "dim": hconf["dim"], "input": bconf["input"],
              "output": {"method": "forward", "normalize": True},
              "source": {"backbone": {"name": bconf.get("name"), "source": bconf.get("source", {}),
                                      "conversion": bconf.get("conversion", {})},
                         "head": {k: v for k, v in hconf.items() if k not in ("input", "output")}}}
    pemb.write(out_path, config, pemb.save_torchscript(model))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    compose(*sys.argv[1:])
