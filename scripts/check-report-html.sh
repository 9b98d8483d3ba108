#!/usr/bin/env bash
# Opens the dedupe contact sheet of the bundled samples in a real browser (Debian's chromium, headless)
# and checks what it shows: every thumbnail loaded, the kept copies outlined. With --update, the
# screenshot replaces docs/dedupe-report.jpg.
# usage: scripts/check-report-html.sh [--update]   (needs a build and: apt-get install chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./build/bin/pristine dedupe samples --out "$work/report.json" --html "$work/report.html" -q 2> /dev/null || true
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files)
# The page as the browser parsed it (one <img> per member with a thumbnail), then a screenshot: the
# thumbnails drawn give it many colours, the outlines of the kept copies their green.
"$browser" "${flags[@]}" --virtual-time-budget=5000 --run-all-compositor-stages-before-draw \
  --dump-dom "file://$work/report.html" 2> /dev/null > "$work/dom.html"
"$browser" "${flags[@]}" --window-size=1280,1600 --screenshot="$work/shot.png" "file://$work/report.html" 2> /dev/null
PYTHONPATH=build/python /usr/bin/python3 - "$work" <<'PY'
import json, re, sys
import numpy as np
import pristine
work = sys.argv[1]
report = json.load(open(f"{work}/report.json"))
members = sum(len(g["members"]) for g in report["groups"])
dom = open(f"{work}/dom.html").read()
imgs = len(re.findall(r"<img ", dom))
kept = dom.count('class="keep"')
shot = pristine.load(f"{work}/shot.png")[..., :3].astype(int)
green = int((np.abs(shot - [0x2e, 0x9e, 0x44]).sum(axis=-1) < 30).sum())
colours = len(np.unique(shot.reshape(-1, 3) // 8, axis=0))
print(f"groups {len(report['groups'])}, members {members}, <img> in the page {imgs}, kept outlined {kept}, "
      f"outline pixels {green}, distinct colours {colours}")
ok = imgs == members and kept == len(report["groups"]) and green > 500 and colours > 500
print("OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
if [[ "${1:-}" == "--update" ]]; then
  PYTHONPATH=build/python /usr/bin/python3 -c "import pristine, sys; open('docs/dedupe-report.jpg', 'wb').write(
    pristine.encode(pristine.load(sys.argv[1])[..., :3].copy(), 'jpeg', quality=85))" "$work/shot.png"
  echo "docs/dedupe-report.jpg updated"
fi
