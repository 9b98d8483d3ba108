// The silent libjpeg error manager shared by the JPEG decoder and encoder (see jpeg_internal.hpp).
#include <cstdio>
#include <string>

#include "io/jpeg_internal.hpp"

namespace pristine::io::jpeg {

namespace {

Status status_of(int code) noexcept {
    switch (code) {
        case JERR_OUT_OF_MEMORY: return Status::out_of_memory;
        case JERR_IMAGE_TOO_BIG: return Status::too_large;
        case JERR_BAD_PRECISION:       // 12/16-bit JPEG: this libjpeg build decodes 8-bit only
        case JERR_ARITH_NOTIMPL:
        case JERR_CCIR601_NOTIMPL:
        case JERR_CONVERSION_NOTIMPL:
        case JERR_FRACT_SAMPLE_NOTIMPL:
        case JERR_NOTIMPL:
        case JERR_NOT_COMPILED: return Status::unsupported_format;
        default: return Status::corrupt_data;
    }
}

// A warning that means pixels would be invented (grey fill after a premature end, resync after
// garbage). libjpeg carries on; we refuse, so a broken file never looks like a good decode.
bool is_corrupt_data_warning(int code) noexcept {
    switch (code) {
        case JWRN_JPEG_EOF:
        case JWRN_HIT_MARKER:
        case JWRN_HUFF_BAD_CODE:
        case JWRN_ARITH_BAD_CODE:
        case JWRN_MUST_RESYNC:
        case JWRN_BOGUS_PROGRESSION:
        case JWRN_NOT_SEQUENTIAL: return true;
        default: return false;
    }
}

[[noreturn]] void fail(j_common_ptr cinfo, Status status) {
    auto* mgr = reinterpret_cast<ErrorManager*>(cinfo->err);
    mgr->pub.format_message(cinfo, mgr->message);
    mgr->status = status;
    std::longjmp(mgr->jump, 1);
}

void on_error_exit(j_common_ptr cinfo) { fail(cinfo, status_of(cinfo->err->msg_code)); }

void on_emit_message(j_common_ptr cinfo, int msg_level) {
    if (msg_level >= 0) return;  // trace messages: ignored
    cinfo->err->num_warnings++;
    if (is_corrupt_data_warning(cinfo->err->msg_code)) fail(cinfo, Status::corrupt_data);
}

void on_output_message(j_common_ptr) {}  // never print

}  // namespace

void install_error_manager(j_common_ptr cinfo, ErrorManager& mgr) noexcept {
    cinfo->err = jpeg_std_error(&mgr.pub);
    mgr.pub.error_exit = on_error_exit;
    mgr.pub.emit_message = on_emit_message;
    mgr.pub.output_message = on_output_message;
    mgr.message[0] = '\0';
    mgr.status = Status::internal;
    mgr.max_scans = 1000;
}

void jpeg_fail(ErrorManager& mgr, Status status, const char* message) noexcept {
    std::snprintf(mgr.message, sizeof mgr.message, "%s", message);
    mgr.status = status;
    std::longjmp(mgr.jump, 1);
}

void throw_jpeg_error(const ErrorManager& mgr, const char* prefix) {
    throw Error(mgr.status, std::string(prefix) + mgr.message);
}

}  // namespace pristine::io::jpeg
