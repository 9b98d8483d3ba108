#!/usr/bin/env bash
# Start-up cost of the ways to hash one picture: wall time and peak memory (RSS) of
#   (a) the CLI:            pristine hash --kind pdq FILE
#   (b) a C program:        tests/c/test_hash_only.c (decode + hash through libpristine_c), compiled here
#   (c) Python import:      python3 -c "import pristine"
#   (d) Python hash:        python3 -c "import pristine; pristine.hash(FILE)"
# Each command runs once to warm the page cache, then N times; the table gives the minimum and the median.
# Paths are arguments, so a build of another commit can be measured the same way, side by side.
#
# Usage: benchmarks/bench_startup.sh [-n N] [--label TEXT] --file IMAGE
#            [--cli PATH]                         the pristine binary (build/bin/pristine)
#            [--capi-include DIR --capi-lib DIR]  where pristine.h and libpristine_c are (capi, build/capi)
#            [--pythonpath DIR]                   the package's parent folder (build/python)
#            [--python PATH]                      interpreter (default /usr/bin/python3)
# Needs bash >= 5 (EPOCHREALTIME), GNU time (/usr/bin/time) and a C compiler (cc) for (b).
# Example, from the source tree: benchmarks/bench_startup.sh --file samples/astronaut.png --cli build/bin/pristine
#          --capi-include capi --capi-lib build/capi --pythonpath build/python
set -euo pipefail

runs=20
label=""
file=""
cli=""
capi_include=""
capi_lib=""
pythonpath=""
python=/usr/bin/python3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) runs=$2; shift 2 ;;
        --label) label=$2; shift 2 ;;
        --file) file=$2; shift 2 ;;
        --cli) cli=$2; shift 2 ;;
        --capi-include) capi_include=$2; shift 2 ;;
        --capi-lib) capi_lib=$2; shift 2 ;;
        --pythonpath) pythonpath=$2; shift 2 ;;
        --python) python=$2; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ -n "$file" && -f "$file" ]] || { echo "--file IMAGE is required (an existing picture)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "-n needs a positive count" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# One row: "| what | wall min | wall median | RSS min | RSS median |" over `runs` runs of the command.
measure() {
    local what=$1; shift
    "$@" >/dev/null 2>&1 || { echo "| $what | failed: $* |"; return; }  # warm-up, and a sanity check
    local walls=() rss=() i t0 t1
    for ((i = 0; i < runs; ++i)); do
        t0=$EPOCHREALTIME
        /usr/bin/time -f '%M' -o "$scratch/rss" "$@" >/dev/null 2>&1
        t1=$EPOCHREALTIME
        walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
        rss+=("$(tail -n 1 "$scratch/rss")")
    done
    local w r
    w=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f | %.1f", v[1], v[int((NR + 1) / 2)] }')
    r=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{ v[NR] = $1 } END { printf "%.1f | %.1f", v[1] / 1024, v[int((NR + 1) / 2)] / 1024 }')
    echo "| $what | $w | $r |"
}

echo "Start-up of hashing one picture${label:+ ($label)}: $runs runs each, $(nproc) cores, $(basename "$file")"
echo
echo "| command | wall min (ms) | wall median (ms) | peak RSS min (MB) | peak RSS median (MB) |"
echo "|---|---:|---:|---:|---:|"
measure "/usr/bin/true (the harness)" /usr/bin/true
if [[ -n "$cli" ]]; then
    measure "pristine hash --kind pdq" "$cli" hash --kind pdq "$file"
fi
if [[ -n "$capi_include" && -n "$capi_lib" ]]; then
    cc -std=c99 -O2 -o "$scratch/hash_only" "$here/../tests/c/test_hash_only.c" -I"$capi_include" \
        -L"$capi_lib" -lpristine_c -Wl,-rpath,"$(cd "$capi_lib" && pwd)"
    measure "C program (libpristine_c)" "$scratch/hash_only" "$file"
fi
if [[ -n "$pythonpath" ]]; then
    measure "python3 -c 'import numpy' (the floor: pristine imports it)" "$python" -c "import numpy"
    measure "python3 -c 'import pristine'" env PYTHONPATH="$pythonpath" "$python" -c "import pristine"
    measure "python3: import + pristine.hash" env PYTHONPATH="$pythonpath" "$python" -c \
        "import sys, pristine; pristine.hash(sys.argv[1])" "$file"
    # Whether importing loads libtorch (the figure the rows above depend on most).
    mapped=$(PYTHONPATH="$pythonpath" "$python" -c \
        "import pristine; print(any('libtorch' in l for l in open('/proc/self/maps')))" 2>/dev/null || echo "?")
    echo
    echo "libtorch mapped after \`import pristine\`: $mapped"
fi
