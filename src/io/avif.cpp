// AVIF through libavif: the primary image, or the first frame of an image sequence.
//
// The AV1 decoder is libaom's. dav1d (libavif's first choice, about 5 times faster) writes messages
// about broken streams to stderr through a logger that libavif 0.11 leaves at its default, and a
// library must never print; libaom reports through return codes only.
//
// libavif reports the clean aperture (clap), rotation (irot) and mirror (imir) but applies none of
// them. pristine crops to the clean aperture always (it is part of the picture, as for HEIC) and turns
// irot/imir into an EXIF orientation, applied like every other format's when DecodeOptions asks.
#include <avif/avif.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "io/bmff.hpp"
#include "io/codecs.hpp"

namespace pristine::io {

namespace {

struct DecoderDestroy {
    void operator()(avifDecoder* d) const noexcept { avifDecoderDestroy(d); }
};
using DecoderPtr = std::unique_ptr<avifDecoder, DecoderDestroy>;

[[noreturn]] void fail(avifResult r, const avifDecoder* d, const char* stage) {
    Status status = Status::corrupt_data;
    if (r == AVIF_RESULT_NO_CODEC_AVAILABLE || r == AVIF_RESULT_NOT_IMPLEMENTED || r == AVIF_RESULT_UNSUPPORTED_DEPTH)
        status = Status::unsupported_format;
    else if (r == AVIF_RESULT_OUT_OF_MEMORY)
        status = Status::out_of_memory;
    std::string msg = std::string("AVIF ") + stage + " failed: " + avifResultToString(r);
    if (d != nullptr && d->diag.error[0] != '\0') msg += std::string(" (") + d->diag.error + ")";
    throw Error(status, msg);
}

// A decoder parsed up to the container: sizes, transforms and counts are known, nothing decoded.
DecoderPtr parse(const std::uint8_t* data, std::size_t size, std::uint64_t max_pixels) {
    DecoderPtr d(avifDecoderCreate());
    if (!d) throw Error(Status::out_of_memory, "cannot allocate a libavif decoder");
    d->maxThreads = 1;  // files are decoded in parallel by the batch executor
    if (avifCodecName(AVIF_CODEC_CHOICE_AOM, AVIF_CODEC_FLAG_CAN_DECODE) != nullptr) d->codecChoice = AVIF_CODEC_CHOICE_AOM;
    // The AV1 decoder refuses frames larger than the pixel limit, whatever the container claims.
    // libavif allows no limit above its default (16384 x 16384 pixels).
    d->imageSizeLimit = static_cast<std::uint32_t>(std::min<std::uint64_t>(max_pixels, AVIF_DEFAULT_IMAGE_SIZE_LIMIT));
    d->imageDimensionLimit = 0;  // the pixel limit alone decides, as for every format
    d->strictFlags = AVIF_STRICT_DISABLED;  // accept files of older writers (no pixi, odd clap), as browsers do
    d->ignoreExif = AVIF_TRUE;
    d->ignoreXMP = AVIF_TRUE;
    avifResult r = avifDecoderSetIOMemory(d.get(), data, size);
    if (r != AVIF_RESULT_OK) fail(r, d.get(), "header read");
    r = avifDecoderParse(d.get());
    if (r != AVIF_RESULT_OK) fail(r, d.get(), "header read");
    return d;
}

// The clean aperture as a crop rectangle; the whole image when there is none or it is invalid.
avifCropRect crop_of(avifImage* image) {
    avifCropRect rect{0, 0, image->width, image->height};
    if ((image->transformFlags & AVIF_TRANSFORM_CLAP) == 0) return rect;
    avifDiagnostics diag;
    avifCropRect clap{};
    if (avifCropRectConvertCleanApertureBox(&clap, &image->clap, image->width, image->height, image->yuvFormat,
                                            &diag) &&
        clap.width > 0 && clap.height > 0)
        rect = clap;
    return rect;
}

int orientation_of(const avifImage* image) {
    const int turns = (image->transformFlags & AVIF_TRANSFORM_IROT) ? image->irot.angle : 0;
    const int mirror = (image->transformFlags & AVIF_TRANSFORM_IMIR) ? image->imir.mode : -1;
    return orientation_from_irot_imir(turns, mirror);  // MIAF: clap, then irot, then imir
}

ImageInfo info_of(const avifDecoder* d) {
    avifImage* image = d->image;
    ImageInfo info;
    info.format = Format::avif;
    const avifCropRect crop = crop_of(image);
    set_oriented_size(info, crop.width, crop.height, orientation_of(image));
    info.bit_depth = static_cast<int>(image->depth);
    info.has_alpha = d->alphaPresent != 0;
    info.channels = (image->yuvFormat == AVIF_PIXEL_FORMAT_YUV400 ? 1 : 3) + (info.has_alpha ? 1 : 0);
    info.frames = std::max(1, d->imageCount);
    return info;
}

}  // namespace

ImageInfo probe_avif(const std::uint8_t* data, std::size_t size) {
    return info_of(parse(data, size, AVIF_DEFAULT_IMAGE_SIZE_LIMIT).get());
}

Decoded decode_avif(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    // The coded size (ispe) is what the AV1 decoder allocates: check it before libavif reads anything else.
    const BmffPrimary boxes = bmff_primary(data, size);
    if (boxes.ispe_width != 0 && boxes.ispe_height != 0) check_dimensions(boxes.ispe_width, boxes.ispe_height, options);
    DecoderPtr d = parse(data, size, options.max_pixels);
    check_dimensions(d->image->width, d->image->height, options);
    Decoded out;
    out.info = info_of(d.get());
    const avifResult r = avifDecoderNextImage(d.get());
    if (r != AVIF_RESULT_OK) fail(r, d.get(), "decode");

    avifImage* image = d->image;  // the decoded frame may correct the container's figures
    check_dimensions(image->width, image->height, options);
    const bool alpha = image->alphaPlane != nullptr;
    const int channels = alpha ? 4 : 3;
    Image full(static_cast<int>(image->width), static_cast<int>(image->height), channels);
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, image);
    rgb.format = alpha ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
    rgb.depth = 8;  // libavif rounds 10- and 12-bit samples
    rgb.alphaPremultiplied = AVIF_FALSE;  // straight alpha, whatever the file stores
    rgb.pixels = full.data();
    rgb.rowBytes = static_cast<std::uint32_t>(full.stride());
    const avifResult c = avifImageYUVToRGB(image, &rgb);
    if (c != AVIF_RESULT_OK) fail(c, d.get(), "colour conversion");

    const avifCropRect crop = crop_of(image);
    const bool grey = image->yuvFormat == AVIF_PIXEL_FORMAT_YUV400;
    const int kept = (grey ? 1 : 3) + (alpha ? 1 : 0);
    Image pixels;
    if (!grey && crop.width == image->width && crop.height == image->height) {
        pixels = std::move(full);
    } else {
        pixels = Image(static_cast<int>(crop.width), static_cast<int>(crop.height), kept);
        for (std::uint32_t y = 0; y < crop.height; ++y) {
            const std::uint8_t* s = full.row(static_cast<int>(crop.y + y)) + static_cast<std::size_t>(crop.x) * channels;
            std::uint8_t* t = pixels.row(static_cast<int>(y));
            for (std::uint32_t x = 0; x < crop.width; ++x, s += channels, t += kept) {
                if (grey) {
                    t[0] = s[0];  // R = G = B
                    if (alpha) t[1] = s[3];
                } else {
                    std::memcpy(t, s, static_cast<std::size_t>(kept));
                }
            }
        }
    }
    if (options.apply_orientation) pixels = apply_orientation(std::move(pixels), out.info.orientation);
    set_oriented_size(out.info, crop.width, crop.height, out.info.orientation);  // the decoded frame's figures
    out.image = convert_channels(std::move(pixels), options);
    return out;
}

}  // namespace pristine::io
