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


def rows(cache, query, *args):
    import sqlite3
    db = sqlite3.connect(cache)
    try:
        return db.execute(query, args).fetchall()
    finally:
        db.close()


def member_paths(report):
    return {m["path"] for g in report["groups"] for m in g["members"]}


def test_scores_are_kept_and_a_changed_file_is_scored_again(cli, collection, tmp_path):
    cache = tmp_path / "fingerprints.db"
    first = run(cli, collection, cache, tmp_path / "r1.json")
    scored = {Path(p).resolve() for (p,) in rows(cache, "SELECT path FROM scores")}
    assert scored == {Path(p).resolve() for p in member_paths(first)}  # every ranked copy, once
    before = dict(rows(cache, "SELECT path, data FROM scores"))

    # Another copy of the chelsea picture under the old name: read, matched and scored again.
    chelsea = pristine.load(SAMPLES / "chelsea.png")
    changed = collection / "sub" / "chelsea.jpg"
    changed.write_bytes(pristine.encode(np.ascontiguousarray(chelsea[::3, ::3]), "jpeg", quality=40))
    second = run(cli, collection, cache, tmp_path / "r2.json")
    assert (second["cache_hits"], second["cache_misses"]) == (5, 1)
    fresh = dedupe(cli, collection, "--out", tmp_path / "fresh.json")
    assert fresh.returncode == 1, fresh.stderr
    assert without_cache_counts(second) == without_cache_counts(json.loads((tmp_path / "fresh.json").read_text()))
    st = changed.stat()
    (size, mtime_ns), = rows(cache, "SELECT size, mtime_ns FROM scores WHERE path = ?", str(changed.resolve()))
    assert (size, mtime_ns) == (st.st_size, st.st_mtime_ns)
    after = dict(rows(cache, "SELECT path, data FROM scores"))
    assert {p for p in after if after[p] != before.get(p)} == {str(changed.resolve())}


def test_a_removed_file_drops_out_of_the_report_and_the_cache(cli, collection, tmp_path):
    cache = tmp_path / "fingerprints.db"
    run(cli, collection, cache, tmp_path / "r1.json")
    gone = collection / "sub" / "coffee.jpg"
    key = str(gone.resolve())
    assert rows(cache, "SELECT count(*) FROM pairs WHERE path_a = ? OR path_b = ?", key, key)[0][0] > 0
    gone.unlink()
    second = run(cli, collection, cache, tmp_path / "r2.json")
    assert all("coffee" not in p for p in member_paths(second))  # coffee.png alone is no group
    assert len(second["groups"]) == 1
    for table, where in [("fingerprints", "path = ?1"), ("scores", "path = ?1"), ("pairs", "path_a = ?1 OR path_b = ?1")]:
        assert rows(cache, f"SELECT count(*) FROM {table} WHERE {where}", key) == [(0,)], table


def test_damaged_records_are_computed_again_never_trusted(cli, collection, tmp_path):
    cache = tmp_path / "fingerprints.db"
    first = run(cli, collection, cache, tmp_path / "r1.json")
    import sqlite3
    db = sqlite3.connect(cache)
    with db:  # other scores, pairs no longer verified, a cut whole result: each fails its checksum
        db.execute("UPDATE scores SET data = substr(data, 1, length(data) - 8) || zeroblob(8)")
        db.execute("UPDATE pairs SET data = substr(data, 1, length(data) - 1) || x'00' WHERE kind LIKE 'match%'")
        db.execute("UPDATE results SET data = substr(data, 1, length(data) - 1)")
    db.close()
    second = run(cli, collection, cache, tmp_path / "r2.json")
    assert without_cache_counts(second) == without_cache_counts(first)
    assert all(m["score"] != 0 for g in second["groups"] for m in g["members"])
