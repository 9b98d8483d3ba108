"""Shared fixtures: synthetic images and their encoded files (the few files written by other programs, which
pristine cannot make itself, are in tests/data)."""
import _thread
import os
import shutil
import threading
import time

import numpy as np
import pytest

import pristine

# A build configured without models (PRISTINE_WITH_MODELS=OFF) has no scorer and no scoring commands.
requires_models = pytest.mark.skipif(os.environ.get("PRISTINE_TEST_WITHOUT_MODELS") == "1",
                                     reason="this build has no models")


def gradient(height=48, width=64, channels=3, seed=0):
    """A smooth colour image with a little noise, so that every codec has something real to do."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    planes = [(x * 255 // max(width - 1, 1)), (y * 255 // max(height - 1, 1)), ((x + y) * 127 // max(width + height - 2, 1))]
    img = np.stack(planes[: min(channels, 3)], axis=-1).astype(np.int32)
    img += rng.integers(-3, 4, size=img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if channels == 1:
        return img[..., :1]
    if channels == 2:
        return np.concatenate([img[..., :1], np.full((height, width, 1), 200, np.uint8)], axis=-1)
    if channels == 4:
        alpha = (x * 255 // max(width - 1, 1)).astype(np.uint8)[..., None]
        return np.concatenate([img, alpha], axis=-1)
    return img


@pytest.fixture
def rgb():
    return gradient()


@pytest.fixture
def image_files(tmp_path, rgb):
    """One small file per encodable format: {format: path}."""
    files = {}
    for fmt, opts in {"jpeg": {"quality": 85}, "png": {}, "gif": {}, "webp": {"lossless": True}}.items():
        path = tmp_path / f"image.{fmt}"
        path.write_bytes(pristine.encode(rgb, fmt, **opts))
        files[fmt] = path
    return files


@pytest.fixture
def cli():
    """Path of the built `pristine` binary (PRISTINE_CLI, set by ctest), else skip."""
    path = os.environ.get("PRISTINE_CLI") or shutil.which("pristine")
    if not path or not os.path.exists(path):
        pytest.skip("PRISTINE_CLI is not set (run through ctest or point it at the built binary)")
    return path


def assert_stops_on_ctrl_c(call, limit=10):
    """Runs call() here while one thread ticks every 5 ms and another presses Ctrl-C after 0.3 s: call
    must raise KeyboardInterrupt within `limit` seconds, and the ticker must have kept running (call
    released the GIL)."""
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.005)

    def interrupt():
        time.sleep(0.3)
        _thread.interrupt_main()

    t = threading.Thread(target=ticker)
    t.start()
    threading.Thread(target=interrupt).start()
    start = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        stop.set()
        t.join()
    assert time.perf_counter() - start < limit
    assert len(ticks) > 10
