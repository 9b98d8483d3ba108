#!/usr/bin/env bash
# Rebuilds samples/archive/, the bundled collection `pristine dedupe` runs on in the demo (with the
# copies already in samples/): pictures from Debian's python3-skimage data (photos, an astronomy
# photo, a logo, textures, text), two synthetic drawings from `pristine synth`, copies made with
# ImageMagick, pngquant and cwebp the way sites and apps make them, some distinct pictures (among
# them the right view of a stereo pair whose left view has copies, and textures), and one cut file.
# usage: scripts/make-sample-collection.sh   (needs python3-skimage imagemagick pngquant webp and a build)
set -euo pipefail
cd "$(dirname "$0")/.."
data=/usr/lib/python3/dist-packages/skimage/data
out=samples/archive
im=/usr/bin/convert
rm -rf "$out"
mkdir -p "$out"/{camera,downloads/2019,downloads/2021,chat,feed,misc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
small() { "$im" "$1" -resize "$2>" -strip "$3"; }

# Originals (kept small: the repository carries them).
# Cameras write JPEG; the copies below are made from these files.
"$im" "$data/rocket.jpg" -resize '400x400>' -strip -quality 92 "$out/camera/IMG_0412.jpg"
"$im" "$data/motorcycle_left.png" -resize '400x400>' -strip -quality 92 "$out/camera/IMG_0533.jpg"
small "$data/hubble_deep_field.jpg" 320x320 "$out/camera/deep_field.png"
small "$data/logo.png" 300x300 "$tmp/logo.png"
./build/bin/pristine synth "$tmp/synth" --count 2 --seed 11 --kinds comic,clipart --min-side 360 --max-side 400 > /dev/null
cp "$tmp/synth/synth_comic_00000.png" "$out/misc/comic_page.png"
rocket="$out/camera/IMG_0412.jpg" moto="$out/camera/IMG_0533.jpg" hubble="$out/camera/deep_field.png"
comic="$out/misc/comic_page.png"

# Copies as the Internet makes them.
"$im" "$rocket" -resize 320x -quality 72 "$out/feed/rocket_repost.jpg"
"$im" "$rocket" -gravity center -crop 266x266+0+0 +repage -quality 80 "$out/feed/rocket_square.jpg"
"$im" "$rocket" -flop -quality 85 "$out/downloads/2019/mirrored.jpg"
"$im" "$hubble" -rotate 90 "$out/downloads/2021/hubble_turned.png"
"$im" "$hubble" -resize 50% -quality 60 "$out/chat/IMG-20210412-WA0003.jpg"
"$im" "$tmp/logo.png" -quality 90 "$out/downloads/2019/logo.jpg"
pngquant --force --quality 40-60 --output "$out/downloads/2021/logo-small.png" "$tmp/logo.png"
cwebp -quiet -q 70 "$tmp/logo.png" -o "$out/misc/logo.webp"
"$im" "$moto" -shave 4%x4% -quality 78 "$out/chat/IMG-20190802-WA0017.jpg"
"$im" "$moto" -resize 60% "$out/downloads/2019/screenshot.png"
"$im" "$comic" -quality 80 "$out/chat/comic.jpg"
"$im" "$comic" -gravity center -crop 288x360+0+0 +repage -resize 80% -quality 75 "$out/feed/comic_portrait.jpg"
"$im" "$comic" -colors 64 "$out/misc/comic.gif"

# Distinct pictures: none of them is a copy of another.
"$im" "$data/motorcycle_right.png" -resize '400x400>' -strip -quality 92 "$out/camera/IMG_0534.jpg"
small "$data/camera.png" 300x300 "$out/misc/cameraman.png"
small "$data/coins.png" 300x300 "$out/misc/coins.png"
small "$data/page.png" 400x400 "$out/misc/page.png"
"$im" "$data/brick.png" -resize 256x256 -quality 85 "$out/downloads/2021/brick.jpg"
"$im" "$data/gravel.png" -resize 256x256 -quality 85 "$out/downloads/2021/gravel.jpg"
"$im" "$data/horse.png" -resize 256x256 "$out/misc/horse.png"
cp "$tmp/synth/synth_clipart_00001.png" "$out/misc/clipart.png"

# A download that was cut short.
head -c 6000 "$out/feed/rocket_repost.jpg" > "$out/downloads/2019/unfinished.jpg"
find "$out" -type f | LC_ALL=C sort
du -sh "$out"
