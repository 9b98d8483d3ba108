// .npy writing (see npy.hpp).
#include "npy.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "pristine/error.hpp"

namespace pristine::cli {

namespace {

// The header: magic, version 1.0, u16 length, then a Python dict literal padded with spaces to a
// multiple of 64 bytes and ended by '\n'. Its size is fixed (room for any row count), so close()
// rewrites it in place.
std::string npy_header(std::size_t rows, std::size_t cols) {
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " +
                       std::to_string(cols) + "), }";
    const std::size_t total = 128;  // magic 6 + version 2 + length 2 + dict + padding + '\n'
    dict.resize(total - 10 - 1, ' ');
    dict += '\n';
    std::string h = "\x93NUMPY";
    h += '\x01';
    h += '\x00';
    h += static_cast<char>(dict.size() & 0xff);
    h += static_cast<char>(dict.size() >> 8);
    return h + dict;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw Error(Status::io_error, "cannot " + what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

NpyWriter::NpyWriter(const std::string& path, std::size_t cols) : path_(path), tmp_(path + ".tmp"), cols_(cols) {
    f_ = std::fopen(tmp_.c_str(), "wb");
    if (f_ == nullptr) fail("create", tmp_);
    const std::string h = npy_header(0, cols_);
    if (std::fwrite(h.data(), 1, h.size(), f_) != h.size()) fail("write", tmp_);
}

NpyWriter::~NpyWriter() {
    if (f_ != nullptr) {
        std::fclose(f_);
        std::remove(tmp_.c_str());
    }
}

std::size_t NpyWriter::add(const std::vector<float>& row) {
    if (row.size() != cols_)
        throw Error(Status::invalid_argument, "npy row of " + std::to_string(row.size()) + " values, expected " +
                                                  std::to_string(cols_));
    static_assert(sizeof(float) == 4, "float32");
    for (const float v : row) {
        std::uint32_t bits;
        std::memcpy(&bits, &v, 4);
        const unsigned char le[4] = {static_cast<unsigned char>(bits), static_cast<unsigned char>(bits >> 8),
                                     static_cast<unsigned char>(bits >> 16), static_cast<unsigned char>(bits >> 24)};
        if (std::fwrite(le, 1, 4, f_) != 4) fail("write", tmp_);
    }
    return rows_++;
}

void NpyWriter::close() {
    const std::string h = npy_header(rows_, cols_);
    if (std::fseek(f_, 0, SEEK_SET) != 0 || std::fwrite(h.data(), 1, h.size(), f_) != h.size()) fail("write", tmp_);
    if (std::fclose(f_) != 0) {
        f_ = nullptr;
        fail("write", tmp_);
    }
    f_ = nullptr;
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) throw Error(Status::io_error, "cannot rename '" + tmp_ + "' to '" + path_ + "': " + ec.message());
}

}  // namespace pristine::cli
