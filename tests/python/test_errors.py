"""Failures raise pristine.Error subclasses carrying the library's message and status."""
import pytest

import pristine
from conftest import gradient


def test_hierarchy():
    for cls in (pristine.InvalidArgumentError, pristine.FileError, pristine.UnsupportedFormatError,
                pristine.DecodeError, pristine.ImageTooLargeError, pristine.OutOfMemoryError,
                pristine.BadFileVersionError, pristine.CancelledError, pristine.InternalError):
        assert issubclass(cls, pristine.Error)
    assert issubclass(pristine.Error, Exception)
    assert issubclass(pristine.InvalidArgumentError, ValueError)
    assert issubclass(pristine.FileError, OSError)
    assert pristine.Error.__module__ == "pristine"


@pytest.mark.parametrize("call", [pristine.load, pristine.info, pristine.load_frames])
def test_missing_file(tmp_path, call):
    path = tmp_path / "no-such-file.png"
    with pytest.raises(pristine.FileError) as e:
        call(path)
    assert str(path) in str(e.value) and "No such file" in str(e.value)
    assert e.value.status == "io_error" and e.value.code == 2


@pytest.mark.parametrize("call", [pristine.load, pristine.info])
def test_zero_bytes(tmp_path, call):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    for source in (empty, b""):
        with pytest.raises(pristine.UnsupportedFormatError, match="empty") as e:
            call(source)
        assert e.value.status == "unsupported_format"


def test_garbage(tmp_path):
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"this is not an image at all, just text" * 4)
    with pytest.raises(pristine.UnsupportedFormatError, match="unrecognised") as e:
        pristine.load(junk)
    assert str(junk) in str(e.value)


@pytest.mark.parametrize("fmt", ["jpeg", "png", "gif", "webp"])
def test_truncated(fmt):
    data = pristine.encode(gradient(64, 80), fmt)
    with pytest.raises(pristine.Error) as e:
        pristine.load(data[: len(data) // 2])
    assert isinstance(e.value, (pristine.DecodeError, pristine.UnsupportedFormatError))
    assert str(e.value)  # the library's message, never empty


def test_directory(tmp_path):
    with pytest.raises(pristine.FileError):
        pristine.load(tmp_path)


def test_error_is_catchable_as_base(tmp_path):
    try:
        pristine.load(b"\x00" * 10)
    except pristine.Error as e:
        assert e.status == "unsupported_format"
    else:
        pytest.fail("no exception")
