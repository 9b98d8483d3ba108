#!/usr/bin/env bash
# Makes groups of copies with OTHER tools than pristine's own generator (ImageMagick, libjpeg-turbo's
# cjpeg/djpeg, libwebp's cwebp/dwebp, gifsicle, pngquant), so `pristine eval-scorer --crosstool DIR`
# can check that a scorer generalises beyond pristine::degrade's encoders and resamplers.
#
#   scripts/make-crosstool-set.sh OUTDIR [--groups N] [--seed S] [--max-side PX] IMAGE_OR_DIR...
#
# Per group: one source picture (in turn) is shrunk to at most --max-side px (ImageMagick, Lanczos)
# and saved as the original — PNG, cjpeg -quality 85..95 (4:4:4 or 4:2:0) or cwebp -lossless, chosen
# in turn so the format does not give it away — then 3..5 copies, each made from the original or an
# earlier copy by one random tool step (lossy saves, down- and upscales, high-quality re-saves that
# make bigger but worse files, palette reductions). OUTDIR/manifest.tsv lists `group file parent label command`
# (tab-separated; parent '-' for the original). Deterministic for a seed and tool versions.
# Needs (Debian): imagemagick libjpeg-turbo-progs webp gifsicle pngquant. Uses /usr/bin/convert
# (ImageMagick) explicitly; set CONVERT to override.
set -euo pipefail

usage() { sed -n '6,7p' "$0" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
out=$1; shift
groups=40 seed=1 max_side=768 inputs=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --groups) groups=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --max-side) max_side=$2; shift 2 ;;
    -*) usage ;;
    *) inputs+=("$1"); shift ;;
  esac
done
CONVERT=${CONVERT:-/usr/bin/convert}
"$CONVERT" -version 2>/dev/null | grep -q ImageMagick || { echo "need ImageMagick at $CONVERT (apt-get install imagemagick)" >&2; exit 1; }
for tool in cjpeg djpeg cwebp dwebp gifsicle pngquant; do
  command -v "$tool" >/dev/null || { echo "need $tool (apt-get install libjpeg-turbo-progs webp gifsicle pngquant)" >&2; exit 1; }
done

mapfile -t sources < <(for i in "${inputs[@]}"; do
  if [[ -d $i ]]; then find -L "$i" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \); else echo "$i"; fi
done | LC_ALL=C sort | awk -F'/contents/' 'NF == 1 || !seen[$1]++')  # one size of each KDE wallpaper
[[ ${#sources[@]} -gt 0 ]] || { echo "no images given" >&2; exit 1; }

# ImageMagick stamps PNGs with the time; leave that out so a rerun gives the same bytes.
png_opts=(-strip -define png:exclude-chunk=date,time)
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
RANDOM=$seed  # bash's generator: the same seed gives the same choices
# Without subshells: $(...) would draw from a copy of the generator and repeat the parent's numbers.
pick() { local var=$1; shift; local a=("$@"); printf -v "$var" '%s' "${a[RANDOM % ${#a[@]}]}"; }
between() { printf -v "$1" '%s' $(( $2 + RANDOM % ($3 - $2 + 1) )); }

# to_ppm FILE: the file's pixels as a binary PPM on stdout (the input cjpeg reads).
to_ppm() { case $1 in *.jpg) djpeg -pnm "$1" ;; *.webp) dwebp -quiet "$1" -ppm -o - ;; *) "$CONVERT" "$1" -alpha remove ppm:- ;; esac; }

manifest="$out/manifest.tsv"
printf '# group\tfile\tparent\tlabel\tcommand\n' > "$manifest"
for ((g = 0; g < groups; g++)); do
  src=${sources[g % ${#sources[@]}]}
  name=$(printf 'g%04d' "$g"); dir="$out/$name"; mkdir -p "$dir"
  "$CONVERT" "$src" -auto-orient -alpha remove -filter Lanczos -resize "${max_side}x${max_side}>" -strip "$tmp/orig.ppm"
  case $((g % 3)) in
    0) orig=orig.png; "$CONVERT" "$tmp/orig.ppm" "${png_opts[@]}" "$dir/$orig"; how="convert png" ;;
    1) between q 85 95; pick sample 1x1 2x2
       orig=orig.jpg; cjpeg -quality "$q" -sample "$sample" -optimize "$tmp/orig.ppm" > "$dir/$orig"; how="cjpeg -quality $q -sample $sample" ;;
    2) orig=orig.webp; cwebp -quiet -lossless "$tmp/orig.ppm" -o "$dir/$orig"; how="cwebp -lossless" ;;
  esac
  printf '%s\t%s\t-\toriginal\t%s (from %s)\n' "$name" "$name/$orig" "$how" "$(basename "$src")" >> "$manifest"
  files=("$orig")
  between copies 3 5
  for ((c = 1; c <= copies; c++)); do
    if (( c == 1 || RANDOM % 2 == 0 )); then parent=$orig; else parent=${files[RANDOM % ${#files[@]}]}; fi
    p="$dir/$parent"
    pick op im_jpeg im_resize_jpeg im_resize_png im_upscale_jpeg im_upscale_png cjpeg cjpeg_high cwebp gifsicle pngquant
    between q 40 92
    case $op in
      im_jpeg)
        f=c$c.jpg; cmd=("$CONVERT" "$p" -quality "$q" "$dir/$f"); label="convert jpeg" ;;
      im_resize_jpeg)
        pick filt Lanczos Mitchell Catrom Triangle Point Box Hermite; between s 40 90
        f=c$c.jpg; cmd=("$CONVERT" "$p" -filter "$filt" -resize "$s%" -quality "$q" "$dir/$f"); label="convert resize + jpeg" ;;
      im_upscale_jpeg)
        pick filt Lanczos Mitchell Catrom Triangle; between s 110 160
        f=c$c.jpg; cmd=("$CONVERT" "$p" -filter "$filt" -resize "$s%" -quality "$q" "$dir/$f"); label="convert upscale + jpeg" ;;
      im_upscale_png)  # a screenshot of a zoomed view: more pixels, bigger file, worse copy
        pick filt Lanczos Mitchell Catrom Triangle Point; between s 110 160
        f=c$c.png; cmd=("$CONVERT" "$p" -filter "$filt" -resize "$s%" "${png_opts[@]}" "$dir/$f"); label="convert upscale + png" ;;
      im_resize_png)
        pick filt Lanczos Mitchell Catrom Triangle Point Box; between s 40 90
        f=c$c.png; cmd=("$CONVERT" "$p" -filter "$filt" -resize "$s%" "${png_opts[@]}" "$dir/$f"); label="convert resize + png" ;;
      cjpeg)
        to_ppm "$p" > "$tmp/in.ppm"
        pick sample 2x2 2x1 1x1; pick prog "" -progressive
        f=c$c.jpg; cmd=(cjpeg -quality "$q" -sample "$sample" $prog -outfile "$dir/$f" "$tmp/in.ppm"); label="cjpeg" ;;
      cjpeg_high)  # re-saved at a higher quality than it had: bigger file, worse copy
        to_ppm "$p" > "$tmp/in.ppm"
        between q 93 100
        f=c$c.jpg; cmd=(cjpeg -quality "$q" -sample 1x1 -outfile "$dir/$f" "$tmp/in.ppm"); label="cjpeg high quality" ;;
      cwebp)
        to_ppm "$p" > "$tmp/in.ppm"
        f=c$c.webp; cmd=(cwebp -quiet -q "$q" "$tmp/in.ppm" -o "$dir/$f"); label="cwebp" ;;
      gifsicle)
        "$CONVERT" "$p" "$tmp/in.gif"
        pick n 16 32 64 128 256; pick lossy "" --lossy=30 --lossy=80
        f=c$c.gif; cmd=(gifsicle -O2 --colors "$n" $lossy -o "$dir/$f" "$tmp/in.gif"); label="convert gif + gifsicle" ;;
      pngquant)
        "$CONVERT" "$p" "${png_opts[@]}" "$tmp/in.png"
        pick n 16 32 64 128 256; pick dither "" --nofs
        f=c$c.png; cmd=(pngquant --force --strip $dither --output "$dir/$f" "$n" "$tmp/in.png"); label="pngquant" ;;
    esac
    "${cmd[@]}"
    # The command with the temporary and output paths shortened, for the record.
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$name/$f" "$name/$parent" "$label" \
      "$(echo "${cmd[*]}" | sed -e "s|$tmp/||g" -e "s|$dir/||g" -e "s|$CONVERT|convert|" -e "s| -strip -define png:exclude-chunk=date,time||")" >> "$manifest"
    files+=("$f")
  done
done
echo "wrote $groups groups to $out (manifest: $manifest)" >&2
