// GIF encoding through giflib 5: one frame, a palette from the caller or from build_palette, optional
// dithering, and a transparent index for fully transparent pixels (alpha == 0).
#include <gif_lib.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/codecs.hpp"

namespace pristine {

namespace {

// Appends without letting an exception cross giflib's C frames; giflib treats a short write as failure.
extern "C" int gif_write_cb(GifFileType* gif, const GifByteType* data, int n) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(gif->UserData);
    try {
        out->insert(out->end(), data, data + n);
        return n;
    } catch (...) {
        return 0;
    }
}

struct MapDeleter {
    void operator()(ColorMapObject* m) const noexcept { GifFreeMapObject(m); }
};

// EGifCloseFile writes the trailer and frees the handle; the guard only runs it on error paths.
struct GifWriter {
    GifFileType* gif = nullptr;
    ~GifWriter() {
        if (gif != nullptr) {
            int err = 0;
            EGifCloseFile(gif, &err);
        }
    }
};

[[noreturn]] void fail_gif(int code, const char* stage) {
    const char* text = GifErrorString(code);
    throw Error(Status::internal, std::string("GIF encode (") + stage + ") failed: " +
                                      (text != nullptr ? text : "unknown error"));
}

// Pixels with alpha == 0 (only views with an alpha channel have any).
std::vector<bool> transparent_mask(const ImageView& v, bool& any) {
    any = false;
    std::vector<bool> mask;
    if (!v.has_alpha()) return mask;
    mask.assign(static_cast<std::size_t>(v.width) * v.height, false);
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x)
            if (v.pixel(x, y)[v.channels - 1] == 0) mask[static_cast<std::size_t>(y) * v.width + x] = any = true;
    return mask;
}

// The palette is built from the visible pixels only, so transparent junk colours take no entries.
std::vector<Rgb> palette_of_visible(const ImageView& v, const std::vector<bool>& mask, int max_colors) {
    if (mask.empty()) return build_palette(v, max_colors);
    std::vector<std::uint8_t> rgb;
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
            if (mask[static_cast<std::size_t>(y) * v.width + x]) continue;
            const std::uint8_t* p = v.pixel(x, y);
            const bool colour = v.channels >= 3;
            rgb.push_back(p[0]);
            rgb.push_back(colour ? p[1] : p[0]);
            rgb.push_back(colour ? p[2] : p[0]);
        }
    if (rgb.empty()) return {Rgb{0, 0, 0}};
    const ImageView visible{rgb.data(), static_cast<int>(rgb.size() / 3), 1, 3,
                            static_cast<std::ptrdiff_t>(rgb.size())};
    return build_palette(visible, max_colors);
}

}  // namespace

std::vector<std::uint8_t> encode_gif(const ImageView& image, const GifEncodeOptions& options) {
    check_view(image);
    if (image.width > 65535 || image.height > 65535)
        throw Error(Status::invalid_argument, "GIF cannot store images larger than 65535x65535");
    if (!options.palette.empty() && options.palette.size() > 256)
        throw Error(Status::invalid_argument,
                    "GIF palette has " + std::to_string(options.palette.size()) + " colours (use 1..256)");
    if (options.palette.empty() && (options.max_colors < 2 || options.max_colors > 256))
        throw Error(Status::invalid_argument,
                    "GIF max_colors=" + std::to_string(options.max_colors) + " (use 2..256)");

    bool any_transparent = false;
    const std::vector<bool> mask = transparent_mask(image, any_transparent);
    std::vector<Rgb> palette = options.palette;
    if (palette.empty()) palette = palette_of_visible(image, mask, options.max_colors - (any_transparent ? 1 : 0));
    std::vector<std::uint8_t> indices = map_to_palette(image, palette, options.dither);
    int transparent_index = NO_TRANSPARENT_COLOR;
    if (any_transparent) {
        if (palette.size() >= 256)
            throw Error(Status::invalid_argument,
                        "image has transparent pixels but the 256-colour palette leaves no index for them; "
                        "give at most 255 colours");
        transparent_index = static_cast<int>(palette.size());
        palette.push_back({0, 0, 0});
        for (std::size_t i = 0; i < indices.size(); ++i)
            if (mask[i]) indices[i] = static_cast<std::uint8_t>(transparent_index);
    }

    // giflib wants a power-of-two table of at least 2 entries; the padding entries are never used.
    int bits = 1;
    while ((1 << bits) < static_cast<int>(palette.size())) ++bits;
    std::vector<GifColorType> colors(std::size_t{1} << bits, GifColorType{0, 0, 0});
    for (std::size_t i = 0; i < palette.size(); ++i) colors[i] = {palette[i][0], palette[i][1], palette[i][2]};
    std::unique_ptr<ColorMapObject, MapDeleter> map(GifMakeMapObject(1 << bits, colors.data()));
    if (!map) throw Error(Status::out_of_memory, "cannot allocate the GIF colour table");

    std::vector<std::uint8_t> out;
    int err = 0;
    GifWriter w;
    w.gif = EGifOpen(&out, gif_write_cb, &err);
    if (w.gif == nullptr) fail_gif(err, "open");
    EGifSetGifVersion(w.gif, true);  // GIF89a: needed for the transparency extension
    if (EGifPutScreenDesc(w.gif, image.width, image.height, bits, 0, map.get()) == GIF_ERROR)
        fail_gif(w.gif->Error, "screen descriptor");
    if (transparent_index != NO_TRANSPARENT_COLOR) {
        GraphicsControlBlock gcb{DISPOSAL_UNSPECIFIED, false, 0, transparent_index};
        GifByteType ext[4];
        const std::size_t n = EGifGCBToExtension(&gcb, ext);
        if (EGifPutExtension(w.gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(n), ext) == GIF_ERROR)
            fail_gif(w.gif->Error, "transparency extension");
    }
    if (EGifPutImageDesc(w.gif, 0, 0, image.width, image.height, false, nullptr) == GIF_ERROR)
        fail_gif(w.gif->Error, "image descriptor");
    for (int y = 0; y < image.height; ++y)
        if (EGifPutLine(w.gif, indices.data() + static_cast<std::size_t>(y) * image.width, image.width) ==
            GIF_ERROR)
            fail_gif(w.gif->Error, "pixel data");
    GifFileType* gif = w.gif;
    w.gif = nullptr;  // EGifCloseFile frees the handle whatever it returns
    if (EGifCloseFile(gif, &err) == GIF_ERROR) fail_gif(err, "close");
    return out;
}

}  // namespace pristine
