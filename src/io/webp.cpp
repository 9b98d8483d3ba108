// WebP through libwebp: probe (features + demux for frames/EXIF), still decode into our own buffer,
// animations through WebPAnimDecoder (which composites frames with their blend/dispose modes), and
// encode (lossy or lossless) through the advanced WebPConfig API.
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/codecs.hpp"

namespace pristine::io {

namespace {

[[noreturn]] void fail_status(VP8StatusCode code, const char* stage) {
    switch (code) {
        case VP8_STATUS_NOT_ENOUGH_DATA:
            throw Error(Status::corrupt_data, std::string("WebP ") + stage + " failed: the file is truncated");
        case VP8_STATUS_OUT_OF_MEMORY:
            throw Error(Status::out_of_memory, std::string("WebP ") + stage + " failed: out of memory");
        case VP8_STATUS_UNSUPPORTED_FEATURE:
            throw Error(Status::unsupported_format, std::string("WebP ") + stage + " failed: unsupported feature");
        case VP8_STATUS_INVALID_PARAM:
            throw Error(Status::internal, std::string("WebP ") + stage + " failed: invalid parameter");
        default:
            throw Error(Status::corrupt_data, std::string("WebP ") + stage + " failed: corrupt bitstream");
    }
}

WebPBitstreamFeatures features_of(const std::uint8_t* data, std::size_t size) {
    WebPBitstreamFeatures f;
    const VP8StatusCode st = WebPGetFeatures(data, size, &f);
    if (st != VP8_STATUS_OK) fail_status(st, "header read");
    return f;
}

struct DemuxDeleter {
    void operator()(WebPDemuxer* d) const noexcept { WebPDemuxDelete(d); }
};
using DemuxPtr = std::unique_ptr<WebPDemuxer, DemuxDeleter>;

struct AnimDecoderDeleter {
    void operator()(WebPAnimDecoder* d) const noexcept { WebPAnimDecoderDelete(d); }
};

// Orientation from an EXIF chunk; some writers prefix the TIFF data with "Exif\0\0".
int orientation_of(const WebPDemuxer* demux) {
    if ((WebPDemuxGetI(demux, WEBP_FF_FORMAT_FLAGS) & EXIF_FLAG) == 0) return 1;
    WebPChunkIterator it;
    if (!WebPDemuxGetChunk(demux, "EXIF", 1, &it)) return 1;
    const std::uint8_t* p = it.chunk.bytes;
    std::size_t n = it.chunk.size;
    if (n >= 6 && std::memcmp(p, "Exif\0\0", 6) == 0) { p += 6; n -= 6; }
    const int o = exif_orientation(p, n);
    WebPDemuxReleaseChunkIterator(&it);
    return o;
}

ImageInfo probe_impl(const std::uint8_t* data, std::size_t size) {
    const WebPBitstreamFeatures f = features_of(data, size);
    ImageInfo info;
    info.format = Format::webp;
    info.width = f.width;
    info.height = f.height;
    info.has_alpha = f.has_alpha != 0;
    info.channels = info.has_alpha ? 4 : 3;
    info.bit_depth = 8;
    const WebPData wd{data, size};
    DemuxPtr demux(WebPDemux(&wd));
    // A simple (VP8/VP8L) file that only fails demux for trailing junk still decodes; animations need it.
    if (demux) {
        info.frames = static_cast<int>(WebPDemuxGetI(demux.get(), WEBP_FF_FRAME_COUNT));
        if (info.frames < 1) info.frames = 1;
        info.orientation = orientation_of(demux.get());
    } else if (f.has_animation) {
        throw Error(Status::corrupt_data, "WebP animation is truncated or its chunks are broken");
    }
    const bool swap = info.orientation >= 5;
    info.display_width = swap ? info.height : info.width;
    info.display_height = swap ? info.width : info.height;
    return info;
}

Image decode_still(const std::uint8_t* data, std::size_t size, const ImageInfo& info) {
    const int channels = info.has_alpha ? 4 : 3;
    Image image(info.width, info.height, channels);
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) throw Error(Status::internal, "libwebp version mismatch");
    config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = image.data();
    config.output.u.RGBA.stride = static_cast<int>(image.stride());
    config.output.u.RGBA.size = image.size_bytes();
    const VP8StatusCode st = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);  // no-op for external memory, kept for symmetry
    if (st != VP8_STATUS_OK) fail_status(st, "decode");
    return image;
}

// Every frame (or only the first) composited on the canvas, as RGBA.
Animation decode_animation(const std::uint8_t* data, std::size_t size, const DecodeOptions& options,
                           const ImageInfo& info, std::size_t max_frames) {
    WebPAnimDecoderOptions dopt;
    if (!WebPAnimDecoderOptionsInit(&dopt)) throw Error(Status::internal, "libwebp version mismatch");
    dopt.color_mode = MODE_RGBA;  // not premultiplied
    dopt.use_threads = 0;
    const WebPData wd{data, size};
    std::unique_ptr<WebPAnimDecoder, AnimDecoderDeleter> dec(WebPAnimDecoderNew(&wd, &dopt));
    if (!dec) throw Error(Status::corrupt_data, "WebP animation is truncated or its chunks are broken");
    WebPAnimInfo ai;
    if (!WebPAnimDecoderGetInfo(dec.get(), &ai)) throw Error(Status::corrupt_data, "WebP animation info unreadable");
    const int w = static_cast<int>(ai.canvas_width), h = static_cast<int>(ai.canvas_height);

    Animation out;
    out.loop_count = static_cast<int>(ai.loop_count);
    std::uint64_t total = 0;
    int previous_ts = 0;
    while (out.frames.size() < max_frames && WebPAnimDecoderHasMoreFrames(dec.get())) {
        total += static_cast<std::uint64_t>(w) * h;
        // An animation keeps every frame: bound the total so that a long animation cannot exhaust memory.
        if (total > 4 * options.max_pixels)
            throw Error(Status::too_large, "WebP animation frames together exceed 4x the pixel limit of " +
                                               std::to_string(options.max_pixels) + " pixels");
        std::uint8_t* buf = nullptr;
        int ts = 0;
        if (!WebPAnimDecoderGetNext(dec.get(), &buf, &ts))
            throw Error(Status::corrupt_data, "WebP animation frame " + std::to_string(out.frames.size() + 1) +
                                                  " is truncated or corrupt");
        Image frame(w, h, 4);
        std::memcpy(frame.data(), buf, frame.size_bytes());
        out.frames.push_back(std::move(frame));
        out.durations_ms.push_back(ts - previous_ts);  // timestamps are frame end times
        previous_ts = ts;
    }
    if (out.frames.empty()) throw Error(Status::corrupt_data, "WebP animation has no frames");
    out.info = info;
    return out;
}

DecodeOptions output_options(const DecodeOptions& options, bool has_alpha) {
    DecodeOptions o = options;
    if (o.channels == 0) o.channels = has_alpha ? 4 : 3;
    return o;
}

Animation decode_any(const std::uint8_t* data, std::size_t size, const DecodeOptions& options,
                     std::size_t max_frames) {
    const ImageInfo info = probe_impl(data, size);
    check_dimensions(info.width, info.height, options);
    const bool animated = features_of(data, size).has_animation != 0;
    Animation a;
    if (animated) {
        a = decode_animation(data, size, options, info, max_frames);
    } else {
        a.frames.push_back(decode_still(data, size, info));
        a.durations_ms.push_back(0);
        a.info = info;
    }
    const DecodeOptions o = output_options(options, info.has_alpha);
    for (auto& frame : a.frames) {
        if (options.apply_orientation) frame = apply_orientation(std::move(frame), info.orientation);
        frame = convert_channels(std::move(frame), o);
    }
    return a;
}

}  // namespace

ImageInfo probe_webp(const std::uint8_t* data, std::size_t size) { return probe_impl(data, size); }

Decoded decode_webp(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    Animation a = decode_any(data, size, options, 1);
    Decoded out;
    out.image = std::move(a.frames.front());
    out.info = a.info;
    return out;
}

Animation decode_webp_frames(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    return decode_any(data, size, options, static_cast<std::size_t>(-1));
}

}  // namespace pristine::io

namespace pristine {

namespace {

struct PictureGuard {
    WebPPicture pic;
    PictureGuard() {
        if (!WebPPictureInit(&pic)) throw Error(Status::internal, "libwebp version mismatch");
    }
    ~PictureGuard() { WebPPictureFree(&pic); }
};

struct WriterGuard {
    WebPMemoryWriter writer;
    WriterGuard() { WebPMemoryWriterInit(&writer); }
    ~WriterGuard() { WebPMemoryWriterClear(&writer); }
};

const char* encode_error_text(WebPEncodingError e) {
    switch (e) {
        case VP8_ENC_ERROR_OUT_OF_MEMORY:
        case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory";
        case VP8_ENC_ERROR_BAD_DIMENSION: return "bad dimension (WebP stores at most 16383x16383)";
        case VP8_ENC_ERROR_FILE_TOO_BIG: return "the output would exceed 4 GiB";
        default: return "libwebp encoder error";
    }
}

}  // namespace

std::vector<std::uint8_t> encode_webp(const ImageView& image, const WebpEncodeOptions& options) {
    check_view(image);
    if (!(options.quality >= 0.f && options.quality <= 100.f))
        throw Error(Status::invalid_argument, "WebP quality=" + std::to_string(options.quality) + " (use 0..100)");
    if (image.width > WEBP_MAX_DIMENSION || image.height > WEBP_MAX_DIMENSION)
        throw Error(Status::invalid_argument, "WebP cannot store images larger than 16383x16383");

    WebPConfig config;
    if (!WebPConfigInit(&config)) throw Error(Status::internal, "libwebp version mismatch");
    config.lossless = options.lossless ? 1 : 0;
    config.quality = options.quality;
    config.exact = options.lossless ? 1 : 0;  // lossless keeps RGB under transparent pixels too
    if (!WebPValidateConfig(&config)) throw Error(Status::invalid_argument, "invalid WebP encoder settings");

    // libwebp imports RGB or RGBA only: widen grey (and grey+alpha) first.
    const bool alpha = image.has_alpha();
    const int out_c = alpha ? 4 : 3;
    std::vector<std::uint8_t> widened;
    const std::uint8_t* pixels = image.data;
    int stride = static_cast<int>(image.stride);
    if (image.channels <= 2) {
        widened.resize(static_cast<std::size_t>(image.width) * image.height * out_c);
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) {
                const std::uint8_t* s = image.pixel(x, y);
                std::uint8_t* d = widened.data() + (static_cast<std::size_t>(y) * image.width + x) * out_c;
                d[0] = d[1] = d[2] = s[0];
                if (alpha) d[3] = s[1];
            }
        pixels = widened.data();
        stride = image.width * out_c;
    }

    PictureGuard pg;
    WebPPicture& pic = pg.pic;
    pic.width = image.width;
    pic.height = image.height;
    pic.use_argb = options.lossless ? 1 : 0;
    const int ok = alpha ? WebPPictureImportRGBA(&pic, pixels, stride) : WebPPictureImportRGB(&pic, pixels, stride);
    if (!ok) throw Error(Status::out_of_memory, "WebP encode failed: cannot import the pixels");
    WriterGuard wg;
    pic.writer = WebPMemoryWrite;
    pic.custom_ptr = &wg.writer;
    if (!WebPEncode(&config, &pic))
        throw Error(pic.error_code == VP8_ENC_ERROR_OUT_OF_MEMORY ? Status::out_of_memory : Status::internal,
                    std::string("WebP encode failed: ") + encode_error_text(pic.error_code));
    return std::vector<std::uint8_t>(wg.writer.mem, wg.writer.mem + wg.writer.size);
}

}  // namespace pristine
