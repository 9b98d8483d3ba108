"""pristine.info: the keys, JPEG facts, colours on request."""
import numpy as np
import pytest

import pristine
from conftest import gradient

KEYS = {"format", "width", "height", "display_width", "display_height", "file_size", "frames", "bit_depth",
        "channels", "has_alpha", "palette", "orientation", "colors", "jpeg_quality", "jpeg_quality_exact",
        "subsampling", "progressive"}


@pytest.mark.parametrize("fmt", ["jpeg", "png", "gif", "webp"])
def test_info_keys(image_files, fmt):
    meta = pristine.info(image_files[fmt])
    assert set(meta) == KEYS | {"path"}
    assert meta["path"] == str(image_files[fmt])
    assert meta["format"] == fmt
    assert (meta["width"], meta["height"]) == (64, 48)
    assert (meta["display_width"], meta["display_height"]) == (64, 48)
    assert meta["file_size"] == image_files[fmt].stat().st_size
    assert meta["frames"] == 1
    assert meta["colors"] is None


def test_info_from_bytes_has_no_path(image_files):
    meta = pristine.info(image_files["png"].read_bytes())
    assert set(meta) == KEYS and meta["format"] == "png"


def test_jpeg_facts():
    img = gradient()
    meta = pristine.info(pristine.encode(img, "jpeg", quality=75, subsampling="4:4:4", progressive=True))
    assert meta["jpeg_quality"] == 75 and meta["jpeg_quality_exact"] is True
    assert meta["subsampling"] == "4:4:4" and meta["progressive"] is True
    meta = pristine.info(pristine.encode(img, "jpeg", quality=90))
    assert meta["jpeg_quality"] == 90 and meta["subsampling"] == "4:2:0" and meta["progressive"] is False


def test_non_jpeg_has_no_jpeg_facts(image_files):
    meta = pristine.info(image_files["png"])
    assert meta["jpeg_quality"] is None and meta["subsampling"] is None and meta["progressive"] is None


def test_colors_on_request(image_files, rgb):
    expected = len(np.unique(rgb.reshape(-1, 3), axis=0))
    assert pristine.info(image_files["png"], colors=True)["colors"] == expected
    assert pristine.info(image_files["png"].read_bytes(), colors=True)["colors"] == expected


def test_count_colors():
    img = np.zeros((10, 10, 3), np.uint8)
    assert pristine.count_colors(img) == 1
    img[0, 0] = (1, 2, 3)
    img[5, 5] = (255, 255, 255)
    assert pristine.count_colors(img) == 3
    rgba = np.concatenate([img, np.arange(100, dtype=np.uint8).reshape(10, 10, 1)], axis=-1)
    assert pristine.count_colors(rgba) == 3  # alpha ignored
    assert pristine.count_colors(np.arange(256, dtype=np.uint8).reshape(16, 16)) == 256
