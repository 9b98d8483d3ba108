// TIFF through libtiff: probe and decode of the first page.
//
// libtiff reads from memory through client callbacks. Its messages go to handlers given to this one
// open (TIFFOpenOptions, libtiff >= 4.5), never to the process-wide handlers that print: errors are
// kept for the exception, warnings dropped, and concurrent decodes do not share anything.
//
// Grey, RGB, palette and CMYK pages of 1..32-bit integer or 16/32/64-bit float samples, in strips or
// tiles, contiguous or planar, are read sample by sample, so 16-bit and float samples are rounded to
// 8 bits and unassociated alpha stays exact. Other photometric interpretations (YCbCr without JPEG,
// CIE L*a*b*, LogLuv) go through libtiff's TIFFRGBAImage, which converts them itself.
#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/codecs.hpp"
#include "io/tiff_samples.hpp"

namespace pristine::io {

namespace {

using tiff::SampleKind;

// ---- the file in memory, and libtiff's callbacks (C frames: nothing here may throw)

struct Source {
    const std::uint8_t* data = nullptr;
    std::uint64_t size = 0;
    std::uint64_t pos = 0;
    char error[256] = {0};  // libtiff's first error message
};

extern "C" tmsize_t tiff_read(thandle_t h, void* buf, tmsize_t n) {
    auto* s = static_cast<Source*>(h);
    if (n <= 0 || s->pos >= s->size) return 0;
    const std::uint64_t got = std::min<std::uint64_t>(static_cast<std::uint64_t>(n), s->size - s->pos);
    std::memcpy(buf, s->data + s->pos, static_cast<std::size_t>(got));
    s->pos += got;
    return static_cast<tmsize_t>(got);
}

extern "C" tmsize_t tiff_write(thandle_t, void*, tmsize_t) { return 0; }  // opened read-only

extern "C" toff_t tiff_seek(thandle_t h, toff_t offset, int whence) {
    auto* s = static_cast<Source*>(h);
    const auto delta = static_cast<std::int64_t>(offset);  // SEEK_CUR/SEEK_END offsets may be negative
    std::int64_t base = 0;
    if (whence == SEEK_CUR) base = static_cast<std::int64_t>(s->pos);
    else if (whence == SEEK_END) base = static_cast<std::int64_t>(s->size);
    else if (whence != SEEK_SET) return static_cast<toff_t>(-1);
    if (whence == SEEK_SET) {
        s->pos = offset;
        return s->pos;
    }
    if (delta < 0 && -delta > base) return static_cast<toff_t>(-1);
    s->pos = static_cast<std::uint64_t>(base + delta);
    return s->pos;
}

extern "C" int tiff_close(thandle_t) { return 0; }

extern "C" toff_t tiff_size(thandle_t h) { return static_cast<Source*>(h)->size; }

// The whole file is already in memory: hand it to libtiff instead of copying strips out of it.
extern "C" int tiff_map(thandle_t h, void** base, toff_t* size) {
    auto* s = static_cast<Source*>(h);
    *base = const_cast<std::uint8_t*>(s->data);  // libtiff only reads a mapping opened with "r"
    *size = s->size;
    return 1;
}

extern "C" void tiff_unmap(thandle_t, void*, toff_t) {}

extern "C" int tiff_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
    auto* s = static_cast<Source*>(user);
    if (s != nullptr && s->error[0] == '\0') {
        int n = 0;
        if (module != nullptr && module[0] != '\0') n = std::snprintf(s->error, sizeof s->error, "%s: ", module);
        if (n < 0 || static_cast<std::size_t>(n) >= sizeof s->error) n = 0;
        std::vsnprintf(s->error + n, sizeof s->error - static_cast<std::size_t>(n), fmt, ap);
    }
    return 1;  // handled: libtiff's process-wide handler (which prints) is not called
}

extern "C" int tiff_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

// ---- C++ section

struct TiffCloser {
    void operator()(TIFF* t) const noexcept { TIFFClose(t); }
};
using TiffPtr = std::unique_ptr<TIFF, TiffCloser>;

struct OptionsFree {
    void operator()(TIFFOpenOptions* o) const noexcept { TIFFOpenOptionsFree(o); }
};

[[noreturn]] void fail(Source& src, Status status, const std::string& what) {
    const std::string why = src.error;
    throw Error(status, "TIFF " + what + (why.empty() ? std::string() : ": " + why));
}

TiffPtr open_tiff(Source& src) {
    std::unique_ptr<TIFFOpenOptions, OptionsFree> opts(TIFFOpenOptionsAlloc());
    if (!opts) throw Error(Status::out_of_memory, "cannot allocate libtiff options");
    TIFFOpenOptionsSetErrorHandlerExtR(opts.get(), tiff_error, &src);
    TIFFOpenOptionsSetWarningHandlerExtR(opts.get(), tiff_warning, &src);
    TiffPtr tif(TIFFClientOpenExt("", "r", &src, tiff_read, tiff_write, tiff_seek, tiff_close, tiff_size, tiff_map,
                                  tiff_unmap, opts.get()));
    if (!tif) fail(src, Status::corrupt_data, "directory is unreadable");
    return tif;
}

// What the first page's tags say about its samples.
struct Layout {
    std::uint32_t width = 0, height = 0;
    std::uint16_t bits = 1, samples = 1, photometric = PHOTOMETRIC_MINISBLACK, planar = PLANARCONFIG_CONTIG;
    std::uint16_t sample_format = SAMPLEFORMAT_UINT, compression = COMPRESSION_NONE, orientation = 1;
    std::uint16_t inkset = INKSET_CMYK;
    int colour = 1;              // colour samples per pixel: 1 grey or palette, 3 RGB, 4 CMYK
    bool alpha = false;          // the first extra sample is alpha
    bool premultiplied = false;  // ... and associated (premultiplied)
};

int colour_samples(std::uint16_t photometric, std::uint16_t inkset) {
    switch (photometric) {
        case PHOTOMETRIC_MINISWHITE:
        case PHOTOMETRIC_MINISBLACK:
        case PHOTOMETRIC_PALETTE:
        case PHOTOMETRIC_MASK:
        case PHOTOMETRIC_LOGL: return 1;
        case PHOTOMETRIC_SEPARATED: return inkset == INKSET_CMYK ? 4 : 0;
        default: return 3;  // RGB, YCbCr, the CIE L*a*b* variants, LogLuv
    }
}

Layout read_layout(TIFF* tif) {
    Layout l;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &l.width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &l.height);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &l.bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &l.samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &l.planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &l.sample_format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &l.compression);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &l.orientation);
    TIFFGetFieldDefaulted(tif, TIFFTAG_INKSET, &l.inkset);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &l.photometric))
        l.photometric = l.samples >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    if (l.orientation < 1 || l.orientation > 8) l.orientation = 1;
    l.colour = colour_samples(l.photometric, l.inkset);
    if (l.colour == 0 || l.colour > l.samples) l.colour = std::min<int>(l.samples, 3);
    std::uint16_t extra_count = 0;
    std::uint16_t* extra = nullptr;
    TIFFGetFieldDefaulted(tif, TIFFTAG_EXTRASAMPLES, &extra_count, &extra);
    if (l.samples > l.colour) {
        if (extra_count > 0 && extra != nullptr) {
            l.alpha = extra[0] == EXTRASAMPLE_ASSOCALPHA || extra[0] == EXTRASAMPLE_UNASSALPHA;
            l.premultiplied = extra[0] == EXTRASAMPLE_ASSOCALPHA;
        } else if (l.photometric == PHOTOMETRIC_RGB && l.samples == 4) {
            l.alpha = l.premultiplied = true;  // untagged fourth sample: libtiff's own reading of it
        }
    }
    return l;
}

ImageInfo info_of(const Layout& l) {
    ImageInfo info;
    info.format = Format::tiff;
    set_oriented_size(info, l.width, l.height, l.orientation);
    info.bit_depth = l.bits;
    info.has_alpha = l.alpha;
    info.palette = l.photometric == PHOTOMETRIC_PALETTE;
    // What a decode with channels = 0 gives: grey stays grey, every colour model becomes RGB.
    const bool grey = l.colour == 1 && !info.palette;
    info.channels = (grey ? 1 : 3) + (l.alpha ? 1 : 0);
    return info;
}

SampleKind kind_of(std::uint16_t sample_format) {
    if (sample_format == SAMPLEFORMAT_INT) return SampleKind::signed_int;
    if (sample_format == SAMPLEFORMAT_IEEEFP) return SampleKind::floating;
    return SampleKind::unsigned_int;
}

// Whether read_samples handles the page (else TIFFRGBAImage is asked).
bool samples_readable(const Layout& l) {
    if (l.sample_format != SAMPLEFORMAT_UINT && l.sample_format != SAMPLEFORMAT_INT &&
        l.sample_format != SAMPLEFORMAT_IEEEFP)
        return false;
    if (!tiff::supported(l.bits, kind_of(l.sample_format))) return false;
    switch (l.photometric) {
        case PHOTOMETRIC_MINISWHITE:
        case PHOTOMETRIC_MINISBLACK:
        case PHOTOMETRIC_RGB: return true;
        case PHOTOMETRIC_PALETTE: return l.sample_format == SAMPLEFORMAT_UINT && l.bits <= 8;
        case PHOTOMETRIC_SEPARATED: return l.inkset == INKSET_CMYK && l.colour == 4;
        case PHOTOMETRIC_YCBCR: return l.compression == COMPRESSION_JPEG && l.bits == 8;  // as RGB, see decode
        default: return false;
    }
}

// The first `keep` samples of every pixel (colour, then alpha), reduced to 8 bits, row-major.
struct Samples {
    int width = 0, height = 0, channels = 0;
    std::vector<std::uint8_t> values;
    std::uint8_t* row(int y) { return values.data() + static_cast<std::size_t>(y) * width * channels; }
};

// A tile far larger than the page (tiles are at most 15 pixels wider than needed) must also fit the limit.
void check_tile(std::uint32_t tw, std::uint32_t th, const Layout& l, const DecodeOptions& options) {
    if (tw == 0 || th == 0) throw Error(Status::corrupt_data, "TIFF tile size is zero");
    const bool snug = tw <= std::uint64_t{l.width} + 15 && th <= std::uint64_t{l.height} + 15;
    if (!snug && static_cast<std::uint64_t>(tw) * th > options.max_pixels)
        throw Error(Status::too_large, "TIFF tile of " + std::to_string(tw) + "x" + std::to_string(th) +
                                           " pixels exceeds the limit of " + std::to_string(options.max_pixels) +
                                           " pixels");
}

// Copies `cols` pixels of one decoded row (per_pixel samples each) into row y, column x0 of `out`:
// every kept sample for contiguous data, the one sample `plane` for planar data.
void scatter(const std::uint8_t* row8, int cols, int per_pixel, bool separate, int plane, Samples& out, int x0,
             int y) {
    const int keep = out.channels;
    std::uint8_t* d = out.row(y) + static_cast<std::size_t>(x0) * keep;
    if (separate) {
        for (int x = 0; x < cols; ++x) d[static_cast<std::size_t>(x) * keep + plane] = row8[x];
    } else {
        for (int x = 0; x < cols; ++x)
            std::memcpy(d + static_cast<std::size_t>(x) * keep, row8 + static_cast<std::size_t>(x) * per_pixel,
                        static_cast<std::size_t>(keep));
    }
}

Samples read_samples(TIFF* tif, Source& src, const Layout& l, int keep, bool raw, const DecodeOptions& options) {
    Samples out;
    out.width = static_cast<int>(l.width);
    out.height = static_cast<int>(l.height);
    out.channels = keep;
    out.values.assign(static_cast<std::size_t>(l.width) * l.height * keep, 0);
    const bool separate = l.planar == PLANARCONFIG_SEPARATE && l.samples > 1;
    const int planes = separate ? keep : 1;  // planes past the kept samples are not read
    const int per_pixel = separate ? 1 : l.samples;
    const SampleKind kind = kind_of(l.sample_format);
    std::vector<std::uint8_t> buffer, row8;

    if (TIFFIsTiled(tif)) {
        std::uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        check_tile(tw, th, l, options);
        const tmsize_t tile_bytes = TIFFTileSize(tif), row_bytes = TIFFTileRowSize(tif);
        if (tile_bytes <= 0 || row_bytes <= 0) fail(src, Status::corrupt_data, "tile size is invalid");
        buffer.resize(static_cast<std::size_t>(tile_bytes));
        row8.resize(static_cast<std::size_t>(tw) * per_pixel);
        for (int p = 0; p < planes; ++p)
            for (std::uint32_t y0 = 0; y0 < l.height; y0 += th)
                for (std::uint32_t x0 = 0; x0 < l.width; x0 += tw) {
                    const std::uint32_t tile = TIFFComputeTile(tif, x0, y0, 0, static_cast<std::uint16_t>(p));
                    const std::uint32_t rows = std::min(th, l.height - y0), cols = std::min(tw, l.width - x0);
                    const tmsize_t got = TIFFReadEncodedTile(tif, tile, buffer.data(), tile_bytes);
                    if (got < static_cast<tmsize_t>(rows) * row_bytes)
                        fail(src, Status::corrupt_data, "tile " + std::to_string(tile) + " is truncated or corrupt");
                    for (std::uint32_t r = 0; r < rows; ++r) {
                        tiff::to_8bit(buffer.data() + static_cast<std::size_t>(r) * row_bytes, l.bits, kind,
                                      static_cast<std::size_t>(cols) * per_pixel, raw, row8.data());
                        scatter(row8.data(), static_cast<int>(cols), per_pixel, separate, p, out,
                                static_cast<int>(x0), static_cast<int>(y0 + r));
                    }
                }
        return out;
    }

    std::uint32_t rows_per_strip = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
    rows_per_strip = std::clamp<std::uint32_t>(rows_per_strip, 1, l.height);
    const tmsize_t strip_bytes = TIFFStripSize(tif), row_bytes = TIFFScanlineSize(tif);
    if (strip_bytes <= 0 || row_bytes <= 0) fail(src, Status::corrupt_data, "strip size is invalid");
    buffer.resize(static_cast<std::size_t>(strip_bytes));
    row8.resize(static_cast<std::size_t>(l.width) * per_pixel);
    const std::uint32_t strips_per_plane = (l.height + rows_per_strip - 1) / rows_per_strip;
    for (int p = 0; p < planes; ++p)
        for (std::uint32_t s = 0; s < strips_per_plane; ++s) {
            const std::uint32_t strip = static_cast<std::uint32_t>(p) * strips_per_plane + s;
            const std::uint32_t y0 = s * rows_per_strip, rows = std::min(rows_per_strip, l.height - y0);
            const tmsize_t got = TIFFReadEncodedStrip(tif, strip, buffer.data(), strip_bytes);
            if (got < static_cast<tmsize_t>(rows) * row_bytes)
                fail(src, Status::corrupt_data, "strip " + std::to_string(strip) + " is truncated or corrupt");
            for (std::uint32_t r = 0; r < rows; ++r) {
                tiff::to_8bit(buffer.data() + static_cast<std::size_t>(r) * row_bytes, l.bits, kind,
                              static_cast<std::size_t>(l.width) * per_pixel, raw, row8.data());
                scatter(row8.data(), static_cast<int>(l.width), per_pixel, separate, p, out, 0,
                        static_cast<int>(y0 + r));
            }
        }
    return out;
}

std::uint8_t scale_16(std::uint16_t v) { return static_cast<std::uint8_t>((v * 255u + 32767u) / 65535u); }

// Grey (+alpha) or RGB (+alpha) pixels from the samples of a page, by its photometric interpretation.
Image to_pixels(TIFF* tif, Source& src, const Layout& l, Samples s) {
    const int w = s.width, h = s.height, in = s.channels;
    const int alpha = l.alpha ? 1 : 0;
    const std::size_t n = static_cast<std::size_t>(w) * h;
    Image out;
    if (l.photometric == PHOTOMETRIC_PALETTE) {
        std::uint16_t *red = nullptr, *green = nullptr, *blue = nullptr;
        if (!TIFFGetField(tif, TIFFTAG_COLORMAP, &red, &green, &blue) || !red || !green || !blue)
            fail(src, Status::corrupt_data, "palette page has no colour map");
        const std::size_t entries = std::size_t{1} << l.bits;
        // Some writers store 8-bit values in the 16-bit map; libtiff reads such maps as 8-bit too.
        bool eight_bit = true;
        for (std::size_t i = 0; i < entries && eight_bit; ++i) eight_bit = red[i] < 256 && green[i] < 256 && blue[i] < 256;
        const auto level = [&](std::uint16_t v) { return eight_bit ? static_cast<std::uint8_t>(v) : scale_16(v); };
        out = Image(w, h, 3 + alpha);
        const std::uint8_t* p = s.values.data();
        std::uint8_t* d = out.data();
        for (std::size_t i = 0; i < n; ++i, p += in, d += 3 + alpha) {
            d[0] = level(red[p[0]]);
            d[1] = level(green[p[0]]);
            d[2] = level(blue[p[0]]);
            if (alpha) d[3] = p[1];
        }
    } else if (l.photometric == PHOTOMETRIC_SEPARATED) {  // CMYK, 0 = no ink
        out = Image(w, h, 3 + alpha);
        const std::uint8_t* p = s.values.data();
        std::uint8_t* d = out.data();
        for (std::size_t i = 0; i < n; ++i, p += in, d += 3 + alpha) {
            const int k = 255 - p[3];
            for (int c = 0; c < 3; ++c) d[c] = static_cast<std::uint8_t>(((255 - p[c]) * k + 127) / 255);
            if (alpha) d[3] = p[4];
        }
    } else {  // grey or RGB (JPEG-compressed YCbCr is delivered as RGB)
        out = Image(w, h, in);
        std::memcpy(out.data(), s.values.data(), s.values.size());
        if (l.photometric == PHOTOMETRIC_MINISWHITE) {
            std::uint8_t* d = out.data();
            for (std::size_t i = 0; i < n; ++i, d += in) d[0] = static_cast<std::uint8_t>(255 - d[0]);
        }
    }
    if (l.premultiplied) unpremultiply(out);
    return out;
}

// Everything else libtiff knows how to render: YCbCr without JPEG, CIE L*a*b*, LogLuv, old-style JPEG.
Image rgba_image(TIFF* tif, Source& src, const Layout& l) {
    char why[1024] = {0};
    if (!TIFFRGBAImageOK(tif, why))
        throw Error(Status::unsupported_format, std::string("TIFF page cannot be decoded: ") + why);
    TIFFRGBAImage reader;
    if (!TIFFRGBAImageBegin(&reader, tif, 1, why)) {
        throw Error(Status::corrupt_data, std::string("TIFF page cannot be decoded: ") + why);
    }
    reader.req_orientation = reader.orientation;  // rows as stored: the orientation is applied later
    std::vector<std::uint32_t> raster(static_cast<std::size_t>(l.width) * l.height);
    const int ok = TIFFRGBAImageGet(&reader, raster.data(), l.width, l.height);
    const bool alpha = reader.alpha != 0;
    TIFFRGBAImageEnd(&reader);
    if (!ok) fail(src, Status::corrupt_data, "pixel data is truncated or corrupt");
    Image out(static_cast<int>(l.width), static_cast<int>(l.height), alpha ? 4 : 3);
    std::uint8_t* d = out.data();
    for (const std::uint32_t abgr : raster) {
        *d++ = static_cast<std::uint8_t>(TIFFGetR(abgr));
        *d++ = static_cast<std::uint8_t>(TIFFGetG(abgr));
        *d++ = static_cast<std::uint8_t>(TIFFGetB(abgr));
        if (alpha) *d++ = static_cast<std::uint8_t>(TIFFGetA(abgr));
    }
    if (alpha) unpremultiply(out);  // TIFFRGBAImage premultiplies unassociated alpha
    return out;
}

int page_count(TIFF* tif, Source& src) {
    const tdir_t pages = TIFFNumberOfDirectories(tif);
    src.error[0] = '\0';  // a broken link to a later page does not spoil the first one
    return pages < 1 ? 1 : static_cast<int>(std::min<tdir_t>(pages, 0x7fffffff));
}

}  // namespace

ImageInfo probe_tiff(const std::uint8_t* data, std::size_t size) {
    Source src;
    src.data = data;
    src.size = size;
    TiffPtr tif = open_tiff(src);
    ImageInfo info = info_of(read_layout(tif.get()));
    info.frames = page_count(tif.get(), src);
    return info;
}

Decoded decode_tiff(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    Source src;
    src.data = data;
    src.size = size;
    TiffPtr tif = open_tiff(src);
    Layout l = read_layout(tif.get());
    check_dimensions(l.width, l.height, options);
    Decoded out;
    out.info = info_of(l);
    out.info.frames = page_count(tif.get(), src);
    if (!TIFFIsCODECConfigured(l.compression))
        throw Error(Status::unsupported_format,
                    "TIFF compression " + std::to_string(l.compression) + " is not available in libtiff");

    Image image;
    if (samples_readable(l)) {
        if (l.photometric == PHOTOMETRIC_YCBCR) TIFFSetField(tif.get(), TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
        const int keep = l.colour + (l.alpha ? 1 : 0);
        const bool raw = l.photometric == PHOTOMETRIC_PALETTE;
        image = to_pixels(tif.get(), src, l, read_samples(tif.get(), src, l, keep, raw, options));
    } else {
        image = rgba_image(tif.get(), src, l);
    }
    if (options.apply_orientation) image = apply_orientation(std::move(image), l.orientation);
    out.image = convert_channels(std::move(image), options);
    return out;
}

}  // namespace pristine::io
