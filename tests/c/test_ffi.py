#!/usr/bin/env python3
"""The C ABI from Python's ctypes (examples/ffi): decode, metadata, errors as exceptions, and the demo.

Usage: test_ffi.py --lib <libpristine_c> --examples <examples/ffi dir> --tmp <scratch dir>
Plain asserts, no pytest needed, so that it runs wherever the C library does.
"""
import argparse
import os
import subprocess
import sys

RGB = [[(255, 0, 0), (0, 255, 0), (0, 0, 255)], [(10, 20, 30), (255, 0, 0), (200, 100, 50)]]
PACKED = bytes(v for row in RGB for px in row for v in px)
PPM = b"P6\n3 2\n255\n" + PACKED


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lib", required=True)
    ap.add_argument("--examples", required=True)
    ap.add_argument("--tmp", required=True)
    args = ap.parse_args()
    os.makedirs(args.tmp, exist_ok=True)
    sys.path.insert(0, args.examples)
    import pristine_ctypes as pc

    pc.load_library(args.lib)
    assert pc.version().count(".") == 2

    ppm_path = os.path.join(args.tmp, "ffi_rgb.ppm")
    with open(ppm_path, "wb") as f:
        f.write(PPM)

    # Decode from a file and from bytes; pixels and metadata round-trip through the ABI.
    with pc.Image.from_file(ppm_path) as img:
        assert (img.width, img.height, img.channels) == (3, 2, 3)
        assert img.tobytes() == PACKED
        info = img.info()
        assert info["format"] == "pnm" and info["file_size"] == len(PPM), info
        assert img.count_colors() == 5
        px = img.pixels()
        if hasattr(px, "shape"):
            assert px.shape == (2, 3, 3) and tuple(px[1, 2]) == (200, 100, 50)
    grey = pc.Image.from_bytes(PPM, channels=1)
    assert grey.channels == 1
    grey.close()
    grey.close()  # closing twice is harmless
    assert pc.probe(PPM)["width"] == 3
    assert pc.probe(ppm_path)["height"] == 2

    # Statuses become exceptions carrying pristine_last_error().
    missing = os.path.join(args.tmp, "no-such-file.jpg")
    try:
        pc.Image.from_file(missing)
        raise AssertionError("missing file decoded")
    except pc.IoError as e:
        assert e.status == 2 and "no-such-file.jpg" in str(e), str(e)
    for data, kind in ((b"", pc.UnsupportedFormat), (b"just some text", pc.UnsupportedFormat),
                       (PPM[:-4], pc.CorruptData)):
        try:
            pc.Image.from_bytes(data)
            raise AssertionError(f"{data!r} decoded")
        except kind as e:
            assert str(e), "empty message"
    try:
        pc.Image.from_bytes(PPM, channels=2)
        raise AssertionError("channels=2 accepted")
    except pc.InvalidArgument as e:
        assert "channels" in str(e)
    try:
        pc.Image.from_bytes(PPM, max_pixels=5)
        raise AssertionError("max_pixels ignored")
    except pc.TooLarge:
        pass

    # The last error is per thread: concurrent failing calls each see their own message.
    import threading
    mismatches = []

    def fail_repeatedly(name):
        path = os.path.join(args.tmp, name)
        for _ in range(200):
            try:
                pc.Image.from_file(path)
            except pc.IoError as e:
                if name not in str(e):
                    mismatches.append(str(e))
    threads = [threading.Thread(target=fail_repeatedly, args=(f"missing-{i}.png",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not mismatches, mismatches[:3]

    # The demo program, as a user would run it.
    demo = os.path.join(args.examples, "demo.py")
    run = subprocess.run([sys.executable, demo, "--lib", args.lib, ppm_path], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "pnm 3x2x3" in run.stdout and "first pixel: [255, 0, 0]" in run.stdout, run.stdout
    run = subprocess.run([sys.executable, demo, "--lib", args.lib, missing], capture_output=True, text=True)
    assert run.returncode == 1 and "io_error" in run.stderr and "no-such-file.jpg" in run.stderr, run.stderr

    # The scorer, when the model is available (ctest sets PRISTINE_MODEL).
    if os.environ.get("PRISTINE_MODEL"):
        big = b"P6\n64 48\n255\n" + bytes((x * 4 + y * 3 + (x * y) % 17) % 256
                                           for y in range(48) for x in range(64) for _ in range(3))
        big_path = os.path.join(args.tmp, "ffi_score.ppm")
        with open(big_path, "wb") as f:
            f.write(big)
        with pc.Scorer(threads=1) as scorer:
            s = scorer.score(big_path)
            assert s == s and s == scorer.score(big), s  # finite, file and bytes agree
            scores, statuses = scorer.score_files([big_path, missing, big_path])
            assert statuses == ["ok", "io_error", "ok"] and scores[0] == s and scores[1] != scores[1], statuses
            assert [i for i, _ in scorer.rank([missing, big_path])] == [1, 0]
        try:
            pc.Scorer(missing)
            raise AssertionError("missing model loaded")
        except pc.IoError:
            pass
        run = subprocess.run([sys.executable, demo, "--lib", args.lib, "--score", big_path], capture_output=True,
                             text=True)
        assert run.returncode == 0 and "score: " in run.stdout, run.stdout + run.stderr

    print("test_ffi: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
