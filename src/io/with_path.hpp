// Errors of functions that take a path name the path, so that a caller of a batch (or a user reading
// one message) knows which file failed. Internal to libpristine.
#pragma once

#include <string>

#include "pristine/error.hpp"

namespace pristine::io {

/// fn(), with an Error's message prefixed by "PATH: " unless it already names the path.
template <class Fn>
auto with_path(const std::string& path, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const Error& e) {
        const std::string msg = e.what();
        if (msg.find(path) != std::string::npos) throw;
        throw Error(e.status(), path + ": " + msg);
    }
}

}  // namespace pristine::io
