"""pristine — find the copies of an image and tell which is closest to the original.

Images are numpy ``uint8`` arrays of shape ``(H, W, C)`` (C = 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
Decoding and encoding run without the GIL, so threads decode in parallel.
Every failure raises a subclass of :class:`pristine.Error` whose ``str()`` is the library's message
(naming the file) and whose ``status`` names the stable status code; batches report per-input
failures as :class:`Failure` records (``_errors.py`` states the contract).

``import pristine`` loads image I/O, hashing and the Hamming index only; the scorer's native module, and
with it libtorch, is loaded the first time a :class:`Scorer` is made, :func:`dedupe` runs or
:func:`train_scorer` is called.
"""
from __future__ import annotations

import os
from typing import Any, BinaryIO, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _pristine
from . import _errors
from ._errors import *  # noqa: F401,F403  (the error classes and Failure)
from ._errors import _invalid

__version__: str = _pristine.__version__

__all__ = ["load", "load_frames", "info", "encode", "count_colors", "Frames", "Source"] + _errors.__all__

#: A file path, or the bytes of an encoded image, or a binary file object (read whole).
Source = Union[str, "os.PathLike[str]", "os.PathLike[bytes]", bytes, bytearray, memoryview, BinaryIO]

DEFAULT_MAX_PIXELS = 100_000_000


def _split_source(source: Any) -> Tuple[Optional[str], Any]:
    """(path, None) for a path, (None, bytes-like) for data."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return None, source
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        return (os.fsdecode(path) if isinstance(path, bytes) else path), None
    if hasattr(source, "read"):
        return None, source.read()
    raise TypeError(
        f"source must be a path (str or os.PathLike) or encoded bytes (bytes, bytearray, memoryview) "
        f"or a binary file object, got {type(source).__name__}")


def _background(background: Sequence[int]) -> Tuple[int, int, int]:
    values = tuple(int(v) for v in background)
    if len(values) != 3:
        raise _invalid(f"background must be 3 values (R, G, B), got {len(values)}")
    return values  # type: ignore[return-value]


def load(source: Source, *, channels: int = 3, scale: int = 1, max_pixels: int = DEFAULT_MAX_PIXELS,
         background: Sequence[int] = (255, 255, 255), orientation: bool = True) -> np.ndarray:
    """Decode an image (the first frame of an animation) into an ``(H, W, C)`` uint8 array.

    channels: 3 RGB, 1 grey, 4 RGBA, 0 as stored (1, 3 or 4).
    scale: JPEG only, decode at 1/scale of the size (1, 2, 4 or 8) — much faster for previews.
    max_pixels: refuse larger images (ImageTooLargeError) before allocating them.
    background: colour under transparent pixels when alpha is dropped.
    orientation: apply the EXIF orientation so pixels are as displayed.
    """
    path, data = _split_source(source)
    args = (channels, scale, max_pixels, _background(background), orientation)
    if path is not None:
        return _pristine.decode_file(path, *args)
    return _pristine.decode_memory(data, *args)


class Frames(NamedTuple):
    """All frames of an animation, each composited onto the full canvas."""
    frames: List[np.ndarray]
    durations_ms: List[int]
    loop_count: int  # 0 = forever


def load_frames(source: Source, *, channels: int = 3, max_pixels: int = DEFAULT_MAX_PIXELS,
                background: Sequence[int] = (255, 255, 255), orientation: bool = True) -> Frames:
    """Decode every frame of a GIF/WebP animation (other formats give one frame)."""
    path, data = _split_source(source)
    args = (channels, max_pixels, _background(background), orientation)
    if path is not None:
        return Frames(*_pristine.decode_frames_file(path, *args))
    return Frames(*_pristine.decode_frames_memory(data, *args))


def info(source: Source, *, colors: bool = False, max_pixels: int = DEFAULT_MAX_PIXELS) -> Dict[str, Any]:
    """Metadata of an image, read from its header.

    Keys: path (only for a path), format, width, height, display_width, display_height, file_size,
    frames, bit_depth, channels, has_alpha, palette, orientation, colors, and for JPEG jpeg_quality
    (estimated IJG quality), jpeg_quality_exact, subsampling, progressive (None for other formats).
    colors: when True, decode the pixels and count the exact distinct RGB colours (alpha ignored);
    otherwise ``colors`` is None.
    """
    path, data = _split_source(source)
    if path is not None:
        meta: Dict[str, Any] = {"path": path}
        meta.update(_pristine.probe_file(path))
    else:
        meta = _pristine.probe_memory(data)
    meta["colors"] = None
    if colors:
        # As stored and unrotated: compositing alpha would invent colours, rotating changes nothing.
        pixels = load(path if path is not None else data, channels=0, max_pixels=max_pixels, orientation=False)
        meta["colors"] = count_colors(pixels)
    return meta


def count_colors(array: np.ndarray) -> int:
    """Exact number of distinct RGB colours of an image array (alpha ignored; grey counts levels)."""
    return _pristine.count_colors(array)


def _encode_jpeg(array: np.ndarray, *, quality: int = 90, subsampling: str = "4:2:0",
                 progressive: bool = False, optimize: bool = False) -> bytes:
    return _pristine.encode_jpeg(array, quality, subsampling, progressive, optimize)


def _encode_png(array: np.ndarray, *, compression_level: int = 6) -> bytes:
    return _pristine.encode_png(array, compression_level)


def _encode_gif(array: np.ndarray, *, max_colors: int = 256, dither: str = "none",
                palette: Optional[Any] = None) -> bytes:
    if palette is not None:
        palette = [tuple(int(v) for v in colour) for colour in np.asarray(palette).reshape(-1, 3)]
    return _pristine.encode_gif(array, max_colors, dither, palette)


def _encode_webp(array: np.ndarray, *, lossless: bool = False, quality: float = 75.0) -> bytes:
    return _pristine.encode_webp(array, lossless, float(quality))


_ENCODERS = {"jpeg": _encode_jpeg, "jpg": _encode_jpeg, "png": _encode_png, "gif": _encode_gif,
             "webp": _encode_webp}


def encode(array: np.ndarray, format: str, **options: Any) -> bytes:
    """Encode an ``(H, W)`` or ``(H, W, C)`` uint8 array; returns the file's bytes.

    format and its options:
      jpeg: quality=90 (1..100), subsampling='4:2:0' ('4:4:4', '4:2:2'), progressive=False, optimize=False
      png:  compression_level=6 (0..9)
      gif:  max_colors=256, dither='none' ('floyd_steinberg', 'ordered'), palette=None (N×3 colours)
      webp: lossless=False, quality=75.0
    Alpha is kept where the format stores it.
    """
    encoder = _ENCODERS.get(format.lower())
    if encoder is None:
        raise _invalid(f"cannot encode format '{format}'; choose one of jpeg, png, gif, webp")
    return encoder(array, **options)


# Perceptual hashes live in _hash.py; imported last because it uses the helpers above.
from ._hash import HASH_KINDS, HASH_SIZES, distance, hash, hash_many  # noqa: E402,F401,A001

__all__ += ["hash", "hash_many", "distance", "HASH_KINDS", "HASH_SIZES"]

# The generation-loss scorer (lower score = closer to the original) and its training: _scorer.py (its
# native module is imported on first use).
from ._scorer import Scorer, default_model_path, train_scorer  # noqa: E402,F401
from ._embedder import Embedder, cosine_distance, default_embedder_path  # noqa: E402,F401

__all__ += ["Scorer", "train_scorer", "default_model_path", "Embedder", "cosine_distance", "default_embedder_path"]

# The Hamming index of binary codes (core module) and the dedupe job (needs the scorer's module).
from ._index import HammingIndex  # noqa: E402,F401
from ._dedupe import dedupe, provenance  # noqa: E402,F401
from ._moves import move_duplicates, undo  # noqa: E402,F401

__all__ += ["HammingIndex", "dedupe", "provenance", "move_duplicates", "undo"]
