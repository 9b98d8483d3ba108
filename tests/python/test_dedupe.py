"""pristine.dedupe: the same report as `pristine dedupe` (as a dict), options, progress, errors, Ctrl-C."""
import json
import subprocess
import time

import numpy as np
import pytest

import pristine
from conftest import assert_stops_on_ctrl_c, requires_models
from test_cli_dedupe import SAMPLES, collection  # noqa: F401  (the collection fixture)

pytestmark = requires_models


def cli_report(cli, *args):
    r = subprocess.run([cli, "dedupe", *map(str, args)], capture_output=True, text=True, timeout=300)
    assert r.returncode in (0, 1), r.stderr  # 1: some files could not be read
    return json.loads(r.stdout)


def test_the_dict_is_the_cli_report(cli, collection):  # noqa: F811
    root, groups = collection
    report = pristine.dedupe(str(root))
    assert report == cli_report(cli, root)
    # What the CLI's report holds, checked here too so that an empty report cannot pass.
    assert report["version"] == 1 and report["files"] == 14 and len(report["errors"]) == 2
    assert sorted(sorted(m["path"] for m in g["members"]) for g in report["groups"]) == sorted(map(sorted, groups))
    assert report["verified_pairs"] >= 9 and report["candidate_pairs"] >= report["verified_pairs"]
    member = report["groups"][0]["members"][0]
    assert isinstance(member["score"], float) and member["keep"] is True and member["rank"] == 1
    assert any("identical_to" in m for g in report["groups"] for m in g["members"])
    assert all("identical_to" not in m or m["identical_to"] for g in report["groups"] for m in g["members"])
    assert {e["status"] for e in report["errors"]} <= {"unsupported_format", "corrupt_data"}


def test_options_reach_the_job_as_in_the_cli(cli, collection, tmp_path):  # noqa: F811
    root, _ = collection
    ref = tmp_path / "ref"
    ref.mkdir()
    (ref / "master.png").write_bytes((SAMPLES / "chelsea.png").read_bytes())
    report = pristine.dedupe([root / "a", root / "orig0.png"], reference=ref, rank=False, candidate_radius=30,
                             min_correlation=0.95, threads=1)
    assert report == cli_report(cli, root / "a", root / "orig0.png", "--reference", ref, "--no-rank",
                                "--candidate-radius", 30, "--min-correlation", 0.95, "--threads", 1)
    assert len(report["groups"]) == 1 and all(m["score"] is None for m in report["groups"][0]["members"])
    kept = next(m for m in report["groups"][0]["members"] if m["keep"])
    assert kept["path"] == str(ref / "master.png") and kept["reference"]
    # The verification thresholds and the ranking options as the CLI takes them.
    tuned = dict(max_strip_ratio=6, min_strip_correlation=0.5, min_coverage=0.7, max_ambiguous_distance=60,
                 min_alignment_margin=0.02, max_far_shift=0.05)
    flags = [x for k, v in tuned.items() for x in ("--" + k.replace("_", "-"), v)]
    assert pristine.dedupe(root, rank_by="scores", **tuned) == cli_report(cli, root, "--rank-by", "scores", *flags)
    plain = pristine.dedupe([root / "a", root / "orig0.png"], rank=False, crop_views=False, dihedral=False)
    # Without dihedral matching the 90-degree turns are no copies: only orig0 and its half-size JPEG remain.
    assert [sorted(m["path"] for m in g["members"]) for g in plain["groups"]] == [
        sorted([str(root / "orig0.png"), str(root / "a" / "small0.jpg")])]


def test_progress_is_told_each_stage_in_order(collection):  # noqa: F811
    root, _ = collection
    calls = []
    pristine.dedupe(root, progress=lambda stage, done, total: calls.append((stage, done, total)))
    stages = [c[0] for c in calls]
    assert stages == sorted(stages, key=["fingerprint", "match", "rank"].index)
    assert set(stages) == {"fingerprint", "match", "rank"}
    for stage in ("fingerprint", "match", "rank"):
        last = [c for c in calls if c[0] == stage][-1]
        assert last[1] == last[2] > 0
    assert [c for c in calls if c[0] == "fingerprint"][-1][2] == 13  # the files that look like images
    assert [c for c in calls if c[0] == "rank"][-1][2] == 9  # the members of the groups


def test_an_exception_in_progress_stops_the_run_and_is_raised(collection):  # noqa: F811
    root, _ = collection
    seen = []

    def progress(stage, done, total):
        seen.append(stage)
        raise LookupError("stop here")

    with pytest.raises(LookupError, match="stop here"):
        pristine.dedupe(root, progress=progress)
    assert seen == ["fingerprint"]


def test_bad_arguments(collection, tmp_path):  # noqa: F811
    root, _ = collection
    start = time.perf_counter()
    with pytest.raises(pristine.InvalidArgumentError, match="candidate_radius"):
        pristine.dedupe([root] * 2000, candidate_radius=99)
    assert time.perf_counter() - start < 5  # refused before reading any file
    with pytest.raises(pristine.InvalidArgumentError, match="min_link_fraction"):
        pristine.dedupe(root, min_link_fraction=0)
    with pytest.raises(pristine.InvalidArgumentError, match="min_coverage"):
        pristine.dedupe(root, min_coverage=1.5)
    with pytest.raises(pristine.InvalidArgumentError, match="rank_by"):
        pristine.dedupe(root, rank_by="size")
    with pytest.raises(pristine.FileError):  # a pair model file that is not there
        pristine.dedupe(root, pair_model=tmp_path / "missing-pairs.txt")
    with pytest.raises(pristine.InvalidArgumentError, match="no files"):
        pristine.dedupe([])
    with pytest.raises(pristine.InvalidArgumentError, match="threads"):
        pristine.dedupe(root, threads=-1)
    with pytest.raises(pristine.InvalidArgumentError, match="an integer"):
        pristine.dedupe(root, candidate_radius=3.5)
    with pytest.raises(pristine.InvalidArgumentError, match="progress"):
        pristine.dedupe(root, progress=5)
    with pytest.raises(pristine.InvalidArgumentError, match="paths"):
        pristine.dedupe([12])
    with pytest.raises(TypeError):
        pristine.dedupe(root, no_such_option=1)
    with pytest.raises(pristine.FileError):  # ranking needs a model
        pristine.dedupe(root, model=tmp_path / "missing.pmdl")
    # A path that does not exist is a file that cannot be read: reported, not raised.
    report = pristine.dedupe(tmp_path / "nothing_here.png", rank=False)
    assert [e["status"] for e in report["errors"]] == ["io_error"] and report["groups"] == []


def test_releases_the_gil_and_stops_on_ctrl_c(tmp_path):
    rng = np.random.default_rng(1)
    path = tmp_path / "photo.jpg"
    path.write_bytes(pristine.encode(rng.integers(0, 256, size=(256, 256, 3), dtype=np.uint8), "jpeg"))
    assert_stops_on_ctrl_c(lambda: pristine.dedupe([path] * 5000, threads=1, rank=False))
