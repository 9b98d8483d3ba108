"""pristine.hash / hash_many / distance: sources, kinds, dihedral variants, batches, errors, Ctrl-C."""

import numpy as np
import pytest

import pristine

from conftest import assert_stops_on_ctrl_c, gradient


def _photo(height=240, width=320, seed=0):
    """A picture with structure at every scale: gradients, blobs, a little noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = 128 + 60 * np.sin(x / (17.0 + seed)) * np.cos(y / 23.0) + 40 * ((x // 40 + y // 40) % 2)
    img = np.stack([base, np.roll(base, 7 * seed + 1, axis=1), 255 - base], axis=-1)
    img += rng.normal(0, 4, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


@pytest.fixture
def files(tmp_path):
    out = []
    for seed in range(4):
        path = tmp_path / f"photo{seed}.jpg"
        path.write_bytes(pristine.encode(_photo(seed=seed), "jpeg", quality=92))
        out.append(str(path))
    return out


def test_kinds_and_sizes():
    assert pristine.HASH_KINDS == ("dct", "radial", "blockmean", "blockmean-overlap", "mh", "pdq")
    assert pristine.HASH_SIZES == {"dct": 8, "radial": 40, "blockmean": 32, "blockmean-overlap": 121,
                                   "mh": 72, "pdq": 32}


@pytest.mark.parametrize("kind", pristine.HASH_KINDS)
def test_path_bytes_and_file_object_agree(files, kind):
    path = files[0]
    h = pristine.hash(path, kind)
    assert isinstance(h, bytes) and len(h) == pristine.HASH_SIZES[kind]
    with open(path, "rb") as f:
        data = f.read()
        f.seek(0)
        assert pristine.hash(f, kind) == h
    assert pristine.hash(data, kind) == h
    assert pristine.hash(bytearray(data), kind) == h
    assert pristine.hash(memoryview(data), kind) == h


@pytest.mark.parametrize("kind", pristine.HASH_KINDS)
def test_png_file_hashes_like_its_pixels(tmp_path, kind):
    img = _photo(seed=5)
    path = tmp_path / "p.png"
    path.write_bytes(pristine.encode(img, "png"))
    assert pristine.hash(path, kind) == pristine.hash(img, kind)
    assert pristine.hash(np.ascontiguousarray(img[..., :1]), kind) == pristine.hash(img[..., 0].copy(), kind)


def test_recompression_is_close_and_unrelated_pictures_are_far(files):
    img = pristine.load(files[0])
    again = pristine.encode(img, "jpeg", quality=70)
    for kind in ("dct", "pdq", "blockmean"):
        near = pristine.distance(pristine.hash(files[0], kind), pristine.hash(again, kind), kind, normalized=True)
        far = pristine.distance(pristine.hash(files[0], kind), pristine.hash(files[2], kind), kind, normalized=True)
        assert near < 0.15 < far, (kind, near, far)


def test_quality_and_dihedral(files):
    h, q = pristine.hash(files[0], "pdq", with_quality=True)
    assert 0 <= q <= 100 and h == pristine.hash(files[0], "pdq")
    assert pristine.hash(files[0], "dct", with_quality=True)[1] == -1
    variants = pristine.hash(files[0], "pdq", dihedral=True)
    assert len(variants) == 8 and variants[0] == h
    # A mirrored copy matches through the variants, not directly.
    img = pristine.load(files[0])
    mirrored = pristine.hash(np.ascontiguousarray(img[:, ::-1]), "pdq")
    assert pristine.distance(variants, mirrored, "pdq") < 40
    assert pristine.distance(h, mirrored, "pdq") > 60
    assert pristine.distance(np.frombuffer(b"".join(variants), np.uint8).reshape(8, -1), mirrored, "pdq") == \
        pristine.distance(variants, mirrored, "pdq")


def test_full_scale_is_close_to_the_fast_path(tmp_path):
    path = tmp_path / "big.jpg"
    path.write_bytes(pristine.encode(_photo(1200, 1600, seed=3), "jpeg", quality=90))
    for kind in ("dct", "blockmean", "pdq"):
        fast = pristine.hash(path, kind)
        full = pristine.hash(path, kind, full_scale=True)
        assert pristine.distance(fast, full, kind, normalized=True) < 0.08


def test_distance_values_and_checks():
    a = bytes(8)
    b = bytes([0xFF] + [0] * 7)
    assert pristine.distance(a, b, "dct") == 8
    assert pristine.distance(a, b, "dct", normalized=True) == 8 / 64
    assert pristine.distance(np.zeros(8, np.uint8), b, "dct") == 8
    with pytest.raises(pristine.InvalidArgumentError, match="8 bytes"):
        pristine.distance(a, bytes(7), "dct")
    with pytest.raises(pristine.InvalidArgumentError, match="unknown hash kind"):
        pristine.distance(a, b, "phash")
    with pytest.raises(pristine.InvalidArgumentError, match="8 dihedral variants"):
        pristine.distance([a] * 3, b, "dct")


def test_hash_many_matches_hash_and_threads_agree(files):
    for kind in ("dct", "pdq", "radial"):
        one = pristine.hash_many(files, kind, threads=1)
        two = pristine.hash_many(files, kind, threads=2)
        assert one.dtype == np.uint8 and one.shape == (len(files), pristine.HASH_SIZES[kind])
        np.testing.assert_array_equal(one, two)
        for row, path in zip(one, files):
            assert row.tobytes() == pristine.hash(path, kind)
    d = pristine.hash_many(files, "dct", dihedral=True)
    assert d.shape == (len(files), 8, 8)
    assert d[1, 0].tobytes() == pristine.hash(files[1], "dct")
    assert pristine.hash_many([], "dct").shape == (0, 8)


def test_hash_many_failures(files, tmp_path):
    bad = tmp_path / "not-an-image.jpg"
    bad.write_bytes(b"hello")
    paths = [files[0], str(tmp_path / "missing.jpg"), files[1], str(bad)]
    with pytest.raises(pristine.FileError) as info:
        pristine.hash_many(paths, "dct")
    assert "2 of 4 files" in str(info.value) and "missing.jpg" in str(info.value)
    assert [f[0] for f in info.value.failures] == [1, 3]
    assert info.value.failures[1][2] == "unsupported_format"
    hashes, ok = pristine.hash_many(paths, "dct", errors="mask")
    assert ok.tolist() == [True, False, True, False]
    assert not hashes[1].any()
    assert hashes[2].tobytes() == pristine.hash(files[1], "dct")
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.hash_many(paths, "dct", errors="ignore")
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.hash_many(files[0], "dct")


def test_bad_inputs():
    with pytest.raises(pristine.InvalidArgumentError, match="uint8"):
        pristine.hash(np.zeros((4, 4), np.float32))
    with pytest.raises(pristine.UnsupportedFormatError):
        pristine.hash(b"not an image")
    with pytest.raises(TypeError):
        pristine.hash(12)
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.hash(gradient(), "nope")


def test_hash_many_releases_the_gil_and_stops_on_ctrl_c(tmp_path):
    path = tmp_path / "small.jpg"
    path.write_bytes(pristine.encode(_photo(256, 256), "jpeg"))
    assert_stops_on_ctrl_c(lambda: pristine.hash_many([str(path)] * 20000, "dct", threads=1))
