// Pair features and the logistic pair model with its file format (pristine/io/provenance.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "pristine/error.hpp"
#include "pristine/io/provenance.hpp"

namespace pristine {

namespace {

constexpr const char* k_magic = "pristine-pair-model";
constexpr int k_version = 3;  // 2: the pixel comparison features; 3: carried_quantisation

// The model trained on the development collection (scripts/train_rank_pairs.py writes this file and
// models/rank-pairs.txt with the same text).
constexpr const char* k_default_model_text =
#include "provenance/rank_pairs_model.inc"
    ;
// The order model: the same features fitted on every ordered pair (models/order-pairs.txt).
constexpr const char* k_default_order_model_text =
#include "provenance/order_pairs_model.inc"
    ;

double log2_pixels(const CopyEvidence& e) {
    return std::log2(std::max(1.0, static_cast<double>(e.width) * static_cast<double>(e.height)));
}
bool palette(const CopyEvidence& e) { return e.colours > 0 && e.colours <= 256; }
double log2_colours(const CopyEvidence& e) { return std::log2(std::max<double>(1.0, e.colours)); }
bool jpeg(const CopyEvidence& e) { return e.format == Format::jpeg; }
// How much a JPEG's quantisation lost: 0 at quality 100, 1 at quality 75.
double jpeg_loss(const CopyEvidence& e) { return jpeg(e) && e.jpeg_quality > 0 ? (100.0 - e.jpeg_quality) / 25.0 : 0.0; }
double log2_bits_per_pixel(const CopyEvidence& e) {
    const double px = std::max(1.0, static_cast<double>(e.width) * static_cast<double>(e.height));
    return std::log2(std::max(1.0, 8.0 * static_cast<double>(e.file_size)) / px);
}

// How sharp a copy is at its own finest scale: the log of its spectrum's mean over the top quarter of
// the frequencies against the band around half of the highest. An enlarged or blurred copy is soft
// (far below 0); a shrunk one is sharp. The bins of JPEG's 8-pixel grid (multiples of 8) are left
// out: block edges are not detail.
double sharpness(const CopyEvidence& e) {
    constexpr int N = k_spectrum_bins;
    auto band = [&](int from, int to) {
        double s = 0;
        int n = 0;
        for (int k = from; k < to; ++k)
            if (k % 8 != 0) s += e.spectrum[static_cast<std::size_t>(k)], ++n;
        return s / n;
    };
    return std::log((band(3 * N / 4, N) + 0.05) / (band(3 * N / 8, 5 * N / 8) + 0.05));
}

// How much better a predicts b than b predicts a: the log ratio of the two residuals (a tenth of a
// level added to each, so that two near-perfect predictions compare as about equal), within +-3.
double explains_other(const DirectionalEvidence& d) {
    return d.measured ? std::clamp(std::log((d.backward + 0.1) / (d.forward + 0.1)), -3.0, 3.0) : 0.0;
}

// How much better a's pixels reproduce b's JPEG coefficients than b's reproduce a's: the log ratio
// of the shares they miss (a copy that is no JPEG misses all), within +-3. A JPEG made from a's pixels
// misses almost none; its parent, quantised again, misses more.
double coefficients_explained(const DirectionalEvidence& d) {
    const double missed_forward = 1 - std::max(0.0, d.jpeg_forward), missed_backward = 1 - std::max(0.0, d.jpeg_backward);
    if (d.jpeg_forward < 0 && d.jpeg_backward < 0) return 0.0;
    return std::clamp(std::log((missed_backward + 0.02) / (missed_forward + 0.02)), -3.0, 3.0);
}

}  // namespace

const std::array<const char*, k_pair_features>& pair_feature_names() noexcept {
    static const std::array<const char*, k_pair_features> names{
        "log2_pixels", "larger",    "score",     "score_same_size", "palette",       "log2_colours", "jpeg",
        "jpeg_loss",   "jpeg_444",  "webp_lossy", "gif",            "requantised",   "log2_bits_per_pixel", "sharpness", "repeated_lines",
        "explains_other", "jpeg_explains_other", "shows_more", "carried_quantisation"};
    return names;
}

std::array<double, k_pair_features> pair_features(const CopyEvidence& a, double score_a, const CopyEvidence& b,
                                                  double score_b, bool scored, const DirectionalEvidence& pixels) {
    const double dpx = log2_pixels(a) - log2_pixels(b);
    // Same size up to a turn, within rounding: the scores compare like with like there.
    const bool same_size = std::fabs(dpx) < 0.03;
    const double ds = scored ? (score_a - score_b) / 10.0 : 0.0;
    auto d = [](bool x, bool y) { return static_cast<double>(x) - static_cast<double>(y); };
    return {dpx,
            same_size ? 0.0 : (dpx > 0 ? 1.0 : -1.0),
            ds,
            same_size ? ds : 0.0,
            d(palette(a), palette(b)),
            (log2_colours(a) - log2_colours(b)) / 12.0,
            d(jpeg(a), jpeg(b)),
            jpeg_loss(a) - jpeg_loss(b),
            d(jpeg(a) && a.jpeg_full_chroma, jpeg(b) && b.jpeg_full_chroma),
            d(a.webp_lossy, b.webp_lossy),
            d(a.format == Format::gif, b.format == Format::gif),
            static_cast<double>(a.jpeg_requantisation) - static_cast<double>(b.jpeg_requantisation),
            log2_bits_per_pixel(a) - log2_bits_per_pixel(b),
            sharpness(a) - sharpness(b),
            static_cast<double>(a.repeated_lines) - static_cast<double>(b.repeated_lines),
            explains_other(pixels),
            coefficients_explained(pixels),
            pixels.measured ? pixels.covered_forward - pixels.covered_backward : 0.0,
            std::max(0.0, pixels.quantisation_forward) - std::max(0.0, pixels.quantisation_backward)};
}

double pair_probability(const PairModel& model, const std::array<double, k_pair_features>& f) noexcept {
    double z = 0;
    for (std::size_t i = 0; i < k_pair_features; ++i) z += model.weights[i] * f[i];
    return 1.0 / (1.0 + std::exp(-z));
}

std::string pair_model_checksum(const std::string& text) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

PairModel parse_pair_model(const std::string& text, const std::string& name) {
    auto bad = [&](Status s, const std::string& why) { return Error(s, name + ": " + why); };
    const std::size_t sum_at = text.rfind("checksum ");
    if (text.compare(0, std::string(k_magic).size(), k_magic) != 0) throw bad(Status::corrupt_data, "not a pair model file (bad magic)");
    if (sum_at == std::string::npos || (sum_at > 0 && text[sum_at - 1] != '\n'))
        throw bad(Status::corrupt_data, "pair model file has no checksum line");
    std::istringstream in(text);
    std::string line, magic;
    std::getline(in, magic);
    int version = 0;
    if (!std::getline(in, line) || std::sscanf(line.c_str(), "version %d", &version) != 1)
        throw bad(Status::corrupt_data, "pair model file has no version line");
    if (version != k_version)
        throw bad(Status::bad_file_version, "pair model format version " + std::to_string(version) + ", this build reads version " +
                                                std::to_string(k_version));
    std::string stored = text.substr(sum_at + 9);
    while (!stored.empty() && (stored.back() == '\n' || stored.back() == '\r')) stored.pop_back();
    if (stored != pair_model_checksum(text.substr(0, sum_at)))
        throw bad(Status::corrupt_data, "pair model checksum mismatch (file damaged or edited)");
    PairModel m;
    std::size_t n = 0;
    while (std::getline(in, line) && line.compare(0, 9, "checksum ") != 0) {
        if (line.compare(0, 5, "made ") == 0) {
            m.description = line.substr(5);
            continue;
        }
        char feature[64];
        double w = 0;
        if (std::sscanf(line.c_str(), "feature %63s %lf", feature, &w) != 2) throw bad(Status::corrupt_data, "unreadable line: " + line);
        if (n >= k_pair_features || std::string(feature) != pair_feature_names()[n])
            throw bad(Status::corrupt_data, std::string("feature \"") + feature + "\" where this build expects " +
                                                (n < k_pair_features ? std::string("\"") + pair_feature_names()[n] + "\"" : "no more"));
        if (!std::isfinite(w)) throw bad(Status::corrupt_data, std::string("weight of ") + feature + " is not finite");
        m.weights[n++] = w;
    }
    if (n != k_pair_features)
        throw bad(Status::corrupt_data, "pair model has " + std::to_string(n) + " features, this build needs " + std::to_string(k_pair_features));
    return m;
}

PairModel load_pair_model(const std::string& path) {
    const std::vector<std::uint8_t> bytes = read_file(path);
    return parse_pair_model(std::string(bytes.begin(), bytes.end()), path);
}

const PairModel& default_pair_model() {
    static const PairModel m = parse_pair_model(k_default_model_text, "built-in pair model");
    return m;
}

const PairModel& default_order_model() {
    static const PairModel m = parse_pair_model(k_default_order_model_text, "built-in order model");
    return m;
}

}  // namespace pristine
