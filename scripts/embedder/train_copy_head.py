#!/usr/bin/python3
"""Trains pristine's copy-detection head on the default embedder: a linear projection of the frozen
MobileNetV2 features (1280-d) to DIM dimensions, learnt contrastively (InfoNCE) so that copies of one
picture — cropped, turned, mirrored, re-compressed, blurred, captioned, stamped, screenshotted — lie close
and different pictures far. The copies are made here with Pillow, not with pristine's own degradation
code, so the hash evaluation (which uses pristine's distortion set) measures generalisation to copies
made another way, on pictures the head never saw.

The pictures of FOLDER are split by a hash of their file names: the "train" half trains the head, the
"held-out" half is linked into OUT/heldout for `pristine eval-hashes`. Writes OUT/copy-head.pemb (the
backbone and the head as one TorchScript network, L2-normalised output) and OUT/train-record.json.

With --synth N, N synthetic pictures (`pristine synth`: shapes, clip art, comics, gradients, text
pages, UI screenshots, memes cut from the train half) train too; so do the pictures of --extra folders.

usage: train_copy_head.py FOLDER OUT [--synth N] [--extra FOLDER...] [--backbone MODEL.pemb] [--dim 256]
                          [--copies 20] [--epochs 150] [--batch 64] [--seed 1]
"""
import argparse
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import time

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compose_embedder  # noqa: E402
import pemb  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
WORDS = ["WHEN", "THE", "COPY", "IS", "BETTER", "THAN", "ME", "MONDAY", "AGAIN", "NOBODY", "LITERALLY", "EVERY", "TIME"]


def held_out(name):
    """Half of the pictures, by a hash of the name (stable across machines)."""
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def load(path, max_side=640):
    img = Image.open(path)
    img = ImageOps.exif_transpose(img).convert("RGB")
    img.thumbnail((max_side, max_side), Image.LANCZOS)
    return img


def caption(img, rng):
    out = img.copy()
    d = ImageDraw.Draw(out)
    size = max(10, int(out.height * rng.uniform(0.07, 0.13)))
    font = ImageFont.truetype(FONT, size)
    for y in ([0.02, 0.85] if rng.random() < 0.6 else [rng.choice([0.02, 0.85])]):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4)))
        w = d.textlength(text, font=font)
        x = max(0, (out.width - w) / 2)
        d.text((x, y * out.height), text, font=font, fill="white", stroke_width=max(1, size // 12), stroke_fill="black")
    return out


def stamp(img, rng):
    out = img.copy().convert("RGBA")
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    r = int(min(out.size) * rng.uniform(0.06, 0.14))
    cx = rng.choice([r + 4, out.width - r - 4])
    cy = rng.choice([r + 4, out.height - r - 4])
    colour = tuple(rng.randint(0, 255) for _ in range(3))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour + (rng.randint(90, 220),))
    font = ImageFont.truetype(FONT, max(8, r // 2))
    d.text((cx - r // 2, cy - r // 4), "@tv", font=font, fill=(255, 255, 255, 230))
    return Image.alpha_composite(out, layer).convert("RGB")


def screenshot(img, rng):
    scale = rng.uniform(0.75, 0.95)
    w, h = int(img.width * scale), int(img.height * scale)
    shown = img.resize((max(1, w), max(1, h)), Image.BILINEAR)
    top, bottom = int(img.height * rng.uniform(0.04, 0.1)), int(img.height * rng.uniform(0.08, 0.2))
    bg = (255, 255, 255) if rng.random() < 0.6 else (18, 18, 22)
    page = Image.new("RGB", (img.width, top + h + bottom), bg)
    page.paste(Image.new("RGB", (img.width, top), (40, 40, 44)), (0, 0))
    page.paste(shown, ((img.width - w) // 2, top))
    return page


def jpeg(img, q):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def random_copy(img, rng):
    """One copy: a chain of one to three changes seen in the wild."""
    out = img
    if rng.random() < 0.25:  # turned or mirrored besides the rest: archives hold many
        out = out.transpose(rng.choice([Image.ROTATE_90, Image.ROTATE_180, Image.ROTATE_270, Image.TRANSPOSE,
                                        Image.TRANSVERSE, Image.FLIP_LEFT_RIGHT, Image.FLIP_TOP_BOTTOM]))
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(["crop", "crop", "crop", "turn", "flip", "jpeg", "jpeg", "blur", "noise", "colour", "caption",
                         "stamp", "screenshot", "resize", "rotate_small", "gif"])
        if op == "crop":
            keep = rng.uniform(0.55, 0.95)
            w, h = int(out.width * rng.uniform(keep, 1.0)), int(out.height * rng.uniform(keep, 1.0))
            x, y = rng.randint(0, out.width - w), rng.randint(0, out.height - h)
            out = out.crop((x, y, x + w, y + h))
        elif op == "turn":
            out = out.transpose(rng.choice([Image.ROTATE_90, Image.ROTATE_180, Image.ROTATE_270, Image.TRANSPOSE]))
        elif op == "flip":
            out = out.transpose(rng.choice([Image.FLIP_LEFT_RIGHT, Image.FLIP_TOP_BOTTOM]))
        elif op == "jpeg":
            out = jpeg(out, rng.randint(10, 90))
        elif op == "blur":
            out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.8, 3.5)))
        elif op == "noise":
            a = np.asarray(out).astype(np.float32)
            a += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(4, 16), a.shape)
            out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        elif op == "colour":
            a = np.asarray(out).astype(np.float32) * rng.uniform(0.6, 1.4) + rng.uniform(-30, 30)
            if rng.random() < 0.3:
                a = np.asarray(ImageOps.equalize(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))).astype(np.float32)
            out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        elif op == "caption":
            out = caption(out, rng)
        elif op == "stamp":
            out = stamp(out, rng)
        elif op == "screenshot":
            out = screenshot(out, rng)
        elif op == "resize":
            f = rng.uniform(0.2, 0.8) if rng.random() < 0.7 else rng.uniform(1.2, 2.0)
            small = out.resize((max(8, int(out.width * f)), max(8, int(out.height * f))), Image.BILINEAR)
            out = small.resize(out.size, Image.BICUBIC) if rng.random() < 0.4 else small
        elif op == "rotate_small":
            out = out.rotate(rng.uniform(-12, 12), resample=Image.BILINEAR, expand=False)
        elif op == "gif":
            out = out.quantize(colors=rng.choice([16, 32, 64, 128]), dither=Image.FLOYDSTEINBERG).convert("RGB")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder")
    ap.add_argument("out")
    ap.add_argument("--extra", nargs="*", default=[], help="folders of pictures that only train")
    ap.add_argument("--synth", type=int, default=0, help="synthetic pictures made for training")
    ap.add_argument("--cli", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "bin", "pristine"))
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--backbone", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models",
                                                       "embedder-mobilenet_v2.pemb"),
                    help="default: the converted nsfwjs MobileNetV2 (scripts/fetch-default-embedder.sh)")
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--epochs", type=int, default=150)
    ap.add_argument("--temperature", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import pristine

    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    names = sorted(os.listdir(args.folder))
    train, test = [n for n in names if not held_out(n)], [n for n in names if held_out(n)]
    for half, part in (("heldout", test), ("train", train)):
        os.makedirs(os.path.join(args.out, half), exist_ok=True)
        for n in part:
            link = os.path.join(args.out, half, n)
            if not os.path.lexists(link):
                os.symlink(os.path.abspath(os.path.join(args.folder, n)), link)
    train = [os.path.join(args.folder, n) for n in train]
    if args.synth > 0:
        synth = os.path.join(args.out, "synth")
        if not os.path.isdir(synth) or len(os.listdir(synth)) != args.synth:
            subprocess.run([args.cli, "synth", synth, "--count", str(args.synth), "--seed", str(args.seed + 76),
                            "--font", FONT, "--photos", os.path.join(args.out, "train")],
                           check=True, stdout=subprocess.DEVNULL)
        args.extra = [synth] + args.extra
    for folder in args.extra:
        train += [os.path.join(folder, n) for n in sorted(os.listdir(folder))]

    backbone = pristine.Embedder(os.path.normpath(args.backbone), threads=0)
    t0 = time.time()
    pictures, groups = [], []
    # The backbone's vectors of every view are kept (OUT/views.npz), so that the head can be trained
    # again with other settings without embedding again: the same seed makes the same views.
    cache = os.path.join(args.out, "views.npz")
    key = f"{args.seed}:{args.copies}:{len(train)}:{backbone.model_path}"
    if os.path.exists(cache):
        z = np.load(cache, allow_pickle=False)
        if str(z["key"]) == key:
            pictures, groups = list(z["pictures"]), list(z["features"])
            train = []
    for n in train:
        try:
            img = load(n)
        except Exception as e:  # noqa: BLE001 (a file Pillow cannot read is left out, as the evaluation does)
            print(f"skipped {n}: {e}", file=sys.stderr)
            continue
        if np.asarray(img.convert("L")).std() < 2:
            continue
        views = [img] + [random_copy(img, rng) for _ in range(args.copies)]
        pictures.append(os.path.basename(n))
        groups.append(backbone.embed([np.asarray(v) for v in views], threads=0))
        print(f"\rembedded {len(pictures)}/{len(train)} pictures", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if train:
        np.savez(cache, key=np.array(key), pictures=np.array(pictures), features=np.stack(groups))
    feats = torch.tensor(np.stack(groups))  # P x (copies + 1) x D
    embed_seconds = time.time() - t0
    P, V, D = feats.shape
    mean = feats.reshape(-1, D).mean(0)
    std = feats.reshape(-1, D).std(0) + 1e-3

    head = torch.nn.Linear(D, args.dim)
    opt = torch.optim.Adam(head.parameters(), lr=1e-3, weight_decay=1e-4)
    history = []
    for epoch in range(args.epochs):
        perm = torch.randperm(P)
        total = 0.0
        for start in range(0, P, args.batch):
            idx = perm[start:start + args.batch]
            a = torch.randint(0, V, (len(idx),))
            b = (a + torch.randint(1, V, (len(idx),))) % V
            za = torch.nn.functional.normalize(head((feats[idx, a] - mean) / std), dim=1)
            zb = torch.nn.functional.normalize(head((feats[idx, b] - mean) / std), dim=1)
            logits = za @ zb.T / args.temperature
            target = torch.arange(len(idx))
            loss = (torch.nn.functional.cross_entropy(logits, target) + torch.nn.functional.cross_entropy(logits.T, target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        history.append(total / P)
        if epoch % 10 == 0 or epoch == args.epochs - 1:
            print(f"epoch {epoch}: loss {history[-1]:.4f}", file=sys.stderr)

    # The head alone (standardisation and projection; the composed network L2-normalises), then the
    # backbone and the head as one embedder file.
    class CopyHead(torch.nn.Module):
        def __init__(self, mean, std, weight, bias):
            super().__init__()
            self.register_buffer("mean", mean)
            self.register_buffer("std", std)
            self.proj = torch.nn.Linear(weight.shape[1], weight.shape[0])
            with torch.no_grad():
                self.proj.weight.copy_(weight)
                self.proj.bias.copy_(bias)

        def forward(self, x):
            return self.proj((x - self.mean) / self.std)

    bconfig, barchive = pemb.read(backbone.model_path)
    model = torch.jit.script(CopyHead(mean, std, head.weight.detach(), head.bias.detach()).eval())
    record = {"script": "scripts/embedder/train_copy_head.py", "seed": args.seed, "dim": args.dim,
              "copies_per_picture": args.copies, "epochs": args.epochs, "batch": args.batch,
              "temperature": args.temperature, "synth": args.synth, "extra_folders": len(args.extra), "train_pictures": pictures,
              "heldout_pictures": test, "loss": [round(x, 5) for x in history], "embed_seconds": round(embed_seconds, 1)}
    head_path = os.path.join(args.out, f"copy-head-{args.dim}.pemb")
    cfg = {"kind": "head", "name": f"pristine-copy-head-{args.dim}", "input_dim": D, "dim": args.dim,
           "backbone": compose_embedder.backbone_identity(bconfig, barchive),
           "method": "linear projection of the standardised backbone vector, trained with InfoNCE on copies "
                     "made by Pillow (crops, turns, mirrors, JPEG, blur, noise, colour, captions, stamps, "
                     "screenshots, resizing, small rotations, palettes)",
           "training": record}
    pemb.write(head_path, cfg, pemb.save_torchscript(model))
    compose_embedder.compose(backbone.model_path, head_path, os.path.join(args.out, "copy-head.pemb"))
    with open(os.path.join(args.out, "train-record.json"), "w") as f:
        json.dump(record, f, indent=1)
    print(f"wrote {os.path.join(args.out, 'copy-head.pemb')} ({P} pictures, {V} views each)", file=sys.stderr)


if __name__ == "__main__":
    main()
