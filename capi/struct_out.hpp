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

/// Copies as much of `full` as the caller's struct_size covers, keeping that struct_size.
template <class T>
void copy_out(T* out, T full) {
    full.struct_size = out->struct_size;
    std::memcpy(out, &full, std::min(out->struct_size, sizeof full));
}

}  // namespace pristine::capi
