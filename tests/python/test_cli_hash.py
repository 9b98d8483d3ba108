"""`pristine hash` and `pristine compare`: JSON lines, kinds, dihedral lists, failures and exit codes."""
import json
import subprocess

import numpy as np
import pytest

import pristine


def _run(cli, *args):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=120)


def _picture(seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:200, 0:260]
    base = 128 + 80 * np.sin(x / (9.0 + 3 * seed)) * np.cos(y / 13.0)
    img = np.stack([base, base[::-1], 255 - base], axis=-1) + rng.normal(0, 3, (200, 260, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


@pytest.fixture
def pictures(tmp_path):
    paths = []
    for seed, fmt in ((0, "jpeg"), (1, "png")):
        p = tmp_path / f"pic{seed}.{'jpg' if fmt == 'jpeg' else fmt}"
        p.write_bytes(pristine.encode(_picture(seed), fmt))
        paths.append(p)
    return paths


def test_hash_all_kinds(cli, pictures):
    r = _run(cli, "hash", "--kind", "all", *pictures)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["path"] for d in lines] == [str(p) for p in pictures]
    for d, p in zip(lines, pictures):
        assert list(d) == ["path", *pristine.HASH_KINDS, "pdq_quality"][:len(d)]
        for kind in pristine.HASH_KINDS:
            assert d[kind] == pristine.hash(p, kind).hex()
        assert 0 <= d["pdq_quality"] <= 100


def test_hash_selected_kinds_and_dihedral(cli, pictures):
    r = _run(cli, "hash", "--kind", "pdq", "--kind", "dct,mh", "--dihedral", "--threads", "2", pictures[0])
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert list(d) == ["path", "pdq", "pdq_quality", "dct", "mh"]
    assert d["dct"] == [h.hex() for h in pristine.hash(pictures[0], "dct", dihedral=True)]
    assert len(d["pdq"]) == 8 and len(d["mh"][0]) == 2 * 72


def test_hash_bad_file_continues_and_exits_1(cli, pictures, tmp_path):
    missing = tmp_path / "missing.jpg"
    r = _run(cli, "hash", "-k", "dct", pictures[0], missing, pictures[1])
    assert r.returncode == 1
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["dct"] == pristine.hash(pictures[0], "dct").hex()
    assert lines[1]["path"] == str(missing) and "error" in lines[1] and lines[1]["status"] == "io_error"
    assert "dct" in lines[2]
    assert "missing.jpg" in r.stderr


def test_hash_unknown_kind_is_an_error(cli, pictures):
    r = _run(cli, "hash", "--kind", "phash", pictures[0])
    assert r.returncode != 0
    assert "phash" in r.stderr


def test_compare(cli, pictures, tmp_path):
    mirrored = tmp_path / "mirror.png"
    mirrored.write_bytes(pristine.encode(np.ascontiguousarray(_picture(0)[:, ::-1]), "png"))
    r = _run(cli, "compare", pictures[0], mirrored)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["a"] == str(pictures[0]) and d["b"] == str(mirrored)
    for kind in pristine.HASH_KINDS:
        e = d[kind]
        assert 0 <= e["normalized"] <= 1
        assert e["dihedral_min"] <= e["distance"]
        expected = pristine.distance(pristine.hash(pictures[0], kind), pristine.hash(mirrored, kind), kind)
        assert e["distance"] == pytest.approx(expected)
    assert d["pdq"]["dihedral_min"] < d["pdq"]["distance"]
    r = _run(cli, "compare", pictures[0], tmp_path / "nope.png")
    assert r.returncode == 1 and "nope.png" in r.stderr
