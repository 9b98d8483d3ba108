// Errors of the C++ API: one exception type carrying a stable status code.
#pragma once

#include <new>
#include <stdexcept>
#include <string>

#include "pristine/export.hpp"

namespace pristine {

/// Stable status codes. The numbers are part of the C ABI (capi/pristine.h mirrors them)
/// and never change meaning; new codes are only appended.
enum class Status : int {
    ok = 0,
    invalid_argument = 1,   ///< a caller passed a bad value (null, wrong size, bad option)
    io_error = 2,           ///< a file could not be opened, read or written
    unsupported_format = 3, ///< the bytes are no format pristine can decode
    corrupt_data = 4,       ///< the format was recognised but the data is truncated or broken
    too_large = 5,          ///< the image exceeds the configured pixel limit
    out_of_memory = 6,      ///< an allocation failed
    bad_file_version = 7,   ///< a model/index file has a wrong magic, version or checksum
    cancelled = 8,          ///< the caller interrupted a batch
    internal = 9,           ///< a bug in pristine: please report it
    unavailable = 10,       ///< a component this call needs is not built or not installed
};

/// Short stable name of a status ("corrupt_data"), never null.
inline const char* status_name(Status s) noexcept {
    switch (s) {
        case Status::ok: return "ok";
        case Status::invalid_argument: return "invalid_argument";
        case Status::io_error: return "io_error";
        case Status::unsupported_format: return "unsupported_format";
        case Status::corrupt_data: return "corrupt_data";
        case Status::too_large: return "too_large";
        case Status::out_of_memory: return "out_of_memory";
        case Status::bad_file_version: return "bad_file_version";
        case Status::cancelled: return "cancelled";
        case Status::internal: return "internal";
        case Status::unavailable: return "unavailable";
    }
    return "unknown";
}

/// The one exception type the C++ API throws at its edges.
class PRISTINE_VISIBLE_TYPE Error : public std::runtime_error {
public:
    Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    Status status() const noexcept { return status_; }

private:
    Status status_;
};

/// A failure kept as data, for batch APIs that record an error per item instead of throwing.
struct Failure {
    Status status = Status::internal;
    std::string message;
};

/// The failure of the exception being handled — call it only inside a catch block: Error keeps its
/// status and message, std::bad_alloc is out_of_memory, anything else is internal.
inline Failure current_failure() {
    try {
        throw;
    } catch (const Error& e) {
        return {e.status(), e.what()};
    } catch (const std::bad_alloc&) {
        return {Status::out_of_memory, "out of memory"};
    } catch (const std::exception& e) {
        return {Status::internal, std::string("internal error: ") + e.what()};
    } catch (...) {
        return {Status::internal, "internal error: unknown exception"};
    }
}

}  // namespace pristine
