"""Perceptual hashes (re-exported by ``pristine``): hash, hash_many, distance, HASH_KINDS, HASH_SIZES.

Hashes are ``bytes`` in the byte order of docs/hashes.md (``h.hex()`` is the CLI's text). Files and
encoded bytes take the fast path: a JPEG is decoded straight to its luma at the largest DCT reduction
the hash allows (docs/hashes.md, "Reduced-scale decode"); ``full_scale=True`` decodes at full size.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple, Union

import numpy as np

from . import _pristine
# Imported from the package's __init__, which defines it before importing this module.
from . import _split_source
from ._errors import _batch_error, _failures, _invalid, _keep_going

_KINDS: List[Tuple[str, int]] = [(name, size) for name, size in _pristine.hash_kinds()]

#: Names of the hash kinds, in the order of their stable numbers (C: pristine_hash_kind).
HASH_KINDS: Tuple[str, ...] = tuple(name for name, _ in _KINDS)
#: Size in bytes of each kind's hash.
HASH_SIZES: Dict[str, int] = dict(_KINDS)

Hash = Union[bytes, bytearray, memoryview, np.ndarray]


def _kind_number(kind: str) -> int:
    try:
        return HASH_KINDS.index(kind)
    except ValueError:
        raise _invalid(f"unknown hash kind {kind!r}; choose one of {', '.join(HASH_KINDS)}") from None


def hash(source: Any, kind: str = "pdq", *, dihedral: bool = False, full_scale: bool = False,
         with_quality: bool = False) -> Any:
    """The hash of an image as ``bytes`` (``HASH_SIZES[kind]`` of them).

    source: a path, the bytes of an encoded image, a binary file object, or a uint8 array
    ``(H, W)`` / ``(H, W, C)`` of pixels (grey, grey+alpha, RGB, RGBA; alpha ignored).
    kind: one of ``HASH_KINDS`` ("dct", "radial", "blockmean", "blockmean-overlap", "mh", "pdq").
    dihedral: return the list of 8 hashes of the picture's rotations/flips instead (identity, rot90
    counter-clockwise, rot180, rot270, mirror left-right, mirror top-bottom, transpose, antitranspose);
    pass it to :func:`distance` to match rotated and mirrored copies.
    full_scale: decode JPEGs at full size (slower, exact) instead of the reduced-scale fast path.
    with_quality: return ``(hash, pdq_quality)``; the quality is 0..100 for "pdq", -1 for other kinds.
    The GIL is released while hashing. Errors: the pristine.Error subclass of the failure; for a path,
    its message names the path.
    """
    number = _kind_number(kind)
    if isinstance(source, np.ndarray):
        result, quality = _pristine.hash_array(source, number, dihedral)
    else:
        path, data = _split_source(source)
        if path is not None:  # the library's message names the path
            result, quality = _pristine.hash_file(path, number, dihedral, full_scale)
        else:
            result, quality = _pristine.hash_memory(data, number, dihedral, full_scale)
    return (result, quality) if with_quality else result


def hash_many(paths: Sequence[Any], kind: str = "pdq", *, threads: int = 0, dihedral: bool = False,
              errors: str = "raise", full_scale: bool = False) -> Any:
    """Hashes of many files on ``threads`` worker threads (0 = all cores), GIL released.

    Returns a ``(N, HASH_SIZES[kind])`` uint8 array, row i the hash of ``paths[i]`` (with
    ``dihedral=True``: ``(N, 8, size)``). Ctrl-C stops the batch between files (KeyboardInterrupt).
    errors: "raise" (default) — if any file fails, raise the pristine.Error subclass of the first
    failure, whose message lists every failed path and whose ``failures`` attribute is a list of
    :class:`pristine.Failure` ``(index, source, status, message)``; "mask" — return ``(hashes, ok)``
    instead, where ``ok`` is a bool array and failed rows are zero.
    """
    keep_going = _keep_going(errors)
    if isinstance(paths, (str, bytes)):
        raise _invalid("paths must be a sequence of paths, not a single path")
    names = [_split_source(p)[0] for p in paths]
    if any(n is None for n in names):
        raise _invalid("hash_many takes file paths only; use hash() for bytes or arrays")
    if threads < 0:
        raise _invalid(f"threads must be >= 0, got {threads}")
    hashes, ok, native = _pristine.hash_many(names, _kind_number(kind), threads, dihedral, full_scale)
    if keep_going:
        return hashes, ok
    if native:
        raise _batch_error(_failures(native, lambda i: names[i]), len(names), "files could not be hashed")
    return hashes


def distance(a: Any, b: Hash, kind: str = "pdq", *, normalized: bool = False) -> float:
    """Distance between two hashes of ``kind``: Hamming bits (radial: 1 - peak correlation, 0..2).

    ``a`` may also be the 8 variants from ``hash(..., dihedral=True)`` (a list, or an ``(8, size)``
    array): the result is then the smallest distance over them, which matches rotated and mirrored
    copies. normalized: scale to 0..1 (bits / hash bits; radial (1 - peak) / 2).
    """
    number = _kind_number(kind)
    variants = isinstance(a, (list, tuple)) or (isinstance(a, np.ndarray) and a.ndim == 2)
    if variants:
        rows = [np.ascontiguousarray(v, dtype=np.uint8) if isinstance(v, np.ndarray) else v for v in a]
        return _pristine.hash_distance_dihedral(number, rows, _contiguous(b), normalized)
    return _pristine.hash_distance(number, _contiguous(a), _contiguous(b), normalized)


def _contiguous(h: Any) -> Any:
    if isinstance(h, np.ndarray):
        if h.dtype != np.uint8:
            raise _invalid(f"a hash array must have dtype uint8, got {h.dtype}")
        return np.ascontiguousarray(h)
    return h
