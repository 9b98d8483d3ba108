"""Decoding releases the GIL: threads decode concurrently and other Python code keeps running."""
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import pristine


def _noise(height, width, seed):
    return np.random.default_rng(seed).integers(0, 256, size=(height, width, 3), dtype=np.uint8)


def test_concurrent_decodes_match_sequential():
    files = [pristine.encode(_noise(64, 64, seed), fmt) for seed in range(4) for fmt in ("png", "jpeg", "webp")]
    expected = [pristine.load(f) for f in files]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            got = list(pool.map(pristine.load, files))
            for a, b in zip(got, expected):
                np.testing.assert_array_equal(a, b)


def test_other_threads_run_while_decoding():
    data = pristine.encode(_noise(1200, 1200, 1), "png", compression_level=1)
    done = threading.Event()

    def decode_many():
        for _ in range(8):
            pristine.load(data)
        done.set()

    # With a switch interval far longer than the test, the interpreter never takes the GIL from the
    # worker: the main thread can tick during a decode only if the decode itself releases the GIL.
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(30.0)
    try:
        worker = threading.Thread(target=decode_many)
        ticks = 0
        worker.start()
        while not done.is_set():
            ticks += 1
            time.sleep(0.0005)  # gives the GIL back so the worker can reach its next decode
        worker.join()
    finally:
        sys.setswitchinterval(old_interval)
    assert ticks > 10
