// A tiny scorer model trained once per test executable on a handful of generated pictures (a second
// or two on 2 cores), for the scorer and model-file tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "pristine/io/image_io.hpp"
#include "pristine/lab/train.hpp"
#include "test_helpers.hpp"

namespace test {

/// Writes `count` textured pictures (gradients + shapes + deterministic pattern noise) as PNG into `dir`.
inline void write_training_pictures(const std::string& dir, int count) {
    std::filesystem::create_directories(dir);
    for (int i = 0; i < count; ++i) {
        pristine::Image img = make_rgb(160 + 16 * i, 128 + 8 * i);
        // Texture, so sampled blocks differ and compression leaves a mark.
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width() * 3; ++x) {
                const double t = std::sin(0.37 * x * (i + 1) + 0.23 * y) * 40.0;
                const int v = img.row(y)[x] + static_cast<int>(t);
                img.row(y)[x] = static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
            }
        pristine::write_file(dir + "/pic" + std::to_string(i) + ".png", pristine::encode_png(img.view()));
    }
}

/// Options of a tiny, fast training run into `out`.
inline pristine::TrainOptions tiny_train_options(const std::string& images, const std::string& out) {
    pristine::TrainOptions o;
    o.image_dirs = {images};
    o.out = out;
    o.epochs = 1;
    o.groups_per_epoch = 4;
    o.validation_groups = 2;
    o.validation_fraction = 0.25;
    o.batch_pairs = 4;
    o.blocks = 16;
    o.max_side = 128;
    o.threads = 1;
    o.seed = 7;
    return o;
}

/// Path of a tiny model, trained on the first call of this process.
inline const std::string& tiny_model(const std::string& tag) {
    static const std::string path = [&] {
        const std::string images = tmp_path(tag + "_pictures");
        write_training_pictures(images, 4);
        const std::string out = tmp_path(tag + "_tiny.pmdl");
        pristine::train_scorer(tiny_train_options(images, out));
        return out;
    }();
    return path;
}

}  // namespace test
