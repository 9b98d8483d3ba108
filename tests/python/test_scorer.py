"""pristine.Scorer and pristine.train_scorer: the shipped model on the bundled samples, inputs of every
kind, errors, ranking, threads, Ctrl-C, and a tiny training run."""
import _thread
import math
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import pristine

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
GROUPS = ("astronaut", "chelsea", "coffee")


def _group_files(name):
    """The original PNG first, then its copies."""
    return [SAMPLES / f"{name}.png"] + sorted(SAMPLES.glob(f"{name}_copy*"))


@pytest.fixture(scope="module")
def scorer():
    if pristine.default_model_path() is None:
        pytest.skip("no default scorer model (set PRISTINE_MODEL)")
    return pristine.Scorer()


def _textured(height, width, seed):
    """A photo-like picture: gradients, a shape and pattern noise, so compression leaves a mark."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    img = np.stack([x * 255 / width, y * 255 / height, (x + y) * 127 / (width + height)], axis=-1)
    img += 40 * np.sin(0.37 * x * (seed + 1) + 0.23 * y)[..., None]
    img[height // 4: height // 2, width // 3: 2 * width // 3] = (230, 40, 60)
    img += rng.normal(0, 4, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def test_default_model_scores_the_samples(scorer):
    files = [f for name in GROUPS for f in _group_files(name)]
    assert len(files) == 18
    scores = scorer.score(files)
    assert isinstance(scores, np.ndarray) and scores.dtype == np.float64 and scores.shape == (18,)
    assert np.all(np.isfinite(scores))
    # Deterministic, whatever the number of threads, and the same one at a time.
    assert np.array_equal(scores, scorer.score(files, threads=1))
    assert np.array_equal(scores, scorer.score([str(f) for f in files], threads=3))
    singles = [scorer.score(f) for f in files[:6]]
    assert all(isinstance(s, float) for s in singles)
    assert singles == list(scores[:6])
    assert scorer.blocks > 0
    info = scorer.model_info
    assert info["blocks"] > 0 and "aggregator" in info
    assert os.path.exists(scorer.model_path)
    assert "Scorer(" in repr(scorer)


def test_inputs_of_every_kind_agree(scorer, tmp_path):
    path = _group_files("coffee")[1]
    data = path.read_bytes()
    by_path = scorer.score(path)
    assert scorer.score(str(path)) == by_path
    assert scorer.score(data) == by_path
    assert scorer.score(bytearray(data)) == by_path
    assert scorer.score(memoryview(data)) == by_path
    with open(path, "rb") as f:
        assert scorer.score(f) == by_path
    # Pixels are scored as the PNG (level 6) the library makes of them.
    pixels = pristine.load(path)
    as_png = pristine.encode(pixels, "png", compression_level=6)
    by_pixels = scorer.score(pixels)
    assert math.isfinite(by_pixels)
    assert by_pixels == scorer.score(as_png)
    # A crop with rows apart, grey and RGBA arrays are accepted.
    crop = pixels[10:200, 20:220]
    assert not crop.flags["C_CONTIGUOUS"]
    assert scorer.score(crop) == scorer.score(np.ascontiguousarray(crop))
    assert math.isfinite(scorer.score(pristine.load(path, channels=1)))
    assert math.isfinite(scorer.score(pristine.load(path, channels=4)))
    # Mixed batch, tuple, and the empty batch.
    mixed = scorer.score((path, data, pixels))
    assert list(mixed) == [by_path, by_path, by_pixels]
    empty = scorer.score([])
    assert isinstance(empty, np.ndarray) and empty.shape == (0,)


def test_errors_name_the_input(scorer, tmp_path):
    good = _group_files("chelsea")[0]
    missing = tmp_path / "no-such-picture.jpg"
    text = tmp_path / "notes.png"
    text.write_bytes(b"not an image at all")
    with pytest.raises(pristine.FileError) as e:
        scorer.score(missing)
    assert "no-such-picture.jpg" in str(e.value) and e.value.status == "io_error"
    with pytest.raises(pristine.UnsupportedFormatError) as e:
        scorer.score(text)
    assert "notes.png" in str(e.value)
    with pytest.raises(pristine.UnsupportedFormatError) as e:
        scorer.score(b"nope")
    assert "item 0" in str(e.value)
    truncated = good.read_bytes()[:2000]
    with pytest.raises(pristine.Error):
        scorer.score(truncated)

    batch = [good, missing, text, good]
    with pytest.raises(pristine.FileError) as e:
        scorer.score(batch)
    message = str(e.value)
    assert "2 of 4" in message and "no-such-picture.jpg" in message and "notes.png" in message
    assert [(f.index, f.status) for f in e.value.failures] == [(1, "io_error"), (2, "unsupported_format")]
    scores = scorer.score(batch, errors="mask")
    assert np.isnan(scores[1]) and np.isnan(scores[2])
    with pytest.warns(DeprecationWarning, match="errors='mask'"):
        old = scorer.score(batch, errors="nan")  # the former name of "mask"
    np.testing.assert_array_equal(old, scores)
    assert scores[0] == scores[3] == scorer.score(good)

    with pytest.raises(pristine.InvalidArgumentError, match="uint8"):
        scorer.score(np.zeros((32, 32, 3), np.float32))
    with pytest.raises(pristine.InvalidArgumentError, match="channels"):
        scorer.score(np.zeros((32, 32, 5), np.uint8))
    with pytest.raises(TypeError):
        scorer.score(42)
    with pytest.raises(pristine.InvalidArgumentError):
        scorer.score(good, errors="ignore")
    with pytest.raises(pristine.InvalidArgumentError):
        scorer.score([good], threads=-1)


def test_model_errors(tmp_path):
    with pytest.raises(pristine.FileError) as e:
        pristine.Scorer(tmp_path / "missing.pmdl")
    assert "missing.pmdl" in str(e.value)
    garbage = tmp_path / "garbage.pmdl"
    garbage.write_bytes(b"this is not a model" * 10)
    with pytest.raises(pristine.BadFileVersionError):
        pristine.Scorer(garbage)
    model = pristine.default_model_path()
    if model is not None:
        truncated = tmp_path / "truncated.pmdl"
        truncated.write_bytes(Path(model).read_bytes()[:1000])
        with pytest.raises((pristine.BadFileVersionError, pristine.DecodeError)) as e:
            pristine.Scorer(truncated)
        assert str(e.value)
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.Scorer(threads=-1)


def test_rank_is_consistent_with_score(scorer, tmp_path):
    for name in GROUPS:
        files = _group_files(name)
        scores = scorer.score(files)
        ranking = scorer.rank(files)
        assert sorted(i for i, _ in ranking) == list(range(len(files)))
        assert [s for _, s in ranking] == sorted(scores)
        for i, s in ranking:
            assert s == scores[i]
    # Failed inputs come last with errors="mask", in input order; "raise" raises.
    files = _group_files("astronaut")[:2]
    missing = tmp_path / "gone.jpg"
    ranking = scorer.rank([missing, files[0], missing, files[1]], errors="mask")
    assert [i for i, _ in ranking[2:]] == [0, 2] and all(math.isnan(s) for _, s in ranking[2:])
    with pytest.raises(pristine.FileError):
        scorer.rank([missing, files[0]])
    with pytest.raises(pristine.InvalidArgumentError):
        scorer.rank(files[0])


def test_concurrent_python_threads_share_a_scorer(scorer):
    files = _group_files("coffee")
    expected = scorer.score(files, threads=1)
    results, errors = [], []

    def work():
        try:
            results.append(scorer.score(files, threads=1))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(np.array_equal(r, expected) for r in results)


def test_ctrl_c_stops_a_batch(scorer):
    data = pristine.encode(_textured(96, 128, 3), "jpeg", quality=80)
    items = [data] * 20000

    def interrupt():
        time.sleep(0.3)
        _thread.interrupt_main()

    threading.Thread(target=interrupt).start()
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        scorer.score(items, threads=1)
    assert time.perf_counter() - start < 20


def _write_pictures(folder, count):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"pic{i}.png").write_bytes(pristine.encode(_textured(128 + 8 * i, 160 + 16 * i, i), "png"))


# The settings of tests/cpp/scorer_test_model.hpp: a second or two on 2 cores.
TINY = dict(groups_per_epoch=4, validation_groups=2, validation_fraction=0.25, batch_pairs=4, blocks=16,
            max_side=128)


def test_tiny_training_writes_a_loadable_model(tmp_path):
    pictures = tmp_path / "pictures"
    _write_pictures(pictures, 4)
    out = tmp_path / "tiny.pmdl"
    epochs, messages = [], []
    result = pristine.train_scorer(pictures, out, epochs=2, seed=7, threads=1, progress=epochs.append,
                                   log=messages.append, **TINY)
    assert result["epochs_run"] == 2
    assert result["train_images"] == 3 and result["validation_images"] == 1
    assert result["model_path"] == str(out)
    assert [e["epoch"] for e in epochs] == [1, 2]
    assert all(e["epochs"] == 2 and math.isfinite(e["train_loss"]) and e["train_pairs"] > 0 for e in epochs)
    assert os.path.exists(epochs[-1]["checkpoint"])
    tiny = pristine.Scorer(out, threads=1)
    assert tiny.blocks == 16
    assert tiny.model_info["blocks"] == 16
    copy = pristine.encode(_textured(100, 120, 9), "jpeg", quality=50)
    assert math.isfinite(tiny.score(copy))

    # The same seed and threads give the same model.
    again = tmp_path / "again.pmdl"
    pristine.train_scorer([str(pictures)], str(again), epochs=2, seed=7, threads=1, **TINY)
    assert pristine.Scorer(again, threads=1).score(copy) == tiny.score(copy)


def test_a_raising_progress_callback_stops_training(tmp_path):
    pictures = tmp_path / "pictures"
    _write_pictures(pictures, 4)
    out = tmp_path / "stopped.pmdl"
    seen = []

    class Stop(Exception):
        pass

    def progress(epoch):
        seen.append(epoch["epoch"])
        raise Stop("enough")

    with pytest.raises(Stop, match="enough"):
        pristine.train_scorer(pictures, out, epochs=3, seed=7, threads=1, progress=progress, **TINY)
    assert seen == [1]
    assert math.isfinite(pristine.Scorer(out, threads=1).score(_textured(64, 64, 1)))  # epoch 1 was kept


def test_training_errors(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.train_scorer(empty, tmp_path / "x.pmdl", epochs=1, threads=1, **TINY)
    with pytest.raises(pristine.InvalidArgumentError, match="unknown option"):
        pristine.train_scorer(empty, tmp_path / "x.pmdl", no_such_option=1)
    with pytest.raises(pristine.InvalidArgumentError):
        pristine.train_scorer(empty, tmp_path / "x.pmdl", progress=42)


def test_training_options_of_the_data_pipeline(tmp_path):
    pictures = tmp_path / "pictures"
    _write_pictures(pictures, 4)
    cache = tmp_path / "cache"
    out = tmp_path / "opts.pmdl"
    pristine.train_scorer(pictures, out, epochs=1, seed=3, threads=1, synth_fraction=0.5, train_k=1.0,
                          cache_dir=str(cache), width=16, conv_channels=4, **TINY)
    first = sorted(pictures.iterdir())[0]
    scorer = pristine.Scorer(out)
    assert np.isfinite(scorer.score(str(first)))
    assert scorer.model_info["width"] == 16 and scorer.model_info["conv_channels"] == 4
    assert cache.is_dir() and any(cache.rglob("*")), "cache_dir was not used"
