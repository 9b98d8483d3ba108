#!/usr/bin/python3
"""Puts a backbone embedder and a head together into one pristine embedder file: the head's TorchScript
(a `*.pemb` whose config says "kind": "head": it maps the backbone's vectors to others) applied to the
backbone's output, with the backbone's preprocessing. The head file names the backbone it was trained
on (its network's sha256); another backbone is refused.

usage: compose_embedder.py BACKBONE.pemb HEAD.pemb OUT.pemb
"""
import hashlib
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


def backbone_digest(archive):
    return hashlib.sha256(archive).hexdigest()


def compose(backbone_path, head_path, out_path):
    bconf, barchive = pemb.read(backbone_path)
    hconf, harchive = pemb.read(head_path)
    if hconf.get("kind") != "head":
        raise SystemExit(f"{head_path} is not a head (its config has no \"kind\": \"head\")")
    want = hconf.get("backbone", {}).get("network_sha256")
    if want != backbone_digest(barchive):
        raise SystemExit(f"{head_path} was trained on another backbone (network sha256 {want}, "
                         f"{backbone_path} has {backbone_digest(barchive)})")
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
