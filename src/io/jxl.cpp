// JPEG XL through libjxl: a bare codestream or the ISO-BMFF container; the first frame of an animation.
//
// libjxl is asked to keep the stored orientation (pristine applies it, like every format's, when
// DecodeOptions asks), to return straight alpha, and to convert any sample type (up to 16-bit
// integers or floats) to 8 bits itself. It runs on the calling thread: files are decoded in
// parallel by the batch executor.
#include <jxl/decode.h>

#include <memory>
#include <string>

#include "io/codecs.hpp"

namespace pristine::io {

namespace {

struct DecoderDestroy {
    void operator()(JxlDecoder* d) const noexcept { JxlDecoderDestroy(d); }
};
using DecoderPtr = std::unique_ptr<JxlDecoder, DecoderDestroy>;

void require(JxlDecoderStatus st, const char* what) {
    if (st != JXL_DEC_SUCCESS) throw Error(Status::internal, std::string("libjxl refused ") + what);
}

DecoderPtr open_decoder(const std::uint8_t* data, std::size_t size, int events) {
    DecoderPtr d(JxlDecoderCreate(nullptr));
    if (!d) throw Error(Status::out_of_memory, "cannot allocate a libjxl decoder");
    require(JxlDecoderSubscribeEvents(d.get(), events), "the events to report");
    require(JxlDecoderSetKeepOrientation(d.get(), JXL_TRUE), "to keep the stored orientation");
    require(JxlDecoderSetUnpremultiplyAlpha(d.get(), JXL_TRUE), "to unpremultiply alpha");
    // The whole file is the input. It is deliberately not closed: libjxl 0.7 prints "missing input" to
    // stderr when a closed input runs out, while an open one just asks for more, which here means the
    // file is truncated.
    require(JxlDecoderSetInput(d.get(), data, size), "the input");
    return d;
}

// Any status but the expected events: the file is broken or cut short.
[[noreturn]] void fail(JxlDecoderStatus st, const char* stage) {
    if (st == JXL_DEC_NEED_MORE_INPUT)
        throw Error(Status::corrupt_data, std::string("JPEG XL ") + stage + " failed: the file is truncated");
    throw Error(Status::corrupt_data, std::string("JPEG XL ") + stage + " failed: corrupt codestream");
}

ImageInfo info_of(const JxlBasicInfo& b) {
    ImageInfo info;
    info.format = Format::jxl;
    set_oriented_size(info, b.xsize, b.ysize, static_cast<int>(b.orientation));
    info.bit_depth = static_cast<int>(b.bits_per_sample);
    info.has_alpha = b.alpha_bits > 0;
    info.channels = (b.num_color_channels == 1 ? 1 : 3) + (info.has_alpha ? 1 : 0);
    return info;
}

JxlBasicInfo basic_info(JxlDecoder* d) {
    JxlBasicInfo b;
    if (JxlDecoderGetBasicInfo(d, &b) != JXL_DEC_SUCCESS) throw Error(Status::corrupt_data, "JPEG XL header is unreadable");
    return b;
}

}  // namespace

ImageInfo probe_jxl(const std::uint8_t* data, std::size_t size) {
    // Frame headers are walked (not decoded) only to count the frames of an animation.
    DecoderPtr d = open_decoder(data, size, JXL_DEC_BASIC_INFO | JXL_DEC_FRAME);
    ImageInfo info;
    int frames = 0;
    for (;;) {
        const JxlDecoderStatus st = JxlDecoderProcessInput(d.get());
        if (st == JXL_DEC_BASIC_INFO) {
            const JxlBasicInfo b = basic_info(d.get());
            info = info_of(b);
            if (!b.have_animation) return info;
        } else if (st == JXL_DEC_FRAME) {
            ++frames;
            JxlFrameHeader header;
            if (JxlDecoderGetFrameHeader(d.get(), &header) == JXL_DEC_SUCCESS && header.is_last) {
                info.frames = frames;
                return info;
            }
        } else if (st == JXL_DEC_SUCCESS) {
            info.frames = frames > 0 ? frames : 1;
            return info;
        } else {
            fail(st, "header read");
        }
    }
}

Decoded decode_jxl(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    DecoderPtr d = open_decoder(data, size, JXL_DEC_BASIC_INFO | JXL_DEC_FULL_IMAGE);
    Decoded out;
    Image image;
    JxlPixelFormat format{0, JXL_TYPE_UINT8, JXL_NATIVE_ENDIAN, 0};
    bool animated = false;
    for (;;) {
        const JxlDecoderStatus st = JxlDecoderProcessInput(d.get());
        if (st == JXL_DEC_BASIC_INFO) {
            const JxlBasicInfo b = basic_info(d.get());
            check_dimensions(b.xsize, b.ysize, options);  // before libjxl allocates any frame
            out.info = info_of(b);
            animated = b.have_animation != 0;
            format.num_channels = static_cast<std::uint32_t>(out.info.channels);  // grey stays grey
        } else if (st == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
            if (format.num_channels == 0) throw Error(Status::corrupt_data, "JPEG XL image data precede the header");
            image = Image(out.info.width, out.info.height, static_cast<int>(format.num_channels));
            std::size_t need = 0;
            require(JxlDecoderImageOutBufferSize(d.get(), &format, &need), "the pixel format");
            if (need != image.size_bytes()) throw Error(Status::internal, "libjxl asks for an unexpected buffer size");
            require(JxlDecoderSetImageOutBuffer(d.get(), &format, image.data(), image.size_bytes()), "the pixel buffer");
        } else if (st == JXL_DEC_FULL_IMAGE) {
            break;  // the first frame (with coalescing: the first displayed frame of an animation)
        } else {
            fail(st, "decode");
        }
    }
    if (image.empty()) throw Error(Status::corrupt_data, "JPEG XL file has no image");
    if (animated) out.info.frames = probe_jxl(data, size).frames;  // a second pass over the frame headers
    if (options.apply_orientation) image = apply_orientation(std::move(image), out.info.orientation);
    out.image = convert_channels(std::move(image), options);
    return out;
}

}  // namespace pristine::io
