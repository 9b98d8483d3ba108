// Colour quantisation through the io palette builder and mapper, keeping the image in memory.
#include <algorithm>
#include <string>
#include <vector>

#include "pristine/lab/degrade/distort.hpp"

namespace pristine::degrade {

Image quantize(const ImageView& image, int colors, Dither dither) {
    check_view(image);
    if (colors < 2 || colors > 256)
        throw Error(Status::invalid_argument, "quantize: colors must be 2..256, got " + std::to_string(colors));
    const std::vector<Rgb> palette = build_palette(image, colors);
    const std::vector<std::uint8_t> index = map_to_palette(image, palette, dither);
    const int c = image.channels, w = image.width, h = image.height;
    if (index.size() != static_cast<std::size_t>(w) * h)
        throw Error(Status::internal, "quantize: map_to_palette returned a wrong number of indices");
    Image out = Image::copy_of(image);  // keeps alpha
    for (int y = 0; y < h; ++y) {
        std::uint8_t* p = out.row(y);
        for (int x = 0; x < w; ++x, p += c) {
            const std::size_t i = index[static_cast<std::size_t>(y) * w + x];
            if (i >= palette.size()) throw Error(Status::internal, "quantize: palette index out of range");
            const Rgb& col = palette[i];
            if (c >= 3) {
                p[0] = col[0];
                p[1] = col[1];
                p[2] = col[2];
            } else {
                // Palettes built from grey pixels are grey; luma keeps a non-grey entry sensible anyway.
                p[0] = static_cast<std::uint8_t>(0.299f * col[0] + 0.587f * col[1] + 0.114f * col[2] + 0.5f);
            }
        }
    }
    return out;
}

}  // namespace pristine::degrade
