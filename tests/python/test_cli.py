"""The `pristine` CLI: JSON lines, exit codes, messages on stderr."""
import json
import subprocess

import pristine
from conftest import gradient


def run(cli, *args):
    proc = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=120)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc, lines


def test_version_and_help(cli):
    proc, _ = run(cli, "--version")
    assert proc.returncode == 0 and pristine.__version__ in proc.stdout
    proc, _ = run(cli, "help")
    assert proc.returncode == 0 and "info" in proc.stdout
    proc, _ = run(cli, "help", "info")
    assert proc.returncode == 0 and "--recursive" in proc.stdout
    proc, _ = run(cli, "info", "--help")
    assert proc.returncode == 0 and "files" in proc.stdout


def test_usage_errors_exit_2(cli):
    for args in ([], ["info"], ["nonsense"], ["info", "--bogus-flag", "x"], ["help", "nonsense"]):
        proc, _ = run(cli, *args)
        assert proc.returncode == 2, args
        assert proc.stderr.strip(), args


def test_info_good_files(cli, image_files, rgb):
    proc, lines = run(cli, "info", *image_files.values())
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert [line["path"] for line in lines] == [str(p) for p in image_files.values()]
    for line in lines:
        for key in ("path", "format", "width", "height", "file_size", "frames", "colors"):
            assert key in line
        assert (line["width"], line["height"], line["frames"]) == (64, 48, 1)
    by_format = {line["format"]: line for line in lines}
    assert set(by_format) == {"jpeg", "png", "gif", "webp"}
    assert by_format["png"]["colors"] == pristine.info(image_files["png"], colors=True)["colors"]
    assert by_format["png"]["file_size"] == image_files["png"].stat().st_size
    jpeg = by_format["jpeg"]
    assert jpeg["jpeg_quality"] == 85 and jpeg["subsampling"] == "4:2:0" and jpeg["progressive"] is False
    assert "jpeg_quality" not in by_format["png"]


def test_info_keeps_going_after_failures(cli, tmp_path, image_files):
    missing = tmp_path / "missing.jpg"
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    empty = tmp_path / "empty.gif"
    empty.write_bytes(b"")
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(pristine.encode(gradient(64, 80), "png")[:300])
    subdir = tmp_path / "subdir"
    subdir.mkdir()
    inputs = [missing, image_files["png"], junk, empty, truncated, subdir, image_files["jpeg"]]
    proc, lines = run(cli, "info", *inputs)
    assert proc.returncode == 1
    assert [line["path"] for line in lines] == [str(p) for p in inputs]
    failed = {line["path"]: line for line in lines if "error" in line}
    assert set(failed) == {str(p) for p in (missing, junk, empty, truncated, subdir)}
    assert failed[str(missing)]["status"] == "io_error"
    assert failed[str(junk)]["status"] == "unsupported_format"
    assert failed[str(subdir)]["status"] == "io_error" and "directory" in failed[str(subdir)]["error"]
    for path, line in failed.items():
        assert path in line["error"]
        assert line["error"] in proc.stderr  # the same message on stderr
    assert lines[1]["format"] == "png" and lines[-1]["format"] == "jpeg"


def test_info_recursive_and_no_colors(cli, tmp_path, image_files):
    proc, lines = run(cli, "info", "-r", "--no-colors", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(line["path"] for line in lines) == sorted(str(p) for p in image_files.values())
    assert all(line["colors"] is None for line in lines)


def test_info_max_pixels(cli, image_files):
    proc, lines = run(cli, "info", "--max-pixels", "100", image_files["png"])
    assert proc.returncode == 1 and lines[0]["status"] == "too_large"
