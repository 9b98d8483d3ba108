// Internal to pristine_c: how accessors fill a caller's struct that carries its own struct_size (as
// pristine_dedupe_member or pristine_move_outcome do), so that an older caller gets the fields it knows.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "pristine/error.hpp"

namespace pristine::capi {

/// Throws Error(invalid_argument) naming `function` when index i is not below n.
inline void check_index(std::size_t i, std::size_t n, const char* function, const char* what) {
    if (i >= n)
        throw Error(Status::invalid_argument, std::string(function) + ": " + what + " " + std::to_string(i) +
                                                  " is out of range (there are " + std::to_string(n) + ")");
}

/// Throws Error(invalid_argument) when the caller's struct is smaller than the first published one.
template <class T>
void check_struct_size(const T* out, std::size_t v1_size, const char* function) {
    if (out->struct_size < v1_size)
        throw Error(Status::invalid_argument, std::string(function) + ": out->struct_size is " + std::to_string(out->struct_size) +
                                                  ", at least " + std::to_string(v1_size) + " expected (set it to sizeof)");
}

/// The caller's options struct over `defaults`: the fields its struct_size covers are the caller's, the
/// rest (an older caller's struct) keep the defaults; NULL gives the defaults. The result's struct_size
/// is the full size. Throws Error(invalid_argument) naming `function` when the caller's struct is
/// smaller than the first published one (`v1_size`).
template <class T>
T copy_in(const T* in, T defaults, std::size_t v1_size, const char* function) {
    if (in == nullptr) return defaults;
    if (in->struct_size < v1_size)
        throw Error(Status::invalid_argument, std::string(function) + ": options->struct_size is " +
                                                  std::to_string(in->struct_size) + ", at least " + std::to_string(v1_size) +
                                                  " expected (set it to sizeof)");
    std::memcpy(&defaults, in, std::min(in->struct_size, sizeof defaults));
    defaults.struct_size = sizeof defaults;
    return defaults;
}

/// Copies as much of `full` as the caller's struct_size covers, keeping that struct_size.
template <class T>
void copy_out(T* out, T full) {
    full.struct_size = out->struct_size;
    std::memcpy(out, &full, std::min(out->struct_size, sizeof full));
}

}  // namespace pristine::capi
