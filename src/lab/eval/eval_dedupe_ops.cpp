// The copy operations of the dedupe collections: which transformations exist, how often each is drawn,
// their parameters for a parent of a given size, and what a lineage records about them (generations,
// severity, pixels kept). What carries them out is a DedupeCopier (eval_dedupe_copier.cpp or a program's).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "eval_dedupe_internal.hpp"

namespace pristine::eval {

namespace {

struct Weighted {
    const char* op;
    int weight;
};

// Drawn in proportion to the weights; the ones that do not suit a parent are left out of the draw.
constexpr Weighted k_ops[] = {
    {"feed", 12},      {"messenger", 10},    {"crop_1x1", 7},     {"crop_4x5", 6},    {"shave", 7},
    {"screenshot", 8}, {"gif_dither", 5},    {"gif_plain", 5},    {"palette_png", 4}, {"webp", 8},
    {"resave_high", 7}, {"rotate90", 3},     {"rotate180", 3},    {"rotate270", 3},   {"mirror", 5},
    {"exact", 3},      {"convert_lossless", 4},
};

}  // namespace

std::vector<std::string> dedupe_transformations() {
    std::vector<std::string> out;
    for (const auto& w : k_ops) out.emplace_back(w.op);
    return out;
}

bool dedupe_is_crop(const std::string& op) noexcept { return op == "crop_1x1" || op == "crop_4x5" || op == "shave"; }

namespace dedupe_detail {

namespace {

const char* pick(Rng& rng, std::initializer_list<const char*> items) {
    return *(items.begin() + rng.uniform_int(0, static_cast<int>(items.size()) - 1));
}

int pick_int(Rng& rng, std::initializer_list<int> items) {
    return *(items.begin() + rng.uniform_int(0, static_cast<int>(items.size()) - 1));
}

void jpeg(CopySpec& s, Rng& rng, int lo, int hi, double progressive = 0.0) {
    s.format = "jpeg";
    s.quality = rng.uniform_int(lo, hi);
    s.subsample = true;
    s.progressive = rng.chance(progressive);
}

// Scale to the long side `long_side` (aspect kept, sides >= 1).
void fit(CopySpec& s, int w, int h, int long_side) {
    const double f = static_cast<double>(long_side) / std::max(w, h);
    s.width = std::max(1, static_cast<int>(std::lround(w * f)));
    s.height = std::max(1, static_cast<int>(std::lround(h * f)));
}

void scale(CopySpec& s, int w, int h, double f) {
    s.width = std::max(1, static_cast<int>(std::lround(w * f)));
    s.height = std::max(1, static_cast<int>(std::lround(h * f)));
}

bool suits(const std::string& op, int w, int h, bool parent_lossy) {
    const int long_side = std::max(w, h), short_side = std::min(w, h);
    const double aspect = static_cast<double>(w) / h;
    if (op == "feed" || op == "gif_dither" || op == "gif_plain") return long_side >= 240;
    if (op == "crop_1x1") return short_side >= 96 && (aspect > 1.15 || aspect < 0.87);
    if (op == "crop_4x5") return short_side >= 96 && (aspect > 0.9 || aspect < 0.72);
    if (op == "shave") return short_side >= 96;
    if (op == "resave_high") return parent_lossy || long_side >= 64;
    return true;
}

}  // namespace

CopySpec original_save(bool drawing, Rng& rng) {
    CopySpec s;
    s.op = "save";
    const double r = rng.uniform01();
    if (r < (drawing ? 0.6 : 0.35)) {
        s.format = "png";
    } else if (r < 0.85) {
        jpeg(s, rng, 90, 98);
        s.subsample = rng.chance(0.4);
    } else {
        s.format = "webp_lossless";
    }
    return s;
}

CopySpec distinct_save(bool drawing, Rng& rng) {
    CopySpec s;
    s.op = "save";
    const double r = rng.uniform01();
    if (drawing) {
        if (r < 0.55) {
            s.format = "png";
        } else if (r < 0.8) {
            jpeg(s, rng, 75, 95, 0.1);
        } else if (r < 0.9) {
            s.format = "gif";
            s.colors = pick_int(rng, {64, 128, 256});
            s.dither = pick(rng, {"none", "fs"});
        } else {
            s.format = "webp";
            s.quality = rng.uniform_int(70, 90);
        }
    } else if (r < 0.75) {
        jpeg(s, rng, 70, 95, 0.15);
        s.subsample = !rng.chance(0.2);
    } else if (r < 0.87) {
        s.format = "png";
    } else {
        s.format = "webp";
        s.quality = rng.uniform_int(70, 90);
    }
    return s;
}

std::string pick_transformation(int width, int height, bool parent_lossy, Rng& rng) {
    int total = 0;
    for (const auto& w : k_ops)
        if (suits(w.op, width, height, parent_lossy)) total += w.weight;
    int r = rng.uniform_int(0, total - 1);
    for (const auto& w : k_ops) {
        if (!suits(w.op, width, height, parent_lossy)) continue;
        if (r < w.weight) return w.op;
        r -= w.weight;
    }
    return "exact";  // not reached: `exact` always suits
}

CopySpec draw_copy(const std::string& op, int w, int h, bool parent_lossy, Rng& rng) {
    CopySpec s;
    s.op = op;
    s.variant = static_cast<unsigned>(rng.uniform_int(0, 999));
    const int long_side = std::max(w, h);
    if (op == "feed") {
        scale(s, w, h, rng.uniform(0.45, 0.9));
        s.filter = pick(rng, {"lanczos", "bicubic", "area", "bilinear", "catmull_rom"});
        jpeg(s, rng, 70, 85, 0.2);
    } else if (op == "messenger") {
        const int target = pick_int(rng, {1600, 1280, 1024, 800});
        if (long_side > target) {
            fit(s, w, h, target);
            s.filter = pick(rng, {"area", "bilinear"});
        }
        jpeg(s, rng, 50, 65);
    } else if (op == "crop_1x1") {
        const int side = std::min(w, h);
        s.crop_x = (w - side) / 2;
        s.crop_y = (h - side) / 2;
        s.crop_w = s.crop_h = side;
        jpeg(s, rng, 75, 92, 0.2);
    } else if (op == "crop_4x5") {
        if (static_cast<double>(w) / h > 0.8) {  // landscape or square: narrower
            s.crop_w = std::max(1, static_cast<int>(std::lround(h * 0.8)));
            s.crop_h = h;
        } else {  // a tall portrait: shorter
            s.crop_w = w;
            s.crop_h = std::max(1, static_cast<int>(std::lround(w * 1.25)));
        }
        s.crop_x = (w - s.crop_w) / 2;
        s.crop_y = (h - s.crop_h) / 2;
        jpeg(s, rng, 75, 90, 0.2);
    } else if (op == "shave") {
        const int l = static_cast<int>(std::lround(w * rng.uniform(0.01, 0.06)));
        const int r = static_cast<int>(std::lround(w * rng.uniform(0.01, 0.06)));
        const int t = static_cast<int>(std::lround(h * rng.uniform(0.01, 0.06)));
        const int b = static_cast<int>(std::lround(h * rng.uniform(0.01, 0.06)));
        s.crop_x = l;
        s.crop_y = t;
        s.crop_w = std::max(1, w - l - r);
        s.crop_h = std::max(1, h - t - b);
        if (rng.chance(0.7))
            jpeg(s, rng, 80, 92);
        else
            s.format = "png";
    } else if (op == "screenshot") {
        double f = rng.uniform(0.8, 1.5);
        if (std::abs(f - 1.0) < 0.05) f = 1.1;  // a screenshot at 100 % would be a lossless copy
        scale(s, w, h, f);
        s.filter = pick(rng, {"bilinear", "bicubic", "lanczos", "point"});
        s.format = "png";
    } else if (op == "gif_dither" || op == "gif_plain") {
        const int target = rng.uniform_int(480, 800);
        if (long_side > target) {
            fit(s, w, h, target);
            s.filter = pick(rng, {"lanczos", "bilinear", "area"});
        }
        s.format = "gif";
        if (op == "gif_dither") {
            s.colors = pick_int(rng, {64, 128, 256});
            s.dither = pick(rng, {"fs", "ordered"});
        } else {
            s.colors = pick_int(rng, {32, 64, 128, 256});
            s.dither = "none";
        }
    } else if (op == "palette_png") {
        s.format = "png";
        s.colors = pick_int(rng, {16, 32, 64, 128, 256});
        s.dither = pick(rng, {"none", "fs"});
    } else if (op == "webp") {
        s.format = "webp";
        s.quality = rng.uniform_int(60, 90);
        s.webp_then_png = rng.chance(0.5);
    } else if (op == "resave_high") {
        if (!parent_lossy) s.pre_quality = rng.uniform_int(30, 70);
        const int base = parent_lossy ? rng.uniform_int(60, 80) : s.pre_quality;
        jpeg(s, rng, std::min(98, base + 15), std::min(98, base + 30));
        s.subsample = rng.chance(0.5);
    } else if (op == "rotate90" || op == "rotate180" || op == "rotate270" || op == "mirror") {
        if (op == "mirror")
            s.flip = rng.chance(0.85) ? 1 : 2;
        else
            s.quarter_turns = op == "rotate90" ? 1 : op == "rotate180" ? 2 : 3;
        if (rng.chance(0.5))
            s.format = rng.chance(0.7) ? "png" : "webp_lossless";
        else
            jpeg(s, rng, 80, 92);
    } else if (op == "exact") {
        s.format = "copy";
    } else if (op == "convert_lossless") {
        s.format = rng.chance(0.5) ? "png" : "webp_lossless";
    } else {
        throw Error(Status::invalid_argument, "eval-dedupe: unknown transformation '" + op + "'");
    }
    return s;
}

bool lossless_save(const CopySpec& s) {
    if (s.format == "copy") return true;
    return (s.format == "png" || s.format == "webp_lossless") && s.colors == 0 && s.pre_quality == 0;
}

std::string describe_save(const CopySpec& s) {
    char buf[96];
    if (s.format == "copy") return "copy of the parent's bytes";
    if (s.format == "jpeg") {
        std::snprintf(buf, sizeof buf, "jpeg q=%d %s%s", s.quality, s.subsample ? "420" : "444",
                      s.progressive ? " progressive" : "");
        std::string out = buf;
        if (s.pre_quality > 0) out = "jpeg q=" + std::to_string(s.pre_quality) + " then " + out;
        return out;
    }
    if (s.format == "png") {
        if (s.colors == 0) return "png";
        std::snprintf(buf, sizeof buf, "png %d colours %s", s.colors, s.dither.c_str());
        return buf;
    }
    if (s.format == "gif") {
        std::snprintf(buf, sizeof buf, "gif %d colours %s", s.colors, s.dither.c_str());
        return buf;
    }
    if (s.format == "webp") return "webp q=" + std::to_string(s.quality) + (s.webp_then_png ? " then png" : "");
    if (s.format == "webp_lossless") return "webp lossless";
    return s.format;
}

DedupeOp lineage_entry(const CopySpec& s, const std::string& how) {
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    if (s.crop_w > 0) p["crop"] = {s.crop_x, s.crop_y, s.crop_w, s.crop_h};
    if (s.width > 0) {
        p["resize"] = {s.width, s.height};
        p["filter"] = s.filter;
    }
    if (s.quarter_turns != 0) p["turn"] = 90 * s.quarter_turns;
    if (s.flip != 0) p["flip"] = s.flip == 1 ? "left-right" : "top-bottom";
    p["save"] = s.format;
    if (s.pre_quality > 0) p["first_quality"] = s.pre_quality;
    if (s.quality > 0) p["quality"] = s.quality;
    if (s.format == "jpeg") {
        p["subsampling"] = s.subsample ? "420" : "444";
        if (s.progressive) p["progressive"] = true;
    }
    if (s.colors > 0) {
        p["colors"] = s.colors;
        p["dither"] = s.dither;
    }
    if (s.webp_then_png) p["then"] = "png";
    const bool lossless = lossless_save(s) && s.crop_w == 0 && s.width == 0;
    p["lossy"] = !lossless;

    DedupeOp op;
    op.op = s.op;
    op.params_json = p.dump();
    op.how = how;
    op.generations = lossless ? 0 : 1 + (s.pre_quality > 0 ? 1 : 0);
    double sev = 0;
    if (!lossless) {
        if (s.width > 0) sev += 0.1;
        if (s.pre_quality > 0) sev += (100 - s.pre_quality) / 100.0;
        if (s.format == "jpeg" || s.format == "webp") sev += (100 - s.quality) / 100.0;
        if (s.colors > 0) sev += 0.2 + 0.3 * (256 - s.colors) / 256.0;
        else if (s.format == "gif") sev += 0.2;
    }
    op.severity = sev;
    return op;
}

std::uint64_t pixels_after(const CopySpec& s, int w, int h, std::uint64_t kept) {
    auto area = [](int a, int b) { return static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b); };
    if (s.crop_w > 0) kept = std::min(kept, area(s.crop_w, s.crop_h));
    if (s.width > 0) kept = std::min(kept, area(s.width, s.height));
    return std::min(kept, area(w, h));
}

}  // namespace dedupe_detail

}  // namespace pristine::eval
