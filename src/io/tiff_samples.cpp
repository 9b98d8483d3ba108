// TIFF samples to 8 bits. Rounding matches the other decoders: 16-bit PNG goes through libpng's
// png_set_scale_16, which is v * 255 / 65535 rounded, and so does every unsigned depth here.
#include "io/tiff_samples.hpp"

#include <cmath>
#include <cstring>

namespace pristine::io::tiff {

namespace {

template <class T>
T load(const std::uint8_t* p) noexcept {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::uint8_t from_unit(double v) noexcept {
    if (!(v > 0.0)) return 0;  // also NaN
    if (v >= 1.0) return 255;
    return static_cast<std::uint8_t>(std::lround(v * 255.0));
}

// IEEE 754 half precision to float (subnormals, infinities and NaN included).
float half_to_float(std::uint16_t h) noexcept {
    const int sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
    float v;
    if (exponent == 0) v = std::ldexp(static_cast<float>(mantissa), -24);
    else if (exponent == 31) v = mantissa != 0 ? NAN : INFINITY;
    else v = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
    return sign ? -v : v;
}

template <class T>
std::uint8_t scale_unsigned(T v, std::uint64_t max) noexcept {
    return static_cast<std::uint8_t>((static_cast<std::uint64_t>(v) * 255 + max / 2) / max);
}

template <class T>
std::uint8_t scale_signed(T v, std::int64_t max) noexcept {
    if (v <= 0) return 0;
    return static_cast<std::uint8_t>((static_cast<std::int64_t>(v) * 255 + max / 2) / max);
}

}  // namespace

bool supported(int bits, SampleKind kind) noexcept {
    switch (kind) {
        case SampleKind::unsigned_int: return bits == 1 || bits == 2 || bits == 4 || bits == 8 || bits == 16 || bits == 32;
        case SampleKind::signed_int: return bits == 8 || bits == 16 || bits == 32;
        case SampleKind::floating: return bits == 16 || bits == 32 || bits == 64;
    }
    return false;
}

void to_8bit(const std::uint8_t* src, int bits, SampleKind kind, std::size_t count, bool raw,
             std::uint8_t* dst) noexcept {
    if (bits < 8) {
        const unsigned mask = (1u << bits) - 1, per_byte = 8 / bits;
        const unsigned scale = raw ? 1 : 255 / mask;  // 1 bit: 255, 2 bits: 85, 4 bits: 17
        for (std::size_t i = 0; i < count; ++i) {
            const unsigned shift = 8 - bits * (1 + i % per_byte);
            dst[i] = static_cast<std::uint8_t>(((src[i / per_byte] >> shift) & mask) * scale);
        }
        return;
    }
    if (bits == 8 && kind == SampleKind::unsigned_int) {
        std::memcpy(dst, src, count);
        return;
    }
    const std::size_t step = static_cast<std::size_t>(bits) / 8;
    for (std::size_t i = 0; i < count; ++i, src += step) {
        std::uint8_t v = 0;
        if (kind == SampleKind::unsigned_int) {
            if (bits == 8) v = *src;
            else if (bits == 16) v = scale_unsigned(load<std::uint16_t>(src), 0xffffu);
            else v = scale_unsigned(load<std::uint32_t>(src), 0xffffffffu);
        } else if (kind == SampleKind::signed_int) {
            if (bits == 8) v = scale_signed(load<std::int8_t>(src), 0x7f);
            else if (bits == 16) v = scale_signed(load<std::int16_t>(src), 0x7fff);
            else v = scale_signed(load<std::int32_t>(src), 0x7fffffff);
        } else {
            if (bits == 16) v = from_unit(half_to_float(load<std::uint16_t>(src)));
            else if (bits == 32) v = from_unit(load<float>(src));
            else v = from_unit(load<double>(src));
        }
        dst[i] = v;
    }
}

}  // namespace pristine::io::tiff
