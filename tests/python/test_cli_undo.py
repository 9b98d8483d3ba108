"""`pristine undo JOURNAL`: journals written here by hand in the documented format (docs/moving.md), so
that the format itself is tested: restores printed as {from, to} lines, a second undo restoring nothing,
a dry run changing nothing, a file at the original place never overwritten, the failure lines and exit
codes of the CLI contract."""
import json
import os
import subprocess
import zlib

import pytest

HEADER = b"pristine-move-journal 1\n"


def run(cli, *args):
    proc = subprocess.run([cli, *map(os.fsencode, args)], capture_output=True, timeout=120)
    stdout = proc.stdout.decode("utf-8", "replace")
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    return proc, lines


def escape(path):
    """Bytes outside '!'..'~' and '%' as %XX (upper-case hex)."""
    raw = os.fsencode(path)
    return "".join(chr(b) if 0x21 <= b <= 0x7E and b != 0x25 else "%%%02X" % b for b in raw)


def record(body):
    crc = zlib.crc32(body.encode("ascii")) & 0xFFFFFFFF
    return ("%08x %s\n" % (crc, body)).encode("ascii")


def move_by_hand(moves, journal):
    """Moves each (source, target) with os.rename and journals it as pristine does."""
    out = HEADER
    for op, (source, target) in enumerate(moves, start=1):
        st = os.stat(source)
        out += record("move %d %016x %d %d %s %s" % (op, op, st.st_dev, st.st_ino, escape(source), escape(target)))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.rename(source, target)
        out += record("done %d %d %d" % (op, st.st_dev, st.st_ino))
    journal.write_bytes(out)


@pytest.fixture
def moved(tmp_path):
    """Two files moved under dest/ (one with a newline and a per cent sign in its name) and their journal."""
    names = ["photo.jpg", "odd\nname 100%.png"]
    moves = []
    for i, name in enumerate(names):
        source = tmp_path / "src" / name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(b"picture %d" % i)
        moves.append((str(source), str(tmp_path / "dest" / "sub" / name)))
    journal = tmp_path / "moves.journal"
    move_by_hand(moves, journal)
    return moves, journal


def test_undo_restores_the_last_move_first_and_twice_is_a_no_op(cli, moved):
    moves, journal = moved
    proc, lines = run(cli, "undo", journal)
    assert proc.returncode == 0, proc.stderr
    assert lines == [{"from": t, "to": s} for s, t in reversed(moves)]
    for i, (source, target) in enumerate(moves):
        assert open(source, "rb").read() == b"picture %d" % i
        assert not os.path.exists(target)
    proc, lines = run(cli, "undo", journal)
    assert proc.returncode == 0 and lines == []


def test_dry_run_lists_the_restores_and_changes_nothing(cli, moved):
    moves, journal = moved
    before = journal.read_bytes()
    proc, lines = run(cli, "undo", journal, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert len(lines) == 2
    assert journal.read_bytes() == before
    assert all(os.path.exists(t) and not os.path.exists(s) for s, t in moves)


def test_a_file_at_the_original_place_is_reported_and_kept(cli, moved):
    moves, journal = moved
    source, target = moves[0]
    open(source, "wb").write(b"made after the move")
    proc, lines = run(cli, "undo", journal)
    assert proc.returncode == 1
    failures = [line for line in lines if "error" in line]
    assert len(failures) == 1
    assert failures[0]["path"] == source and failures[0]["status"] == "io_error"
    assert source.encode() in proc.stderr
    assert lines.count({"from": moves[1][1], "to": moves[1][0]}) == 1  # the other one is restored
    assert open(source, "rb").read() == b"made after the move"
    assert open(target, "rb").read() == b"picture 0"


@pytest.mark.parametrize("content, status", [
    (b"pristine-move-journal 2\n", "bad_file_version"),
    (b"just some text\n", "bad_file_version"),
    (None, "io_error"),
])
def test_an_unreadable_journal_is_a_failure_line(cli, tmp_path, content, status):
    journal = tmp_path / "j"
    if content is not None:
        journal.write_bytes(content)
    proc, lines = run(cli, "undo", journal)
    assert proc.returncode == 1
    assert lines == [{"path": str(journal), "error": lines[0]["error"], "status": status}]
    assert str(journal) in lines[0]["error"]
    if content is not None:
        assert journal.read_bytes() == content
    else:
        assert not journal.exists()


def test_a_torn_last_line_is_skipped(cli, moved):
    moves, journal = moved
    with open(journal, "ab") as f:
        f.write(record("move 3 0000000000000003 1 2 /a /b")[:-9])  # the write of a third move cut short
    proc, lines = run(cli, "undo", journal)
    assert proc.returncode == 0, proc.stderr
    assert len(lines) == 2


@pytest.mark.parametrize("args", [["undo"], ["undo", "j", "--bogus"], ["undo", "a", "b"]])
def test_usage_errors_exit_2(cli, args):
    proc, _ = run(cli, *args)
    assert proc.returncode == 2


def test_help_lists_undo(cli):
    proc, _ = run(cli, "--help")
    assert proc.returncode == 0 and b"undo" in proc.stdout
    proc, _ = run(cli, "help", "undo")
    assert proc.returncode == 0 and b"--dry-run" in proc.stdout
