// Exact count of distinct RGB colours: one bit per possible colour (2^24 bits = 2 MiB), set while scanning.
#include <cstdint>
#include <vector>

#include "io/codecs.hpp"

namespace pristine {

std::uint64_t count_colors(const ImageView& view) {
    check_view(view);
    const int c = view.channels;
    if (c <= 2) {  // grey (+alpha): the colours are the grey levels
        bool seen[256] = {false};
        std::uint64_t n = 0;
        for (int y = 0; y < view.height; ++y) {
            const std::uint8_t* p = view.row(y);
            for (int x = 0; x < view.width; ++x, p += c)
                if (!seen[*p]) { seen[*p] = true; ++n; }
        }
        return n;
    }
    std::vector<std::uint64_t> bits(std::size_t{1} << 18, 0);
    std::uint64_t n = 0;
    for (int y = 0; y < view.height; ++y) {
        const std::uint8_t* p = view.row(y);
        for (int x = 0; x < view.width; ++x, p += c) {
            const std::uint32_t key = (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2];
            std::uint64_t& word = bits[key >> 6];
            const std::uint64_t mask = std::uint64_t{1} << (key & 63);
            n += (word & mask) == 0;
            word |= mask;
        }
    }
    return n;
}

}  // namespace pristine
