"""`pristine pair-features`: the training table of the pair model, with the pixel comparison of every
two copies (docs/dedupe.md, Ranking)."""
import subprocess
from pathlib import Path

import numpy as np

import pristine
from conftest import requires_models

pytestmark = requires_models

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_pixel_features_point_from_the_original(cli, tmp_path):
    img = pristine.load(SAMPLES / "astronaut.png")
    orig, crop, small = tmp_path / "orig.png", tmp_path / "crop.png", tmp_path / "small.png"
    orig.write_bytes(pristine.encode(img, "png"))
    crop.write_bytes(pristine.encode(np.ascontiguousarray(img[40:-40, 30:-30]), "png"))
    small.write_bytes(pristine.encode(np.ascontiguousarray(img[::2, ::2]), "png"))
    groups = tmp_path / "groups.tsv"
    groups.write_text("".join(f"0\tnan\t{p}\n" for p in (orig, crop, small)))
    r = subprocess.run([cli, "pair-features", "--groups", str(groups)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    header, *rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert header[-4:] == ["explains_other", "jpeg_explains_other", "shows_more", "carried_quantisation"]
    at = {(row[1], row[2]): dict(zip(header[4:], map(float, row[4:]))) for row in rows}
    assert at[(str(orig), str(crop))]["shows_more"] > 0.1        # the crop lies inside the original
    assert at[(str(orig), str(small))]["explains_other"] > 0.3    # the original predicts its half size
    assert at[(str(orig), str(small))]["jpeg_explains_other"] == 0  # no JPEG: no coefficients
    assert at[(str(orig), str(small))]["carried_quantisation"] == 0


def test_a_jpeg_saved_again_carries_its_parents_quantisation(cli, tmp_path):
    img = pristine.load(SAMPLES / "chelsea.png")
    coarse, finer = tmp_path / "q70.jpg", tmp_path / "q95.jpg"
    coarse.write_bytes(pristine.encode(img, "jpeg", quality=70))
    finer.write_bytes(pristine.encode(pristine.load(coarse), "jpeg", quality=95))
    groups = tmp_path / "groups.tsv"
    groups.write_text(f"0\tnan\t{coarse}\n0\tnan\t{finer}\n")
    r = subprocess.run([cli, "pair-features", "--groups", str(groups)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    header, row = [line.split("\t") for line in r.stdout.splitlines()]
    features = dict(zip(header[4:], map(float, row[4:])))
    assert (row[1], row[2]) == (str(coarse), str(finer))
    assert features["carried_quantisation"] > 0.5  # the q95 copy still carries the q70 steps
    assert features["jpeg_loss"] > 0  # while its quality alone says the opposite
