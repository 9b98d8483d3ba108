// The scorer: tiny training end to end, loading, deterministic scoring, batch errors, ranking, resume.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "pristine/lab/degrade.hpp"
#include "pristine/io/image_io.hpp"
#include "pristine/models/scorer.hpp"
#include "pristine/lab/train.hpp"
#include "scorer_test_model.hpp"

using pristine::Error;
using pristine::Scorer;
using pristine::Status;

namespace {

// An original and two generations of copies of it, as files.
std::vector<std::string> write_copies() {
    const pristine::Image img = test::make_rgb(200, 150);
    const std::string orig = test::tmp_path("sc_orig.png");
    pristine::write_file(orig, pristine::encode_png(img.view()));
    const auto c1 = pristine::degrade::apply_chain(img.view(), pristine::degrade::parse_steps("jpeg:60"));
    const auto c2 = pristine::degrade::apply_chain(c1.pixels.view(), pristine::degrade::parse_steps("resize:0.5,jpeg:30"));
    const std::string p1 = test::tmp_path("sc_copy1.jpg"), p2 = test::tmp_path("sc_copy2.jpg");
    pristine::write_file(p1, c1.bytes);
    pristine::write_file(p2, c2.bytes);
    return {orig, p1, p2};
}

}  // namespace

TEST_CASE("tiny training writes a loadable model, a checkpoint and reports each epoch") {
    const std::string images = test::tmp_path("sc_train_pictures");
    test::write_training_pictures(images, 4);
    pristine::TrainOptions o = test::tiny_train_options(images, test::tmp_path("sc_train.pmdl"));
    o.epochs = 2;
    o.width = 24;  // a non-default architecture is recorded in the file and rebuilt by the loader
    o.conv_channels = 6;
    int epochs_seen = 0;
    o.progress = [&](const pristine::TrainEpoch& e) {
        ++epochs_seen;
        CHECK(e.epoch == epochs_seen);
        CHECK(std::isfinite(e.train_loss));
        CHECK(e.train_pairs > 0);
    };
    const pristine::TrainResult r = pristine::train_scorer(o);
    CHECK(epochs_seen == 2);
    CHECK(r.epochs_run == 2);
    CHECK(r.validation_images == 1);
    CHECK(r.train_images == 3);
    CHECK(std::filesystem::exists(o.out + ".ckpt"));
    const Scorer s = Scorer::load(o.out);
    CHECK(std::isfinite(s.score_file(write_copies()[0])));
    CHECK(s.model_info().find("\"width\": 24") != std::string::npos);
    CHECK(s.model_info().find("\"conv_channels\": 6") != std::string::npos);

    SUBCASE("resume continues from the checkpoint") {
        pristine::TrainOptions more = o;
        more.epochs = 3;
        more.resume = o.out + ".ckpt";
        epochs_seen = 2;
        const pristine::TrainResult r2 = pristine::train_scorer(more);
        CHECK(r2.epochs_run == 3);
        CHECK(epochs_seen == 3);
    }
    SUBCASE("a resumed run may sample another number of blocks; the model records it") {
        pristine::TrainOptions more = o;
        more.epochs = 3;
        more.blocks = 8;
        more.learning_rate = 3e-4;
        more.resume = o.out + ".ckpt";
        more.out = test::tmp_path("sc_train_8blocks.pmdl");
        epochs_seen = 2;
        pristine::train_scorer(more);
        const Scorer resumed = Scorer::load(more.out + ".ckpt");
        CHECK(resumed.blocks() == 8);
        // Other blocks make another validation set: a new best, at the learning rate asked for.
        const std::string info = resumed.model_info();
        CHECK(info.find("\"best_epoch\": 3") != std::string::npos);
        CHECK(info.find("\"current_learning_rate\": 0.0003") != std::string::npos);
    }
}

TEST_CASE("training is deterministic for a seed") {
    const std::string images = test::tmp_path("sc_det_pictures");
    test::write_training_pictures(images, 4);
    const auto a = test::tiny_train_options(images, test::tmp_path("sc_det_a.pmdl"));
    auto b = a;
    b.out = test::tmp_path("sc_det_b.pmdl");
    pristine::train_scorer(a);
    pristine::train_scorer(b);
    const std::string copy = write_copies()[1];
    CHECK(Scorer::load(a.out).score_file(copy) == Scorer::load(b.out).score_file(copy));
}

TEST_CASE("bad training options are invalid_argument") {
    pristine::TrainOptions o;
    o.out = test::tmp_path("sc_bad.pmdl");
    CHECK_THROWS_AS(pristine::train_scorer(o), Error);  // no folders
    o.image_dirs = {test::tmp_path("sc_no_such_dir")};
    try {
        pristine::train_scorer(o);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::io_error);
    }
    const auto invalid = [](pristine::TrainOptions bad) {
        try {
            pristine::train_scorer(bad);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.status() == Status::invalid_argument);
        }
    };
    o.image_dirs = {test::tmp_path(".")};
    pristine::TrainOptions w = o;
    w.width = 4;
    invalid(w);
    w = o;
    w.conv_channels = 0;
    invalid(w);
    CHECK(pristine::parse_aggregator("lstm") == pristine::Aggregator::lstm);
    CHECK_THROWS_AS(pristine::parse_aggregator("mean"), Error);
}

TEST_CASE("scoring is deterministic and the same from a file, memory and batches") {
    const Scorer s = Scorer::load(test::tiny_model("scorer"));
    const std::vector<std::string> files = write_copies();
    for (const std::string& f : files) {
        const double a = s.score_file(f);
        CHECK(std::isfinite(a));
        CHECK(a == s.score_file(f));
        const std::vector<std::uint8_t> bytes = pristine::read_file(f);
        CHECK(a == s.score_memory(bytes.data(), bytes.size()));
    }
    const auto batch = s.score_files(files, 2);
    REQUIRE(batch.size() == files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        CHECK(batch[i].status == Status::ok);
        CHECK(batch[i].score == s.score_file(files[i]));
    }
    const auto order = s.rank(files, 1);
    REQUIRE(order.size() == 3);
    for (std::size_t i = 1; i < order.size(); ++i) CHECK(batch[order[i - 1]].score <= batch[order[i]].score);

    const pristine::Image img = test::make_rgb(64, 48);
    const double px = s.score_pixels(img.view());
    CHECK(std::isfinite(px));
    CHECK(px == s.score_pixels(img.view()));
}

TEST_CASE("a bad file is an Error, and in a batch only its own result fails") {
    const Scorer s = Scorer::load(test::tiny_model("scorer"));
    const std::string junk = test::tmp_path("sc_junk.jpg");
    pristine::write_file(junk, {0x12, 0x34, 0x56, 0x78, 0x9a});
    CHECK_THROWS_AS(s.score_file(junk), Error);
    try {
        s.score_file(test::tmp_path("sc_missing.png"));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::io_error);
    }
    const std::string good = write_copies()[0];
    const auto r = s.score_files({junk, good, test::tmp_path("sc_missing.png")});
    CHECK(r[0].status == Status::unsupported_format);
    CHECK(!r[0].error.empty());
    CHECK(r[1].status == Status::ok);
    CHECK(r[2].status == Status::io_error);
    const auto order = Scorer::rank(r);
    CHECK(order == std::vector<std::size_t>{1, 0, 2});
    CHECK_THROWS_AS(s.score_pixels(pristine::ImageView{}), Error);
}

TEST_CASE("score_sources: paths, bytes and pixels in one batch, progress and cancel on the executor") {
    const Scorer s = Scorer::load(test::tiny_model("scorer"));
    const std::vector<std::string> files = write_copies();
    const std::vector<std::uint8_t> bytes = pristine::read_file(files[1]);
    const pristine::Image img = test::make_rgb(64, 48);
    std::vector<pristine::ImageSource> sources = {pristine::ImageSource::file(files[0]),
                                                  pristine::ImageSource::memory(bytes.data(), bytes.size()),
                                                  pristine::ImageSource::view(img.view()),
                                                  pristine::ImageSource::file(test::tmp_path("sc_missing.png"))};
    for (int i = 0; i < 20; ++i) sources.push_back(pristine::ImageSource::file(files[2]));  // several chunks
    std::size_t last_done = 0, total = 0;
    pristine::BatchOptions b;
    b.threads = 2;
    b.progress = [&](const pristine::BatchProgress& p) {
        CHECK(p.done >= last_done);
        last_done = p.done;
        total = p.total;
    };
    const auto r = s.score_sources(sources, b);
    REQUIRE(r.size() == sources.size());
    CHECK(r[0].score == s.score_file(files[0]));
    CHECK(r[1].score == s.score_memory(bytes.data(), bytes.size()));
    CHECK(r[2].score == s.score_pixels(img.view()));
    CHECK(r[3].status == Status::io_error);
    for (std::size_t i = 4; i < r.size(); ++i) CHECK(r[i].score == s.score_file(files[2]));
    CHECK(last_done == sources.size());
    CHECK(total == sources.size());

    b.progress = nullptr;
    b.cancel = [] { return true; };
    CHECK_THROWS_AS(s.score_sources(sources, b), Error);
    b.cancel = nullptr;
    b.threads = -1;
    CHECK_THROWS_AS(s.score_sources(sources, b), Error);
    CHECK(s.score_sources({}).empty());
}

TEST_CASE("load_default honours PRISTINE_MODEL") {
    const std::string model = test::tiny_model("scorer");
    setenv("PRISTINE_MODEL", model.c_str(), 1);
    CHECK(Scorer::default_model_path() == model);
    CHECK(Scorer::load_default().blocks() == 16);
    unsetenv("PRISTINE_MODEL");
}
