"""`import pristine` and hashing never load libtorch; making a Scorer does (in a fresh interpreter each)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "astronaut.png"

PROGRAM = r"""
import sys
def torch_mapped():
    with open("/proc/self/maps") as maps:
        return any("libtorch" in line for line in maps)
import pristine
assert not torch_mapped(), "import pristine mapped libtorch"
pristine.hash(sys.argv[1])
pristine.hash_many([sys.argv[1]], "dct")
pristine.load(sys.argv[1])
assert not torch_mapped(), "hashing mapped libtorch"
print("hash-only: no libtorch")
if sys.argv[2] == "scorer":
    pristine.Scorer()
    assert torch_mapped(), "a Scorer did not map libtorch: the check above proves nothing"
    print("scorer: libtorch")
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs /proc/self/maps")
def test_import_and_hash_do_not_load_libtorch():
    import pristine
    has_model = pristine.default_model_path() is not None
    run = subprocess.run([sys.executable, "-c", PROGRAM, str(SAMPLE), "scorer" if has_model else "hash"],
                         capture_output=True, text=True, env=os.environ.copy())
    assert run.returncode == 0, run.stdout + run.stderr
    assert "hash-only: no libtorch" in run.stdout
    if has_model:
        assert "scorer: libtorch" in run.stdout
