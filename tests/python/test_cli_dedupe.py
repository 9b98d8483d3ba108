"""`pristine dedupe`: groups, the kept copy, the report's shape, bad files, HTML, references."""
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

import pristine
from conftest import requires_models

pytestmark = requires_models

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def picture(seed, height=240, width=320):
    """A distinct picture: a random coarse colour layout, smoothed, over a gradient, with fine noise."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 256, size=(6, 8, 3)).astype(np.float64)
    img = np.kron(coarse, np.ones((height // 6 + 1, width // 8 + 1, 1)))[:height, :width]
    y, x = np.mgrid[0:height, 0:width]
    img += (x[..., None] * 40.0 / width) + rng.normal(0, 4, size=img.shape)
    k = np.ones(9) / 9  # soften the block edges a little, as a photo would have them
    img = np.apply_along_axis(lambda r: np.convolve(r, k, mode="same"), 1, img)
    return np.ascontiguousarray(np.clip(img, 0, 255).astype(np.uint8))


@pytest.fixture
def collection(tmp_path):
    """3 photos x (PNG original, half-size JPEG q70, 90-degree turn as PNG), 3 distinct pictures,
    a text file named .jpg and a truncated JPEG, in nested folders."""
    root = tmp_path / "photos"
    (root / "a" / "b").mkdir(parents=True)
    (root / "c").mkdir()
    groups = []
    for p, name in enumerate(["astronaut", "chelsea", "coffee"]):
        img = pristine.load(SAMPLES / f"{name}.png")
        orig, small, turned = root / f"orig{p}.png", root / "a" / f"small{p}.jpg", root / "a" / "b" / f"turn{p}.png"
        orig.write_bytes(pristine.encode(img, "png"))
        small.write_bytes(pristine.encode(np.ascontiguousarray(img[::2, ::2]), "jpeg", quality=70))
        turned.write_bytes(pristine.encode(np.ascontiguousarray(np.rot90(img)), "png"))
        groups.append({str(orig), str(small), str(turned)})
    for d in range(3):
        (root / "c" / f"distinct{d}.png").write_bytes(pristine.encode(picture(100 + d), "png"))
    (root / "c" / "notes.jpg").write_bytes(b"this is not a picture\n")
    whole = pristine.encode(picture(7), "jpeg", quality=90)
    (root / "c" / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    return root, groups


def dedupe(cli, *args):
    return subprocess.run([cli, "dedupe", *map(str, args)], capture_output=True, text=True, timeout=300)


def test_groups_kept_copy_and_report_shape(cli, collection, tmp_path):
    root, groups = collection
    out = tmp_path / "report.json"
    r = dedupe(cli, root, "--out", out)
    assert r.returncode == 1, r.stderr  # two files could not be read; the rest was grouped
    report = json.loads(out.read_text())
    assert report["version"] == 1
    assert report["files"] == 14
    assert {e["path"] for e in report["errors"]} == {str(root / "c" / "notes.jpg"), str(root / "c" / "cut.jpg")}
    assert all(e["error"] and e["status"] for e in report["errors"])
    found = [{m["path"] for m in g["members"]} for g in report["groups"]]
    assert sorted(map(sorted, found)) == sorted(map(sorted, groups))
    for g in report["groups"]:
        assert sum(m["keep"] for m in g["members"]) == 1
        assert g["reason"]
        kept = next(m for m in g["members"] if m["keep"])
        # The PNG original and its lossless turn have identical pixels; the half-size JPEG shares the
        # original's orientation, so the original is kept.
        assert kept["path"].endswith(".png") and "orig" in kept["path"]
        for m in g["members"]:
            assert set(m) >= {"path", "keep", "score", "rank", "width", "height", "format", "file_size", "distance"}
            assert isinstance(m["score"], float)
            assert m["file_size"] > 0 and m["width"] > 0 and m["height"] > 0
        turn = next(m for m in g["members"] if "turn" in m["path"])
        assert turn["rank"] == kept["rank"] == 1 and turn["identical_to"] == kept["path"]
    # Not a terminal: nothing on stderr but the two unreadable files, each named once.
    lines = [line for line in r.stderr.splitlines() if line]
    assert len(lines) == 2 and all("notes.jpg" in line or "cut.jpg" in line for line in lines)
    assert r.stdout == ""


def test_stdout_report_html_and_no_rank(cli, collection, tmp_path):
    root, groups = collection
    html = tmp_path / "sheet.html"
    r = dedupe(cli, root / "a", root / "orig0.png", "--no-rank", "--html", html)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    # Folder a holds the JPEG and the turn of each photo; orig0.png joins the first photo's pair.
    assert sorted(len(g["members"]) for g in report["groups"]) == [2, 2, 3]
    assert all(m["score"] is None for g in report["groups"] for m in g["members"])
    for g in report["groups"]:  # without ranking the largest picture is kept: the full-size PNG
        kept = next(m for m in g["members"] if m["keep"])
        assert kept["format"] == "png" and "largest" in g["reason"]
    page = html.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("KEEP</span>") == 3 and "orig0.png" in page
    thumbs = list((tmp_path / "sheet_thumbs").glob("*.jpg"))
    assert len(thumbs) == 7 and all(max(pristine.info(t)["width"], pristine.info(t)["height"]) <= 160 for t in thumbs)


def test_reference_folder(cli, collection, tmp_path):
    root, groups = collection
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "master.png").write_bytes((SAMPLES / "chelsea.png").read_bytes())
    r = dedupe(cli, root / "a", "--reference", ref)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert len(report["groups"]) == 1
    members = report["groups"][0]["members"]
    kept = next(m for m in members if m["keep"])
    assert kept["path"] == str(ref / "master.png") and kept["reference"]
    assert {m["path"] for m in members} == {str(ref / "master.png"), str(root / "a" / "small1.jpg"),
                                            str(root / "a" / "b" / "turn1.png")}


def test_rank_by_scores_and_pair_model_file(cli, collection, tmp_path):
    root, groups = collection
    r = dedupe(cli, root / "a", root / "orig0.png", "--rank-by", "scores")
    assert r.returncode == 0, r.stderr
    assert all(g["reason"].startswith("lowest generation-loss score") for g in json.loads(r.stdout)["groups"])
    r = dedupe(cli, root / "a", root / "orig0.png")
    assert all(g["reason"].startswith("pair model: ") for g in json.loads(r.stdout)["groups"])
    shipped = Path(__file__).resolve().parents[2] / "models" / "rank-pairs.txt"
    r = dedupe(cli, root / "a", root / "orig0.png", "--pair-model", shipped)
    assert r.returncode == 0, r.stderr
    damaged = tmp_path / "damaged.txt"
    # One weight edited without a new checksum.
    damaged.write_text(re.sub(r"(?m)^(feature log2_pixels )\S+$", r"\g<1>9.5", shipped.read_text()))
    r = dedupe(cli, root / "a", "--pair-model", damaged)
    assert r.returncode == 1 and "damaged.txt" in r.stderr and "checksum" in r.stderr


def test_usage_errors(cli, tmp_path):
    assert dedupe(cli).returncode == 2
    assert dedupe(cli, tmp_path, "--candidate-radius", "99").returncode == 2
    assert dedupe(cli, tmp_path, "--rank-by", "size").returncode == 2
    r = dedupe(cli, tmp_path / "missing")
    assert r.returncode == 1 and "missing" in r.stderr
