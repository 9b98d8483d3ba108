// One input of a batch (header-only core): a file path, an encoded image in memory, or
// decoded 8-bit pixels. Batch entry points (hash_sources, ...) take a vector of them, so one call
// serves files, buffers and pixels alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "pristine/image.hpp"

namespace pristine {

/// A path, encoded bytes or a pixel view. Bytes and pixels are NOT owned: they must stay valid and
/// unchanged until the batch call that reads them returns. Cheap to copy.
struct ImageSource {
    enum class Kind { path, bytes, pixels };
    Kind kind = Kind::path;
    std::string path;                   ///< Kind::path: the file
    const std::uint8_t* data = nullptr;  ///< Kind::bytes: the encoded image ...
    std::size_t size = 0;                ///< ... of `size` bytes
    ImageView pixels{};                  ///< Kind::pixels: 8-bit pixels (1..4 channels)

    /// A file.
    static ImageSource file(std::string path) {
        ImageSource s;
        s.kind = Kind::path;
        s.path = std::move(path);
        return s;
    }
    /// An encoded image in memory (not copied).
    static ImageSource memory(const std::uint8_t* data, std::size_t size) {
        ImageSource s;
        s.kind = Kind::bytes;
        s.data = data;
        s.size = size;
        return s;
    }
    /// Decoded pixels (not copied).
    static ImageSource view(const ImageView& pixels) {
        ImageSource s;
        s.kind = Kind::pixels;
        s.pixels = pixels;
        return s;
    }
};

}  // namespace pristine
