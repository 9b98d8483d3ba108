"""A small binding of pristine's C ABI (libpristine_c) through ctypes: no compiler, no pybind11.

It shows that any language with a C FFI can use pristine. The library is found from, in order:
an explicit path given to `load_library()`, the PRISTINE_C_LIBRARY environment variable, or the
system's search path (`ctypes.util.find_library("pristine_c")`).

    import pristine_ctypes as pc
    lib = pc.load_library("/path/to/libpristine_c.so")
    img = pc.Image.from_file("photo.jpg")
    print(img.width, img.height, img.info()["format"])
    pixels = img.pixels()   # numpy array (h, w, c) when numpy is installed, else bytes
    scorer = pc.Scorer()    # the shipped generation-loss model; lower score = closer to the original
    print(scorer.score("photo.jpg"), scorer.rank(["a.png", "a_copy.jpg"]))
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Optional

# ---------------------------------------------------------------- errors

STATUS_NAMES = [
    "ok", "invalid_argument", "io_error", "unsupported_format", "corrupt_data",
    "too_large", "out_of_memory", "bad_file_version", "cancelled", "internal", "unavailable",
]


class PristineError(Exception):
    """A failed call: `status` is the C status number, `status_name` its name, str() the library's message."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.status_name = STATUS_NAMES[status] if 0 <= status < len(STATUS_NAMES) else "unknown"
        super().__init__(f"{message} [{self.status_name}]")


# Python exception types per status, so that callers can catch what they expect.
class InvalidArgument(PristineError, ValueError): pass
class IoError(PristineError, OSError): pass
class UnsupportedFormat(PristineError, ValueError): pass
class CorruptData(PristineError, ValueError): pass
class TooLarge(PristineError, ValueError): pass
class OutOfMemory(PristineError, MemoryError): pass
class BadFileVersion(PristineError, ValueError): pass
class Unavailable(PristineError): pass  # e.g. the scorer of a library built or installed without it

_EXCEPTIONS = {1: InvalidArgument, 2: IoError, 3: UnsupportedFormat, 4: CorruptData, 5: TooLarge, 6: OutOfMemory,
               7: BadFileVersion, 10: Unavailable}

# ---------------------------------------------------------------- structs (mirror capi/pristine.h)

FORMAT_NAMES = ["unknown", "jpeg", "png", "gif", "webp", "bmp", "tga", "pnm", "psd", "hdr", "tiff", "heic", "avif", "jxl"]
SUBSAMPLING_NAMES = [None, "4:4:4", "4:2:2", "4:2:0", "4:4:0", "4:1:1", "grey", "other"]


class ImageInfo(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("format", ctypes.c_int32),
        ("width", ctypes.c_int32),
        ("height", ctypes.c_int32),
        ("display_width", ctypes.c_int32),
        ("display_height", ctypes.c_int32),
        ("frames", ctypes.c_int32),
        ("bit_depth", ctypes.c_int32),
        ("channels", ctypes.c_int32),
        ("has_alpha", ctypes.c_int32),
        ("palette", ctypes.c_int32),
        ("orientation", ctypes.c_int32),
        ("jpeg_quality", ctypes.c_int32),
        ("jpeg_quality_exact", ctypes.c_int32),
        ("jpeg_subsampling", ctypes.c_int32),
        ("jpeg_progressive", ctypes.c_int32),
        ("jpeg_components", ctypes.c_int32),
        ("file_size", ctypes.c_uint64),
    ]

    def to_dict(self) -> dict:
        d = {name: getattr(self, name) for name, _ in self._fields_ if name != "struct_size"}
        d["format"] = FORMAT_NAMES[self.format] if 0 <= self.format < len(FORMAT_NAMES) else "unknown"
        for flag in ("has_alpha", "palette", "jpeg_quality_exact", "jpeg_progressive"):
            d[flag] = bool(d[flag])
        d["jpeg_subsampling"] = SUBSAMPLING_NAMES[self.jpeg_subsampling] if 0 <= self.jpeg_subsampling < 8 else "other"
        return d


class DecodeOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("channels", ctypes.c_int32),
        ("apply_orientation", ctypes.c_int32),
        ("scale_denom", ctypes.c_int32),
        ("background", ctypes.c_uint8 * 3),
        ("reserved_", ctypes.c_uint8),
        ("max_pixels", ctypes.c_uint64),
    ]


class ScorerOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("threads", ctypes.c_int32),
        ("blocks", ctypes.c_int32),
    ]


class _Image(ctypes.Structure):
    """Opaque pristine_image; only pointers to it are used."""


class _Scorer(ctypes.Structure):
    """Opaque pristine_scorer; only pointers to it are used."""


_ImagePtr = ctypes.POINTER(_Image)
_ScorerPtr = ctypes.POINTER(_Scorer)

# ---------------------------------------------------------------- loading the library

_lib: Optional[ctypes.CDLL] = None


def load_library(path: Optional[str] = None) -> ctypes.CDLL:
    """Load libpristine_c (once) and declare the signatures. Raises OSError when it cannot be found."""
    global _lib
    if _lib is not None and path is None:
        return _lib
    path = path or os.environ.get("PRISTINE_C_LIBRARY") or ctypes.util.find_library("pristine_c")
    if not path:
        raise OSError("libpristine_c not found: pass its path or set PRISTINE_C_LIBRARY")
    lib = ctypes.CDLL(path)
    status, c_char_p, c_int, c_size_t = ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_size_t
    signatures = {
        "pristine_version": (ctypes.c_uint, []),
        "pristine_version_string": (c_char_p, []),
        "pristine_status_name": (c_char_p, [c_int]),
        "pristine_last_error": (c_char_p, []),
        "pristine_format_name": (c_char_p, [c_int]),
        "pristine_decode_options_init": (None, [ctypes.POINTER(DecodeOptions)]),
        "pristine_probe_file": (status, [c_char_p, ctypes.POINTER(ImageInfo)]),
        "pristine_probe_memory": (status, [ctypes.c_void_p, c_size_t, ctypes.POINTER(ImageInfo)]),
        "pristine_image_load_file": (status, [c_char_p, ctypes.POINTER(DecodeOptions), ctypes.POINTER(_ImagePtr)]),
        "pristine_image_load_memory": (status, [ctypes.c_void_p, c_size_t, ctypes.POINTER(DecodeOptions),
                                                ctypes.POINTER(_ImagePtr)]),
        "pristine_image_free": (None, [_ImagePtr]),
        "pristine_image_width": (c_int, [_ImagePtr]),
        "pristine_image_height": (c_int, [_ImagePtr]),
        "pristine_image_channels": (c_int, [_ImagePtr]),
        "pristine_image_stride": (c_size_t, [_ImagePtr]),
        "pristine_image_pixels": (ctypes.POINTER(ctypes.c_uint8), [_ImagePtr]),
        "pristine_image_copy_pixels": (status, [_ImagePtr, ctypes.c_void_p, c_size_t]),
        "pristine_image_get_info": (status, [_ImagePtr, ctypes.POINTER(ImageInfo)]),
        "pristine_image_count_colors": (status, [_ImagePtr, ctypes.POINTER(ctypes.c_uint64)]),
        "pristine_scorer_options_init": (None, [ctypes.POINTER(ScorerOptions)]),
        "pristine_scorer_load": (status, [c_char_p, ctypes.POINTER(ScorerOptions), ctypes.POINTER(_ScorerPtr)]),
        "pristine_scorer_free": (None, [_ScorerPtr]),
        "pristine_scorer_score_file": (status, [_ScorerPtr, c_char_p, ctypes.POINTER(ctypes.c_double)]),
        "pristine_scorer_score_memory": (status, [_ScorerPtr, ctypes.c_void_p, c_size_t,
                                                  ctypes.POINTER(ctypes.c_double)]),
        "pristine_scorer_score_files": (status, [_ScorerPtr, ctypes.POINTER(c_char_p), c_size_t, ctypes.c_int32,
                                                 ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_int32)]),
        "pristine_scorer_rank": (status, [ctypes.POINTER(ctypes.c_double), c_size_t, ctypes.POINTER(c_size_t)]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = restype, argtypes
    _lib = lib
    return lib


def _check(status: int) -> None:
    if status != 0:
        message = _lib.pristine_last_error().decode("utf-8", "replace")
        raise _EXCEPTIONS.get(status, PristineError)(status, message)


def version() -> str:
    return load_library().pristine_version_string().decode()


def _options(channels: int, apply_orientation: bool, scale_denom: int,
             max_pixels: Optional[int]) -> DecodeOptions:
    o = DecodeOptions()
    load_library().pristine_decode_options_init(ctypes.byref(o))
    o.channels, o.apply_orientation, o.scale_denom = channels, int(apply_orientation), scale_denom
    if max_pixels is not None:
        o.max_pixels = max_pixels
    return o


def _new_info() -> ImageInfo:
    info = ImageInfo()
    info.struct_size = ctypes.sizeof(ImageInfo)
    return info


def probe(source) -> dict:
    """Metadata of a file (str/PathLike) or bytes, without decoding the pixels."""
    lib, info = load_library(), _new_info()
    if isinstance(source, (bytes, bytearray)):
        buf = bytes(source)
        _check(lib.pristine_probe_memory(buf, len(buf), ctypes.byref(info)))
    else:
        _check(lib.pristine_probe_file(os.fsencode(source), ctypes.byref(info)))
    return info.to_dict()


class _Owned:
    """A C handle freed by `_free_name` when the object is closed or collected; `_kind` names it in errors."""

    _free_name = ""
    _kind = ""
    _handle = None

    def close(self) -> None:
        if self._handle:
            getattr(_lib, self._free_name)(self._handle)
            self._handle = type(self._handle)()

    def __del__(self):
        if _lib is not None:
            self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _live(self):
        if not self._handle:
            raise ValueError(self._kind + " is closed")
        return self._handle


class Image(_Owned):
    """A decoded image owned by the C library; freed when the object is collected or closed."""

    _free_name = "pristine_image_free"
    _kind = "image"

    def __init__(self, handle: _ImagePtr):
        self._handle = handle

    @classmethod
    def from_file(cls, path, channels: int = 3, apply_orientation: bool = True, scale_denom: int = 1,
                  max_pixels: Optional[int] = None) -> "Image":
        lib, out = load_library(), _ImagePtr()
        opts = _options(channels, apply_orientation, scale_denom, max_pixels)
        _check(lib.pristine_image_load_file(os.fsencode(path), ctypes.byref(opts), ctypes.byref(out)))
        return cls(out)

    @classmethod
    def from_bytes(cls, data: bytes, channels: int = 3, apply_orientation: bool = True, scale_denom: int = 1,
                   max_pixels: Optional[int] = None) -> "Image":
        lib, out, buf = load_library(), _ImagePtr(), bytes(data)
        opts = _options(channels, apply_orientation, scale_denom, max_pixels)
        _check(lib.pristine_image_load_memory(buf, len(buf), ctypes.byref(opts), ctypes.byref(out)))
        return cls(out)

    @property
    def width(self) -> int:
        return _lib.pristine_image_width(self._live())

    @property
    def height(self) -> int:
        return _lib.pristine_image_height(self._live())

    @property
    def channels(self) -> int:
        return _lib.pristine_image_channels(self._live())

    def info(self) -> dict:
        info = _new_info()
        _check(_lib.pristine_image_get_info(self._live(), ctypes.byref(info)))
        return info.to_dict()

    def count_colors(self) -> int:
        n = ctypes.c_uint64()
        _check(_lib.pristine_image_count_colors(self._live(), ctypes.byref(n)))
        return n.value

    def tobytes(self) -> bytes:
        """Pixels tightly packed, row after row (width * channels bytes a row)."""
        size = self.width * self.height * self.channels
        buf = ctypes.create_string_buffer(size)
        _check(_lib.pristine_image_copy_pixels(self._live(), buf, size))
        return buf.raw

    def pixels(self):
        """A (height, width, channels) uint8 numpy array when numpy is available, else `tobytes()`."""
        data = self.tobytes()
        try:
            import numpy as np
        except ImportError:
            return data
        return np.frombuffer(data, dtype=np.uint8).reshape(self.height, self.width, self.channels).copy()


class Scorer(_Owned):
    """The generation-loss scorer: lower score = closer to the original; scores are comparable only among
    copies of the same picture. `model` None loads the shipped default ($PRISTINE_MODEL first)."""

    _free_name = "pristine_scorer_free"
    _kind = "scorer"

    def __init__(self, model=None, threads: int = 0):
        lib, out, opts = load_library(), _ScorerPtr(), ScorerOptions()
        lib.pristine_scorer_options_init(ctypes.byref(opts))
        opts.threads = threads
        path = None if model is None else os.fsencode(model)
        _check(lib.pristine_scorer_load(path, ctypes.byref(opts), ctypes.byref(out)))
        self._handle = out

    def score(self, source) -> float:
        """Score of a file (str/PathLike) or of an encoded image's bytes."""
        out = ctypes.c_double()
        if isinstance(source, (bytes, bytearray)):
            buf = bytes(source)
            _check(_lib.pristine_scorer_score_memory(self._live(), buf, len(buf), ctypes.byref(out)))
        else:
            _check(_lib.pristine_scorer_score_file(self._live(), os.fsencode(source), ctypes.byref(out)))
        return out.value

    def score_files(self, paths, threads: int = 0):
        """(scores, statuses) of many files: a failed file has score NaN and its status name (else "ok")."""
        n = len(paths)
        c_paths = (ctypes.c_char_p * n)(*[os.fsencode(p) for p in paths])
        scores, statuses = (ctypes.c_double * n)(), (ctypes.c_int32 * n)()
        _check(_lib.pristine_scorer_score_files(self._live(), c_paths, n, threads, scores, statuses))
        return list(scores), [STATUS_NAMES[s] if 0 <= s < len(STATUS_NAMES) else "unknown" for s in statuses]

    def rank(self, paths, threads: int = 0):
        """Indices of `paths` best first (failed files last) with their scores: [(index, score), ...]."""
        scores, _ = self.score_files(paths, threads)
        n = len(scores)
        order = (ctypes.c_size_t * n)()
        _check(_lib.pristine_scorer_rank((ctypes.c_double * n)(*scores), n, order))
        return [(i, scores[i]) for i in order]
