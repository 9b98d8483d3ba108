"""One error contract for every call: messages name the input, batches report Failure records of one
shape, errors="mask" is the one name of "keep going", and the statuses map to their classes."""
import warnings

import numpy as np
import pytest

import pristine
from conftest import gradient


@pytest.fixture
def bad_files(tmp_path):
    good = tmp_path / "good.png"
    good.write_bytes(pristine.encode(gradient(), "png"))
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not an image at all")
    return good, tmp_path / "missing.jpg", junk


@pytest.mark.parametrize("call", [pristine.hash, pristine.load])
def test_single_file_messages_name_the_path(bad_files, call):
    _, missing, junk = bad_files
    with pytest.raises(pristine.FileError) as e:
        call(missing)
    assert str(missing) in str(e.value) and e.value.status == "io_error" and e.value.code == 2
    with pytest.raises(pristine.UnsupportedFormatError) as e:
        call(junk)
    assert str(e.value).startswith(f"{junk}: ") and e.value.status == "unsupported_format"


def test_hash_many_failures_are_records(bad_files):
    good, missing, junk = bad_files
    paths = [str(good), str(missing), str(junk)]
    with pytest.raises(pristine.FileError) as e:
        pristine.hash_many(paths)
    failures = e.value.failures
    assert all(isinstance(f, pristine.Failure) for f in failures)
    assert [(f.index, f.source, f.status) for f in failures] == [(1, str(missing), "io_error"),
                                                                 (2, str(junk), "unsupported_format")]
    assert all(f.source in f.message for f in failures)
    for f in failures:  # each listed in the batch's message
        assert f.message in str(e.value)
    assert pristine.Failure._fields == ("index", "source", "status", "message")


def test_keep_going_is_mask_everywhere(bad_files):
    good, missing, _ = bad_files
    hashes, ok = pristine.hash_many([str(good), str(missing)], errors="mask")
    assert ok.tolist() == [True, False] and not hashes[1].any()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "mask" itself is not deprecated
        pristine.hash_many([str(good)], errors="mask")
    with pytest.warns(DeprecationWarning):
        hashes2, ok2 = pristine.hash_many([str(good), str(missing)], errors="nan")
    np.testing.assert_array_equal(hashes, hashes2)
    with pytest.raises(pristine.InvalidArgumentError, match="'raise' or 'mask'"):
        pristine.hash_many([str(good)], errors="skip")


def test_default_kind_is_pdq(bad_files):
    good = bad_files[0]
    assert pristine.hash(good) == pristine.hash(good, "pdq")
    assert pristine.hash_many([str(good)])[0].tobytes() == pristine.hash(good, "pdq")


def test_unavailable_status():
    assert issubclass(pristine.UnavailableError, pristine.Error)
    assert pristine.UnavailableError.__module__ == "pristine"


def test_scorer_unavailable_without_its_module(monkeypatch):
    # A build or installation without models has no pristine._pristine_models: making a scorer then
    # raises UnavailableError (status "unavailable", code 10) instead of an ImportError.
    import sys
    monkeypatch.setitem(sys.modules, "pristine._pristine_models", None)
    monkeypatch.delattr(pristine, "_pristine_models", raising=False)
    with pytest.raises(pristine.UnavailableError) as e:
        pristine.Scorer()
    assert e.value.status == "unavailable" and e.value.code == 10 and "without models" in str(e.value)
    with pytest.raises(pristine.UnavailableError):
        pristine.default_model_path()
