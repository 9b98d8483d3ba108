#!/usr/bin/env bash
# Builds the image folder of the hash-robustness evaluation (docs/hash_eval.md): symlinks to the
# pictures of Debian's development image packages, one file per distinct picture.
#   usage: scripts/hash_eval_images.sh OUTDIR
# Sources (each optional; missing ones are skipped):
#   /usr/share/wallpapers/*       (plasma-workspace-wallpapers) the largest file of contents/images/ of
#                                 each wallpaper (the other files are the same picture at other sizes)
#   /usr/share/backgrounds/**     (ubuntu/mate/gnome/ukui backgrounds) JPEG/PNG/WebP; not SVG; of the
#                                 GNOME light/dark pairs only the light one; one size of Elephants; one
#                                 of the recoloured Ubuntu-MATE and MATE-Stripes variants
#   skimage/data                  (python3-skimage) PNG/JPEG/GIF; not the second of a pair of views
#   opencv-doc examples/data      (opencv-doc) JPEG/PNG; of stereo pairs, calibration series and
#                                 before/after pairs only the first picture
# The evaluation counts pairs of different files as unrelated pictures, so near-duplicates are left out.
set -euo pipefail
out=${1:?usage: hash_eval_images.sh OUTDIR}
mkdir -p "$out"
n=0
add() {  # add SOURCE-FILE PREFIX
    local name="$2_$(basename "$1")"
    ln -sf "$1" "$out/$name"
    n=$((n + 1))
}

if [ -d /usr/share/wallpapers ]; then
    for d in /usr/share/wallpapers/*/; do
        [ -d "$d/contents/images" ] || continue
        f=$(find -L "$d/contents/images" -type f -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
        [ -n "$f" ] && add "$f" "wallpaper-$(basename "$d")"
    done
fi

if [ -d /usr/share/backgrounds ]; then
    while IFS= read -r f; do
        b=$(basename "$f")
        case "$b" in
            *.svg | *-d.webp | Elephants_*x*.jpg | MATE-Stripes-Dark.png) continue ;;
            Ubuntu-Mate-Cold-no-logo.png | Ubuntu-Mate-Dark-no-logo.png | Ubuntu-Mate-Radioactive-no-logo.png) continue ;;
        esac
        add "$f" background
    done < <(find -L /usr/share/backgrounds -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) | sort)
fi

sk=/usr/lib/python3/dist-packages/skimage/data
if [ -d "$sk" ]; then
    while IFS= read -r f; do
        case "$(basename "$f")" in
            motorcycle_right.png | chessboard_GRAY.png | palette_gray.png) continue ;;
        esac
        add "$f" skimage
    done < <(find "$sk" -maxdepth 1 -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.gif' \) | sort)
fi

cv=/usr/share/doc/opencv-doc/examples/data
if [ -d "$cv" ]; then
    while IFS= read -r f; do
        case "$(basename "$f")" in
            right*.jpg | left0[2-9].jpg | left1[0-9].jpg | aloeR.jpg | basketball2.png | rubberwhale2.png | \
                leuvenB.jpg | graf3.png | Blender_Suzanne2.jpg | imageTextR.png | ela_modified.jpg | \
                opencv-logo-white.png | text_motion.jpg) continue ;;
        esac
        add "$f" opencv
    done < <(find -L "$cv" -maxdepth 1 -type f \( -iname '*.jpg' -o -iname '*.png' \) | sort)
fi
echo "$n files linked into $out"
