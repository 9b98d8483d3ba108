"""`pristine synth` and `pristine eval-scorer --baselines-only`: files, JSON lines, tables, exit codes."""
import json
import subprocess

from conftest import requires_models


def run(cli, *args, timeout=300):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def test_synth_writes_pngs_deterministically(cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        proc = run(cli, "synth", out, "--count", 7, "--seed", 3, "--min-side", 64, "--max-side", 160)
        assert proc.returncode == 0, proc.stderr
        lines = [json.loads(line) for line in proc.stdout.splitlines()]
        assert len(lines) == 7
        assert {line["kind"] for line in lines} == {"shapes", "clipart", "comic", "gradient", "text", "screenshot"}
        for line in lines:
            assert line["path"].endswith(".png") and 16 <= max(line["width"], line["height"]) <= 160
    for f in sorted(a.iterdir()):
        assert f.read_bytes() == (b / f.name).read_bytes()


def test_synth_usage_errors(cli, tmp_path):
    assert run(cli, "synth", tmp_path, "--kinds", "photo").returncode == 2
    assert run(cli, "synth", tmp_path, "--kinds", "meme").returncode == 2  # memes need --photos


@requires_models
def test_eval_scorer_baselines_on_synthetic_sources(cli, tmp_path):
    proc = run(cli, "eval-scorer", "--baselines-only", "--synth", 4, "--pairs", 8, "--groups", 3,
               "--generation-images", 2, "--iterations", 0, 1, 2, 4, "--max-side", 96, "--threads", 2)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for needle in ("larger file wins", "more pixels wins", "higher JPEG quality wins", "**all** (8)",
                   "top-1 in groups (3)", "Spearman"):
        assert needle in out, needle


@requires_models
def test_eval_scorer_group_folder(cli, tmp_path):
    src = tmp_path / "src"
    assert run(cli, "synth", src, "--count", 1, "--kinds", "shapes", "--min-side", 64, "--max-side", 64).returncode == 0
    orig = next(src.iterdir())
    copy = tmp_path / "copy.jpg"
    assert run(cli, "degrade", orig, tmp_path / "d", "--steps", "jpeg:40").returncode == 0
    copy.write_bytes(next((tmp_path / "d").iterdir()).read_bytes())
    (tmp_path / "manifest.tsv").write_text(
        f"g\tsrc/{orig.name}\t-\toriginal\ng\tcopy.jpg\tsrc/{orig.name}\tjpeg 40\n")
    proc = run(cli, "eval-scorer", "--baselines-only", "--crosstool", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "child: jpeg 40 (1)" in proc.stdout


def test_eval_scorer_needs_inputs(cli):
    assert run(cli, "eval-scorer", "--baselines-only").returncode == 2


@requires_models
def test_eval_scorer_writes_misses(cli, tmp_path):
    src = tmp_path / "src"
    assert run(cli, "synth", src, "--count", 1, "--kinds", "shapes", "--min-side", 64, "--max-side", 64).returncode == 0
    orig = next(src.iterdir())
    # A 2x upscale is a bigger file than its original: "larger file wins" (the first scorer without a
    # model) orders this pair wrongly, so it is a miss.
    assert run(cli, "degrade", orig, tmp_path / "d", "--steps", "resize:2").returncode == 0
    (tmp_path / "up.png").write_bytes(next((tmp_path / "d").iterdir()).read_bytes())
    (tmp_path / "manifest.tsv").write_text(
        f"g\tsrc/{orig.name}\t-\toriginal\tsaved\ng\tup.png\tsrc/{orig.name}\tupscale\tresize 2x\n")
    misses = tmp_path / "misses.tsv"
    proc = run(cli, "eval-scorer", "--baselines-only", "--crosstool", tmp_path, "--misses", misses)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in misses.read_text().splitlines()]
    assert rows[0] == ["set", "source", "parent_score", "child_score", "parent_recipe", "child_recipe"]
    assert len(rows) == 2 and rows[1][0] == "crosstool" and rows[1][5] == "resize 2x"
    assert float(rows[1][2]) > float(rows[1][3])  # the parent scored worse: that is the miss
    assert run(cli, "eval-scorer", "--baselines-only", "--crosstool", tmp_path,
               "--misses", tmp_path / "no" / "such" / "dir" / "m.tsv").returncode != 0
