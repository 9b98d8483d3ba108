// JPEG encoder through libjpeg-turbo. JPEG has no alpha: grey+alpha and RGBA views are composited
// over white (what a viewer shows on a white page) before encoding.
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "io/codecs.hpp"
#include "io/jpeg_internal.hpp"

namespace pristine {

namespace {

using io::jpeg::ErrorManager;
using io::jpeg::jpeg_guarded;

// Destination that grows a malloc'd buffer we own (so the error path can free it; jpeg_mem_dest's
// buffer would leak when libjpeg fails mid-stream). Growth failure ends the encode via error_exit.
struct Output {
    jpeg_destination_mgr pub;  // must be first
    JOCTET* buffer;
    std::size_t capacity;
    std::size_t size;  // bytes written, valid after term_destination
};

void on_init(j_compress_ptr cinfo) {
    auto* out = reinterpret_cast<Output*>(cinfo->dest);
    out->pub.next_output_byte = out->buffer;
    out->pub.free_in_buffer = out->capacity;
}

boolean on_empty(j_compress_ptr cinfo) {
    auto* out = reinterpret_cast<Output*>(cinfo->dest);
    const std::size_t grown = out->capacity * 2;
    auto* bigger = static_cast<JOCTET*>(std::realloc(out->buffer, grown));
    if (bigger == nullptr) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 99);
    // libjpeg calls this only when the buffer is full, so all `capacity` bytes are data.
    out->pub.next_output_byte = bigger + out->capacity;
    out->pub.free_in_buffer = grown - out->capacity;
    out->buffer = bigger;
    out->capacity = grown;
    return TRUE;
}

void on_term(j_compress_ptr cinfo) {
    auto* out = reinterpret_cast<Output*>(cinfo->dest);
    out->size = out->capacity - out->pub.free_in_buffer;
}

// Owns the compressor and the output buffer on every path.
struct Compressor {
    ErrorManager err{};
    jpeg_compress_struct cinfo{};
    Output out{};

    Compressor() = default;
    Compressor(const Compressor&) = delete;
    Compressor& operator=(const Compressor&) = delete;
    ~Compressor() {
        jpeg_destroy_compress(&cinfo);
        std::free(out.buffer);
    }
};

void check_jpeg_options(const ImageView& image, const JpegEncodeOptions& o) {
    check_view(image);
    if (o.quality < 1 || o.quality > 100)
        throw Error(Status::invalid_argument, "JPEG quality " + std::to_string(o.quality) + " (use 1..100)");
    if (image.width > JPEG_MAX_DIMENSION || image.height > JPEG_MAX_DIMENSION)
        throw Error(Status::invalid_argument, "JPEG cannot store " + std::to_string(image.width) + "x" +
                                                  std::to_string(image.height) + " (max " +
                                                  std::to_string(JPEG_MAX_DIMENSION) + " per side)");
    if (o.subsampling != ChromaSubsampling::s444 && o.subsampling != ChromaSubsampling::s422 &&
        o.subsampling != ChromaSubsampling::s420)
        throw Error(Status::invalid_argument, "JPEG: unknown chroma subsampling");
}

// One row of an alpha view composited over white into `dst` (grey or RGB).
void flatten_row(const std::uint8_t* src, int width, int channels, std::uint8_t* dst) {
    const int colour = channels - 1;
    for (int x = 0; x < width; ++x, src += channels, dst += colour) {
        const int a = src[colour];
        for (int c = 0; c < colour; ++c) dst[c] = static_cast<std::uint8_t>((src[c] * a + 255 * (255 - a) + 127) / 255);
    }
}

}  // namespace

std::vector<std::uint8_t> encode_jpeg(const ImageView& image, const JpegEncodeOptions& options) {
    check_jpeg_options(image, options);
    const bool grey = image.channels <= 2;
    const bool alpha = image.has_alpha();
    const int components = grey ? 1 : 3;
    std::vector<std::uint8_t> scratch(alpha ? static_cast<std::size_t>(image.width) * components : 0);

    Compressor c;
    io::jpeg::install_error_manager(reinterpret_cast<j_common_ptr>(&c.cinfo), c.err);
    c.out.capacity = 16384 + static_cast<std::size_t>(image.width) * image.height * components / 8;
    c.out.buffer = static_cast<JOCTET*>(std::malloc(c.out.capacity));
    if (c.out.buffer == nullptr) throw Error(Status::out_of_memory, "JPEG: cannot allocate the output buffer");
    c.out.pub.init_destination = on_init;
    c.out.pub.empty_output_buffer = on_empty;
    c.out.pub.term_destination = on_term;

    j_compress_ptr cinfo = &c.cinfo;
    Output* out = &c.out;
    const ImageView* view = &image;
    const JpegEncodeOptions* o = &options;
    std::uint8_t* row_buffer = scratch.data();
    const bool ok = jpeg_guarded(c.err, [cinfo, out, view, o, grey, alpha, components, row_buffer] {
        jpeg_create_compress(cinfo);
        cinfo->dest = &out->pub;
        cinfo->image_width = static_cast<JDIMENSION>(view->width);
        cinfo->image_height = static_cast<JDIMENSION>(view->height);
        cinfo->input_components = components;
        cinfo->in_color_space = grey ? JCS_GRAYSCALE : JCS_RGB;
        jpeg_set_defaults(cinfo);
        jpeg_set_quality(cinfo, o->quality, TRUE);
        if (!grey) {
            const int h = o->subsampling == ChromaSubsampling::s444 ? 1 : 2;
            const int v = o->subsampling == ChromaSubsampling::s420 ? 2 : 1;
            cinfo->comp_info[0].h_samp_factor = h;
            cinfo->comp_info[0].v_samp_factor = v;
            for (int i = 1; i < 3; ++i) cinfo->comp_info[i].h_samp_factor = cinfo->comp_info[i].v_samp_factor = 1;
        }
        cinfo->optimize_coding = o->optimize_coding ? TRUE : FALSE;
        if (o->progressive) jpeg_simple_progression(cinfo);
        jpeg_start_compress(cinfo, TRUE);
        while (cinfo->next_scanline < cinfo->image_height) {
            const std::uint8_t* src = view->row(static_cast<int>(cinfo->next_scanline));
            if (alpha) {
                flatten_row(src, view->width, view->channels, row_buffer);
                src = row_buffer;
            }
            JSAMPROW row = const_cast<JSAMPROW>(src);  // libjpeg does not write to input rows
            jpeg_write_scanlines(cinfo, &row, 1);
        }
        jpeg_finish_compress(cinfo);
    });
    if (!ok) {
        // A failure here is our bug or memory, never the caller's pixels.
        const Status s = c.err.status == Status::out_of_memory ? Status::out_of_memory : Status::internal;
        throw Error(s, std::string("JPEG encode failed: ") + c.err.message);
    }
    return std::vector<std::uint8_t>(c.out.buffer, c.out.buffer + c.out.size);
}

}  // namespace pristine
