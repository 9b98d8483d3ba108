"""The Hamming index (re-exported by ``pristine``): HammingIndex.

Binary codes of one size (8..128 bytes: 64..1024 bits) — perceptual hashes such as ``pristine.hash``'s
PDQ, or any other binary code — under integer ids, with exact nearest and radius queries, queries by
the 8 rotations/flips of a picture, and every pair within a radius as one call. Codes and results are
numpy arrays; the GIL is released while the index works, so Python threads may query one index at
once (and add or remove meanwhile: it locks internally).
"""
from __future__ import annotations

import operator
from typing import Any, Sequence, Tuple, Union

import numpy as np

from . import _pristine
from ._errors import _invalid

#: One code: bytes-like (what ``pristine.hash`` returns) or a 1-D uint8 array.
Code = Union[bytes, bytearray, memoryview, np.ndarray]

_MAX_ID = 2 ** 64 - 1


def _integer(value: Any, name: str) -> int:
    try:
        return operator.index(value)
    except TypeError:
        raise _invalid(f"{name} must be an integer, got {type(value).__name__}") from None


def _id(value: Any) -> int:
    i = _integer(value, "id")
    if not 0 <= i <= _MAX_ID:
        raise _invalid(f"ids must be 0..2**64-1, got {i}")
    return i


def _ids(ids: Any) -> np.ndarray:
    """A 1-D uint64 array of ids (one integer gives one id)."""
    if isinstance(ids, (int, np.integer)):
        return np.array([_id(ids)], dtype=np.uint64)
    array = np.asarray(ids)
    if array.size == 0:
        return np.zeros(0, dtype=np.uint64)
    if array.ndim != 1:
        raise _invalid(f"ids must be one integer or a 1-D sequence of them, got an array of shape {array.shape}")
    if array.dtype.kind not in "iu":
        if array.dtype == object:  # Python integers beyond int64 land here
            return np.array([_id(v) for v in array], dtype=np.uint64)
        raise _invalid(f"ids must be integers, got dtype {array.dtype}")
    if array.dtype.kind == "i" and (array < 0).any():
        raise _invalid(f"ids must be >= 0, got {int(array.min())}")
    return np.ascontiguousarray(array, dtype=np.uint64)


def _is_bytes(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview))


def _code_rows(codes: Any, what: str) -> np.ndarray:
    """Codes as a 2-D uint8 array, one row each: bytes-like (one code), a sequence of bytes-like, or a
    uint8 array of one code (1-D) or of one code per row (2-D)."""
    if _is_bytes(codes):
        return np.frombuffer(codes, dtype=np.uint8).reshape(1, -1)
    if isinstance(codes, (list, tuple)) and codes and all(_is_bytes(c) for c in codes):
        rows = [np.frombuffer(c, dtype=np.uint8) for c in codes]
        if len({len(r) for r in rows}) != 1:
            raise _invalid(f"{what}: every code must have the same number of bytes, got {sorted({len(r) for r in rows})}")
        return np.stack(rows)
    array = codes if isinstance(codes, np.ndarray) else np.asarray(codes)
    if array.dtype != np.uint8:
        raise _invalid(f"{what} must be uint8 arrays or bytes, got dtype {array.dtype}")
    if array.ndim == 1:
        array = array.reshape(1, -1)
    if array.ndim != 2:
        raise _invalid(f"{what} must be one code (bytes, or a 1-D uint8 array) or a 2-D uint8 array with one code "
                       f"per row, got an array of shape {array.shape}")
    return np.ascontiguousarray(array)


class HammingIndex:
    """Binary codes of ``code_bytes`` bytes each (8..128, e.g. 32 for PDQ, 8 for the DCT hash) under
    integer ids (0..2**64-1). The distance of two codes is the number of bits in which they differ.

    Small radii (a few bits per 16 bits of code, as duplicate search uses) go through multi-index
    hashing, so neither radius queries nor :meth:`pairs_within` compare every code with every other;
    :meth:`search_knn` is an exact scan. Results never depend on the thread count.
    """

    def __init__(self, code_bytes: int):
        self._native = _pristine.HammingIndex(_integer(code_bytes, "code_bytes"))

    @property
    def code_bytes(self) -> int:
        """Bytes per code."""
        return self._native.code_bytes

    @property
    def code_bits(self) -> int:
        """Bits per code."""
        return 8 * self._native.code_bytes

    def __len__(self) -> int:
        return len(self._native)

    def __contains__(self, id: Any) -> bool:
        try:
            return self._native.contains(_id(id))
        except ValueError:  # not an id: never in the index
            return False

    def __repr__(self) -> str:
        return f"pristine.HammingIndex(code_bytes={self.code_bytes}, size={len(self)})"

    def _rows(self, codes: Any, what: str) -> np.ndarray:
        rows = _code_rows(codes, what)
        if rows.shape[1] != self.code_bytes:
            raise _invalid(f"{what}: the index holds codes of {self.code_bytes} bytes, got codes of {rows.shape[1]}")
        return rows

    def _query(self, query: Code) -> np.ndarray:
        rows = self._rows(query, "query")
        if rows.shape[0] != 1:
            raise _invalid(f"query must be one code, got {rows.shape[0]}")
        return rows[0]

    def add(self, ids: Union[int, Sequence[int], np.ndarray], codes: Any) -> None:
        """Add codes under ids: ``ids`` one integer or a 1-D sequence/array of n; ``codes`` one code
        (bytes, as :func:`pristine.hash` returns, or a 1-D uint8 array), a list of n bytes objects, or an
        ``(n, code_bytes)`` uint8 array (e.g. from :func:`pristine.hash_many`).

        All or nothing: an id already present or repeated fails the call (InvalidArgumentError) and
        nothing is added."""
        id_array = _ids(ids)
        if id_array.size == 0 and (isinstance(codes, (list, tuple)) and not codes or
                                   isinstance(codes, np.ndarray) and codes.size == 0):
            return
        rows = self._rows(codes, "codes")
        if rows.shape[0] != id_array.size:
            raise _invalid(f"got {id_array.size} ids and {rows.shape[0]} codes; give one code per id")
        self._native.add(id_array, rows)

    def remove(self, id: int) -> bool:
        """Remove ``id``; False when it was not there."""
        return self._native.remove(_id(id))

    def search_knn(self, query: Code, k: int) -> Tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest codes to ``query``: ``(ids, distances)``, a uint64 and an int32 array, nearest
        first, ties by smaller id; fewer when the index holds fewer. Exact."""
        k = _integer(k, "k")
        if k < 0:
            raise _invalid(f"k must be >= 0, got {k}")
        return self._native.search_knn(self._query(query), k)

    def search_radius(self, query: Code, radius: int) -> Tuple[np.ndarray, np.ndarray]:
        """Every code within ``radius`` bits of ``query`` (distance <= radius): ``(ids, distances)``,
        nearest first, ties by id."""
        return self._native.search_radius(self._query(query), _integer(radius, "radius"))

    def search_radius_dihedral(self, variants: Any, radius: int) -> Tuple[np.ndarray, np.ndarray]:
        """:meth:`search_radius` for a picture given by its 8 rotations/flips — the list that
        ``pristine.hash(..., dihedral=True)`` returns, or an ``(8, code_bytes)`` uint8 array: each id once,
        at its smallest distance to any of them. Finds turned and mirrored copies."""
        rows = self._rows(variants, "variants")
        if rows.shape[0] != 8:
            raise _invalid(f"variants must be the 8 rotations/flips of one picture, got {rows.shape[0]} codes")
        return self._native.search_radius_dihedral(rows, _integer(radius, "radius"))

    def pairs_within(self, radius: int, *, threads: int = 0) -> Tuple[np.ndarray, np.ndarray]:
        """Every unordered pair of codes within ``radius`` bits of each other: ``(pairs, distances)``, an
        ``(n, 2)`` uint64 array of ids (the smaller first; rows sorted) and an int32 array. Runs on
        ``threads`` workers (0 = all cores); Ctrl-C stops it (KeyboardInterrupt)."""
        threads = _integer(threads, "threads")
        if threads < 0:
            raise _invalid(f"threads must be >= 0, got {threads}")
        return self._native.pairs_within(_integer(radius, "radius"), threads)
