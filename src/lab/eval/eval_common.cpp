// Small helpers the evaluation jobs of the lab share (eval_common.hpp).
#include "eval_common.hpp"

#include <fstream>
#include <sstream>

#include "pristine/error.hpp"

namespace pristine::eval::detail {

std::uint64_t splitmix64_finish(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
    return splitmix64_finish(seed * 0x9E3779B97F4A7C15ull ^ (stream + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull ^
                             (index + 1) * 0x94D049BB133111EBull);
}

Image to_rgb_on_white(const ImageView& v) {
    if (v.channels == 3) return Image::copy_of(v);
    Image out(v.width, v.height, 3);
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x) {
            const std::uint8_t* p = v.pixel(x, y);
            const int a = v.has_alpha() ? p[v.channels - 1] : 255;
            for (int k = 0; k < 3; ++k) {
                const int c = v.channels >= 3 ? p[k] : p[0];
                out.row(y)[3 * x + k] = static_cast<std::uint8_t>((c * a + 255 * (255 - a) + 127) / 255);
            }
        }
    return out;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Status::io_error, "cannot read '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(Status::io_error, "cannot read '" + path + "'");
    return ss.str();
}

}  // namespace pristine::eval::detail
