"""pristine.HammingIndex against a brute-force numpy reference: k-NN (ties), radius, dihedral, pairs."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import pristine

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int32)


def distances(codes, query):
    """Hamming distance of every row of `codes` to `query`."""
    return POPCOUNT[np.bitwise_xor(codes, query[None, :])].sum(axis=1)


def near_copies(rng, n, code_bytes, clusters=None, flips=3):
    """n random codes in which each of `clusters` random centres has several copies a few bits away,
    so that small radii find something (random codes alone are ~bits/2 apart)."""
    clusters = clusters or max(1, n // 4)
    centres = rng.integers(0, 256, size=(clusters, code_bytes), dtype=np.uint8)
    codes = centres[rng.integers(0, clusters, size=n)].copy()
    for row in codes:
        for bit in rng.choice(8 * code_bytes, size=rng.integers(0, flips + 1), replace=False):
            row[bit // 8] ^= np.uint8(1 << (bit % 8))
    return codes


def brute_pairs(ids, codes, radius):
    out = []
    for i in range(len(ids)):
        d = distances(codes[i + 1:], codes[i])
        for j in np.nonzero(d <= radius)[0]:
            a, b = sorted((int(ids[i]), int(ids[i + 1 + j])))
            out.append((a, b, int(d[j])))
    return sorted(out)


def as_pairs(result):
    pairs, dist = result
    assert pairs.dtype == np.uint64 and pairs.ndim == 2 and pairs.shape[1] == 2 and dist.dtype == np.int32
    return [(int(a), int(b), int(d)) for (a, b), d in zip(pairs, dist)]


def build(code_bytes, n, seed=0):
    rng = np.random.default_rng(seed)
    ids = rng.permutation(10 * n)[:n].astype(np.uint64) + 1000
    codes = near_copies(rng, n, code_bytes)
    index = pristine.HammingIndex(code_bytes)
    index.add(ids, codes)
    return index, ids, codes, rng


@pytest.mark.parametrize("code_bytes", [8, 32, 128])
def test_knn_and_radius_equal_brute_force(code_bytes):
    index, ids, codes, rng = build(code_bytes, 300)
    assert len(index) == 300 and index.code_bytes == code_bytes and index.code_bits == 8 * code_bytes
    for _ in range(10):
        query = codes[rng.integers(0, len(codes))].copy()
        query[rng.integers(0, code_bytes)] ^= np.uint8(1 << rng.integers(0, 8))
        d = distances(codes, query)
        order = np.lexsort((ids, d))  # by distance, then id
        for k in (1, 7, 300, 500):
            got_ids, got_d = index.search_knn(query, k)
            assert got_ids.dtype == np.uint64 and got_d.dtype == np.int32
            assert list(got_ids) == list(ids[order[:k]]) and list(got_d) == list(d[order[:k]])
        for radius in (0, 2, 5, 8 * code_bytes // 3):
            got_ids, got_d = index.search_radius(query, radius)
            keep = order[d[order] <= radius]
            assert list(got_ids) == list(ids[keep]) and list(got_d) == list(d[keep])


def test_knn_ties_go_to_the_smaller_id():
    index = pristine.HammingIndex(8)
    code = bytes(8)
    index.add([50, 7, 30, 9], [code, code, code, bytes([1] + [0] * 7)])
    ids, dist = index.search_knn(code, 3)
    assert list(ids) == [7, 30, 50] and list(dist) == [0, 0, 0]
    ids, dist = index.search_knn(code, 10)
    assert list(ids) == [7, 30, 50, 9] and list(dist) == [0, 0, 0, 1]
    assert index.search_knn(code, 0)[0].size == 0


@pytest.mark.parametrize("code_bytes,radius", [(8, 3), (32, 10), (32, 40), (128, 20)])
def test_pairs_within_equals_brute_force(code_bytes, radius):
    index, ids, codes, _ = build(code_bytes, 400, seed=code_bytes + radius)
    expected = brute_pairs(ids, codes, radius)
    assert expected, "the collection must have near copies, or this test proves nothing"
    assert as_pairs(index.pairs_within(radius)) == expected
    for threads in (1, 2, 3):
        assert as_pairs(index.pairs_within(radius, threads=threads)) == expected


def test_pairs_within_after_remove_and_more_adds():
    index, ids, codes, rng = build(32, 1500, seed=5)
    removed = set(int(i) for i in ids[::3])
    for i in removed:
        assert index.remove(i)
    assert not index.remove(int(ids[0]))
    more = near_copies(rng, 200, 32)
    more_ids = np.arange(200, dtype=np.uint64) + 10 ** 9
    index.add(more_ids, more)
    keep = np.array([int(i) not in removed for i in ids])
    all_ids = np.concatenate([ids[keep], more_ids])
    all_codes = np.concatenate([codes[keep], more])
    assert len(index) == len(all_ids)
    assert as_pairs(index.pairs_within(12)) == brute_pairs(all_ids, all_codes, 12)


def test_dihedral_matches_a_turned_copy_of_a_picture():
    picture = pristine.load(SAMPLES / "astronaut.png")
    variants = pristine.hash(picture, "pdq", dihedral=True)
    turned = pristine.hash(np.ascontiguousarray(np.rot90(picture)), "pdq")
    other = pristine.hash(SAMPLES / "coffee.png", "pdq")
    index = pristine.HammingIndex(32)
    index.add([1, 2], [turned, other])
    assert 1 in index and 2 in index and 3 not in index and "x" not in index and -1 not in index
    plain_ids, _ = index.search_radius(variants[0], 31)
    ids, dist = index.search_radius_dihedral(variants, 31)
    assert 1 in list(ids) and 1 not in list(plain_ids)
    # Against the brute force over the 8 variants: each id once, at its smallest distance.
    codes = np.stack([np.frombuffer(turned, np.uint8), np.frombuffer(other, np.uint8)])
    best = np.min([distances(codes, np.frombuffer(v, np.uint8)) for v in variants], axis=0)
    expected = sorted((int(best[i]), i + 1) for i in range(2) if best[i] <= 31)
    assert [(int(d), int(i)) for i, d in zip(ids, dist)] == expected
    # An (8, 32) array works as the list does.
    array = np.stack([np.frombuffer(v, np.uint8) for v in variants])
    assert [list(x) for x in index.search_radius_dihedral(array, 31)] == [list(ids), list(dist)]


def test_add_is_all_or_nothing():
    index = pristine.HammingIndex(8)
    index.add([1, 2], np.zeros((2, 8), np.uint8))
    with pytest.raises(pristine.InvalidArgumentError, match="already present"):
        index.add([3, 4, 2], np.ones((3, 8), np.uint8))
    with pytest.raises(ValueError, match="already present"):  # repeated within the call
        index.add([5, 5], np.ones((2, 8), np.uint8))
    assert len(index) == 2 and 3 not in index and 5 not in index
    index.add(3, b"\xff" * 8)  # one id, the bytes pristine.hash returns
    assert list(index.search_knn(b"\xff" * 8, 1)[0]) == [3]
    index.add([], np.zeros((0, 8), np.uint8))
    assert len(index) == 3


def test_wrong_shapes_and_dtypes_are_clear_errors():
    index = pristine.HammingIndex(32)
    code = np.zeros(32, np.uint8)
    for bad_bytes in (4, 7, 129, 256):
        with pytest.raises(pristine.InvalidArgumentError, match="8..128"):
            pristine.HammingIndex(bad_bytes)
    with pytest.raises(ValueError, match="dtype int64"):
        index.add([1], np.zeros((1, 32), np.int64))
    with pytest.raises(pristine.InvalidArgumentError, match="codes of 32 bytes, got codes of 8"):
        index.add([1], np.zeros((1, 8), np.uint8))
    with pytest.raises(pristine.InvalidArgumentError, match="2 ids and 1 codes"):
        index.add([1, 2], code)
    with pytest.raises(pristine.InvalidArgumentError, match="ids must be integers"):
        index.add([1.5], code)
    with pytest.raises(pristine.InvalidArgumentError, match=">= 0"):
        index.add([-1], code)
    with pytest.raises(pristine.InvalidArgumentError, match="shape"):
        index.add([1], np.zeros((1, 2, 32), np.uint8))
    with pytest.raises(pristine.InvalidArgumentError, match="query must be one code"):
        index.search_knn(np.zeros((2, 32), np.uint8), 1)
    with pytest.raises(pristine.InvalidArgumentError, match="32 bytes"):
        index.search_radius(b"\0" * 31, 1)
    with pytest.raises(pristine.InvalidArgumentError, match="radius must be >= 0"):
        index.search_radius(code, -1)
    with pytest.raises(pristine.InvalidArgumentError, match="k must be >= 0"):
        index.search_knn(code, -1)
    with pytest.raises(pristine.InvalidArgumentError, match="8 rotations/flips"):
        index.search_radius_dihedral([bytes(32)] * 7, 3)
    with pytest.raises(pristine.InvalidArgumentError, match="threads"):
        index.pairs_within(3, threads=-1)
    # The native module checks shapes too, whoever calls it.
    with pytest.raises(pristine.InvalidArgumentError, match="one code per id"):
        index._native.add(np.array([1, 2], np.uint64), np.zeros((1, 32), np.uint8))
    with pytest.raises(pristine.InvalidArgumentError, match="one code of 32 bytes"):
        index._native.search_knn(np.zeros(8, np.uint8), 1)
    assert len(index) == 0


def test_queries_from_several_threads_while_another_adds():
    index, ids, codes, _ = build(32, 2000, seed=3)
    expected = as_pairs(index.pairs_within(8))
    queries = codes[:50]
    results, errors = {}, []

    def query(t):
        try:
            results[t] = [list(index.search_radius(q, 8)[0]) for q in queries] + [as_pairs(index.pairs_within(8))]
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    def adder():
        for k in range(20):  # far codes: they change no answer above
            index.add([10 ** 12 + k], np.full((1, 32), k, np.uint8) ^ np.uint8(0x5A))

    threads = [threading.Thread(target=query, args=(t,)) for t in range(4)] + [threading.Thread(target=adder)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(r[-1] == expected and r == results[0] for r in results.values())
    assert len(index) == 2020


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs /proc/self/maps")
def test_the_index_does_not_load_libtorch():
    program = (
        "import numpy as np, pristine\n"
        "index = pristine.HammingIndex(8)\n"
        "index.add(np.arange(100), np.random.default_rng(0).integers(0, 256, (100, 8), dtype=np.uint8))\n"
        "index.pairs_within(10); index.search_knn(bytes(8), 3)\n"
        "print(any('libtorch' in line for line in open('/proc/self/maps')))\n")
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=os.environ.copy())
    assert run.returncode == 0 and run.stdout.strip() == "False", run.stdout + run.stderr
