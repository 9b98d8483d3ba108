// Internal to pristine_c: the one place where C++ exceptions become C status codes.
// Every exported function that can fail runs its body through guarded(), so no exception crosses the ABI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "pristine_common.h"
#include "pristine/error.hpp"
#include "pristine/image.hpp"

namespace pristine::capi {

/// Store the calling thread's last error message. Never throws. Defined by libpristine_c (status.cpp),
/// and by its scorer plug-in, which hands the message to libpristine_c's (scorer_plugin.cpp).
void set_last_error(const char* message) noexcept;
/// The same with the message made of two parts (joined without throwing).
void set_last_error(const char* prefix, const char* message) noexcept;

/// Run `body`; map pristine::Error to its status, std::bad_alloc to OUT_OF_MEMORY and anything else to
/// INTERNAL, keeping the message for pristine_last_error().
template <class Body>
pristine_status guarded(Body&& body) noexcept {
    try {
        body();
        return PRISTINE_OK;
    } catch (const Error& e) {
        set_last_error(e.what());
        return static_cast<pristine_status>(e.status());
    } catch (const std::bad_alloc&) {
        set_last_error("out of memory");
        return PRISTINE_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_last_error("internal error: ", e.what());  // no allocation here that could throw
        return PRISTINE_INTERNAL;
    } catch (...) {
        set_last_error("internal error: unknown exception");
        return PRISTINE_INTERNAL;
    }
}

/// Throw Error(invalid_argument) naming the function and argument when `p` is NULL.
inline void require(const void* p, const char* function, const char* argument) {
    if (p == nullptr) throw Error(Status::invalid_argument, std::string(function) + ": " + argument + " is NULL");
}

// snprintf-like protocol without truncation: (NULL, 0) queries the length; a buffer that cannot hold the
// text and its NUL is refused and left untouched.
inline void copy_text(const std::string& text, char* out, std::size_t out_size, std::size_t* length, const char* function) {
    if (out == nullptr && out_size == 0) {
        if (length != nullptr) *length = text.size();
        return;
    }
    require(out, function, "out");
    if (out_size <= text.size())
        throw Error(Status::invalid_argument, std::string(function) + ": out has " + std::to_string(out_size) +
                                                  " bytes, " + std::to_string(text.size() + 1) + " needed");
    std::memcpy(out, text.c_str(), text.size() + 1);
    if (length != nullptr) *length = text.size();
}

/// The paths of a batch call as strings. Throws Error(invalid_argument) naming `function` for a NULL
/// list (count > 0), a NULL path or threads < 0.
inline std::vector<std::string> batch_paths(const char* const* paths, std::size_t count, int threads,
                                            const char* function) {
    if (count != 0) require(paths, function, "paths");
    if (threads < 0)
        throw Error(Status::invalid_argument, std::string(function) + ": threads must be >= 0, got " + std::to_string(threads));
    std::vector<std::string> list;
    list.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        if (paths[i] == nullptr)
            throw Error(Status::invalid_argument, std::string(function) + ": paths[" + std::to_string(i) + "] is NULL");
        list.emplace_back(paths[i]);
    }
    return list;
}

/// After a batch ran: when some inputs failed, the thread's last error counts them and gives the first
/// one's message, naming its file. `results` are ItemStatus-like (status, error), one per path.
template <class Result>
void report_batch_failures(const std::vector<std::string>& paths, const std::vector<Result>& results,
                           const char* function) {
    std::size_t failed = 0, first = 0;
    for (std::size_t i = 0; i < results.size(); ++i)
        if (results[i].status != Status::ok && failed++ == 0) first = i;
    if (failed == 0) return;
    const std::string& path = paths[first];
    const std::string& why = results[first].error;
    const std::string what = why.find(path) != std::string::npos ? why : path + ": " + why;
    const std::string message = std::string(function) + ": " + std::to_string(failed) + " of " +
                                std::to_string(results.size()) + " files failed; first: " + what;
    set_last_error(message.c_str());
}

/// A view of caller pixels (`height` rows of `width` * `channels` bytes, `stride` bytes apart, 0 = packed).
/// Throws Error(invalid_argument) naming `function` for NULL pixels, bad dimensions or a short stride.
inline ImageView pixel_view(const void* pixels, int width, int height, int channels, std::size_t stride,
                            const char* function) {
    require(pixels, function, "pixels");
    if (width < 1 || height < 1 || channels < 1 || channels > 4)
        throw Error(Status::invalid_argument, std::string(function) + ": need width, height >= 1 and channels 1..4, got " +
                                                  std::to_string(width) + "x" + std::to_string(height) + "x" +
                                                  std::to_string(channels));
    const std::size_t row = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
    if (stride == 0) stride = row;
    if (stride < row)
        throw Error(Status::invalid_argument, std::string(function) + ": stride " + std::to_string(stride) +
                                                  " is less than width * channels = " + std::to_string(row));
    ImageView v;
    v.data = static_cast<const std::uint8_t*>(pixels);
    v.width = width;
    v.height = height;
    v.channels = channels;
    v.stride = static_cast<std::ptrdiff_t>(stride);
    return v;
}

}  // namespace pristine::capi
