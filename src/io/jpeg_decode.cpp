// JPEG probe and decode through libjpeg-turbo: header facts, EXIF orientation, DCT-domain scaling,
// CMYK/YCCK to RGB. All libjpeg calls run under jpeg_guarded (see jpeg_internal.hpp).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "io/codecs.hpp"
#include "io/jpeg_internal.hpp"

namespace pristine::io {

namespace {

using jpeg::ErrorManager;
using jpeg::jpeg_guarded;

// Owns a decompressor; the destructor frees libjpeg's memory on every path, error or not.
struct Decompressor {
    ErrorManager err{};
    jpeg_decompress_struct cinfo{};
    jpeg_progress_mgr progress{};
    int orientation = 1;     // from the first EXIF APP1 segment (read_app1)
    bool exif_seen = false;

    Decompressor() = default;
    Decompressor(const Decompressor&) = delete;
    Decompressor& operator=(const Decompressor&) = delete;
    ~Decompressor() { jpeg_destroy_decompress(&cinfo); }  // safe on a never-created struct (mem == NULL)
};

// A progressive file can hold thousands of tiny scans, each a full pass over the coefficients:
// a few kilobytes that take minutes to decode. Give up past err.max_scans.
void on_progress(j_common_ptr common) {
    auto* cinfo = reinterpret_cast<j_decompress_ptr>(common);
    auto* err = reinterpret_cast<ErrorManager*>(common->err);
    if (cinfo->input_scan_number > err->max_scans)
        jpeg::jpeg_fail(*err, Status::corrupt_data, "too many progressive scans (a decompression bomb?)");
}

// APP1 marker processor: the EXIF orientation of the first APP1 segment that starts "Exif\0\0",
// every APP1 segment skipped without a copy. (jpeg_save_markers would copy each APP1 byte by byte
// through libjpeg's marker reader, and some files carry megabytes of XMP in 64-KB APP1 segments:
// 80 million instructions per header read on one 9-MB wallpaper.) The same segment and the same
// bytes as reading the saved marker list: the length word as libjpeg reads it (a bogus length < 2
// holds no data), the data straight from jpeg_mem_src's buffer, which holds the whole file.
boolean read_app1(j_decompress_ptr cinfo) {
    jpeg_source_mgr* src = cinfo->src;
    auto* d = static_cast<Decompressor*>(cinfo->client_data);
    unsigned bytes[2];
    for (unsigned& b : bytes) {
        if (src->bytes_in_buffer == 0 && !(*src->fill_input_buffer)(cinfo)) return FALSE;
        b = *src->next_input_byte++;
        --src->bytes_in_buffer;
    }
    const long length = static_cast<long>((bytes[0] << 8) | bytes[1]) - 2;
    if (length <= 0) return TRUE;
    static const std::uint8_t k_exif[6] = {'E', 'x', 'i', 'f', '\0', '\0'};
    const std::size_t have = std::min(static_cast<std::size_t>(length), src->bytes_in_buffer);
    if (!d->exif_seen && have >= 6 && std::equal(k_exif, k_exif + 6, src->next_input_byte)) {
        d->exif_seen = true;
        d->orientation = exif_orientation(src->next_input_byte + 6, have - 6);
    }
    (*src->skip_input_data)(cinfo, length);
    return TRUE;
}

void read_header(Decompressor& d, const std::uint8_t* data, std::size_t size) {
    // libjpeg rejects an empty buffer itself, but says so less clearly.
    if (size < 4) throw Error(Status::corrupt_data, "JPEG: truncated file (" + std::to_string(size) + " bytes)");
    jpeg::install_error_manager(reinterpret_cast<j_common_ptr>(&d.cinfo), d.err);
    j_decompress_ptr cinfo = &d.cinfo;
    jpeg_progress_mgr* progress = &d.progress;
    Decompressor* self = &d;
    const bool ok = jpeg_guarded(d.err, [cinfo, progress, data, size, self] {
        jpeg_create_decompress(cinfo);
        cinfo->client_data = self;
        progress->progress_monitor = on_progress;
        cinfo->progress = progress;
        jpeg_mem_src(cinfo, data, static_cast<unsigned long>(size));
        jpeg_set_marker_processor(cinfo, JPEG_APP0 + 1, read_app1);  // APP1 = EXIF (or XMP)
        jpeg_read_header(cinfo, TRUE);
    });
    if (!ok) jpeg::throw_jpeg_error(d.err, "JPEG: ");
}

// "4:2:0" etc. from the luma sampling factors relative to the (identical) factors of the other components.
std::string subsampling_name(const jpeg_decompress_struct& cinfo) {
    if (cinfo.num_components == 1) return "grey";
    const jpeg_component_info* c = cinfo.comp_info;
    for (int i = 2; i < cinfo.num_components; ++i)
        if (c[i].h_samp_factor != c[1].h_samp_factor || c[i].v_samp_factor != c[1].v_samp_factor) return "other";
    if (c[0].h_samp_factor % c[1].h_samp_factor != 0 || c[0].v_samp_factor % c[1].v_samp_factor != 0)
        return "other";
    const int h = c[0].h_samp_factor / c[1].h_samp_factor, v = c[0].v_samp_factor / c[1].v_samp_factor;
    if (h == 1 && v == 1) return "4:4:4";
    if (h == 2 && v == 1) return "4:2:2";
    if (h == 2 && v == 2) return "4:2:0";
    if (h == 1 && v == 2) return "4:4:0";
    if (h == 4 && v == 1) return "4:1:1";
    return "other";
}

JpegInfo jpeg_facts(const jpeg_decompress_struct& cinfo) {
    JpegInfo j;
    j.components = cinfo.num_components;
    j.subsampling = subsampling_name(cinfo);
    j.progressive = cinfo.progressive_mode != 0;
    j.arithmetic = cinfo.arith_code != 0;
    for (int t = 0; t < 4; ++t) {
        const JQUANT_TBL* q = cinfo.quant_tbl_ptrs[t];
        if (q == nullptr) continue;
        ++j.num_quant_tables;
        for (int i = 0; i < 64; ++i) j.quant_tables[t][i] = q->quantval[i];  // libjpeg keeps natural order
    }
    auto table_of = [&](int component) {
        if (component >= cinfo.num_components) return -1;
        const int t = cinfo.comp_info[component].quant_tbl_no;
        return t >= 0 && t < 4 && cinfo.quant_tbl_ptrs[t] != nullptr ? t : -1;
    };
    jpeg::estimate_quality(j, table_of(0), cinfo.num_components >= 3 ? table_of(1) : -1);
    return j;
}

ImageInfo info_from_header(const jpeg_decompress_struct& cinfo, int orientation) {
    ImageInfo info;
    info.format = Format::jpeg;
    info.width = static_cast<int>(cinfo.image_width);
    info.height = static_cast<int>(cinfo.image_height);
    info.bit_depth = cinfo.data_precision;
    // What a decode with channels = 0 gives: grey stays grey; YCbCr, RGB, CMYK and YCCK become RGB.
    info.channels = cinfo.num_components == 1 ? 1 : 3;
    info.orientation = orientation;
    const bool swap = info.orientation >= 5;
    info.display_width = swap ? info.height : info.width;
    info.display_height = swap ? info.width : info.height;
    info.jpeg = jpeg_facts(cinfo);
    return info;
}

// Adobe (Photoshop) writes CMYK inverted (0 = full ink) and says so with an APP14 marker.
Image cmyk_to_rgb(const Image& cmyk, bool inverted) {
    Image rgb(cmyk.width(), cmyk.height(), 3);
    const std::size_t n = static_cast<std::size_t>(cmyk.width()) * cmyk.height();
    const std::uint8_t* s = cmyk.data();
    std::uint8_t* d = rgb.data();
    for (std::size_t i = 0; i < n; ++i, s += 4, d += 3) {
        const int k = inverted ? s[3] : 255 - s[3];
        for (int ch = 0; ch < 3; ++ch) {
            const int c = inverted ? s[ch] : 255 - s[ch];
            d[ch] = static_cast<std::uint8_t>((c * k + 127) / 255);
        }
    }
    return rgb;
}

// Reads every output row into `target`. Runs inside jpeg_guarded: no C++ objects with destructors.
void read_rows(j_decompress_ptr cinfo, Image* target) {
    JSAMPROW rows[16];  // libjpeg returns at most rec_outbuf_height (<= 4) rows per call
    while (cinfo->output_scanline < cinfo->output_height) {
        const JDIMENSION first = cinfo->output_scanline;
        JDIMENSION want = cinfo->output_height - first;
        if (want > 16) want = 16;
        for (JDIMENSION i = 0; i < want; ++i) rows[i] = target->row(static_cast<int>(first + i));
        jpeg_read_scanlines(cinfo, rows, want);
    }
}

// True once every bit of component 0's DC coefficients has arrived. libjpeg keeps, per component
// and coefficient, the successive-approximation bit position still missing (-1 = nothing yet,
// 0 = complete); a scan updates it when the scan starts, so this is only asked after a scan ends.
bool luma_dc_complete(j_decompress_ptr cinfo) {
    return cinfo->coef_bits != nullptr && cinfo->coef_bits[0][0] == 0;
}

// Progressive file at 1/8, grey output: buffered-image mode, read scans until the luma DC is
// complete, output once from the coefficients read so far, and abandon the rest of the file.
// Block smoothing is off: it would invent AC coefficients the 1 x 1 IDCT ignores anyway, and
// libjpeg-turbo's version also adjusts DC while AC is unknown, which a full decode never does.
// `require_dc`: fail when the stream ends before the DC is complete (a keep_dc_scans stream cut
// short before its DC refinement scan; the caller then decodes the original file instead).
void decode_dc_only(j_decompress_ptr cinfo, ErrorManager& err, Image* target, bool require_dc) {
    jpeg_start_decompress(cinfo);
    for (;;) {
        const int r = jpeg_consume_input(cinfo);
        if (r == JPEG_REACHED_EOI) {
            if (require_dc && !luma_dc_complete(cinfo))
                jpeg::jpeg_fail(err, Status::corrupt_data, "the DC scans are incomplete");
            break;
        }
        if (r == JPEG_SUSPENDED) jpeg::jpeg_fail(err, Status::corrupt_data, "truncated file");
        if (cinfo->input_scan_number > err.max_scans)
            jpeg::jpeg_fail(err, Status::corrupt_data, "too many progressive scans (a decompression bomb?)");
        if (r == JPEG_SCAN_COMPLETED && luma_dc_complete(cinfo)) break;
    }
    jpeg_start_output(cinfo, cinfo->input_scan_number);
    read_rows(cinfo, target);
    jpeg_finish_output(cinfo);
    jpeg_abort_decompress(cinfo);  // jpeg_finish_decompress would read (and decode) the remaining scans
}

}  // namespace

ImageInfo probe_jpeg(const std::uint8_t* data, std::size_t size) {
    Decompressor d;
    read_header(d, data, size);
    return info_from_header(d.cinfo, d.orientation);
}

namespace {
Decoded decode_jpeg_stream(const std::uint8_t* data, std::size_t size, const DecodeOptions& options, bool filtered);
}

Decoded decode_jpeg(const std::uint8_t* data, std::size_t size, const DecodeOptions& options) {
    // A baseline file that lacks only its end marker (common among re-uploads cut short by a server)
    // holds the whole picture: decode it with the marker restored. A file cut inside its scan still
    // fails, because libjpeg then meets the marker before the last block. Progressive files stay
    // strict: with a marker appended, a missing later scan would pass unnoticed.
    const bool ends_with_eoi = size >= 2 && data[size - 2] == 0xFF && data[size - 1] == 0xD9;
    if (!ends_with_eoi && size >= 4) {
        const ImageInfo header = probe_jpeg(data, size);
        if (header.jpeg && !header.jpeg->progressive) {
            std::vector<std::uint8_t> restored(data, data + size);
            restored.push_back(0xFF);
            restored.push_back(0xD9);
            return decode_jpeg_stream(restored.data(), restored.size(), options, false);
        }
    }
    return decode_jpeg_stream(data, size, options, false);
}

namespace {

// `filtered`: `data` is already keep_dc_scans of the file.
Decoded decode_jpeg_stream(const std::uint8_t* data, std::size_t size, const DecodeOptions& options, bool filtered) {
    check_options(options);
    Decompressor d;
    read_header(d, data, size);
    Decoded out;
    out.info = info_from_header(d.cinfo, d.orientation);
    check_dimensions(out.info.width, out.info.height, options);  // before libjpeg allocates anything big

    j_decompress_ptr cinfo = &d.cinfo;
    const bool cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
    // Grey output straight from Y skips colour conversion entirely.
    const bool grey = !cmyk && (cinfo->num_components == 1 || options.channels == 1);
    cinfo->out_color_space = cmyk ? JCS_CMYK : grey ? JCS_GRAYSCALE : JCS_RGB;
    cinfo->scale_num = 1;
    cinfo->scale_denom = static_cast<unsigned int>(options.scale_denom);
    if (!jpeg_guarded(d.err, [cinfo] { jpeg_calc_output_dimensions(cinfo); }))
        jpeg::throw_jpeg_error(d.err, "JPEG: ");

    Image pixels(static_cast<int>(cinfo->output_width), static_cast<int>(cinfo->output_height),
                 cinfo->output_components);
    Image* target = &pixels;
    ErrorManager* err = &d.err;
    const bool dc_only = options.progressive_dc_only && options.scale_denom == 8 && grey &&
                         cinfo->progressive_mode != 0;
    if (dc_only && !filtered) {
        // Drop the AC scans before libjpeg sees them: the standard progression sends the last DC
        // bit after four AC scans, which would otherwise all be entropy-decoded.
        const std::vector<std::uint8_t> dc = jpeg::keep_dc_scans(data, size);
        if (!dc.empty()) {
            try {
                return decode_jpeg_stream(dc.data(), dc.size(), options, true);
            } catch (const Error&) {
                // Broken or cut short: decode the original below, which reports the problem as
                // a full decode would (or succeeds where only the shortcut failed).
            }
        }
    }
    if (dc_only) {
        cinfo->buffered_image = TRUE;
        cinfo->do_block_smoothing = FALSE;
    }
    const bool ok = jpeg_guarded(d.err, [cinfo, target, err, dc_only, filtered] {
        if (dc_only) {
            decode_dc_only(cinfo, *err, target, filtered);
            return;
        }
        jpeg_start_decompress(cinfo);
        read_rows(cinfo, target);
        jpeg_finish_decompress(cinfo);
    });
    if (!ok) jpeg::throw_jpeg_error(d.err, "JPEG: ");

    if (cmyk) pixels = cmyk_to_rgb(pixels, cinfo->saw_Adobe_marker != 0);
    pixels = convert_channels(std::move(pixels), options);
    if (options.apply_orientation) pixels = apply_orientation(std::move(pixels), out.info.orientation);
    out.image = std::move(pixels);
    return out;
}

}  // namespace

}  // namespace pristine::io
