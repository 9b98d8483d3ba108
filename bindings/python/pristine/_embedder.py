"""The CNN embedder (re-exported by ``pristine``): Embedder, default_embedder_path.

A picture's embedding is the output (or an intermediate) of a pretrained image network: a float32
vector; copies of one picture — re-compressed, resized, cropped, overlaid — lie close by cosine
distance. docs/embedder.md describes the default model and the file format.

The native embedder (module ``_pristine_models``, which loads libtorch) is imported the first time it
is needed, never by ``import pristine``.
"""
from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from ._errors import Failure, _batch_error, _error, _failures, _invalid, _keep_going
from ._scorer import Item, _describe, _is_batch, _native, _native_item


def default_embedder_path() -> Optional[str]:
    """The model ``Embedder()`` loads: ``$PRISTINE_EMBEDDER``, else the installed
    ``<libdir>/../share/pristine/models/embedder.pemb``, else the source tree's
    ``models/embedder.pemb`` (made by ``scripts/fetch-default-embedder.sh``); None when
    none exists. Loads the native module (UnavailableError without it)."""
    return _native().default_embedder_path() or None


class Embedder:
    """A loaded CNN embedder.

    ``Embedder()`` loads the default model (see :func:`default_embedder_path`); ``Embedder(path)`` a
    pristine embedder file (``*.pemb``: network and preprocessing) or a bare TorchScript file.
    threads: worker threads of batch calls (0 = all cores; each runs the network on one thread:
    loading an embedder sets libtorch's intra-op threads to 1, process-wide).
    method: the module's method that gives the vector, or the child of a sequential module to stop
    after (None = the model file's, else ``forward``).
    normalize: L2-normalise the vectors (None = the model file's choice; False for bare TorchScript).
    input: preprocessing of a bare TorchScript file, or to replace a model file's — a dict with any of
    ``width``, ``height`` (default 224), ``fit`` ("stretch" or "center_crop"), ``filter`` ("area" or
    "bilinear"), ``align_corners`` (bilinear: corner pixels aligned, as TensorFlow's), ``scale`` (default 1/255), ``mean`` and ``std`` (3 values each, RGB).

    Loading errors: FileError (missing file, or no default model), BadFileVersionError (not an
    embedder file, another format version, checksum mismatch), DecodeError (truncated contents, a
    network libtorch cannot load or whose output is not one vector per picture), InvalidArgumentError
    (bad options, unknown method), UnavailableError (pristine built or installed without models).

    An Embedder is immutable: it may be used from several Python threads at once (the GIL is released
    while embedding).
    """

    def __init__(self, model: Optional[Union[str, "os.PathLike[str]"]] = None, *, threads: int = 0,
                 method: Optional[str] = None, normalize: Optional[bool] = None,
                 input: Optional[Dict[str, Any]] = None):  # noqa: A002 (the option's name)
        if threads < 0:
            raise _invalid(f"threads must be >= 0, got {threads}")
        if input is not None and not isinstance(input, dict):
            raise _invalid("input must be a dict of preprocessing options")
        path = None if model is None else os.fsdecode(os.fspath(model))
        norm = -1 if normalize is None else int(bool(normalize))
        self._native = _native().Embedder(path, threads, method or "", norm, input)
        self._threads = threads
        self.model_path: str = path if path is not None else (default_embedder_path() or "")

    def __repr__(self) -> str:
        return f"pristine.Embedder({self.model_path!r}, dim={self.dim})"

    @property
    def dim(self) -> int:
        """Floats per vector."""
        return self._native.dim

    @property
    def name(self) -> str:
        """The model's name."""
        return self._native.name

    @property
    def normalizes(self) -> bool:
        """Whether vectors are L2-normalised."""
        return self._native.normalizes

    @property
    def input(self) -> Dict[str, Any]:
        """The preprocessing in use (width, height, fit, filter, align_corners, scale, mean, std)."""
        return self._native.input

    @property
    def model_info(self) -> Dict[str, Any]:
        """The model file's configuration, provenance and licence (a dict; empty for bare TorchScript)."""
        return json.loads(self._native.model_info)

    def _embed_list(self, items: Sequence[Any], threads: Optional[int]) -> Tuple[np.ndarray, List[Failure]]:
        t = self._threads if threads is None else threads
        if t < 0:
            raise _invalid(f"threads must be >= 0, got {t}")
        native = [_native_item(item) for item in items]
        vectors, failures = self._native.embed_many(native, t)
        return vectors, _failures(failures, lambda i: _describe(native[i], i))

    def embed(self, items: Union[Item, Sequence[Item]], *, errors: str = "raise",
              threads: Optional[int] = None) -> np.ndarray:
        """Embedding(s): one input — a path, encoded bytes, a binary file object, or a uint8 pixel array
        ``(H, W)`` / ``(H, W, C)`` — gives a float32 vector of ``dim`` values; a list/tuple of inputs
        gives a float32 array ``(len(items), dim)`` in input order. Compare vectors by cosine distance.
        errors: "raise" (default) — raise the pristine.Error subclass of the first failure; for a batch
        its message lists every failed input and its ``failures`` attribute lists
        :class:`pristine.Failure` ``(index, source, status, message)``. "mask" — failed inputs get a
        row of NaN instead.
        threads: worker threads for a batch (default, and 0: the embedder's ``threads``). The GIL is
        released while embedding; Ctrl-C stops a batch between steps (KeyboardInterrupt).
        """
        keep_going = _keep_going(errors)
        batch = _is_batch(items)
        vectors, failures = self._embed_list(list(items) if batch else [items], threads)
        if failures and not keep_going:
            if not batch:
                raise _error(failures[0].status, failures[0].message)
            raise _batch_error(failures, len(vectors), "images could not be embedded")
        return vectors if batch else vectors[0]

    def embed_dihedral(self, item: Item) -> np.ndarray:
        """The embeddings of the 8 rotations/flips of one picture, a float32 array ``(8, dim)`` in the
        order identity, rot90 (counter-clockwise), rot180, rot270, flip_h (left-right), flip_v, transpose,
        antitranspose. The smallest
        distance from a query's 8 vectors to a plain vector finds turned and mirrored copies."""
        if isinstance(item, np.ndarray):
            pixels = item
        else:
            from . import load
            pixels = load(item.read() if hasattr(item, "read") else item)
        return self._native.embed_dihedral(np.ascontiguousarray(pixels))


def cosine_distance(a: np.ndarray, b: np.ndarray) -> Union[float, np.ndarray]:
    """1 - cosine similarity (0..2) of two vectors, or of each row of ``a`` with ``b`` (a zero vector
    is 1 from everything)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape[-1] != b.shape[-1]:
        raise _invalid(f"vectors of {a.shape[-1]} and {b.shape[-1]} values")
    na = np.linalg.norm(a, axis=-1)
    nb = np.linalg.norm(b, axis=-1)
    dots = a @ b if b.ndim == 1 else np.sum(a * b, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where((na > 0) & (nb > 0), 1.0 - dots / (na * nb), 1.0)
    return float(d) if np.ndim(d) == 0 else d
