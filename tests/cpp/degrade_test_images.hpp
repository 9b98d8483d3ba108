// Deterministic test pictures for the degrade tests: smooth gradients, edges and mild noise, so
// that encoders and resamplers see something photo-like.
#pragma once

#include <cmath>
#include <cstdint>

#include "pristine/lab/degrade/rng.hpp"
#include "pristine/image.hpp"

namespace degrade_test {

inline pristine::Image photo_like(int w, int h, int channels = 3, std::uint64_t seed = 1) {
    pristine::degrade::Rng rng(seed);
    pristine::Image img(w, h, channels);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* p = img.row(y) + static_cast<std::size_t>(x) * channels;
            const double fx = static_cast<double>(x) / w, fy = static_cast<double>(y) / h;
            const bool disc = (fx - 0.6) * (fx - 0.6) + (fy - 0.4) * (fy - 0.4) < 0.04;
            double v[3] = {200 * fx + 30 * std::sin(fy * 17), 180 * fy + 40 * std::cos(fx * 11),
                           disc ? 230.0 : 60 + 50 * std::sin((fx + fy) * 9)};
            for (double& c : v) c = std::fmin(255, std::fmax(0, c + rng.uniform(-12, 12)));
            if (channels >= 3) {
                for (int k = 0; k < 3; ++k) p[k] = static_cast<std::uint8_t>(v[k]);
            } else {
                p[0] = static_cast<std::uint8_t>((v[0] + v[1] + v[2]) / 3);
            }
            if (channels == 2 || channels == 4) p[channels - 1] = static_cast<std::uint8_t>(x < w / 8 ? 0 : 255);
        }
    return img;
}

}  // namespace degrade_test
