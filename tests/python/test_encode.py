"""pristine.encode round trips, options, and the checks on input arrays."""
import numpy as np
import pytest

import pristine
from conftest import gradient


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_png_round_trip_is_exact(channels):
    img = gradient(channels=channels)
    data = pristine.encode(img, "png", compression_level=9)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    if channels == 2:  # decoders give grey+alpha as RGBA
        np.testing.assert_array_equal(pristine.load(data, channels=4)[..., [0, 3]], img)
    else:
        np.testing.assert_array_equal(pristine.load(data, channels=channels), img)


def test_grey_2d_input():
    img = gradient(channels=1)[..., 0]
    np.testing.assert_array_equal(pristine.load(pristine.encode(img, "png"), channels=1)[..., 0], img)


def test_webp_lossless_round_trip_is_exact():
    for channels in (3, 4):
        img = gradient(channels=channels)
        np.testing.assert_array_equal(pristine.load(pristine.encode(img, "webp", lossless=True), channels=channels), img)


def test_lossy_round_trips_are_close():
    img = gradient()
    for fmt, opts in [("jpeg", {"quality": 95, "subsampling": "4:4:4"}), ("jpg", {"optimize": True}),
                      ("webp", {"quality": 90})]:
        out = pristine.load(pristine.encode(img, fmt, **opts))
        assert np.abs(out.astype(int) - img).mean() < 6, fmt


def test_jpeg_quality_changes_size():
    img = gradient(96, 128)
    assert len(pristine.encode(img, "jpeg", quality=20)) < len(pristine.encode(img, "jpeg", quality=95))


def test_gif_palette_and_dither():
    img = gradient()
    data = pristine.encode(img, "gif", max_colors=16, dither="floyd_steinberg")
    assert data[:4] == b"GIF8"
    assert pristine.count_colors(pristine.load(data)) <= 16
    palette = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0]], np.uint8)
    two = np.zeros((8, 8, 3), np.uint8)
    two[::2] = 255
    out = pristine.load(pristine.encode(two, "gif", palette=palette))
    np.testing.assert_array_equal(out, two)
    assert len(pristine.encode(img, "gif", dither="ordered")) > 0


def test_cropped_view_is_accepted():
    big = gradient(100, 120)
    crop = big[10:40, 20:70]  # rows apart, pixels packed within each row
    assert not crop.flags.c_contiguous
    np.testing.assert_array_equal(pristine.load(pristine.encode(crop, "png")), crop)
    assert pristine.count_colors(crop) == len(np.unique(crop.reshape(-1, 3), axis=0))


def test_unknown_format_and_options():
    img = gradient()
    with pytest.raises(pristine.InvalidArgumentError, match="cannot encode format 'tiff'"):
        pristine.encode(img, "tiff")
    with pytest.raises(TypeError):
        pristine.encode(img, "png", quality=3)
    with pytest.raises(pristine.InvalidArgumentError, match="subsampling"):
        pristine.encode(img, "jpeg", subsampling="4:1:1")
    with pytest.raises(pristine.InvalidArgumentError, match="dither"):
        pristine.encode(img, "gif", dither="fancy")


@pytest.mark.parametrize("array, message", [
    (np.zeros((8, 8, 3), np.float32), "dtype uint8"),
    (np.zeros((8, 8, 3), np.uint16), "dtype uint8"),
    (np.zeros((8,), np.uint8), r"shape \(H, W\)"),
    (np.zeros((2, 8, 8, 3), np.uint8), r"shape \(H, W\)"),
    (np.zeros((8, 8, 5), np.uint8), "1 to 4 channels"),
    (np.zeros((0, 8, 3), np.uint8), "empty"),
    (np.zeros((8, 8, 3), np.uint8)[:, ::2], "ascontiguousarray"),
    (np.zeros((8, 8, 3), np.uint8).transpose(1, 0, 2), "ascontiguousarray"),
    (np.zeros((8, 8, 3), np.uint8)[::-1], "ascontiguousarray"),
])
def test_array_validation(array, message):
    for call in (lambda: pristine.encode(array, "png"), lambda: pristine.count_colors(array)):
        with pytest.raises(pristine.InvalidArgumentError, match=message) as e:
            call()
        assert isinstance(e.value, ValueError) and e.value.status == "invalid_argument"
