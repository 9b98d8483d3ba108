// Public decode/probe entry points: read the bytes, detect the format, dispatch to its codec.
#include <string>

#include "io/codecs.hpp"
#include "io/with_path.hpp"

namespace pristine {

namespace {

Format require_format(const std::uint8_t* data, std::size_t size) {
    if (data == nullptr && size != 0) throw Error(Status::invalid_argument, "null data pointer");
    if (size == 0) throw Error(Status::unsupported_format, "empty input (0 bytes)");
    const Format f = detect_format(data, size);
    if (f == Format::unknown)
        throw Error(Status::unsupported_format,
                    "unrecognised image format (the first bytes match no JPEG, PNG, GIF, WebP, TIFF, HEIC, "
                    "AVIF, JPEG XL, BMP, TGA, PNM, PSD or HDR signature)");
    return f;
}

using io::with_path;

}  // namespace

ImageInfo probe_memory(const std::uint8_t* data, std::size_t size) {
    const Format f = require_format(data, size);
    ImageInfo info;
    switch (f) {
        case Format::jpeg: info = io::probe_jpeg(data, size); break;
        case Format::png: info = io::probe_png(data, size); break;
        case Format::gif: info = io::probe_gif(data, size); break;
        case Format::webp: info = io::probe_webp(data, size); break;
        case Format::tiff: info = io::probe_tiff(data, size); break;
        case Format::heic: info = io::probe_heic(data, size); break;
        case Format::avif: info = io::probe_avif(data, size); break;
        case Format::jxl: info = io::probe_jxl(data, size); break;
        default: info = io::probe_stb(data, size, f); break;
    }
    info.format = f;
    info.file_size = size;
    return info;
}

Decoded decode_memory(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    io::check_options(options);
    const Format f = require_format(data, size);
    Decoded out;
    switch (f) {
        case Format::jpeg: out = io::decode_jpeg(data, size, options); break;
        case Format::png: out = io::decode_png(data, size, options); break;
        case Format::gif: out = io::decode_gif(data, size, options); break;
        case Format::webp: out = io::decode_webp(data, size, options); break;
        case Format::tiff: out = io::decode_tiff(data, size, options); break;
        case Format::heic: out = io::decode_heic(data, size, options); break;
        case Format::avif: out = io::decode_avif(data, size, options); break;
        case Format::jxl: out = io::decode_jxl(data, size, options); break;
        default: out = io::decode_stb(data, size, f, options); break;
    }
    out.info.format = f;
    out.info.file_size = size;
    return out;
}

Animation decode_frames_memory(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    io::check_options(options);
    const Format f = require_format(data, size);
    Animation out;
    if (f == Format::gif) {
        out = io::decode_gif_frames(data, size, options);
    } else if (f == Format::webp) {
        out = io::decode_webp_frames(data, size, options);
    } else {
        Decoded still = decode_memory(data, size, options);
        out.frames.push_back(std::move(still.image));
        out.durations_ms.push_back(0);
        out.info = still.info;
    }
    out.info.format = f;
    out.info.file_size = size;
    return out;
}

ImageInfo probe_file(const std::string& path) {
    return with_path(path, [&] {
        const auto bytes = read_file(path);
        return probe_memory(bytes.data(), bytes.size());
    });
}

Decoded decode_file(const std::string& path, const DecodeOptions& options) {
    return with_path(path, [&] {
        const auto bytes = read_file(path);
        return decode_memory(bytes.data(), bytes.size(), options);
    });
}

Animation decode_frames_file(const std::string& path, const DecodeOptions& options) {
    return with_path(path, [&] {
        const auto bytes = read_file(path);
        return decode_frames_memory(bytes.data(), bytes.size(), options);
    });
}

}  // namespace pristine
