"""Ranking one group and its derivation tree: pristine.provenance, `pristine provenance` (JSON lines,
Graphviz DOT), `pristine rank` with the pair model and with --scores-only."""
import json
import subprocess
from pathlib import Path

import pytest

import pristine
from conftest import requires_models
from test_cli_dedupe import SAMPLES

pytestmark = requires_models

# The bundled samples: each copy was made from the PNG original.
ORIGINAL = SAMPLES / "astronaut.png"
COPIES = sorted(SAMPLES.glob("astronaut_copy*"))


def run(cli, *args):
    r = subprocess.run([cli, *map(str, args)], capture_output=True, text=True, timeout=300)
    return r, [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def parents_reach(parents, original):
    """Every member's chain of parents ends at the original (a tree: no cycle, no stray root)."""
    for path in parents:
        seen = set()
        while parents[path] is not None:
            assert path not in seen, "cycle through " + path
            seen.add(path)
            path = parents[path]
        assert path == original
    return True


def test_the_original_is_found_and_every_copy_has_a_parent():
    paths = [str(p) for p in COPIES] + [str(ORIGINAL)]  # the original last: the order given does not matter
    result = pristine.provenance(paths, threads=2)
    assert result["original"] == str(ORIGINAL) and result["errors"] == []
    assert sorted(result["parents"]) == sorted(paths)
    assert result["parents"][str(ORIGINAL)] is None
    assert parents_reach(result["parents"], str(ORIGINAL))
    # Each copy was made from the original; the tree may hang one from a sibling, never most of them.
    made_from_original = sum(result["parents"][str(p)] == str(ORIGINAL) for p in COPIES)
    assert made_from_original >= 4, result["parents"]
    members = result["members"]
    assert [m["rank"] for m in members] == sorted(m["rank"] for m in members) and members[0]["rank"] == 1
    assert all(0.0 <= m["parent_confidence"] <= 1.0 and isinstance(m["score"], float) for m in members)
    assert "pair model" in result["reason"]


def test_the_cli_prints_the_same_tree_and_draws_it(cli, tmp_path):
    paths = [str(ORIGINAL)] + [str(p) for p in COPIES]
    dot = tmp_path / "tree.dot"
    proc, lines = run(cli, "provenance", *paths, "--dot", dot, "--threads", 2)
    assert proc.returncode == 0, proc.stderr
    assert {line["path"]: line["parent"] for line in lines} == pristine.provenance(paths)["parents"]
    assert lines[0]["path"] == str(ORIGINAL) and lines[0]["parent"] is None
    assert all(set(line) == {"path", "parent", "confidence"} for line in lines)
    text = dot.read_text()
    assert text.startswith("digraph provenance {") and text.rstrip().endswith("}")
    assert text.count(" -> ") == len(COPIES) and "astronaut.png" in text


def test_rank_uses_the_pair_model_or_the_scores_alone(cli):
    paths = [str(p) for p in COPIES] + [str(ORIGINAL)]
    proc, ranked = run(cli, "rank", *paths)
    assert proc.returncode == 0, proc.stderr
    assert [line["path"] for line in ranked] == [m["path"] for m in pristine.provenance(paths)["members"]]
    assert ranked[0]["path"] == str(ORIGINAL) and [line["rank"] for line in ranked] == list(range(1, len(paths) + 1))
    proc, alone = run(cli, "rank", "--scores-only", *paths)
    assert proc.returncode == 0, proc.stderr
    scores = [line["score"] for line in alone]
    assert scores == sorted(scores) and sorted(line["path"] for line in alone) == sorted(paths)
    by_scores = pristine.provenance(paths, rank_by="scores")
    assert [m["path"] for m in by_scores["members"]] == [line["path"] for line in alone]


def test_unreadable_files_are_reported_and_the_rest_ranked(cli, tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    paths = [str(ORIGINAL), str(COPIES[0]), str(broken)]
    result = pristine.provenance(paths)
    assert [e["path"] for e in result["errors"]] == [str(broken)]
    assert sorted(result["parents"]) == sorted(paths[:2])
    for command in ("provenance", "rank"):
        proc, lines = run(cli, command, *paths)
        assert proc.returncode == 1 and str(broken) in proc.stderr
        assert lines[-1]["path"] == str(broken) and "status" in lines[-1]
        assert [line["path"] for line in lines[:-1]] == [str(ORIGINAL), str(COPIES[0])]
    only_broken = pristine.provenance([broken])
    assert only_broken["original"] is None and only_broken["members"] == [] and len(only_broken["errors"]) == 1


def test_bad_arguments():
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.provenance([])
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.provenance([str(ORIGINAL)], rank_by="size")
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.provenance([str(ORIGINAL)], threads=-1)
    with pytest.raises(pristine.FileError):
        pristine.provenance([str(ORIGINAL)], pair_model="/nonexistent/pair-model.txt")
    with pytest.raises(pristine.FileError):
        pristine.provenance([str(ORIGINAL)], order_model="/nonexistent/order-model.txt")


def test_order_model_file():
    """The shipped order model as a file gives what the built-in copy gives; the pair model file in its
    place is a valid order model too (the same format), and picks the same original."""
    models = Path(__file__).resolve().parents[2] / "models"
    files = [str(p) for p in sorted(ORIGINAL.parent.glob("astronaut*"))]
    built_in = pristine.provenance(files)
    same = pristine.provenance(files, order_model=models / "order-pairs.txt")
    assert [m["path"] for m in same["members"]] == [m["path"] for m in built_in["members"]]
    assert same["parents"] == built_in["parents"]
    by_pairs = pristine.provenance(files, order_model=models / "rank-pairs.txt")
    assert by_pairs["original"] == built_in["original"]
