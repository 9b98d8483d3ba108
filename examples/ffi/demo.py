#!/usr/bin/env python3
"""Decode an image through pristine's C ABI from Python's ctypes and print what it is.

    python3 demo.py --lib path/to/libpristine_c.so photo.jpg
    python3 demo.py --lib path/to/libpristine_c.so --score photo.jpg   # also its generation-loss score
Exit status 0 on success, 1 when pristine reports an error (printed as `error: <status>: <message>`).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pristine_ctypes as pc  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", help="path of libpristine_c (default: $PRISTINE_C_LIBRARY or the system path)")
    parser.add_argument("--score", action="store_true",
                        help="also print the generation-loss score (shipped model; lower = closer to the original)")
    parser.add_argument("--model", help="model file for --score (default: the shipped model)")
    parser.add_argument("image")
    args = parser.parse_args()

    pc.load_library(args.lib)
    try:
        with pc.Image.from_file(args.image) as img:
            info = img.info()
            print(f"pristine {pc.version()}")
            print(f"{args.image}: {info['format']} {img.width}x{img.height}x{img.channels}, "
                  f"{info['file_size']} bytes, {img.count_colors()} colours")
            if info["format"] == "jpeg":
                print(f"jpeg quality ~{info['jpeg_quality']}, subsampling {info['jpeg_subsampling']}, "
                      f"progressive {info['jpeg_progressive']}")
            pixels = img.pixels()
            first = bytes(pixels[0, 0]) if hasattr(pixels, "shape") else pixels[: img.channels]
            print(f"first pixel: {list(first)}")
        if args.score:
            with pc.Scorer(args.model) as scorer:
                print(f"score: {scorer.score(args.image):.6f} (lower = closer to the original)")
    except pc.PristineError as e:
        print(f"error: {e.status_name}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
