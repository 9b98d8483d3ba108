"""`pristine hpsearch`: a tiny search of 2 trials (a second each) on generated pictures writes its history,
resumes from it, and reports a damaged history line by number."""
import json
import subprocess

import numpy as np
import pytest

import pristine
from conftest import requires_models

pytestmark = requires_models


def _pictures(folder, count=4):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(3)
    for i in range(count):
        h, w = 128 + 8 * i, 160 + 16 * i
        y, x = np.mgrid[0:h, 0:w]
        img = np.stack([(x * 3 + i * 40) % 256, (y * 2 + x) % 256, (np.sin(0.3 * x * (i + 1) + 0.2 * y) * 100 + 128)],
                       axis=-1)
        img = np.clip(img + rng.integers(-20, 21, size=img.shape), 0, 255).astype(np.uint8)
        (folder / f"pic{i}.png").write_bytes(pristine.encode(img, "png"))


def _search(cli, pictures, history, *extra, seconds="0.5"):
    args = [cli, "hpsearch", "--images", pictures, "--history", history, "--trial-seconds", seconds, "--threads", "1",
            "--max-side", "128", "--groups", "4", "--data-epochs", "1", "--validation-groups", "2",
            "--candidates", "200", "--random-trials", "1", "--budget-minutes", "10", *extra]
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc, lines


def test_hpsearch_runs_resumes_and_rejects_a_damaged_history(cli, tmp_path):
    pictures = tmp_path / "pictures"
    _pictures(pictures)
    history = tmp_path / "history.jsonl"
    best = tmp_path / "best.json"
    proc, lines = _search(cli, pictures, history, "--max-trials", "2", "--best-out", best)
    assert proc.returncode == 0, proc.stderr
    trials, summary = lines[:-1], lines[-1]
    assert [t["trial"] for t in trials] == [1, 2]
    assert trials[0]["proposed_by"] == "hand-tuned"
    assert trials[0]["choices"]["block"]["width"] == "64" and trials[0]["choices"]["training"]["rate"] == "0.001"
    assert all(0 <= t["validation_accuracy"] <= 1 and t["steps"] >= 1 for t in trials)
    assert trials[0]["grid"] != trials[1]["grid"]
    assert summary["trials"] == 2 and summary["stopped"] == "max_trials"
    records = [json.loads(line) for line in history.read_text().splitlines()]
    assert [r["type"] for r in records] == ["setup", "trial", "trial"]
    assert all(r["format"] == "pristine-hpsearch" and r["version"] == 1 and "check" in r for r in records)
    assert json.loads(best.read_text())["hand_tuned"]["trial"] == 1
    assert not (tmp_path / "history.jsonl.work" / "trial.pmdl").exists()

    # Resuming: the two trials are kept, one more is run.
    before = history.read_text()
    proc, lines = _search(cli, pictures, history, "--max-trials", "3")
    assert proc.returncode == 0, proc.stderr
    assert [t["trial"] for t in lines[:-1]] == [3]
    assert lines[-1]["new_trials"] == 1
    assert history.read_text().startswith(before)

    # Another trial time is another search: refused, the history untouched.
    proc, _ = _search(cli, pictures, history, "--max-trials", "4", seconds="2")
    assert proc.returncode == 1 and "trial_seconds" in proc.stderr

    # A damaged line is named.
    text = history.read_text().splitlines()
    text[2] = text[2].replace('"trial":2', '"trial":7')
    history.write_text("\n".join(text) + "\n")
    proc, _ = _search(cli, pictures, history, "--max-trials", "4")
    assert proc.returncode == 1 and "line 3" in proc.stderr, proc.stderr
