"""pristine.load / load_frames from every kind of source, and the decode options."""
import io
import pathlib

import numpy as np
import pytest

import pristine
from conftest import gradient


def test_load_path_str_and_pathlike(image_files, rgb):
    for path in (str(image_files["png"]), pathlib.Path(image_files["png"])):
        img = pristine.load(path)
        assert img.dtype == np.uint8 and img.shape == rgb.shape
        np.testing.assert_array_equal(img, rgb)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview, io.BytesIO])
def test_load_bytes_like(image_files, rgb, kind):
    data = image_files["png"].read_bytes()
    np.testing.assert_array_equal(pristine.load(kind(data)), rgb)


@pytest.mark.parametrize("fmt", ["jpeg", "png", "gif", "webp"])
def test_load_every_format(image_files, rgb, fmt):
    img = pristine.load(image_files[fmt])
    assert img.shape == rgb.shape
    assert np.abs(img.astype(int) - rgb).mean() < 8


def test_channels(image_files):
    assert pristine.load(image_files["png"], channels=1).shape == (48, 64, 1)
    assert pristine.load(image_files["png"], channels=4).shape == (48, 64, 4)
    assert pristine.load(image_files["png"], channels=0).shape == (48, 64, 3)


def test_jpeg_scale(tmp_path):
    data = pristine.encode(gradient(100, 130), "jpeg")
    assert pristine.load(data, scale=8).shape == (13, 17, 3)  # ceil(dim / 8)
    assert pristine.load(data, scale=2).shape == (50, 65, 3)


def test_alpha_composited_on_background():
    rgba = np.zeros((4, 4, 4), np.uint8)  # fully transparent black
    data = pristine.encode(rgba, "png")
    assert (pristine.load(data) == 255).all()
    assert (pristine.load(data, background=(10, 20, 30))[0, 0] == [10, 20, 30]).all()
    np.testing.assert_array_equal(pristine.load(data, channels=4), rgba)


def test_max_pixels(image_files):
    with pytest.raises(pristine.ImageTooLargeError) as e:
        pristine.load(image_files["png"], max_pixels=100)
    assert e.value.status == "too_large"


def test_bad_options(image_files):
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.load(image_files["png"], channels=7)
    with pytest.raises(ValueError):  # InvalidArgumentError is a ValueError
        pristine.load(image_files["png"], background=(1, 2))
    with pytest.raises(ValueError):
        pristine.load(image_files["png"], background=(1, 2, 300))


def test_bad_source_type():
    with pytest.raises(TypeError, match="source must be"):
        pristine.load(12345)


def test_returned_array_is_owned_and_writable(image_files):
    img = pristine.load(image_files["png"])
    img[0, 0] = 0  # the array owns its pixels
    assert img.flags.c_contiguous and img.flags.writeable


def test_load_frames_still_image(image_files, rgb):
    frames = pristine.load_frames(image_files["png"])
    assert len(frames.frames) == 1 and len(frames.durations_ms) == 1
    np.testing.assert_array_equal(frames.frames[0], rgb)
    frames = pristine.load_frames(image_files["gif"].read_bytes())
    assert frames.frames[0].shape == rgb.shape
