// Internal to pristine_c: the one place where C++ exceptions become C status codes.
// Every exported function that can fail runs its body through guarded(), so no exception crosses the ABI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>

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
