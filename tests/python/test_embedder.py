"""pristine.Embedder: the tiny test network of tests/data/embedder (its outputs computed by PyTorch),
inputs of every kind, batches with bad inputs, methods, preprocessing, turned copies and bad files."""
import json
from pathlib import Path

import numpy as np
import pytest

import pristine

DATA = Path(__file__).resolve().parents[1] / "data" / "embedder"
EXPECTED = json.loads((DATA / "tiny-expected.json").read_text())
TINY_INPUT = {"width": 32, "height": 32, "filter": "bilinear", "mean": [0.485, 0.456, 0.406],
              "std": [0.229, 0.224, 0.225]}


def _case(name, key):
    return np.array(next(c for c in EXPECTED["cases"] if c["name"] == name)[key], dtype=np.float64)


def _pixels_case():
    """The "pixels" case: 32 x 32 RGB, pixel (x, y) = (8 x, 8 y, 255 - 4 (x + y))."""
    y, x = np.mgrid[0:32, 0:32]
    return np.stack([8 * x, 8 * y, 255 - 4 * (x + y)], axis=-1).astype(np.uint8)


@pytest.fixture(scope="module")
def tiny():
    return pristine.Embedder(DATA / "tiny.pemb")


def test_model_file_runs_its_network(tiny):
    assert tiny.dim == 16 and tiny.name == "pristine-tiny-test" and not tiny.normalizes
    assert tiny.input["width"] == 32 and tiny.input["filter"] == "bilinear"
    assert tiny.model_info["dim"] == 16
    v = tiny.embed(_pixels_case())
    assert v.dtype == np.float32 and v.shape == (16,)
    np.testing.assert_allclose(v, _case("pixels", "forward"), atol=1e-5)


def test_bare_torchscript_with_preprocessing():
    e = pristine.Embedder(DATA / "tiny.pt", input=TINY_INPUT)
    assert e.model_info == {}
    np.testing.assert_allclose(e.embed(_pixels_case()), _case("pixels", "forward"), atol=1e-5)
    c = pristine.Embedder(DATA / "tiny.pt", input=TINY_INPUT, method="classify")
    np.testing.assert_allclose(c.embed(_pixels_case()), _case("pixels", "classify"), atol=1e-5)


def test_inputs_of_every_kind_agree_and_batches_keep_going(tiny, tmp_path):
    img = _pixels_case()
    png = pristine.encode(img, "png")
    path = tmp_path / "case.png"
    path.write_bytes(png)
    want = tiny.embed(img)
    for item in (str(path), path, png, bytearray(png), memoryview(png), open(path, "rb")):
        np.testing.assert_array_equal(tiny.embed(item), want)
    batch = tiny.embed([path, b"not an image", img], errors="mask", threads=2)
    assert batch.shape == (3, 16)
    np.testing.assert_array_equal(batch[0], want)
    assert np.isnan(batch[1]).all()
    np.testing.assert_array_equal(batch[2], want)
    with pytest.raises(pristine.UnsupportedFormatError) as e:
        tiny.embed([path, b"not an image"])
    assert [f.index for f in e.value.failures] == [1]
    with pytest.raises(pristine.FileError, match="missing.png"):
        tiny.embed(tmp_path / "missing.png")
    assert tiny.embed([]).shape == (0, 16)


def test_normalize_and_cosine_distance():
    e = pristine.Embedder(DATA / "tiny.pemb", normalize=True)
    v = e.embed(_pixels_case())
    assert abs(np.linalg.norm(v) - 1) < 1e-6
    assert pristine.cosine_distance(v, v) == pytest.approx(0, abs=1e-6)
    assert pristine.cosine_distance(v, -v) == pytest.approx(2, abs=1e-6)
    assert pristine.cosine_distance(v, np.zeros(16)) == 1.0
    rows = pristine.cosine_distance(np.stack([v, -v]), v)
    np.testing.assert_allclose(rows, [0, 2], atol=1e-6)


def test_dihedral_vectors_are_those_of_the_turned_pictures(tiny):
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (17, 24, 3), dtype=np.uint8)
    d = tiny.embed_dihedral(img)
    assert d.shape == (8, 16)
    np.testing.assert_array_equal(d[0], tiny.embed(img))
    np.testing.assert_array_equal(d[1], tiny.embed(np.ascontiguousarray(np.rot90(img))))  # counter-clockwise
    np.testing.assert_array_equal(d[4], tiny.embed(np.ascontiguousarray(img[:, ::-1])))


def test_bad_models_and_options(tmp_path):
    good = (DATA / "tiny.pemb").read_bytes()
    bad = bytearray(good)
    bad[len(bad) // 2] ^= 0x40
    (tmp_path / "flipped.pemb").write_bytes(bytes(bad))
    with pytest.raises(pristine.BadFileVersionError, match="checksum"):
        pristine.Embedder(tmp_path / "flipped.pemb")
    (tmp_path / "text.pt").write_bytes(b"hello")
    with pytest.raises(pristine.DecodeError, match="TorchScript"):
        pristine.Embedder(tmp_path / "text.pt")
    with pytest.raises(pristine.InvalidArgumentError, match="no_such"):
        pristine.Embedder(DATA / "tiny.pemb", method="no_such")
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.Embedder(DATA / "tiny.pemb", threads=-1)
    with pytest.raises(pristine.InvalidArgumentError, match="fit"):
        pristine.Embedder(DATA / "tiny.pt", input={"fit": "squash"})
    with pytest.raises(pristine.FileError):
        pristine.Embedder(tmp_path / "missing.pemb")


def test_default_embedder_follows_the_environment(monkeypatch):
    monkeypatch.setenv("PRISTINE_EMBEDDER", str(DATA / "tiny.pemb"))
    assert pristine.default_embedder_path() == str(DATA / "tiny.pemb")
    assert pristine.Embedder().dim == 16


def test_default_embedder_puts_copies_closer_than_other_pictures():
    """The installed default (made by scripts/fetch-default-embedder.sh): every copy of the bundled
    samples lies nearer its original than any other sample picture does."""
    if pristine.default_embedder_path() is None:
        pytest.skip("no default embedder (run scripts/fetch-default-embedder.sh)")
    e = pristine.Embedder()
    samples = Path(__file__).resolve().parents[2] / "samples"
    names = ("astronaut", "chelsea", "coffee")
    originals = e.embed([samples / f"{n}.png" for n in names])
    for i, n in enumerate(names):
        copies = sorted(samples.glob(f"{n}_copy*"))
        assert copies
        near = pristine.cosine_distance(e.embed(copies), originals[i])
        far = min(pristine.cosine_distance(originals[j], originals[i]) for j in range(len(names)) if j != i)
        assert near.max() < far, (n, near, far)
