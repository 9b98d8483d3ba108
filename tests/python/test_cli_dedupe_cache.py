"""`pristine dedupe --cache FILE`: a re-run gives the same report from the cache, reads changed and new
files again, and a file that is no cache is refused and left untouched."""
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

import pristine
from conftest import requires_models

pytestmark = requires_models

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CACHE_KEYS = ("cache_hits", "cache_misses")


@pytest.fixture
def collection(tmp_path):
    """2 photos x (PNG original, half-size JPEG), a distinct picture, a truncated JPEG, a text file."""
    root = tmp_path / "photos"
    (root / "sub").mkdir(parents=True)
    for name in ["chelsea", "coffee"]:
        img = pristine.load(SAMPLES / f"{name}.png")
        (root / f"{name}.png").write_bytes(pristine.encode(img, "png"))
        (root / "sub" / f"{name}.jpg").write_bytes(pristine.encode(np.ascontiguousarray(img[::2, ::2]), "jpeg", quality=70))
    astronaut = pristine.load(SAMPLES / "astronaut.png")
    (root / "astronaut.png").write_bytes(pristine.encode(astronaut, "png"))
    whole = pristine.encode(astronaut, "jpeg", quality=90)
    (root / "sub" / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    (root / "notes.txt").write_text("not a picture\n")
    return root


def dedupe(cli, *args):
    return subprocess.run([cli, "dedupe", *map(str, args)], capture_output=True, text=True, timeout=300)


def run(cli, root, cache, out):
    r = dedupe(cli, root, "--cache", cache, "--out", out)
    assert r.returncode == 1, r.stderr  # the truncated JPEG; the rest is grouped
    return json.loads(out.read_text())


def without_cache_counts(report):
    return {k: v for k, v in report.items() if k not in CACHE_KEYS}


def test_rerun_gives_the_same_report_from_the_cache(cli, collection, tmp_path):
    cache = tmp_path / "fingerprints.db"
    first = run(cli, collection, cache, tmp_path / "r1.json")
    second = run(cli, collection, cache, tmp_path / "r2.json")
    images = 6  # 5 pictures and the truncated JPEG (the text file is no image)
    assert (first["cache_hits"], first["cache_misses"]) == (0, images)
    assert (second["cache_hits"], second["cache_misses"]) == (images, 0)
    assert without_cache_counts(second) == without_cache_counts(first)
    assert len(first["groups"]) == 2
    assert cache.read_bytes()[:16] == b"SQLite format 3\x00"


def test_changed_and_new_files_are_read_again(cli, collection, tmp_path):
    cache = tmp_path / "fingerprints.db"
    run(cli, collection, cache, tmp_path / "r1.json")
    # Another picture under an old name, and a new copy of the astronaut.
    astronaut = pristine.load(SAMPLES / "astronaut.png")
    (collection / "coffee.png").write_bytes(pristine.encode(np.ascontiguousarray(astronaut[::-1]), "png"))
    (collection / "sub" / "astronaut.jpg").write_bytes(pristine.encode(astronaut, "jpeg", quality=80))
    second = run(cli, collection, cache, tmp_path / "r2.json")
    assert (second["cache_hits"], second["cache_misses"]) == (5, 2)
    fresh = dedupe(cli, collection, "--out", tmp_path / "fresh.json")
    assert fresh.returncode == 1, fresh.stderr
    assert without_cache_counts(second) == without_cache_counts(json.loads((tmp_path / "fresh.json").read_text()))
    groups = [sorted(Path(m["path"]).name for m in g["members"]) for g in second["groups"]]
    assert sorted(groups) == [["astronaut.jpg", "astronaut.png", "coffee.png"], ["chelsea.jpg", "chelsea.png"]]


@pytest.mark.parametrize("content", [b"my notes, not a cache\n", None])
def test_a_file_that_is_no_cache_is_refused_and_left_untouched(cli, collection, tmp_path, content):
    cache = tmp_path / "precious"
    if content is None:  # another SQLite database
        import sqlite3
        with sqlite3.connect(cache) as db:
            db.execute("CREATE TABLE photos (name TEXT)")
        db.close()
    else:
        cache.write_bytes(content)
    before = cache.read_bytes()
    out = tmp_path / "report.json"
    r = dedupe(cli, collection, "--cache", cache, "--out", out)
    assert r.returncode == 1
    assert str(cache) in r.stderr and "not a pristine fingerprint cache" in r.stderr
    assert cache.read_bytes() == before
    assert not out.exists()
