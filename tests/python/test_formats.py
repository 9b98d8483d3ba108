"""TIFF, HEIC, AVIF and JPEG XL files written by Debian's own tools (tests/data/formats/README.md says how):
read through pristine.info / pristine.load / pristine.hash and the `pristine info` / `pristine hash` commands."""
import json
import pathlib
import subprocess

import numpy as np
import pytest

import pristine

DATA = pathlib.Path(__file__).resolve().parent.parent / "data" / "formats"
LOSSLESS = ["source.tif", "source.avif", "source.jxl"]
FORMATS = {"source.tif": "tiff", "rotated16.tif": "tiff", "source.heic": "heic", "source.avif": "avif",
           "rotated.avif": "avif", "source.jxl": "jxl"}


def source():
    return pristine.load(DATA / "source.png")


def test_format_names_include_the_new_formats():
    assert {"tiff", "heic", "avif", "jxl"} <= set(pristine._pristine.format_names())


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_info_reads_the_header(name):
    meta = pristine.info(DATA / name)
    assert meta["format"] == FORMATS[name]
    assert (meta["width"], meta["height"]) == (64, 48)
    assert meta["frames"] == 1 and meta["has_alpha"] is False


@pytest.mark.parametrize("name", LOSSLESS)
def test_lossless_files_decode_to_the_source_pixels(name):
    assert np.array_equal(pristine.load(DATA / name), source())


def test_heic_decodes_close_to_the_source():
    diff = np.abs(pristine.load(DATA / "source.heic").astype(int) - source().astype(int))
    assert diff.mean() < 4


def test_orientation_tags_are_applied_like_exif():
    # ImageMagick's -orient RightTop is EXIF orientation 6 (turn 90 degrees clockwise to display);
    # avifenc --irot 1 turns 90 degrees anticlockwise, which is EXIF orientation 8.
    tif = pristine.info(DATA / "rotated16.tif")
    assert (tif["orientation"], tif["bit_depth"], tif["display_width"], tif["display_height"]) == (6, 16, 48, 64)
    assert np.array_equal(pristine.load(DATA / "rotated16.tif"), np.rot90(source(), k=-1))
    assert np.array_equal(pristine.load(DATA / "rotated16.tif", orientation=False), source())
    avif = pristine.info(DATA / "rotated.avif")
    assert (avif["orientation"], avif["display_width"]) == (8, 48)
    assert np.array_equal(pristine.load(DATA / "rotated.avif"), np.rot90(source(), k=1))


def test_hashes_of_lossless_copies_equal_the_source_hash():
    expected = pristine.hash(DATA / "source.png")
    for name in LOSSLESS:
        assert pristine.hash(DATA / name) == expected, name
    assert pristine.distance(pristine.hash(DATA / "source.heic"), expected) <= 16


def run(cli, *args):
    proc = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=120)
    return proc, [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def test_cli_info_and_hash(cli, tmp_path):
    files = [DATA / name for name in sorted(FORMATS)]
    proc, lines = run(cli, "info", *files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert [line["format"] for line in lines] == [FORMATS[f.name] for f in files]
    proc, lines = run(cli, "hash", DATA / "source.png", *[DATA / n for n in LOSSLESS])
    assert proc.returncode == 0, proc.stderr
    assert len({line["pdq"] for line in lines}) == 1

    # A folder of them, walked (found by their bytes), plus a cut-short copy: reported, the others read.
    (tmp_path / "cut.heic").write_bytes((DATA / "source.heic").read_bytes()[:1000])
    for name in FORMATS:
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    proc, lines = run(cli, "info", "--recursive", tmp_path)
    assert proc.returncode == 1
    errors = [line for line in lines if "error" in line]
    assert [e["path"] for e in errors] == [str(tmp_path / "cut.heic")]
    assert errors[0]["status"] == "corrupt_data"
    assert len(lines) == len(FORMATS) + 1


def test_concurrent_decodes_agree():
    # Every codec library is used from several threads at once (no shared state in any of them).
    names = sorted(FORMATS) * 8
    hashes = pristine.hash_many([DATA / n for n in names], threads=4)
    for name in FORMATS:
        rows = {bytes(hashes[i]) for i, n in enumerate(names) if n == name}
        assert rows == {pristine.hash(DATA / name)}, name
