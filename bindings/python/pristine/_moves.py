"""Setting duplicates aside (re-exported by ``pristine``): move_duplicates, undo.

The copies a dedupe report does not keep are moved under a folder of their own, never deleted and
never overwriting anything; every move is written to a journal first, so that ``undo`` (or
``pristine undo JOURNAL``) puts every file back, even after a run was killed half-way. The same moves
as ``pristine dedupe --move-duplicates`` (docs/dedupe.md, `--move-duplicates`).
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Mapping, Sequence, Union

from . import _pristine
from ._errors import _invalid

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def _outcomes(raw: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{"from": os.fsdecode(o["from"]), "to": os.fsdecode(o["to"]), "status": o["status"],
             "error": o["error"]} for o in raw]


def _groups(report: Mapping[str, Any]) -> list:
    """The report's members as (path bytes, keep, reference): what decides which files move."""
    try:
        groups = report["groups"]
        return [[(os.fsencode(m["path"]), bool(m["keep"]), bool(m.get("reference", False)))
                 for m in g["members"]] for g in groups]
    except (KeyError, TypeError) as e:
        raise _invalid(f"report must be a dict as pristine.dedupe returns it ({e!r} missing or wrong)") from None


def move_duplicates(report: Mapping[str, Any], inputs: Union[PathLike, Sequence[PathLike]],
                    destination: PathLike, *, journal: PathLike, dry_run: bool = False) -> Dict[str, Any]:
    """Move every copy of ``report`` (a :func:`pristine.dedupe` result) that is neither kept nor a
    reference file under ``destination``, keeping its place under the input it was found in
    (``inputs``: the paths given to ``dedupe``; a file found in folder ``"photos"`` as
    ``"photos/2019/a.jpg"`` goes to ``destination/photos/2019/a.jpg``). A name already taken gets a
    free one; nothing is deleted or overwritten. Each move is journalled in ``journal`` (created, or
    appended to) before it starts, so :func:`undo` can put everything back.

    Returns ``{"journal": absolute path (empty for a dry run), "moves": [{"from", "to", "status",
    "error"}]}``, one entry per file in report order; ``status`` is ``"ok"`` or why that file stayed
    where it was (the others still move). ``dry_run``: the same plan, nothing written.
    Errors: InvalidArgumentError (no destination or journal, a report of another shape), FileError
    (the journal cannot be created or written before anything moved), BadFileVersionError (the journal
    file is something else).
    """
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    if not os.fspath(destination):
        raise _invalid("move_duplicates: destination is empty")
    raw = _pristine._move_duplicates(_groups(report), [os.fsencode(p) for p in inputs],
                                     os.fsencode(destination), os.fsencode(journal), bool(dry_run))
    return {"journal": os.fsdecode(raw["journal"]), "moves": _outcomes(raw["moves"])}


def undo(journal: PathLike, *, dry_run: bool = False) -> Dict[str, Any]:
    """Put back every file the journal's moves took away (last move first), never over a file that
    appeared at the original place since, and remove the folders the moves made once empty.

    Returns ``{"restored": [...], "failed": [...], "already_in_place": n}`` (entries ``{"from", "to",
    "status", "error"}``: ``from`` where the file was, ``to`` its original place). Undoing twice
    restores nothing the second time. Errors: FileError (the journal cannot be read or written),
    BadFileVersionError (not a move journal).
    """
    raw = _pristine._undo(os.fsencode(journal), bool(dry_run))
    return {"restored": _outcomes(raw["restored"]), "failed": _outcomes(raw["failed"]),
            "already_in_place": raw["already_in_place"]}
