"""`pristine eval-dedupe make-collection` and `score`: a tiny collection from the bundled samples (the
samples' own copies are left out as one picture), its truth scored perfectly, usage errors, and the
external-tools copier when the tools are installed."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SMALL = ["--model-holdout", "ignore", "--groups", 4, "--distinct", 20, "--broken", 2,
         "--min-side", 64, "--max-side", 128, "--min-region", 64, "--threads", 2]


def run(cli, *args, timeout=300):
    return subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def truth_report(coll, truth, prefix):
    """The report a perfect dedupe would write: the truth's groups, each keeping a best copy."""
    return {"version": 1, "files": len(truth["files"]),
            "errors": [{"path": f"{prefix}/{f['path']}", "error": "broken", "status": "corrupt_data"}
                       for f in truth["files"] if f["role"] == "broken"],
            "groups": [{"members": [{"path": f"{prefix}/{p}", "keep": p == g["best"][0]} for p in g["members"]],
                        "reason": "truth"} for g in truth["groups"]]}


def make(cli, out, *extra):
    """A collection from the samples' own pictures (the top folder only: their copies are one picture
    each; samples/archive is another collection)."""
    sources = out.parent / f"{out.name}-sources"
    sources.mkdir(exist_ok=True)
    for f in SAMPLES.iterdir():
        if f.is_file():
            shutil.copy(f, sources / f.name)
    proc = run(cli, "eval-dedupe", "make-collection", "--out", out, "--sources", sources, *SMALL, *extra)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    summary["log"] = proc.stderr
    return summary, json.loads((out / "truth.json").read_text())


def test_collection_and_perfect_score(cli, tmp_path):
    coll = tmp_path / "coll"
    summary, truth = make(cli, coll)
    assert summary["groups"] == 4 and summary["distinct"] == 20 and summary["broken"] == 2
    assert summary["sources_used"] == 3  # astronaut, chelsea, coffee: their copies are one picture each
    # The samples' copies are recognised as one picture with their originals and said so.
    assert "astronaut_copy1.jpg left out: looks like" in summary["log"]
    files = sorted(str(p.relative_to(coll)) for p in coll.rglob("*") if p.is_file() and p.name != "truth.json")
    assert files == sorted(f["path"] for f in truth["files"])

    report = tmp_path / "report.json"
    report.write_text(json.dumps(truth_report(coll, truth, str(coll))))
    score_json = tmp_path / "score.json"
    proc = run(cli, "eval-dedupe", "score", "--truth", coll / "truth.json", "--report", report, "--json", score_json)
    assert proc.returncode == 0, proc.stderr
    assert "| precision | **1.0000**" in proc.stdout and "| recall | **1.0000**" in proc.stdout
    score = json.loads(score_json.read_text())
    assert score["best_copy"]["report"]["fraction"] == 1.0
    assert score["errors"]["broken_reported"] == 2
    # Everything in one group: recall 1, precision low, false pairs named.
    everything = {"version": 1, "files": 0, "errors": [],
                  "groups": [{"members": [{"path": f"x/{f['path']}", "keep": i == 0} for i, f in enumerate(truth["files"])]}]}
    report.write_text(json.dumps(everything))
    proc = run(cli, "eval-dedupe", "score", "--truth", coll / "truth.json", "--report", report)
    assert proc.returncode == 0, proc.stderr
    assert "| recall | **1.0000**" in proc.stdout and "broken file" in proc.stdout


def test_usage_errors_and_failures(cli, tmp_path):
    assert run(cli, "eval-dedupe").returncode == 2
    assert run(cli, "eval-dedupe", "make-collection").returncode == 2  # --out is required
    proc = run(cli, "eval-dedupe", "make-collection", "--out", tmp_path / "c", "--copies-by", "gimp")
    assert proc.returncode == 2 and "--copies-by" in proc.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "mine.jpg").write_bytes(b"user file")
    proc = run(cli, "eval-dedupe", "make-collection", "--out", tmp_path / "full", *SMALL)
    assert proc.returncode == 1 and "not empty" in proc.stderr
    assert (tmp_path / "full" / "mine.jpg").read_bytes() == b"user file"
    proc = run(cli, "eval-dedupe", "score", "--truth", tmp_path / "none.json", "--report", tmp_path / "r.json")
    assert proc.returncode == 1 and "none.json" in proc.stderr


@pytest.mark.skipif(not all(shutil.which(t) for t in ("cjpeg", "djpeg", "cwebp", "dwebp", "gifsicle", "pngquant"))
                    or not Path("/usr/bin/convert").exists(), reason="the external tools are not installed")
def test_tools_copier_records_commands(cli, tmp_path):
    _, truth = make(cli, tmp_path / "coll", "--copies-by", "tools")
    assert truth["copies_by"].startswith("tools")
    hows = " ".join(op["how"] for f in truth["files"] for op in f.get("lineage", []))
    assert "convert " in hows and "pristine" not in hows
