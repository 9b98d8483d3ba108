#!/usr/bin/env bash
# Checks pristine's PDQ against Meta's reference implementation (ThreatExchange, pdq/): the eight photos
# of the reference's regression test (pdq/data/reg-test-input/dih/bridge-*.jpg) hashed with
# `pristine hash --pdq-reference-tool` must give exactly the hash and quality that the reference's
# expected output (pdq/cpp/reg_test/expected/out) lists, and the 8 --pdqdih variants of
# bridge-1-original.jpg too. For comparison it also prints how far pristine's default PDQ (the whole
# picture, decoded at full size) is from the reference program's hash. docs/hashes.md, "PDQ reference
# conformance", explains the difference.
#   usage: scripts/check-pdq-reference.sh THREATEXCHANGE_CHECKOUT [PRISTINE_BINARY]
# PRISTINE_BINARY defaults to build/bin/pristine of this repository.
# Exit code: 0 every hash equal, 1 a mismatch, 2 usage error or missing input.
set -euo pipefail
te=${1:?usage: check-pdq-reference.sh THREATEXCHANGE_CHECKOUT [PRISTINE_BINARY]}
root=$(cd "$(dirname "$0")/.." && pwd)
cli=${2:-$root/build/bin/pristine}
images=$te/pdq/data/reg-test-input/dih
expected=$te/pdq/cpp/reg_test/expected/out
[[ -x $cli ]] || { echo "check-pdq-reference: no pristine program at $cli (build first, or pass its path)" >&2; exit 2; }
names=(bridge-1-original bridge-2-rotate-90 bridge-3-rotate-180 bridge-4-rotate-270
       bridge-5-flipx bridge-6-flipy bridge-7-flip-plus-1 bridge-8-flip-minus-1)
files=()
for n in "${names[@]}"; do
    [[ -f $images/$n.jpg ]] || { echo "check-pdq-reference: $images/$n.jpg is missing" >&2; exit 2; }
    files+=("$images/$n.jpg")
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" hash --kind pdq --pdq-reference-tool "${files[@]}" > "$work/tool.jsonl"
"$cli" hash --kind pdq --pdq-reference-tool --dihedral "${files[0]}" > "$work/tool-dihedral.jsonl"
"$cli" hash --kind pdq --full-scale "${files[@]}" > "$work/whole.jsonl"
"$cli" hash --kind pdq --full-scale --dihedral "${files[0]}" > "$work/whole-dihedral.jsonl"

/usr/bin/python3 - "$expected" "$work" <<'EOF'
import json, os, re, sys

expected_path, work = sys.argv[1], sys.argv[2]
names = ["bridge-1-original", "bridge-2-rotate-90", "bridge-3-rotate-180", "bridge-4-rotate-270",
         "bridge-5-flipx", "bridge-6-flipy", "bridge-7-flip-plus-1", "bridge-8-flip-minus-1"]
# The reference's --pdqdih order, and where each variant sits in pristine's order (dihedral.hpp): its
# flipx mirrors top-bottom (pristine's flip_v, 5) and its flipy left-right (flip_h, 4).
ref_variants = ["orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipp", "flipm"]
pristine_index = [0, 1, 2, 3, 5, 4, 6, 7]

# What pdq/cpp/reg_test/expected/out lists for these files (all quality 100), used only when the
# checkout lacks that file (a copy without its large files): the eight hashes, then the --pdqdih
# variants of bridge-1-original.jpg in the reference's order.
pinned_plain = [
    "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22",
    "30a10efdf1c83f429013d48d0ffffc52e34e0e35ada952a9d29605215aa9e5af",
    "2dad5a64b1a142e7d362a09857da895ae63b8c7fc23794b766b319361fc93188",
    "a5f0a457248995e8c9065c275aaa5498b61ba4bdf8fcf80387c32f8b5bfc4f05",
    "d8f80f33e0f417b20e37f5cd028f980fb36ed02a9662c1e233e64c634e9c64dd",
    "2da9259bb1a1bd1a5362576552da32a5e63b7380c2774b4866b346c91b89ce77",
    "f0a1e10271ccc0bd90530b720fff038de34ef1e8ada9a956d6967ade5ea91a50",
    "2df05aa8a4896a17c14682da5aaaab07b61b5b42f8fc07fc87c3d0741bfcb0fa",
]
pinned_dihedral = [
    "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22",
    "f0a10efd51c83d429053d48d0fffbc52e34e0e17ada956a9d29685211ea9e58f",
    "adad5a64b5a102e55b62a88052dacd5ae63b847fc337b4b766b399361bc93188",
    "a5f0b457248995e8c1065c275aaa56d8b61ba4bdf8fcfc0383c32f8b0bfc4f05",
    "d8f80f31e0f457b00637f5d5038f980fb36ed12a9662c1e233e64c634e9c64dd",
    "8dada49991a1bd1a5362577742da32a5e63b7b80c2364b4866b346c91bc9ce77",
    "f0a1e10271ccc0bd90530b720fff038de34ef1e8ada9a956d6967ade5ea91a50",
    "a5f44ba8a4996a17cd06a1d85aaaa927b61b5b42f8fc03fc83c3d0740bfcb0fa",
]

def fail(message):
    print("check-pdq-reference: " + message, file=sys.stderr)
    sys.exit(2)

def parse_expected(path):
    """(hash, quality) per file name and the 8 --pdqdih (hash, quality) of bridge-1-original, from the
    reference's output: 'HASH,QUALITY,PATH' lines (the first one per file is the plain run) and either
    the --pdqdih-across line 'H1,...,H8,QUALITY,PATH' or its --details form 'hash=..,orig=..,...'."""
    plain, dihedral = {}, None
    hx = "[0-9a-f]{64}"
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.strip()
        m = re.fullmatch(rf"({hx}),(\d+),(.*/dih/([^/]+)\.jpg)", line)
        if m and m.group(4) in names and m.group(4) not in plain:
            plain[m.group(4)] = (m.group(1), int(m.group(2)))
            continue
        m = re.fullmatch(rf"((?:{hx},){{8}})(\d+),.*/dih/bridge-1-original\.jpg", line)
        if m and dihedral is None:
            dihedral = [(h, int(m.group(2))) for h in m.group(1).rstrip(",").split(",")]
            continue
        if line.startswith("hash=") and "orig=" in line and "bridge-1-original.jpg" in line and dihedral is None:
            fields = dict(f.split("=", 1) for f in line.split(",") if "=" in f)
            if all(k in fields for k in ref_variants + ["quality"]):
                dihedral = [(fields[k], int(fields["quality"])) for k in ref_variants]
    missing = [n for n in names if n not in plain]
    if missing:
        fail(f"{path} lists no hash for {', '.join(missing)}")
    if dihedral is None:
        fail(f"{path} lists no --pdqdih-across line for bridge-1-original.jpg")
    return plain, dihedral

if os.path.isfile(expected_path):
    plain, dihedral = parse_expected(expected_path)
    print(f"reference: {expected_path}")
else:
    plain = {n: (h, 100) for n, h in zip(names, pinned_plain)}
    dihedral = [(h, 100) for h in pinned_dihedral]
    print(f"reference: {expected_path} is missing; using the values of that file pinned in this script")

def lines(name):
    out = {}
    for line in open(os.path.join(work, name)):
        j = json.loads(line)
        if "error" in j:
            fail(f"pristine could not hash {j['path']}: {j['error']}")
        out[os.path.basename(j["path"])[:-4]] = j
    return out

def distance(a, b):
    return bin(int(a, 16) ^ int(b, 16)).count("1")

tool, whole = lines("tool.jsonl"), lines("whole.jsonl")
mismatches = 0
print(f"{'file':<22} {'reference hash (quality)':<70} {'pristine --pdq-reference-tool (quality)':<70} bits  whole-picture bits")
for n in names:
    ref_hash, ref_q = plain[n]
    got, got_q = tool[n]["pdq"], tool[n]["pdq_quality"]
    d = distance(ref_hash, got)
    mismatches += d != 0 or ref_q != got_q
    print(f"{n:<22} {ref_hash} ({ref_q:>3})  {got} ({got_q:>3}) {d:>5}  {distance(ref_hash, whole[n]['pdq']):>5}")

print()
print("--pdqdih variants of bridge-1-original.jpg (whole picture: pristine's exact variants of the whole picture)")
tool_dih = lines("tool-dihedral.jsonl")["bridge-1-original"]
whole_dih = lines("whole-dihedral.jsonl")["bridge-1-original"]
for k, name in enumerate(ref_variants):
    ref_hash, ref_q = dihedral[k]
    got = tool_dih["pdq"][pristine_index[k]]
    d = distance(ref_hash, got)
    mismatches += d != 0 or ref_q != tool_dih["pdq_quality"]
    print(f"{name:<22} {ref_hash} ({ref_q:>3})  {got} ({tool_dih['pdq_quality']:>3}) {d:>5}  "
          f"{distance(ref_hash, whole_dih['pdq'][pristine_index[k]]):>5}")

print()
if mismatches:
    print(f"MISMATCH: {mismatches} of 16 hashes differ from the reference")
    sys.exit(1)
print("OK: all 16 hashes and qualities equal the reference's, bit for bit")
EOF
