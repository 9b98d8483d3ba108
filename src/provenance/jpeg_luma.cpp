// A JPEG's quantised luma coefficients and steps, read without decoding to pixels
// (provenance_internal.hpp): the double-compression test and the coefficient comparison of two
// copies both start from them.
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

}  // namespace

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
