// NumPy .npy files of float32 matrices (format version 1.0, little-endian, C order), written atomically:
// the rows go to a temporary file renamed into place once complete.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace pristine::cli {

/// Writes rows of `cols` float32 values to a .npy file. The row count is patched into the header on
/// close(), so rows can stream in. Throws Error(io_error) when the file system fails.
class NpyWriter {
public:
    NpyWriter(const std::string& path, std::size_t cols);
    ~NpyWriter();  ///< without close(): the temporary file is removed
    NpyWriter(const NpyWriter&) = delete;
    NpyWriter& operator=(const NpyWriter&) = delete;

    /// Appends one row (exactly `cols` values; Error(invalid_argument) otherwise). Returns its index.
    std::size_t add(const std::vector<float>& row);
    /// Writes the final header and renames the file into place.
    void close();

private:
    std::string path_, tmp_;
    std::size_t cols_ = 0, rows_ = 0;
    std::FILE* f_ = nullptr;
};

}  // namespace pristine::cli
