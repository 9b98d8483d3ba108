"""The generation-loss scorer (re-exported by ``pristine``): Scorer, train_scorer, default_model_path.

**Lower score = closer to the original** (less generation loss). Scores are comparable **only among
copies of the same picture**: a score says nothing on its own, and the scores of two different pictures
are not ordered by quality. docs/scorer.md describes the model.

The native scorer (module ``_pristine_models``, which loads libtorch) is imported the first time it is
needed, never by ``import pristine``.
"""
from __future__ import annotations

import json
import os
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from ._errors import Failure, _batch_error, _error, _failures, _invalid, _keep_going

#: One input: a path (str / os.PathLike), the bytes of an encoded image (bytes, bytearray, memoryview),
#: a binary file object (read whole), or decoded pixels (a uint8 array (H, W) or (H, W, C), C = 1..4).
Item = Union[str, "os.PathLike[str]", "os.PathLike[bytes]", bytes, bytearray, memoryview, np.ndarray, Any]


def _native() -> Any:
    """The native scorer module, imported on first use. UnavailableError when it is not there."""
    try:
        from . import _pristine_models
    except ImportError as e:
        raise _error("unavailable", f"the scorer is unavailable: its native module pristine._pristine_models could "
                                    f"not be imported ({e}); this pristine was built without models "
                                    f"(PRISTINE_WITH_MODELS=OFF) or installed without them") from e
    return _pristine_models


def default_model_path() -> Optional[str]:
    """The model ``Scorer()`` loads: ``$PRISTINE_MODEL``, else the installed
    ``<libdir>/../share/pristine/models/scorer.pmdl``, else the source tree's ``models/scorer.pmdl``;
    None when none exists. Loads the native scorer (UnavailableError without it)."""
    return _native().default_model_path() or None


def _native_item(item: Any) -> Any:
    """What the native batch takes: str (a path), a bytes-like object, or a numpy array."""
    if isinstance(item, np.ndarray):
        return item
    if isinstance(item, (bytes, bytearray, memoryview)):
        return item
    if isinstance(item, (str, os.PathLike)):
        path = os.fspath(item)
        return os.fsdecode(path) if isinstance(path, bytes) else path
    if hasattr(item, "read"):
        return item.read()
    raise TypeError(
        f"cannot score an object of type {type(item).__name__}: pass a path (str or os.PathLike), encoded bytes "
        f"(bytes, bytearray, memoryview), a binary file object, or a uint8 image array")


def _describe(item: Any, index: int) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, np.ndarray):
        return f"item {index} (array of shape {item.shape})"
    return f"item {index} ({len(item)} bytes)"


def _is_batch(items: Any) -> bool:
    return isinstance(items, (list, tuple))


class Scorer:
    """A loaded generation-loss model.

    ``Scorer()`` loads the shipped default model (see :func:`default_model_path`); ``Scorer(path)``
    a ``*.pmdl`` file written by ``pristine train`` or :func:`train_scorer`.
    threads: worker threads of batch calls (0 = all cores; each runs the network on one thread:
    loading a scorer sets libtorch's intra-op threads to 1, process-wide). blocks: blocks sampled per image
    (0 = the count the model was trained with, recommended).

    Loading errors: FileError (missing file, or no default model), BadFileVersionError (not a pristine
    model, another format version, checksum mismatch), DecodeError (truncated or inconsistent contents),
    InvalidArgumentError (bad options), UnavailableError (pristine built or installed without models).
    The first Scorer of a process loads the native scorer (and libtorch).

    A Scorer is immutable: it may be used from several Python threads at once (the GIL is released
    while scoring).
    """

    def __init__(self, model: Optional[Union[str, "os.PathLike[str]"]] = None, *, threads: int = 0,
                 blocks: int = 0):
        if threads < 0:
            raise _invalid(f"threads must be >= 0, got {threads}")
        path = None if model is None else os.fsdecode(os.fspath(model))
        self._native = _native().Scorer(path, threads, blocks)
        self._threads = threads
        self.model_path: str = path if path is not None else (default_model_path() or "")

    def __repr__(self) -> str:
        return f"pristine.Scorer({self.model_path!r}, blocks={self.blocks})"

    @property
    def blocks(self) -> int:
        """Blocks sampled per image."""
        return self._native.blocks

    @property
    def model_info(self) -> Dict[str, Any]:
        """The model's configuration and training record (a dict parsed from the file's JSON)."""
        return json.loads(self._native.model_info)

    def _score_list(self, items: Sequence[Any], threads: Optional[int]) -> Tuple[np.ndarray, List[Failure]]:
        t = self._threads if threads is None else threads
        if t < 0:
            raise _invalid(f"threads must be >= 0, got {t}")
        native = [_native_item(item) for item in items]
        scores, failures = self._native.score_many(native, t)
        return scores, _failures(failures, lambda i: _describe(native[i], i))

    def score(self, items: Union[Item, Sequence[Item]], *, errors: str = "raise",
              threads: Optional[int] = None) -> Union[float, np.ndarray]:
        """Generation-loss score(s): **lower = closer to the original**, comparable only among copies
        of the same picture.

        items: one input — a path, encoded bytes, a binary file object, or a uint8 pixel array
        ``(H, W)`` / ``(H, W, C)`` — which gives a ``float``; or a list/tuple of inputs, which gives a
        float64 numpy array in input order (an empty list gives an empty array). A numpy array is
        always one image, never a batch. Pixels are scored as a losslessly stored (PNG) copy: score the
        file or its bytes when you have them, since format and compression are part of what the model
        judges.
        errors: "raise" (default) — raise the pristine.Error subclass of the first failure; for a batch
        its message lists every failed input (paths named) and its ``failures`` attribute is a list of
        :class:`pristine.Failure` ``(index, source, status, message)``, as for hash_many. "mask" — failed
        inputs score NaN instead ("nan", the former name, is deprecated).
        threads: worker threads for a batch (default, and 0: the scorer's ``threads``). Files
        are decoded on the workers and the network runs on the calling thread (with its own threads).
        The GIL is released while scoring; Ctrl-C stops a batch between steps (KeyboardInterrupt).
        """
        keep_going = _keep_going(errors)
        batch = _is_batch(items)
        scores, failures = self._score_list(list(items) if batch else [items], threads)
        if failures and not keep_going:
            if not batch:
                raise _error(failures[0].status, failures[0].message)
            raise _batch_error(failures, len(scores), "images could not be scored")
        return scores if batch else float(scores[0])

    def rank(self, items: Sequence[Item], *, errors: str = "raise",
             threads: Optional[int] = None) -> List[Tuple[int, float]]:
        """The inputs ordered best first: a list of ``(index into items, score)``, lowest score (closest
        to the original) first; ties keep input order. Only meaningful for copies of one picture.
        errors: as in :meth:`score`; with "mask", failed inputs come last (in input order) with NaN."""
        if not _is_batch(items):
            raise _invalid("rank takes a list or tuple of inputs")
        scores = self.score(items, errors=errors, threads=threads)
        ok = [i for i in range(len(scores)) if not np.isnan(scores[i])]
        failed = [i for i in range(len(scores)) if np.isnan(scores[i])]
        ok.sort(key=lambda i: scores[i])  # stable: ties keep input order
        return [(i, float(scores[i])) for i in ok + failed]


def train_scorer(image_dirs: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]],
                 out: Union[str, "os.PathLike[str]"], *, epochs: int = 10, seed: int = 1, threads: int = 0,
                 progress: Optional[Callable[[Dict[str, Any]], None]] = None,
                 log: Optional[Callable[[str], None]] = None, **options: Any) -> Dict[str, Any]:
    """Train a generation-loss scorer on the images found (recursively) in ``image_dirs`` and write it
    to ``out`` (a model file for :class:`Scorer`), plus ``out + ".ckpt"`` after each epoch.

    epochs, seed (the same seed and thread count give the same model), threads (data-generation
    workers and the network's threads; 0 = all cores).
    progress: called after each epoch with a dict: epoch, epochs, train_loss, train_accuracy,
    validation_accuracy (None without a validation set), train_pairs, validation_pairs, seconds,
    checkpoint. log: called with short status messages. Both run with the GIL held (progress on the
    calling thread; log also on the trainer's data-preparation thread); an exception raised by either stops the training (the files of finished epochs stay) and is
    re-raised by train_scorer. Ctrl-C is noticed after each epoch.
    options: the other fields of pristine::TrainOptions (include/pristine/lab/train.hpp) — groups_per_epoch,
    pool_epochs, batch_pairs, steps_per_epoch, learning_rate, validation_fraction, validation_groups,
    resume (a checkpoint path), aggregator ("attention" or "lstm"), blocks, width, conv_channels,
    max_side, comparator_k,
    max_images, synth_fraction (share of synthetic originals), cache_dir (reuse generated groups across
    runs), train_k (gain of the training loss; 0 = comparator_k).
    Returns a dict: epochs_run, best_validation_accuracy (None without validation), best_epoch,
    train_images, validation_images, model_path.
    Errors: InvalidArgumentError (no images, bad options), FileError, BadFileVersionError / DecodeError
    (a bad resume checkpoint), UnavailableError (pristine built or installed without models).
    """
    if isinstance(image_dirs, (str, os.PathLike)):
        image_dirs = [image_dirs]
    dirs = [os.fsdecode(os.fspath(d)) for d in image_dirs]
    kw = dict(options, epochs=epochs, seed=seed, threads=threads)
    if "resume" in kw and kw["resume"] is not None:
        kw["resume"] = os.fsdecode(os.fspath(kw["resume"]))
    elif "resume" in kw:
        del kw["resume"]
    for name in ("progress", "log"):
        fn = progress if name == "progress" else log
        if fn is not None and not callable(fn):
            raise _invalid(f"{name} must be callable or None")
    return _native().train_scorer(dirs, os.fsdecode(os.fspath(out)), kw, progress, log)
