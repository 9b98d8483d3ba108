// GIF decoding through giflib 5: probe (records walked, pixels skipped), first frame, and every frame
// composited on the full canvas the way browsers show it.
//
// We drive giflib record by record instead of DGifSlurp so that (a) the canvas size is checked against
// the pixel limit before anything is allocated, (b) a frame's pixels are read one line at a time into
// the canvas (a huge frame descriptor cannot force a huge allocation) and (c) probe can skip the LZW data.
//
// Conventions (same as browsers): the canvas starts fully transparent; the logical-screen background
// colour is ignored; a missing trailer after at least one complete frame is accepted.
#include <gif_lib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/codecs.hpp"

namespace pristine::io {

namespace {

struct GifReader {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t pos;
};

extern "C" int gif_read_cb(GifFileType* gif, GifByteType* dest, int n) {
    auto* r = static_cast<GifReader*>(gif->UserData);
    const std::size_t want = n > 0 ? static_cast<std::size_t>(n) : 0;
    const std::size_t got = std::min(want, r->size - r->pos);
    std::memcpy(dest, r->data + r->pos, got);
    r->pos += got;
    return static_cast<int>(got);
}

struct GifCloser {
    void operator()(GifFileType* gif) const noexcept {
        int err = 0;
        DGifCloseFile(gif, &err);
    }
};
using GifPtr = std::unique_ptr<GifFileType, GifCloser>;

[[noreturn]] void fail_gif(int code, const char* stage) {
    const char* text = GifErrorString(code);
    const Status status = code == D_GIF_ERR_NOT_ENOUGH_MEM ? Status::out_of_memory : Status::corrupt_data;
    throw Error(status, std::string("GIF ") + stage + " failed: " + (text != nullptr ? text : "unknown error") +
                            (code == D_GIF_ERR_READ_FAILED ? " (the file is truncated)" : ""));
}

GifPtr open_gif(GifReader& reader) {
    int err = 0;
    GifPtr gif(DGifOpen(&reader, gif_read_cb, &err));
    if (!gif) fail_gif(err, "header read");
    return gif;
}

// Facts of one frame gathered before its pixels.
struct FrameHeader {
    int left = 0, top = 0, width = 0, height = 0;
    bool interlace = false;
    int disposal = 0;
    int transparent = -1;  // palette index, -1 = none
    int delay_cs = 0;      // centiseconds
};

// Walks the record stream. `on_frame(gif, header)` must consume the frame's pixel data; it returns false
// to stop early. Extensions (GCE, NETSCAPE loop) are parsed here. Returns the loop count (1 when absent).
template <class OnFrame>
int walk_records(GifFileType* gif, const GifReader& reader, OnFrame&& on_frame) {
    GraphicsControlBlock gcb{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
    bool have_gcb = false;
    int loop_count = 1;  // no NETSCAPE block: the animation plays once
    int frames = 0;
    for (;;) {
        // Tolerate a missing trailer: many encoders and truncated downloads end right after a frame.
        if (frames > 0 && reader.pos >= reader.size) break;
        GifRecordType type = UNDEFINED_RECORD_TYPE;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) fail_gif(gif->Error, "record read");
        if (type == TERMINATE_RECORD_TYPE) break;
        if (type == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType* block = nullptr;
            if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) fail_gif(gif->Error, "extension read");
            bool netscape = false;
            if (code == GRAPHICS_EXT_FUNC_CODE && block != nullptr && block[0] >= 4) {
                if (DGifExtensionToGCB(block[0], block + 1, &gcb) == GIF_OK) have_gcb = true;
            } else if (code == APPLICATION_EXT_FUNC_CODE && block != nullptr && block[0] == 11 &&
                       (std::memcmp(block + 1, "NETSCAPE2.0", 11) == 0 ||
                        std::memcmp(block + 1, "ANIMEXTS1.0", 11) == 0)) {
                netscape = true;
            }
            while (block != nullptr) {
                if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) fail_gif(gif->Error, "extension read");
                // Sub-block 1 of NETSCAPE2.0: [len=3, 1, loop lo, loop hi].
                if (netscape && block != nullptr && block[0] >= 3 && block[1] == 1) {
                    loop_count = block[2] | (block[3] << 8);
                    netscape = false;
                }
            }
            continue;
        }
        if (type != IMAGE_DESC_RECORD_TYPE) continue;  // giflib rejects unknown types itself
        if (DGifGetImageDesc(gif) == GIF_ERROR) fail_gif(gif->Error, "image descriptor read");
        FrameHeader fh;
        fh.left = gif->Image.Left;
        fh.top = gif->Image.Top;
        fh.width = gif->Image.Width;
        fh.height = gif->Image.Height;
        fh.interlace = gif->Image.Interlace;
        if (have_gcb) {
            fh.disposal = gcb.DisposalMode;
            fh.transparent = gcb.TransparentColor;
            fh.delay_cs = gcb.DelayTime;
        }
        have_gcb = false;  // a GCE applies to the next image only
        gcb = GraphicsControlBlock{DISPOSAL_UNSPECIFIED, false, 0, NO_TRANSPARENT_COLOR};
        ++frames;
        if (!on_frame(gif, fh)) break;
    }
    return loop_count;
}

// Skips a frame's LZW data without decoding it.
void skip_pixels(GifFileType* gif) {
    int code_size = 0;
    GifByteType* block = nullptr;
    if (DGifGetCode(gif, &code_size, &block) == GIF_ERROR) fail_gif(gif->Error, "image data read");
    while (block != nullptr)
        if (DGifGetCodeNext(gif, &block) == GIF_ERROR) fail_gif(gif->Error, "image data read");
}

bool covers(const FrameHeader& f, int w, int h) {
    return f.left <= 0 && f.top <= 0 && f.left + f.width >= w && f.top + f.height >= h;
}

// The logical screen, grown to hold the first frame when the screen is smaller (as browsers do).
void canvas_size(const GifFileType* gif, const FrameHeader& first, int& w, int& h) {
    w = std::max(gif->SWidth, first.left + first.width);
    h = std::max(gif->SHeight, first.top + first.height);
}

// Decodes the frames into composited RGBA canvases; `max_frames` = 1 for a still decode.
struct Compositor {
    const DecodeOptions& options;
    std::size_t max_frames;
    Image canvas;     // RGBA, the current state
    Image previous;   // canvas before the frame with disposal 3
    std::vector<Image> frames;
    std::vector<int> delays_ms;
    bool has_alpha = false;
    std::uint64_t total_pixels = 0;
    std::vector<GifByteType> line;

    bool add(GifFileType* gif, const FrameHeader& f) {
        if (canvas.empty()) {
            int w = 0, h = 0;
            canvas_size(gif, f, w, h);
            check_dimensions(w, h, options);
            canvas = Image(w, h, 4);  // zero = transparent black
        }
        const int cw = canvas.width(), ch = canvas.height();
        // An animation keeps every frame: bound the total so that a long animation cannot exhaust memory.
        total_pixels += static_cast<std::uint64_t>(cw) * ch;
        if (total_pixels > 4 * options.max_pixels)
            throw Error(Status::too_large, "GIF animation frames together exceed 4x the pixel limit of " +
                                               std::to_string(options.max_pixels) + " pixels");
        if (f.transparent >= 0 || !covers(f, cw, ch)) has_alpha = true;

        const ColorMapObject* map = gif->Image.ColorMap != nullptr ? gif->Image.ColorMap : gif->SColorMap;
        if (map == nullptr) throw Error(Status::corrupt_data, "GIF frame has no colour table");
        if (f.width <= 0 || f.height <= 0) {  // an empty frame: nothing to draw, but it is still a frame
            skip_pixels(gif);
            frames.push_back(canvas);
            delays_ms.push_back(f.delay_cs * 10);
            return frames.size() < max_frames;
        }
        if (f.disposal == DISPOSE_PREVIOUS) previous = canvas;

        line.resize(static_cast<std::size_t>(std::max(f.width, 1)));
        // Interlaced frames store rows in four passes: every 8th from 0, every 8th from 4, every 4th from
        // 2, every 2nd from 1.
        static constexpr int kStart[4] = {0, 4, 2, 1}, kStep[4] = {8, 8, 4, 2};
        const int passes = f.interlace ? 4 : 1;
        for (int p = 0; p < passes; ++p) {
            const int start = f.interlace ? kStart[p] : 0, step = f.interlace ? kStep[p] : 1;
            for (int fy = start; fy < f.height; fy += step) {
                if (DGifGetLine(gif, line.data(), f.width) == GIF_ERROR) fail_gif(gif->Error, "image data read");
                draw_line(map, f, fy);
            }
        }
        frames.push_back(canvas);
        delays_ms.push_back(f.delay_cs * 10);

        // Disposal happens after the frame was shown: 2 clears its rectangle (to transparent, as browsers
        // do, not to the screen background colour), 3 restores the canvas as it was before the frame.
        if (f.disposal == DISPOSE_BACKGROUND) {
            clear_rect(f);
        } else if (f.disposal == DISPOSE_PREVIOUS && !previous.empty()) {
            canvas = std::move(previous);
            previous = Image();
        }
        return frames.size() < max_frames;
    }

    void draw_line(const ColorMapObject* map, const FrameHeader& f, int fy) {
        const int y = f.top + fy;
        if (y < 0 || y >= canvas.height()) return;
        std::uint8_t* row = canvas.row(y);
        const int x0 = std::max(0, f.left), x1 = std::min(canvas.width(), f.left + f.width);
        for (int x = x0; x < x1; ++x) {
            const int index = line[static_cast<std::size_t>(x - f.left)];
            if (index == f.transparent) continue;
            std::uint8_t* d = row + static_cast<std::ptrdiff_t>(x) * 4;
            if (index >= map->ColorCount) {  // out of the table: shown as transparent, as browsers do
                d[0] = d[1] = d[2] = d[3] = 0;
                has_alpha = true;
                continue;
            }
            const GifColorType& c = map->Colors[index];
            d[0] = c.Red; d[1] = c.Green; d[2] = c.Blue; d[3] = 255;
        }
    }

    void clear_rect(const FrameHeader& f) {
        const int x0 = std::max(0, f.left), x1 = std::min(canvas.width(), f.left + f.width);
        const int y0 = std::max(0, f.top), y1 = std::min(canvas.height(), f.top + f.height);
        if (x0 >= x1) return;
        for (int y = y0; y < y1; ++y)
            std::fill(canvas.row(y) + x0 * 4, canvas.row(y) + x1 * 4, std::uint8_t{0});
        has_alpha = true;
    }
};

ImageInfo base_info(const GifFileType* gif) {
    ImageInfo info;
    info.format = Format::gif;
    info.palette = true;
    info.bit_depth = gif->SColorMap != nullptr ? gif->SColorMap->BitsPerPixel : 8;
    return info;
}

// "As stored" output is RGBA only when something is transparent.
DecodeOptions output_options(const DecodeOptions& options, bool has_alpha) {
    DecodeOptions o = options;
    if (o.channels == 0) o.channels = has_alpha ? 4 : 3;
    return o;
}

// `alpha_hint`: a later frame (not decoded here) is known to be transparent somewhere.
Animation decode_frames(const std::uint8_t* data, std::size_t size, const DecodeOptions& options,
                        std::size_t max_frames, bool alpha_hint) {
    GifReader reader{data, size, 0};
    GifPtr gif = open_gif(reader);
    ImageInfo info = base_info(gif.get());
    Compositor comp{options, max_frames, {}, {}, {}, {}, false, 0, {}};
    const int loop = walk_records(gif.get(), reader, [&](GifFileType* g, const FrameHeader& f) {
        if (comp.frames.empty() && g->SColorMap == nullptr && g->Image.ColorMap != nullptr)
            info.bit_depth = g->Image.ColorMap->BitsPerPixel;
        return comp.add(g, f);
    });
    if (comp.frames.empty()) throw Error(Status::corrupt_data, "GIF contains no image");

    Animation out;
    info.width = info.display_width = comp.canvas.width();
    info.height = info.display_height = comp.canvas.height();
    info.frames = static_cast<int>(comp.frames.size());
    info.has_alpha = comp.has_alpha || alpha_hint;
    info.channels = info.has_alpha ? 4 : 3;
    const DecodeOptions o = output_options(options, info.has_alpha);
    for (auto& frame : comp.frames) out.frames.push_back(convert_channels(std::move(frame), o));
    out.durations_ms = std::move(comp.delays_ms);
    out.loop_count = loop;
    out.info = info;
    return out;
}

}  // namespace

ImageInfo probe_gif(const std::uint8_t* data, std::size_t size) {
    GifReader reader{data, size, 0};
    GifPtr gif = open_gif(reader);
    ImageInfo info = base_info(gif.get());
    int frames = 0;
    walk_records(gif.get(), reader, [&](GifFileType* g, const FrameHeader& f) {
        if (frames == 0) {
            canvas_size(g, f, info.width, info.height);
            if (g->SColorMap == nullptr && g->Image.ColorMap != nullptr)
                info.bit_depth = g->Image.ColorMap->BitsPerPixel;
        }
        if (f.transparent >= 0 || !covers(f, info.width, info.height)) info.has_alpha = true;
        ++frames;
        skip_pixels(g);
        return true;
    });
    if (frames == 0) throw Error(Status::corrupt_data, "GIF contains no image");
    info.frames = frames;
    info.display_width = info.width;
    info.display_height = info.height;
    info.channels = info.has_alpha ? 4 : 3;
    return info;
}

Decoded decode_gif(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    // The probe (pixels skipped) gives the frame count and whether any frame is transparent, so that the
    // metadata matches probe_gif. A broken later frame must not fail the first frame's decode.
    ImageInfo probed;
    bool have_probe = false;
    try {
        probed = probe_gif(data, size);
        have_probe = true;
    } catch (const Error&) {
    }
    Animation a = decode_frames(data, size, options, 1, have_probe && probed.has_alpha);
    Decoded out;
    out.image = std::move(a.frames.front());
    out.info = a.info;
    if (have_probe) out.info.frames = probed.frames;
    return out;
}

Animation decode_gif_frames(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    return decode_frames(data, size, options, static_cast<std::size_t>(-1), false);
}

}  // namespace pristine::io
