#!/usr/bin/env bash
# What `pristine dedupe --cache FILE` saves on a tree that changed: wall time and peak memory of a first
# run that fills a new cache, of a re-run over the unchanged tree, and of a re-run after K files were
# changed (a byte appended: new size, same picture) and K new files added (copies of other files under
# new names), against a run of that grown tree without a cache — whose report the cached re-run must
# equal (apart from the cache counts; the script fails otherwise). The tree is copied first: the
# files under DIR are never touched.
#
# Usage: benchmarks/bench_dedupe_cache_grown.sh [-k K] [--no-rank] --cli PATH DIR
#   -k K        files changed and files added (default 1 % of the files)
#   --no-rank   runs without ranking
#   --cli PATH  the pristine binary (build/bin/pristine)
set -euo pipefail

k=""
rank=()
cli=""
dir=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -k) k=$2; shift 2 ;;
        --no-rank) rank=(--no-rank); shift ;;
        --cli) cli=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        -*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
        *) dir=$1; shift ;;
    esac
done
[[ -n "$cli" && -x "$cli" ]] || { echo "--cli PATH is required (the pristine binary)" >&2; exit 2; }
[[ -n "$dir" && -d "$dir" ]] || { echo "DIR is required (a folder of pictures)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$dir" "$scratch/tree"
mapfile -t files < <(find "$scratch/tree" -type f -name '*.*' | sort)
n=${#files[@]}
[[ -n "$k" ]] || k=$(( (n + 99) / 100 ))

# "seconds peak_MB" of one run; the report must be there (exit 1 = some file unreadable, still a full run).
timed() {
    local out=$1 rc=0; shift
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$cli" dedupe "$scratch/tree" --quiet --out "$out" "${rank[@]}" "$@" \
        2>"$scratch/stderr" || rc=$?
    if ((rc > 1)) || [[ ! -s "$out" ]]; then
        echo "pristine dedupe failed ($rc): $(head -n 3 "$scratch/stderr")" >&2
        exit 1
    fi
    awk '{ printf "%.2f %d", $1, $2 / 1024 }' "$scratch/time"
}

same_report() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for r in (a, b):
    r.pop("cache_hits", None), r.pop("cache_misses", None)
sys.exit(0 if a == b else 1)
EOF
}

# Warm-up (reading is enough): the page cache holds the files from here on.
"$cli" dedupe "$scratch/tree" --quiet --no-rank --out "$scratch/warm.json" 2>/dev/null || true
read -r first first_mb <<<"$(timed "$scratch/r1.json" --cache "$scratch/cache.db")"
read -r again again_mb <<<"$(timed "$scratch/r2.json" --cache "$scratch/cache.db")"
same_report "$scratch/r1.json" "$scratch/r2.json" || { echo "the unchanged re-run's report differs" >&2; exit 1; }
for ((i = 0; i < k; ++i)); do
    printf '\0' >>"${files[$(( i * n / k ))]}"
    src=${files[$(( (i * n / k + n / (2 * k)) % n ))]}
    cp "$src" "$(dirname "$src")/added_$i.${src##*.}"
done
read -r grown grown_mb <<<"$(timed "$scratch/r3.json" --cache "$scratch/cache.db")"
read -r fresh fresh_mb <<<"$(timed "$scratch/r4.json")"
same_report "$scratch/r3.json" "$scratch/r4.json" || { echo "the grown re-run's report differs from a fresh run" >&2; exit 1; }

echo "pristine dedupe ${rank[*]:-(ranked)} with --cache on $n files of $(basename "$dir"), $(nproc) cores"
echo
echo "| run | seconds | peak memory (MB) | speed-up over the first run |"
echo "|---|---:|---:|---:|"
echo "| first run, new cache | $first | $first_mb | |"
echo "| re-run, unchanged | $again | $again_mb | $(awk -v f="$first" -v a="$again" 'BEGIN { printf "%.1fx", f / a }') |"
echo "| re-run, $k changed and $k added | $grown | $grown_mb | $(awk -v f="$first" -v a="$grown" 'BEGIN { printf "%.1fx", f / a }') |"
echo "| the grown tree without a cache | $fresh | $fresh_mb | |"
echo
echo "Reports: the re-runs equal a run without a cache (cache counts aside)."
