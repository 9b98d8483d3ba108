#!/usr/bin/env bash
# What `pristine dedupe --cache FILE` saves: wall time of a run without a cache, of a first run that
# fills a new cache, and of a re-run over the same, unchanged tree, with and without ranking.
# Each row repeats the runs N times (a fresh cache for each first run) and gives the minimum and the
# median; the speed-up is first run / re-run, of the minima. Every run reads files the page cache
# already holds (a warm-up run precedes the measured ones), so the first runs are decode-bound, not
# disk-bound. The tree: scripts/make-dedupe-speed-set.sh DIR 5000 (640x480 JPEGs).
#
# Usage: benchmarks/bench_dedupe_cache.sh [-n N] [--threads T] [--modes no-rank,ranked] --cli PATH DIR
#   --cli PATH    the pristine binary (build/bin/pristine)
#   --modes LIST  the rows: no-rank (dedupe --no-rank), ranked (needs the scorer model); default both
# The stages of each run: benchmarks/bench_dedupe_cache.cpp.
# Needs bash >= 5 (EPOCHREALTIME).
set -euo pipefail

runs=3
threads=0
modes=no-rank,ranked
cli=""
dir=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n) runs=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --modes) modes=$2; shift 2 ;;
        --cli) cli=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        -*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
        *) dir=$1; shift ;;
    esac
done
[[ -n "$cli" && -x "$cli" ]] || { echo "--cli PATH is required (the pristine binary)" >&2; exit 2; }
[[ -n "$dir" && -d "$dir" ]] || { echo "DIR is required (a folder of pictures)" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "-n needs a positive count" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Seconds of one run; the report must be there (exit 1 = some file unreadable, still a full run).
timed() {
    local t0 t1 rc=0
    t0=$EPOCHREALTIME
    "$cli" dedupe "$dir" --quiet --threads "$threads" --out "$scratch/report.json" "$@" 2>"$scratch/stderr" || rc=$?
    t1=$EPOCHREALTIME
    if ((rc > 1)) || [[ ! -s "$scratch/report.json" ]]; then
        echo "pristine dedupe failed ($rc): $(head -n 3 "$scratch/stderr")" >&2
        exit 1
    fi
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# "min median" of the numbers given.
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f %.2f", v[1], v[int((NR + 1) / 2)] }'; }

# One table row for a mode ("" or --no-rank).
row() {
    local label=$1; shift
    local plain=() first=() again=() i
    timed "$@" >/dev/null  # warm-up: the page cache holds the files from here on
    for ((i = 0; i < runs; ++i)); do
        plain+=("$(timed "$@")")
        rm -f "$scratch/cache.db"
        first+=("$(timed --cache "$scratch/cache.db" "$@")")
        again+=("$(timed --cache "$scratch/cache.db" "$@")")
    done
    local hits p_min p_med f_min f_med a_min a_med
    hits=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["cache_hits"], r["files"])' "$scratch/report.json")
    read -r p_min p_med <<<"$(stats "${plain[@]}")"
    read -r f_min f_med <<<"$(stats "${first[@]}")"
    read -r a_min a_med <<<"$(stats "${again[@]}")"
    echo "| $label | ${hits#* } | ${hits% *} | $p_min / $p_med | $f_min / $f_med | $a_min / $a_med | $(awk -v f="$f_min" -v a="$a_min" 'BEGIN { printf "%.1fx", f / a }') |"
}

echo "pristine dedupe with --cache: $(find "$dir" -type f | wc -l) files under $(basename "$dir"), $runs runs each," \
     "$(nproc) cores, --threads $threads (0 = all)"
echo
echo "| run | files | re-run hits | no cache: min / median (s) | first run, new cache (s) | re-run, unchanged (s) | speed-up (first / re-run, min) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
if [[ ",$modes," == *",no-rank,"* ]]; then row "--no-rank" --no-rank; fi
if [[ ",$modes," == *",ranked,"* ]]; then row "ranked (scorer)"; fi
