"""The dedupe job and the ranking of one group (re-exported by ``pristine``): dedupe, provenance.

Every picture that is there more than once among the files of some folders — resized, re-compressed,
cropped for a feed, turned, mirrored, quantised — grouped, and in each group the copy to keep: the one
the generation-loss scorer finds closest to the original. The same job and report as
``pristine dedupe`` (docs/dedupe.md). It needs the scorer's native module (and libtorch), imported on
the first call.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Dict, Optional, Sequence, Union

from ._errors import _invalid
from ._scorer import _native

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

# The thresholds, passed on only when given (None keeps the library's calibrated default).
_INT_OPTIONS = ("candidate_radius", "dihedral_radius", "dct_radius", "mean_radius", "max_pixels",
                "max_ambiguous_distance")
_FLOAT_OPTIONS = ("min_correlation", "max_chroma_difference", "flat_std", "max_flat_mean_difference",
                  "min_link_fraction", "min_detail_correlation", "max_local_difference", "max_strip_ratio",
                  "min_strip_correlation", "min_coverage", "min_alignment_margin", "max_far_shift")


def _paths(value: Union[PathLike, Sequence[PathLike]], name: str) -> list:
    """File names as bytes (as the OS has them, so that any name round-trips); one path or a sequence."""
    if isinstance(value, (str, bytes, os.PathLike)):
        value = [value]
    try:
        return [os.fsencode(p) for p in value]
    except TypeError:
        raise _invalid(f"{name} must be a path or a sequence of paths (str or os.PathLike)") from None


def dedupe(paths: Union[PathLike, Sequence[PathLike]], *,
           reference: Union[None, PathLike, Sequence[PathLike]] = None, rank: bool = True,
           model: Optional[PathLike] = None, threads: int = 0,
           progress: Optional[Callable[[str, int, int], Any]] = None,
           candidate_radius: Optional[int] = None, dct_radius: Optional[int] = None,
           mean_radius: Optional[int] = None, min_correlation: Optional[float] = None,
           max_chroma_difference: Optional[float] = None, flat_std: Optional[float] = None,
           max_flat_mean_difference: Optional[float] = None, min_link_fraction: Optional[float] = None,
           dihedral_radius: Optional[int] = None, min_detail_correlation: Optional[float] = None,
           max_local_difference: Optional[float] = None, max_strip_ratio: Optional[float] = None,
           min_strip_correlation: Optional[float] = None, min_coverage: Optional[float] = None,
           max_ambiguous_distance: Optional[int] = None, min_alignment_margin: Optional[float] = None,
           max_far_shift: Optional[float] = None, rank_by: str = "pairs",
           pair_model: Optional[PathLike] = None, order_model: Optional[PathLike] = None,
           cache: Optional[PathLike] = None,
           dihedral: bool = True, crop_views: bool = True, include_hidden: bool = False,
           recursive: bool = True, apply_orientation: bool = True,
           max_pixels: Optional[int] = None) -> Dict[str, Any]:
    """Find every group of copies among the image files of ``paths`` (files and folders, walked
    recursively; formats recognised from the bytes) and pick the copy to keep in each.

    Returns a dict with exactly the structure of the JSON report of ``pristine dedupe``:
    ``version``, ``files`` (files examined), ``errors`` (``[{"path", "error", "status"}]``: files that
    could not be read — the run never stops for one), ``groups`` (largest duplicate bytes first:
    ``{"members", "reason", "duplicate_bytes"}``, each member ``{"path", "keep", "score" (None when not
    scored; lower = closer to the original), "rank", "width", "height", "format", "file_size",
    "distance" (PDQ bits to the kept copy), "reference"}`` plus ``"identical_to"`` when another member
    has identical pixels, ``"parent"`` (the member it was most likely made from; None for the kept copy)
    and ``"parent_confidence"`` (0..1)), ``candidate_pairs``, ``verified_pairs``, ``cache_hits`` and ``cache_misses``. Paths are as listed from the
    inputs (``"photos"`` gives ``"photos/a/b.jpg"``).

    reference: folders or files of reference pictures: only groups holding one are reported, and a
    reference file is kept in each. rank: score each group's copies (False: no scores, the largest
    picture is kept). rank_by: "pairs" (compare every two copies with the pair model) or "scores"
    (each copy's generation-loss score alone). model: a scorer model file (default: the shipped one,
    see :func:`default_model_path`); pair_model: a pair model file that picks the copy to keep,
    order_model: one that orders the others (default: the built-in ones).
    threads: workers (0 = all cores).
    progress: called as ``progress(stage, done, total)`` with stage "fingerprint", "match" or "rank",
    on the calling thread with the GIL held; an exception it raises stops the run and is re-raised.
    cache: a fingerprint cache file (SQLite, created when absent): a re-run reads only new or changed
    files. The thresholds (candidate_radius, dihedral_radius, dct_radius, mean_radius, min_correlation,
    min_detail_correlation, max_local_difference, max_strip_ratio, min_strip_correlation,
    max_chroma_difference, min_coverage, max_ambiguous_distance, min_alignment_margin, max_far_shift,
    flat_std, max_flat_mean_difference, min_link_fraction; None = the calibrated default, the same as
    the CLI's), dihedral (match turned and mirrored copies), crop_views (match feed crops),
    include_hidden, recursive, apply_orientation and max_pixels are those of ``pristine dedupe``
    (docs/dedupe.md).

    The GIL is released while it runs; Ctrl-C stops it (KeyboardInterrupt). Errors: InvalidArgumentError
    (no paths, options out of range), UnavailableError (pristine built or installed without models),
    and when ranking the scorer's load errors (FileError without a model, BadFileVersionError, ...).
    """
    inputs = _paths(paths, "paths")
    if not inputs:
        raise _invalid("dedupe: no files or folders given")
    if progress is not None and not callable(progress):
        raise _invalid("progress must be callable or None")
    options: Dict[str, Any] = {
        "rank": bool(rank), "dihedral": bool(dihedral), "crop_views": bool(crop_views),
        "include_hidden": bool(include_hidden), "recursive": bool(recursive),
        "apply_orientation": bool(apply_orientation),
    }
    if threads < 0:
        raise _invalid(f"threads must be >= 0, got {threads}")
    options["threads"] = int(threads)
    if reference is not None:
        options["reference"] = _paths(reference, "reference")
    if model is not None:
        options["model"] = os.fsencode(model)
    if cache is not None:
        options["cache"] = os.fsencode(cache)
    if rank_by not in ("pairs", "scores"):
        raise _invalid(f'rank_by must be "pairs" or "scores", got {rank_by!r}')
    options["rank_by"] = rank_by
    if pair_model is not None:
        options["pair_model"] = os.fsencode(pair_model)
    if order_model is not None:
        options["order_model"] = os.fsencode(order_model)
    given = dict(candidate_radius=candidate_radius, dct_radius=dct_radius, mean_radius=mean_radius,
                 max_pixels=max_pixels, min_correlation=min_correlation,
                 max_chroma_difference=max_chroma_difference, flat_std=flat_std,
                 max_flat_mean_difference=max_flat_mean_difference, min_link_fraction=min_link_fraction,
                 dihedral_radius=dihedral_radius, min_detail_correlation=min_detail_correlation,
                 max_local_difference=max_local_difference, max_strip_ratio=max_strip_ratio,
                 min_strip_correlation=min_strip_correlation, min_coverage=min_coverage,
                 max_ambiguous_distance=max_ambiguous_distance, min_alignment_margin=min_alignment_margin,
                 max_far_shift=max_far_shift)
    for name, value in given.items():
        if value is None:
            continue
        try:
            options[name] = int(value) if name in _INT_OPTIONS else float(value)
        except (TypeError, ValueError):
            kind = "an integer" if name in _INT_OPTIONS else "a number"
            raise _invalid(f"{name} must be {kind}, got {value!r}") from None
        if name in _INT_OPTIONS and options[name] != value:
            raise _invalid(f"{name} must be an integer, got {value!r}")
    if options.get("max_pixels", 1) < 1:
        raise _invalid(f"max_pixels must be >= 1, got {max_pixels}")
    return _native().dedupe(inputs, options, progress)


def provenance(paths: Sequence[PathLike], *, model: Optional[PathLike] = None,
               pair_model: Optional[PathLike] = None, order_model: Optional[PathLike] = None,
               rank_by: str = "pairs", threads: int = 0, dihedral: bool = True,
               apply_orientation: bool = True) -> Dict[str, Any]:
    """Which copy each of ``paths`` — copies of one picture — was made from, and which is the original.

    The files are ranked as :func:`dedupe` ranks a group (nothing is matched: every file is taken as a
    copy of the same picture) and their derivation tree is estimated (docs/provenance.md). Returns
    ``{"original": path of the estimated original (None when no file could be read), "parents":
    {path: parent path or None}, "members": [...], "reason": str, "errors": [...]}``: ``members`` are
    best first, each with the keys of a :func:`dedupe` report member (``path``, ``rank``, ``score``,
    ``parent``, ``parent_confidence``, ``width``, ``height``, ``format``, ...); ``errors`` lists the files
    that could not be read (``{"path", "error", "status"}``), which are left out of the rest.
    rank_by: "pairs" (the pair model) or "scores" (each copy's generation-loss score alone; parents then
    follow the hash distances). model, pair_model, order_model, threads, dihedral, apply_orientation: as for
    :func:`dedupe`. Errors: InvalidArgumentError (no paths), UnavailableError (no models), the scorer's
    and pair model's load errors.
    """
    inputs = _paths(paths, "paths")
    if not inputs:
        raise _invalid("provenance: no files given")
    if rank_by not in ("pairs", "scores"):
        raise _invalid(f'rank_by must be "pairs" or "scores", got {rank_by!r}')
    if threads < 0:
        raise _invalid(f"threads must be >= 0, got {threads}")
    options: Dict[str, Any] = {"rank_by": rank_by, "threads": int(threads), "dihedral": bool(dihedral),
                               "apply_orientation": bool(apply_orientation)}
    if model is not None:
        options["model"] = os.fsencode(model)
    if pair_model is not None:
        options["pair_model"] = os.fsencode(pair_model)
    if order_model is not None:
        options["order_model"] = os.fsencode(order_model)
    ranked = _native().rank_copies(inputs, options)
    members = ranked["members"]
    return {"original": members[0]["path"] if members else None,
            "parents": {m["path"]: m["parent"] for m in members},
            "members": members, "reason": ranked["reason"], "errors": ranked["errors"]}
