// Little-endian packing and a bounds-checked reader, shared by the model file formats (*.pmdl,
// *.pemb), so files are portable across hosts and a corrupt length is an Error, never an overread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "pristine/error.hpp"

namespace pristine::nn {

inline void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put_u64(std::vector<std::uint8_t>& b, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline std::uint64_t get_le(const std::uint8_t* p, int n) {
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

/// Cursor over a checked payload; every read is bounds-checked. `name` (e.g. "model file 'x.pmdl'")
/// starts the messages.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size, std::string name)
        : p_(data), left_(size), name_(std::move(name)) {}
    void need(std::size_t n, const char* field) const {
        if (n > left_) throw Error(Status::corrupt_data, name_ + " is truncated or corrupt (reading " + field + ")");
    }
    std::uint32_t u32(const char* field) {
        need(4, field);
        const auto v = static_cast<std::uint32_t>(get_le(p_, 4));
        skip(4);
        return v;
    }
    std::int64_t i64(const char* field) {
        need(8, field);
        const auto v = static_cast<std::int64_t>(get_le(p_, 8));
        skip(8);
        return v;
    }
    std::uint64_t u64(const char* field) { return static_cast<std::uint64_t>(i64(field)); }
    std::string str(std::size_t n, const char* field) {
        need(n, field);
        std::string s(reinterpret_cast<const char*>(p_), n);
        skip(n);
        return s;
    }
    std::vector<std::uint8_t> bytes(std::size_t n, const char* field) {
        need(n, field);
        std::vector<std::uint8_t> v(p_, p_ + n);
        skip(n);
        return v;
    }
    void floats(std::vector<float>& out, std::size_t n, const char* field) {
        if (n > left_ / 4) need(left_ + 1, field);
        out.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const auto bits = static_cast<std::uint32_t>(get_le(p_ + 4 * i, 4));
            std::memcpy(&out[i], &bits, 4);
        }
        skip(4 * n);
    }
    std::size_t left() const { return left_; }

private:
    void skip(std::size_t n) {
        p_ += n;
        left_ -= n;
    }
    const std::uint8_t* p_;
    std::size_t left_;
    std::string name_;
};

/// The checks every model container starts with — 16-byte magic, u32 format version at 16, trailing
/// u64 XXH64 (seed 0) of everything before — made before any length is trusted. Returns a Reader over
/// the payload between the version and the checksum. `name` (e.g. "model file 'x'") starts the
/// messages, `kind` says what the magic stands for ("a pristine model"). Throws Error(bad_file_version)
/// for a wrong magic, version or checksum, Error(corrupt_data) for a file too short to hold them.
Reader open_container(const std::vector<std::uint8_t>& bytes, const char (&magic)[16], std::uint32_t version,
                      const std::string& name, const char* kind);

}  // namespace pristine::nn
