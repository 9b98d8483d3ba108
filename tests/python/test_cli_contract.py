"""One contract for every `pristine` command: per-file failures as {path, error, status} lines on stdout
plus a message on stderr and exit 1; usage errors exit 2 with a message naming the option; folders
with -r and lists of paths on stdin; the light program hands the other commands over to pristine-lab."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import requires_models

import pristine

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(cli, *args, stdin=None, env=None):
    proc = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=300, input=stdin,
                          env=env)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc, lines


@pytest.fixture
def folder(tmp_path, image_files):
    """image_files plus a text file and a hidden image: the walk lists only the 4 visible images."""
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / ".hidden.png").write_bytes(image_files["png"].read_bytes())
    return tmp_path


def test_help_lists_every_command(cli):
    proc, _ = run(cli, "--help")
    assert proc.returncode == 0
    for command in ("info", "hash", "compare", "score", "rank", "provenance", "train", "hpsearch", "degrade", "synth",
                    "eval-hashes", "eval-scorer", "eval-dedupe"):
        assert command in proc.stdout, command
    # A command of the lab program: its help comes from there, through the hand-over.
    proc, _ = run(cli, "help", "synth")
    assert proc.returncode == 0 and "--count" in proc.stdout
    proc, _ = run(cli, "degrade", "--help")
    assert proc.returncode == 0 and "--steps" in proc.stdout


@pytest.mark.parametrize("args, option", [
    (["hash", "-k", "foo", "x.png"], "--kind"),
    (["hash", "-j", "-3", "x.png"], "--threads"),
    (["info", "--max-pixels", "-1", "x.png"], "--max-pixels"),
    pytest.param(["score", "--threads", "-1", "x.png"], "--threads", marks=requires_models),
    (["compare", "--kind", "phash", "a.png", "b.png"], "--kind"),
    (["eval-hashes", "--threads", "-2", "x"], "--threads"),
    pytest.param(["hpsearch", "--images", "x", "--history", "h.jsonl", "--trial-seconds", "0"], "--trial-seconds",
                 marks=requires_models),
    pytest.param(["train", "--images", "x", "--out", "m.pmdl", "--activation", "swish"], "--activation",
                 marks=requires_models),
])
def test_usage_errors_name_the_option_and_exit_2(cli, args, option):
    proc, lines = run(cli, *args)
    assert proc.returncode == 2, proc.stderr
    assert option in proc.stderr
    assert len(proc.stderr) < 300  # no range of 300 digits, no internal function names
    assert "hash_files" not in proc.stderr
    assert lines == []


def test_hash_default_kind_is_pdq_and_all_gives_six(cli, image_files):
    _, lines = run(cli, "hash", image_files["png"])
    assert list(lines[0]) == ["path", "pdq", "pdq_quality"]
    assert lines[0]["pdq"] == pristine.hash(image_files["png"], "pdq").hex()
    _, lines = run(cli, "hash", "--kind", "all", image_files["png"])
    assert set(pristine.HASH_KINDS) <= set(lines[0]) and len(pristine.HASH_KINDS) == 6


def test_compare_failure_is_a_json_line_naming_the_file(cli, image_files, tmp_path):
    missing = tmp_path / "nope.png"
    proc, lines = run(cli, "compare", image_files["png"], missing)
    assert proc.returncode == 1
    assert lines == [{"path": str(missing), "error": lines[0]["error"], "status": "io_error"}]
    assert str(missing) in lines[0]["error"] and lines[0]["error"] in proc.stderr


@pytest.mark.parametrize("command", ["info", "hash"])
def test_folders_with_r_and_paths_on_stdin(cli, command, folder, image_files):
    want = sorted(str(p) for p in image_files.values())
    proc, lines = run(cli, command, "-r", folder)
    assert proc.returncode == 0, proc.stderr
    assert [line["path"] for line in lines] == want  # sorted; the text file and the hidden image left out
    proc, lines = run(cli, command, "-", stdin="".join(p + "\n" for p in want))
    assert proc.returncode == 0, proc.stderr
    assert [line["path"] for line in lines] == want


@pytest.mark.parametrize("command", ["info", "hash"])
def test_failures_are_lines_and_exit_1(cli, command, image_files, tmp_path):
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    proc, lines = run(cli, command, junk, image_files["png"])
    assert proc.returncode == 1
    assert lines[0] == {"path": str(junk), "error": lines[0]["error"], "status": "unsupported_format"}
    assert lines[0]["error"] in proc.stderr and str(junk) in lines[0]["error"]
    assert lines[1]["path"] == str(image_files["png"]) and "error" not in lines[1]


def _scorer_available():
    try:
        return pristine.default_model_path() is not None
    except pristine.UnavailableError:  # a build without models
        return False


@pytest.mark.skipif(not _scorer_available(), reason="no default scorer model")
def test_score_and_rank_take_folders_and_stdin(cli, tmp_path):
    copies = tmp_path / "coffee"
    copies.mkdir()
    for f in sorted(SAMPLES.glob("coffee*")):
        shutil.copy(f, copies / f.name)
    (copies / "readme.txt").write_text("not an image")
    want = sorted(str(p) for p in copies.iterdir() if p.suffix != ".txt")
    proc, lines = run(cli, "score", "-r", copies, "--threads", 2)
    assert proc.returncode == 0, proc.stderr
    assert [line["path"] for line in lines] == want and all("score" in line for line in lines)
    proc, ranked = run(cli, "rank", "-", stdin="\n".join(want) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert sorted(line["path"] for line in ranked) == want
    assert [line["rank"] for line in ranked] == list(range(1, len(want) + 1))
    missing = tmp_path / "missing.png"
    proc, lines = run(cli, "score", missing)
    assert proc.returncode == 1 and lines[0]["path"] == str(missing) and lines[0]["status"] == "io_error"


def test_missing_lab_program_is_a_clear_error(cli, tmp_path, image_files):
    lonely = tmp_path / "bin" / "pristine"
    lonely.parent.mkdir()
    shutil.copy(cli, lonely)
    proc, lines = run(lonely, "info", image_files["png"])  # the light commands still run
    assert proc.returncode == 0 and lines[0]["format"] == "png"
    proc, _ = run(lonely, "synth", tmp_path / "out")
    assert proc.returncode == 1
    assert "pristine-lab" in proc.stderr and "not installed" in proc.stderr
    env = dict(os.environ, PRISTINE_LAB_PROGRAM=str(tmp_path / "nowhere"))
    proc, _ = run(cli, "synth", tmp_path / "out", env=env)
    assert proc.returncode == 1 and "nowhere" in proc.stderr
