// ModelConfig JSON: a config written before the structure decisions existed parses to the original
// network, and a config with every decision set round-trips.
#include <string>

#include <doctest/doctest.h>

#include "models/features.hpp"
#include "models/model_config.hpp"
#include "pristine/error.hpp"

using namespace pristine::nn;

namespace {

std::string old_config() {
    return R"({"feature_version": )" + std::to_string(k_feature_version) +
           R"(, "blocks": 512, "aggregator": "attention", "width": 64, "conv_channels": 16,
              "lstm_hidden": 32, "comparator_k": 1000.0, "training": {"epoch": 54}})";
}

}  // namespace

TEST_CASE("a config without the structure fields parses to the original network") {
    const ModelConfig c = config_from_json(old_config(), "old");
    const ModelConfig d;
    CHECK(c.blocks == 512);
    CHECK(c.width == 64);
    CHECK(c.pixel_kernel == 3);
    CHECK(c.dct_width == d.dct_width);
    CHECK(c.global_width == d.global_width);
    CHECK(c.meta_width == d.meta_width);
    CHECK(c.block_layers == 0);
    CHECK(c.activation == Activation::relu);
    CHECK(c.dropout == 0.0);
    // The widths it implies are the original network's.
    CHECK(c.dct_hidden() == 64);
    CHECK(c.global_hidden() == 64);
    CHECK(c.global_embed() == 32);
    CHECK(c.meta_out() == 32);
}

TEST_CASE("a config with every structure decision round-trips") {
    ModelConfig c = config_from_json(old_config(), "old");
    c.aggregator = pristine::Aggregator::lstm;
    c.lstm_hidden = 16;
    c.pixel_kernel = 5;
    c.dct_width = 96;
    c.global_width = 128;
    c.meta_width = 48;
    c.block_layers = 2;
    c.activation = Activation::silu;
    c.dropout = 0.1;
    const ModelConfig b = config_from_json(config_to_json(c), "round trip");
    CHECK(b.aggregator == pristine::Aggregator::lstm);
    CHECK(b.lstm_hidden == 16);
    CHECK(b.pixel_kernel == 5);
    CHECK(b.dct_width == 96);
    CHECK(b.global_width == 128);
    CHECK(b.meta_width == 48);
    CHECK(b.block_layers == 2);
    CHECK(b.activation == Activation::silu);
    CHECK(b.dropout == doctest::Approx(0.1));
    CHECK(b.global_embed() == 64);
    CHECK(config_to_json(b) == config_to_json(c));
}

TEST_CASE("bad structure values are corrupt_data") {
    std::string bad = old_config();
    bad.insert(bad.find("\"training\""), "\"pixel_kernel\": 4, ");
    CHECK_THROWS_AS(config_from_json(bad, "bad"), pristine::Error);
    std::string act = old_config();
    act.insert(act.find("\"training\""), "\"activation\": \"swish\", ");
    try {
        (void)config_from_json(act, "bad");
        FAIL("an unknown activation parsed");
    } catch (const pristine::Error& e) {
        CHECK(e.status() == pristine::Status::corrupt_data);
        CHECK(std::string(e.what()).find("swish") != std::string::npos);
    }
}
