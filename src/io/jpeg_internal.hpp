// Internal to the JPEG codec (jpeg_decode.cpp, jpeg_encode.cpp, jpeg_quality.cpp). Not installed.
//
// libjpeg reports fatal errors by calling error_exit, which must not return. We longjmp out of it,
// so every libjpeg call runs inside `jpeg_guarded`, whose frame holds no C++ object with a
// destructor: the longjmp only unwinds libjpeg's C frames and the guard itself. C++ objects
// (images, buffers) live in the caller's frame and are cleaned up normally after the guard returns.
#pragma once

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <vector>
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first

#include <jpeglib.h>
#include <jerror.h>  // JERR_/JWRN_ codes, ERREXIT

#include "pristine/io/image_io.hpp"

namespace pristine::io::jpeg {

/// libjpeg error manager that never prints: errors longjmp back to the guard with the formatted
/// message; warnings that mean the entropy-coded data is broken or cut short (libjpeg would only
/// warn and fill the rest of the image with grey) are promoted to errors.
struct ErrorManager {
    jpeg_error_mgr pub;  // must be first: libjpeg sees a jpeg_error_mgr*
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    Status status;       // status of the failure that caused the longjmp
    int max_scans;       // progressive scans allowed before giving up (a known decompression bomb)
};

/// Point `cinfo->err` at `mgr` (call before jpeg_create_*).
void install_error_manager(j_common_ptr cinfo, ErrorManager& mgr) noexcept;

/// Runs `fn` (which calls libjpeg) under setjmp. Returns false when libjpeg failed; the reason is
/// in `mgr.message` / `mgr.status`. `fn` must not create C++ objects with destructors.
template <class Fn>
bool jpeg_guarded(ErrorManager& mgr, Fn&& fn) {
    if (setjmp(mgr.jump) != 0) return false;
    fn();
    return true;
}

/// Abort the running libjpeg call from one of our callbacks (longjmps to the guard).
[[noreturn]] void jpeg_fail(ErrorManager& mgr, Status status, const char* message) noexcept;

/// Throws Error(mgr.status, prefix + mgr.message).
[[noreturn]] void throw_jpeg_error(const ErrorManager& mgr, const char* prefix);

// ---- progressive DC-only decoding (jpeg_dc_scans.cpp)

/// A copy of a progressive JPEG without its AC scans (SOS segments with Ss > 0) and without the
/// application segments that cannot change pixels (APP1 other than EXIF, APP2..13, APP15, COM), every other segment and
/// every DC scan kept in order, ending with EOI: libjpeg decodes it to the same DC
/// coefficients without entropy-decoding the AC data. Empty when the file is not progressive, has
/// no AC scan, or its marker structure is unexpected (then decode the original). A file cut short
/// inside a DC scan stays cut short, so libjpeg still reports it.
std::vector<std::uint8_t> keep_dc_scans(const std::uint8_t* data, std::size_t size);

// ---- quantisation tables and the quality estimate (jpeg_quality.cpp)

/// IJG (libjpeg jcparam.c) scale factor in percent for a quality 1..100.
int ijg_scale_factor(int quality) noexcept;

/// Annex K standard table (0 = luma, 1 = chroma) scaled like jpeg_set_quality(quality, force_baseline),
/// in natural (row-major) order.
std::array<std::uint16_t, 64> ijg_table(int which, int quality, bool force_baseline) noexcept;

/// Sets info.quality_estimate / quality_exact from info.quant_tables, using the tables of the
/// luma (component 0) and, when present, chroma (component 1) components.
void estimate_quality(JpegInfo& info, int luma_table, int chroma_table) noexcept;

}  // namespace pristine::io::jpeg
