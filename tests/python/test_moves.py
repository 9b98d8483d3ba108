"""pristine.move_duplicates and pristine.undo: a dedupe report's copies set aside, journalled, put back."""
import pytest

import pristine
from conftest import requires_models
from test_cli_dedupe import collection  # noqa: F401  (the collection fixture)

pytestmark = requires_models


def snapshot(root):
    """Every file under root with its bytes."""
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def not_kept(report):
    return [m["path"] for g in report["groups"] for m in g["members"] if not m["keep"]]


def test_moves_keep_their_place_and_undo_puts_everything_back(collection, tmp_path):  # noqa: F811
    root, _ = collection
    before = snapshot(root)
    report = pristine.dedupe(root, rank=False)
    leaving = not_kept(report)
    assert len(leaving) == 6  # 3 groups of 3 copies, one kept in each
    aside, journal = tmp_path / "aside", tmp_path / "moves.journal"

    plan = pristine.move_duplicates(report, root, aside, journal=journal, dry_run=True)
    assert [m["from"] for m in plan["moves"]] == leaving and all(m["status"] == "ok" for m in plan["moves"])
    assert plan["journal"] == "" and not journal.exists() and not aside.exists() and snapshot(root) == before

    done = pristine.move_duplicates(report, root, aside, journal=journal)
    assert done["journal"] == str(journal.resolve()) and journal.exists()
    assert [m["from"] for m in done["moves"]] == leaving
    for m in done["moves"]:
        # Each file went to aside/<the input folder's name>/<its place under it>, with the same bytes.
        relative = m["from"][len(str(root)) + 1:]
        assert m["status"] == "ok" and m["error"] == "" and m["to"] == str(aside / root.name / relative)
        assert (aside / root.name / relative).read_bytes() == before[root.relative_to(root) / relative]
        assert not (root / relative).exists()
    kept = [m["path"] for g in report["groups"] for m in g["members"] if m["keep"]]
    assert all((root / k[len(str(root)) + 1:]).exists() for k in kept)

    undone = pristine.undo(journal)
    assert len(undone["restored"]) == 6 and undone["failed"] == [] and undone["already_in_place"] == 0
    assert sorted(m["to"] for m in undone["restored"]) == sorted(leaving)
    assert snapshot(root) == before and not aside.exists()  # the folders the moves made are gone
    again = pristine.undo(journal)
    assert again["restored"] == [] and again["already_in_place"] == 6


def test_a_taken_name_gets_a_free_one_and_nothing_is_overwritten(collection, tmp_path):  # noqa: F811
    root, _ = collection
    report = pristine.dedupe(root, rank=False)
    first = not_kept(report)[0]
    aside = tmp_path / "aside"
    target = aside / root.name / first[len(str(root)) + 1:]
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone else's file")
    done = pristine.move_duplicates(report, root, aside, journal=tmp_path / "j")
    assert done["moves"][0]["status"] == "ok" and done["moves"][0]["to"] != str(target)
    assert target.read_bytes() == b"someone else's file"


def test_bad_arguments(collection, tmp_path):  # noqa: F811
    root, _ = collection
    report = pristine.dedupe(root, rank=False)
    with pytest.raises(pristine.InvalidArgumentError, match="report"):
        pristine.move_duplicates({"groups": [{"members": [{"path": "x"}]}]}, root, tmp_path / "a", journal=tmp_path / "j")
    with pytest.raises(pristine.InvalidArgumentError, match="destination"):
        pristine.move_duplicates(report, root, "", journal=tmp_path / "j")
    not_a_journal = tmp_path / "notes.txt"
    not_a_journal.write_text("shopping list\n")
    with pytest.raises(pristine.BadFileVersionError):
        pristine.move_duplicates(report, root, tmp_path / "a", journal=not_a_journal)
    assert not_a_journal.read_text() == "shopping list\n" and snapshot(root)  # left untouched
    with pytest.raises(pristine.BadFileVersionError):
        pristine.undo(not_a_journal)
    with pytest.raises(pristine.FileError):
        pristine.undo(tmp_path / "no_such.journal")
