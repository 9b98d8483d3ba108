// A JPEG's quantised luma coefficients and steps, read without decoding to pixels
// (provenance_internal.hpp): the double-compression test and the coefficient comparison of two
// copies both start from them. And the coefficients libjpeg makes of grey pixels with given steps,
// for that comparison.
#include <algorithm>
#include <cstdlib>

#include "io/jpeg_internal.hpp"
#include "provenance/provenance_internal.hpp"

namespace pristine::provenance {

namespace {

// Opens the coefficients and reads the luma's size in blocks and its steps. No C++ object with a
// destructor lives in these frames (libjpeg longjmps out of them on error).
bool open_coefficients(jpeg_decompress_struct& cinfo, io::jpeg::ErrorManager& err, const std::uint8_t* data, std::size_t size,
                       jvirt_barray_ptr*& coefs, bool& created, JpegLuma& out) noexcept {
    return io::jpeg::jpeg_guarded(err, [&] {
        jpeg_create_decompress(&cinfo);
        created = true;
        jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
        jpeg_read_header(&cinfo, TRUE);
        coefs = jpeg_read_coefficients(&cinfo);
        const jpeg_component_info* luma = &cinfo.comp_info[0];
        if (luma->quant_table == nullptr) ERREXIT(&cinfo, JERR_NO_QUANT_TABLE);
        for (int k = 0; k < 64; ++k) out.steps[static_cast<std::size_t>(k)] = luma->quant_table->quantval[k];
        out.blocks_wide = static_cast<int>(luma->width_in_blocks);
        out.blocks_high = static_cast<int>(luma->height_in_blocks);
    });
}

bool copy_blocks(jpeg_decompress_struct& cinfo, io::jpeg::ErrorManager& err, jvirt_barray_ptr* coefs, std::int16_t* to) noexcept {
    return io::jpeg::jpeg_guarded(err, [&] {
        const jpeg_component_info* luma = &cinfo.comp_info[0];
        for (JDIMENSION row = 0; row < luma->height_in_blocks; ++row) {
            JBLOCKARRAY blocks = cinfo.mem->access_virt_barray(reinterpret_cast<j_common_ptr>(&cinfo), coefs[0], row, 1, FALSE);
            for (JDIMENSION col = 0; col < luma->width_in_blocks; ++col)
                for (int k = 0; k < 64; ++k) *to++ = blocks[0][col][k];
        }
        jpeg_finish_decompress(&cinfo);
    });
}

// Compresses grey rows with `table` as the luma table into a JPEG in memory (libjpeg allocates it).
// No C++ object with a destructor lives in this frame.
bool compress_grey(jpeg_compress_struct& cinfo, io::jpeg::ErrorManager& err, const std::uint8_t* grey, int width, int height,
                   const unsigned int* table, bool& created, unsigned char*& bytes, unsigned long& size) noexcept {
    return io::jpeg::jpeg_guarded(err, [&] {
        jpeg_create_compress(&cinfo);
        created = true;
        jpeg_mem_dest(&cinfo, &bytes, &size);
        cinfo.image_width = static_cast<JDIMENSION>(width);
        cinfo.image_height = static_cast<JDIMENSION>(height);
        cinfo.input_components = 1;
        cinfo.in_color_space = JCS_GRAYSCALE;
        jpeg_set_defaults(&cinfo);
        jpeg_add_quant_table(&cinfo, 0, table, 100, FALSE);  // scale 100: the steps as given
        cinfo.dct_method = JDCT_ISLOW;  // libjpeg's default, which cjpeg, ImageMagick and browsers use
        jpeg_start_compress(&cinfo, TRUE);
        while (cinfo.next_scanline < cinfo.image_height) {
            JSAMPROW row = const_cast<JSAMPROW>(grey + static_cast<std::size_t>(cinfo.next_scanline) * static_cast<std::size_t>(width));
            jpeg_write_scanlines(&cinfo, &row, 1);
        }
        jpeg_finish_compress(&cinfo);
    });
}

}  // namespace

bool quantise_luma(const std::uint8_t* grey, int width, int height, const std::array<std::uint16_t, 64>& steps, JpegLuma& out) noexcept {
    out = JpegLuma{};
    if (grey == nullptr || width <= 0 || height <= 0) return false;
    unsigned int table[64];
    for (int k = 0; k < 64; ++k) table[k] = std::max<unsigned int>(1, steps[static_cast<std::size_t>(k)]);
    jpeg_compress_struct cinfo;
    io::jpeg::ErrorManager err;
    io::jpeg::install_error_manager(reinterpret_cast<j_common_ptr>(&cinfo), err);
    bool created = false;
    unsigned char* bytes = nullptr;
    unsigned long size = 0;
    const bool ok = compress_grey(cinfo, err, grey, width, height, table, created, bytes, size);
    if (created) jpeg_destroy_compress(&cinfo);
    if (!ok) return false;  // `bytes` may dangle when libjpeg failed after growing its buffer: never freed then
    const bool read = bytes != nullptr && read_jpeg_luma(bytes, size, out);
    std::free(bytes);  // jpeg_mem_dest's buffer is the caller's to free
    return read;
}

bool read_jpeg_luma(const std::uint8_t* data, std::size_t size, JpegLuma& out) noexcept {
    jpeg_decompress_struct cinfo;
    io::jpeg::ErrorManager err;
    io::jpeg::install_error_manager(reinterpret_cast<j_common_ptr>(&cinfo), err);
    bool created = false;
    jvirt_barray_ptr* coefs = nullptr;
    bool ok = open_coefficients(cinfo, err, data, size, coefs, created, out);
    if (ok) {
        try {
            out.coefficients.assign(static_cast<std::size_t>(out.blocks_wide) * out.blocks_high * 64, 0);
        } catch (...) {
            ok = false;
        }
    }
    ok = ok && copy_blocks(cinfo, err, coefs, out.coefficients.data());
    if (created) jpeg_destroy_decompress(&cinfo);
    if (!ok) out = JpegLuma{};
    return ok;
}

}  // namespace pristine::provenance
