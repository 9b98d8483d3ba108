"""The error contract shared by every call of the package (re-exported by ``pristine``: Failure).

- A failure raises the pristine.Error subclass of its status; ``str(e)`` names the input (its path, or
  "item i (...)" for bytes and arrays); ``e.status`` is the status name and ``e.code`` its number.
- A batch (hash_many, Scorer.score and Scorer.rank on a list) with ``errors="raise"`` (the default)
  raises the class of its first failure, with a message listing every failed input and a ``failures``
  attribute: a list of :class:`Failure` records. With ``errors="mask"`` it keeps going and marks the
  failed entries in its result instead (zero rows and an ``ok`` mask for hashes, NaN for scores).
"""
from __future__ import annotations

import warnings
from typing import Iterable, List, NamedTuple, Optional

__all__ = [
    "Error", "InvalidArgumentError", "FileError", "UnsupportedFormatError", "DecodeError",
    "ImageTooLargeError", "OutOfMemoryError", "BadFileVersionError", "CancelledError", "InternalError",
    "UnavailableError", "Failure",
]

from ._pristine import (  # noqa: F401  (re-exported by the package)
    BadFileVersionError,
    CancelledError,
    DecodeError,
    Error,
    FileError,
    ImageTooLargeError,
    InternalError,
    InvalidArgumentError,
    OutOfMemoryError,
    UnavailableError,
    UnsupportedFormatError,
)


class Failure(NamedTuple):
    """One failed input of a batch."""
    index: int              #: position in the batch's input
    source: Optional[str]   #: the input's path; None for bytes and arrays
    status: str             #: the status name, e.g. "io_error" (``Error.status``)
    message: str            #: the library's message, naming the input


_ERROR_CLASSES = {
    "invalid_argument": (InvalidArgumentError, 1), "io_error": (FileError, 2),
    "unsupported_format": (UnsupportedFormatError, 3), "corrupt_data": (DecodeError, 4),
    "too_large": (ImageTooLargeError, 5), "out_of_memory": (OutOfMemoryError, 6),
    "bad_file_version": (BadFileVersionError, 7), "cancelled": (CancelledError, 8), "internal": (InternalError, 9),
    "unavailable": (UnavailableError, 10),
}


def _error(status: str, message: str) -> Error:
    """The pristine.Error subclass of `status`, carrying the same attributes as native ones."""
    cls, code = _ERROR_CLASSES.get(status, (Error, 9))
    error = cls(message)
    error.status, error.code = status, code
    return error


def _invalid(message: str) -> InvalidArgumentError:
    """An InvalidArgumentError raised from Python."""
    return _error("invalid_argument", message)  # type: ignore[return-value]


def _name_input(message: str, name: str) -> str:
    """`message`, prefixed with `name` unless it already names it (native file messages usually do)."""
    return message if name in message else f"{name}: {message}"


def _keep_going(errors: str) -> bool:
    """False for errors="raise", True for "mask"; "nan" (the scorer's old name) still means "mask"."""
    if errors == "nan":
        warnings.warn("errors='nan' is deprecated; use errors='mask'", DeprecationWarning, stacklevel=3)
        return True
    if errors not in ("raise", "mask"):
        raise _invalid(f"errors must be 'raise' or 'mask', got {errors!r}")
    return errors == "mask"


def _batch_error(failures: List[Failure], total: int, what: str) -> Error:
    """The error a batch raises: the class of its first failure, every failure listed and attached."""
    lines = "\n".join(f"  {f.message}" for f in failures)
    error = _error(failures[0].status, f"{len(failures)} of {total} {what}:\n{lines}")
    error.failures = failures
    return error


def _failures(native: Iterable[tuple], describe) -> List[Failure]:
    """Failure records from a native batch's (index, path or None, status, message) tuples; `describe(i)`
    names input i in messages."""
    return [Failure(i, source, status, _name_input(message, describe(i))) for i, source, status, message in native]
