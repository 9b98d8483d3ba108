// Bit codes of the hashes: packing, Hamming distance, hex text.
// Bit order (all pristine hashes): bit i lives in byte i / 8, most significant bit first, i.e.
// bit i is (bytes[i / 8] >> (7 - i % 8)) & 1. Unused trailing bits of the last byte are 0.
// Fixing the order here means a hash printed as hex is the same string in every binding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/error.hpp"

namespace pristine {

/// Bytes needed for `bits` bits.
constexpr std::size_t bytes_for_bits(std::size_t bits) noexcept { return (bits + 7) / 8; }

/// Bit i of a packed code (see the bit order above). No bounds check.
inline bool get_bit(const std::uint8_t* bytes, std::size_t i) noexcept {
    return ((bytes[i / 8] >> (7 - i % 8)) & 1u) != 0;
}

/// Sets bit i to `value`. No bounds check.
inline void set_bit(std::uint8_t* bytes, std::size_t i, bool value) noexcept {
    const auto mask = static_cast<std::uint8_t>(0x80u >> (i % 8));
    if (value) bytes[i / 8] = static_cast<std::uint8_t>(bytes[i / 8] | mask);
    else bytes[i / 8] = static_cast<std::uint8_t>(bytes[i / 8] & ~mask);
}

/// Number of set bits in a byte (portable: C++17 has no std::popcount).
inline int popcount8(std::uint8_t b) noexcept {
    b = static_cast<std::uint8_t>(b - ((b >> 1) & 0x55u));
    b = static_cast<std::uint8_t>((b & 0x33u) + ((b >> 2) & 0x33u));
    return (b + (b >> 4)) & 0x0F;
}

/// Hamming distance between two packed codes of `nbytes` bytes each.
inline int hamming_distance(const std::uint8_t* a, const std::uint8_t* b, std::size_t nbytes) noexcept {
    int d = 0;
    std::size_t i = 0;
    // Eight bytes at a time through a 64-bit popcount the compiler turns into one instruction.
    for (; i + 8 <= nbytes; i += 8) {
        std::uint64_t x = 0;
        for (int k = 0; k < 8; ++k) x |= static_cast<std::uint64_t>(a[i + k] ^ b[i + k]) << (8 * k);
#if defined(__GNUC__) || defined(__clang__)
        d += __builtin_popcountll(x);
#else
        for (; x; x &= x - 1) ++d;
#endif
    }
    for (; i < nbytes; ++i) d += popcount8(static_cast<std::uint8_t>(a[i] ^ b[i]));
    return d;
}

/// Packs booleans into bytes with the documented bit order.
inline std::vector<std::uint8_t> pack_bits(const std::vector<bool>& bits) {
    std::vector<std::uint8_t> out(bytes_for_bits(bits.size()), 0);
    for (std::size_t i = 0; i < bits.size(); ++i)
        if (bits[i]) set_bit(out.data(), i, true);
    return out;
}

/// Lower-case hex of bytes, two digits per byte, first byte first.
inline std::string to_hex(const std::uint8_t* bytes, std::size_t nbytes) {
    static const char digits[] = "0123456789abcdef";
    std::string s(2 * nbytes, '0');
    for (std::size_t i = 0; i < nbytes; ++i) {
        s[2 * i] = digits[bytes[i] >> 4];
        s[2 * i + 1] = digits[bytes[i] & 15];
    }
    return s;
}

template <class Bytes>
std::string to_hex(const Bytes& bytes) {
    return to_hex(bytes.data(), bytes.size());
}

/// Bytes of a hex string (either case, even length). Throws Error(invalid_argument) otherwise.
inline std::vector<std::uint8_t> from_hex(const std::string& hex) {
    if (hex.size() % 2 != 0) throw Error(Status::invalid_argument, "hex string has odd length");
    auto nibble = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw Error(Status::invalid_argument, std::string("hex string has a non-hex character '") + c + "'");
    };
    std::vector<std::uint8_t> out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::uint8_t>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
    return out;
}

}  // namespace pristine
