// Version, status names and the thread-local last error of the C ABI.
#include <string>

#include "guard.hpp"
#include "pristine/version.hpp"

// The C header keeps its own copy of the numbers; they must never drift from the C++ ones.
static_assert(PRISTINE_C_VERSION_MAJOR == PRISTINE_VERSION_MAJOR, "C and C++ major versions differ");
static_assert(PRISTINE_C_VERSION_MINOR == PRISTINE_VERSION_MINOR, "C and C++ minor versions differ");
static_assert(PRISTINE_C_VERSION_PATCH == PRISTINE_VERSION_PATCH, "C and C++ patch versions differ");
static_assert(PRISTINE_C_VERSION_NUMBER == pristine::k_version, "C and C++ version numbers differ");

// guarded() casts pristine::Status to pristine_status, so the numbers must be identical.
#define PRISTINE_SAME_STATUS(c_value, cpp_value) \
    static_assert(static_cast<int>(c_value) == static_cast<int>(pristine::Status::cpp_value), #c_value)
PRISTINE_SAME_STATUS(PRISTINE_OK, ok);
PRISTINE_SAME_STATUS(PRISTINE_INVALID_ARGUMENT, invalid_argument);
PRISTINE_SAME_STATUS(PRISTINE_IO_ERROR, io_error);
PRISTINE_SAME_STATUS(PRISTINE_UNSUPPORTED_FORMAT, unsupported_format);
PRISTINE_SAME_STATUS(PRISTINE_CORRUPT_DATA, corrupt_data);
PRISTINE_SAME_STATUS(PRISTINE_TOO_LARGE, too_large);
PRISTINE_SAME_STATUS(PRISTINE_OUT_OF_MEMORY, out_of_memory);
PRISTINE_SAME_STATUS(PRISTINE_BAD_FILE_VERSION, bad_file_version);
PRISTINE_SAME_STATUS(PRISTINE_CANCELLED, cancelled);
PRISTINE_SAME_STATUS(PRISTINE_INTERNAL, internal);
PRISTINE_SAME_STATUS(PRISTINE_UNAVAILABLE, unavailable);
#undef PRISTINE_SAME_STATUS

namespace {
// Per thread, so that concurrent callers never see each other's messages. When even storing the
// message fails (no memory), `t_fallback` points at a static text instead.
thread_local std::string t_message;
thread_local const char* t_fallback = nullptr;

#define PRISTINE_STR2(x) #x
#define PRISTINE_STR(x) PRISTINE_STR2(x)
constexpr const char k_version_string[] = PRISTINE_STR(PRISTINE_C_VERSION_MAJOR) "." PRISTINE_STR(
    PRISTINE_C_VERSION_MINOR) "." PRISTINE_STR(PRISTINE_C_VERSION_PATCH);
}  // namespace

namespace pristine::capi {
void set_last_error(const char* message) noexcept {
    try {
        t_message.assign(message != nullptr ? message : "");
        t_fallback = nullptr;
    } catch (...) {
        t_fallback = "out of memory (while storing the error message)";
    }
}

void set_last_error(const char* prefix, const char* message) noexcept {
    try {
        t_message.assign(prefix != nullptr ? prefix : "");
        t_message.append(message != nullptr ? message : "");
        t_fallback = nullptr;
    } catch (...) {
        t_fallback = "out of memory (while storing the error message)";
    }
}
}  // namespace pristine::capi

extern "C" {

PRISTINE_C_API unsigned pristine_version(void) { return static_cast<unsigned>(pristine::k_version); }

PRISTINE_C_API const char* pristine_version_string(void) { return k_version_string; }

PRISTINE_C_API const char* pristine_status_name(pristine_status status) {
    const int s = static_cast<int>(status);
    if (s < PRISTINE_OK || s > PRISTINE_UNAVAILABLE) return "unknown";
    return pristine::status_name(static_cast<pristine::Status>(s));
}

PRISTINE_C_API const char* pristine_last_error(void) {
    return t_fallback != nullptr ? t_fallback : t_message.c_str();
}

}  // extern "C"
