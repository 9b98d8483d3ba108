"""`pristine embed`: JSON lines of vectors, .npy output, dihedral vectors, preprocessing options for a
bare TorchScript file, bad files and bad models (the tiny test network of tests/data/embedder)."""
import json
import subprocess
from pathlib import Path

import numpy as np

import pristine

DATA = Path(__file__).resolve().parents[1] / "data" / "embedder"
TINY = DATA / "tiny.pemb"


def run(cli, *args):
    proc = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=120)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc, lines


def _picture(tmp_path, name="a.png", seed=0):
    rng = np.random.default_rng(seed)
    path = tmp_path / name
    path.write_bytes(pristine.encode(rng.integers(0, 256, (40, 56, 3), dtype=np.uint8), "png"))
    return path


def test_vectors_as_json_lines_equal_the_library(cli, tmp_path):
    a, b = _picture(tmp_path, "a.png", 1), _picture(tmp_path, "b.png", 2)
    proc, lines = run(cli, "embed", "--model", TINY, a, b)
    assert proc.returncode == 0, proc.stderr
    assert [line["path"] for line in lines] == [str(a), str(b)]
    want = pristine.Embedder(TINY).embed([a, b])
    for line, w in zip(lines, want):
        assert len(line["vector"]) == 16
        np.testing.assert_array_equal(np.array(line["vector"], dtype=np.float32), w)


def test_npy_rows_and_failures(cli, tmp_path):
    a = _picture(tmp_path)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a picture")
    out = tmp_path / "v.npy"
    proc, lines = run(cli, "embed", "--model", TINY, "--npy", out, a, bad, a)
    assert proc.returncode == 1
    assert lines[0] == {"path": str(a), "row": 0}
    assert lines[1]["path"] == str(bad) and lines[1]["status"] == "unsupported_format"
    assert lines[2] == {"path": str(a), "row": 1}
    m = np.load(out)
    assert m.shape == (2, 16) and m.dtype == np.float32
    np.testing.assert_array_equal(m[0], m[1])


def test_dihedral_and_normalize(cli, tmp_path):
    a = _picture(tmp_path)
    proc, lines = run(cli, "embed", "--model", TINY, "--dihedral", "--normalize", a)
    assert proc.returncode == 0, proc.stderr
    vectors = np.array(lines[0]["vectors"])
    assert vectors.shape == (8, 16)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-6)


def test_bare_torchscript_takes_preprocessing_options(cli, tmp_path):
    a = _picture(tmp_path)
    common = ["--input-size", 32, 32, "--filter", "bilinear", "--mean", 0.485, 0.456, 0.406, "--std", 0.229, 0.224, 0.225]
    _, from_pt = run(cli, "embed", "--model", DATA / "tiny.pt", *common, a)
    _, from_pemb = run(cli, "embed", "--model", TINY, a)
    np.testing.assert_allclose(from_pt[0]["vector"], from_pemb[0]["vector"], atol=1e-6)
    _, other = run(cli, "embed", "--model", DATA / "tiny.pt", a)  # 224 x 224, no mean/std
    assert not np.allclose(other[0]["vector"], from_pemb[0]["vector"], atol=1e-4)
    _, classify = run(cli, "embed", "--model", TINY, "--method", "classify", a)
    assert len(classify[0]["vector"]) == 3


def test_bad_models_and_usage(cli, tmp_path):
    a = _picture(tmp_path)
    broken = tmp_path / "broken.pemb"
    broken.write_bytes(TINY.read_bytes()[:500])
    proc, _ = run(cli, "embed", "--model", broken, a)
    assert proc.returncode == 1 and "broken.pemb" in proc.stderr
    proc, _ = run(cli, "embed", "--model", TINY, "--method", "nope", a)
    assert proc.returncode == 1 and "nope" in proc.stderr
    proc, _ = run(cli, "embed", "--model", TINY, "--fit", "squash", a)
    assert proc.returncode == 2
    proc, _ = run(cli, "embed", "--model", TINY, "--dihedral", "--npy", tmp_path / "x.npy", a)
    assert proc.returncode == 2
