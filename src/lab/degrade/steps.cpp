// The step types' equality, validation, text syntax (parse/format) and human-readable recipes.
#include <charconv>
#include <string>
#include <system_error>
#include <vector>

#include "lab/degrade/steps_internal.hpp"
#include "pristine/lab/degrade/chain.hpp"

namespace pristine::degrade {

bool operator==(const CropStep& a, const CropStep& b) noexcept { return a.keep == b.keep; }
bool operator==(const ShaveStep& a, const ShaveStep& b) noexcept { return a.pixels == b.pixels; }
bool operator==(const ResizeStep& a, const ResizeStep& b) noexcept {
    return a.scale == b.scale && a.width == b.width && a.height == b.height && a.filter == b.filter &&
           a.linear_light == b.linear_light;
}
bool operator==(const FitStep& a, const FitStep& b) noexcept {
    return a.long_side == b.long_side && a.filter == b.filter && a.linear_light == b.linear_light;
}
bool operator==(const QuantizeStep& a, const QuantizeStep& b) noexcept {
    return a.colors == b.colors && a.dither == b.dither;
}
bool operator==(const JpegStep& a, const JpegStep& b) noexcept {
    return a.quality == b.quality && a.subsampling == b.subsampling && a.progressive == b.progressive;
}
bool operator==(const PngStep& a, const PngStep& b) noexcept { return a.level == b.level; }
bool operator==(const GifStep& a, const GifStep& b) noexcept { return a.colors == b.colors && a.dither == b.dither; }
bool operator==(const WebpStep& a, const WebpStep& b) noexcept {
    return a.quality == b.quality && a.lossless == b.lossless;
}

bool is_encoding(const DegradeStep& step) noexcept {
    return std::holds_alternative<JpegStep>(step) || std::holds_alternative<PngStep>(step) ||
           std::holds_alternative<GifStep>(step) || std::holds_alternative<WebpStep>(step);
}

namespace {

// Locale-independent number text (snprintf/strtod follow LC_NUMERIC and could write "0,5").
std::string num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
    return std::string(buf, r.ptr);
}
std::string num(int v) { return std::to_string(v); }

const char* dither_token(Dither d) {
    switch (d) {
        case Dither::none: return "none";
        case Dither::floyd_steinberg: return "fs";
        case Dither::ordered: return "ordered";
    }
    return "none";
}

const char* sub_token(ChromaSubsampling s) {
    switch (s) {
        case ChromaSubsampling::s444: return "444";
        case ChromaSubsampling::s422: return "422";
        case ChromaSubsampling::s420: return "420";
    }
    return "420";
}

std::string size_or_scale(const ResizeStep& s) {
    return s.width > 0 ? num(s.width) + "x" + num(s.height) : num(s.scale);
}

[[noreturn]] void fail(const std::string& what, const std::string& token, const std::string& step,
                       const std::string& expected) {
    throw Error(Status::invalid_argument, "degrade steps: bad " + what + " '" + token + "' in step '" + step +
                                              "' (expected " + expected + ")");
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, const char* seps) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : s) {
        if (std::string(seps).find(ch) != std::string::npos) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(ch);
        }
    }
    out.push_back(cur);
    return out;
}

bool parse_int(const std::string& t, int& v) {
    if (t.empty()) return false;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
}

bool parse_double(const std::string& t, double& v) {
    if (t.empty()) return false;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    return r.ec == std::errc() && r.ptr == t.data() + t.size();
}

int int_field(const std::string& t, const std::string& step, const char* what, int lo, int hi) {
    int v = 0;
    if (!parse_int(t, v) || v < lo || v > hi)
        fail(what, t, step, "an integer " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
}

Dither dither_field(const std::string& t, const std::string& step) {
    if (t == "none") return Dither::none;
    if (t == "fs") return Dither::floyd_steinberg;
    if (t == "ordered") return Dither::ordered;
    fail("dither", t, step, "none, fs or ordered");
}

ResizeFilter filter_field(const std::string& t, const std::string& step) {
    try {
        return parse_filter(t);
    } catch (const Error&) {
        fail("filter", t, step, "point, box, bilinear, bicubic, mitchell, catmull_rom, lanczos or area");
    }
}

bool linear_field(const std::string& t, const std::string& step) {
    if (t == "linear") return true;
    fail("option", t, step, "'linear' (resample in linear light)");
}

void check_count(const std::vector<std::string>& f, std::size_t lo, std::size_t hi, const std::string& step,
                 const char* usage) {
    if (f.size() < lo || f.size() > hi) {
        const std::string token = f.size() > hi ? f[hi] : step;
        throw Error(Status::invalid_argument, "degrade steps: wrong number of fields in step '" + step +
                                                  "' at '" + token + "' (usage: " + usage + ")");
    }
}

DegradeStep parse_one(const std::string& step) {
    const std::vector<std::string> f = split(step, ":");
    const std::string& name = f[0];
    if (name == "crop") {
        check_count(f, 2, 2, step, "crop:KEEP");
        double keep = 0;
        if (!parse_double(f[1], keep) || !(keep > 0 && keep <= 1)) fail("keep fraction", f[1], step, "a number in (0, 1]");
        return CropStep{keep};
    }
    if (name == "shave") {
        check_count(f, 2, 2, step, "shave:N");
        return ShaveStep{int_field(f[1], step, "pixel count", 0, 100000)};
    }
    if (name == "resize") {
        check_count(f, 2, 4, step, "resize:SCALE|WxH[:FILTER[:linear]]");
        ResizeStep r;
        const auto x = f[1].find('x');
        if (x != std::string::npos) {
            r.width = int_field(f[1].substr(0, x), step, "width", 1, 1000000);
            r.height = int_field(f[1].substr(x + 1), step, "height", 1, 1000000);
        } else if (!parse_double(f[1], r.scale) || !(r.scale > 0 && r.scale <= 16)) {
            fail("scale", f[1], step, "a number in (0, 16] or WxH");
        }
        if (f.size() > 2) r.filter = filter_field(f[2], step);
        if (f.size() > 3) r.linear_light = linear_field(f[3], step);
        return r;
    }
    if (name == "fit") {
        check_count(f, 2, 4, step, "fit:LONG[:FILTER[:linear]]");
        FitStep r;
        r.long_side = int_field(f[1], step, "long side", 1, 1000000);
        if (f.size() > 2) r.filter = filter_field(f[2], step);
        if (f.size() > 3) r.linear_light = linear_field(f[3], step);
        return r;
    }
    if (name == "quantize") {
        check_count(f, 2, 3, step, "quantize:N[:DITHER]");
        QuantizeStep q;
        q.colors = int_field(f[1], step, "colour count", 2, 256);
        if (f.size() > 2) q.dither = dither_field(f[2], step);
        return q;
    }
    if (name == "jpeg") {
        check_count(f, 2, 4, step, "jpeg:Q[:444|422|420[:progressive]]");
        JpegStep j;
        j.quality = int_field(f[1], step, "quality", 1, 100);
        if (f.size() > 2) {
            if (f[2] == "444") j.subsampling = ChromaSubsampling::s444;
            else if (f[2] == "422") j.subsampling = ChromaSubsampling::s422;
            else if (f[2] == "420") j.subsampling = ChromaSubsampling::s420;
            else fail("subsampling", f[2], step, "444, 422 or 420");
        }
        if (f.size() > 3) {
            if (f[3] != "progressive") fail("option", f[3], step, "'progressive'");
            j.progressive = true;
        }
        return j;
    }
    if (name == "png") {
        check_count(f, 1, 2, step, "png[:LEVEL]");
        PngStep p;
        if (f.size() > 1) p.level = int_field(f[1], step, "compression level", 0, 9);
        return p;
    }
    if (name == "gif") {
        check_count(f, 1, 3, step, "gif[:N[:DITHER]]");
        GifStep g;
        if (f.size() > 1) g.colors = int_field(f[1], step, "colour count", 2, 256);
        if (f.size() > 2) g.dither = dither_field(f[2], step);
        return g;
    }
    if (name == "webp") {
        check_count(f, 2, 2, step, "webp:Q|webp:lossless");
        WebpStep w;
        if (f[1] == "lossless") w.lossless = true;
        else w.quality = int_field(f[1], step, "quality", 0, 100);
        return w;
    }
    throw Error(Status::invalid_argument,
                "degrade steps: unknown step '" + name + "' in '" + step +
                    "' (expected crop, shave, resize, fit, quantize, jpeg, png, gif or webp)");
}

}  // namespace

std::string format_step(const DegradeStep& step) {
    struct V {
        std::string operator()(const CropStep& s) const { return "crop:" + num(s.keep); }
        std::string operator()(const ShaveStep& s) const { return "shave:" + num(s.pixels); }
        std::string operator()(const ResizeStep& s) const {
            return "resize:" + size_or_scale(s) + ":" + filter_name(s.filter) + (s.linear_light ? ":linear" : "");
        }
        std::string operator()(const FitStep& s) const {
            return "fit:" + num(s.long_side) + ":" + filter_name(s.filter) + (s.linear_light ? ":linear" : "");
        }
        std::string operator()(const QuantizeStep& s) const {
            return "quantize:" + num(s.colors) + ":" + dither_token(s.dither);
        }
        std::string operator()(const JpegStep& s) const {
            return "jpeg:" + num(s.quality) + ":" + sub_token(s.subsampling) + (s.progressive ? ":progressive" : "");
        }
        std::string operator()(const PngStep& s) const { return "png:" + num(s.level); }
        std::string operator()(const GifStep& s) const { return "gif:" + num(s.colors) + ":" + dither_token(s.dither); }
        std::string operator()(const WebpStep& s) const {
            return s.lossless ? std::string("webp:lossless") : "webp:" + num(s.quality);
        }
    };
    return std::visit(V{}, step);
}

std::string format_steps(const std::vector<DegradeStep>& steps) {
    std::string out;
    for (std::size_t i = 0; i < steps.size(); ++i) out += (i ? "," : "") + format_step(steps[i]);
    return out;
}

std::string describe_step(const DegradeStep& step) {
    struct V {
        std::string operator()(const CropStep& s) const { return "crop(" + num(s.keep) + ")"; }
        std::string operator()(const ShaveStep& s) const { return "shave(" + num(s.pixels) + ")"; }
        std::string operator()(const ResizeStep& s) const {
            return std::string("resize(") + filter_name(s.filter) + "," + size_or_scale(s) +
                   (s.linear_light ? ",linear" : "") + ")";
        }
        std::string operator()(const FitStep& s) const {
            return std::string("fit(") + filter_name(s.filter) + "," + num(s.long_side) +
                   (s.linear_light ? ",linear" : "") + ")";
        }
        std::string operator()(const QuantizeStep& s) const {
            return "quantize(" + num(s.colors) + "," + dither_token(s.dither) + ")";
        }
        std::string operator()(const JpegStep& s) const {
            return "jpeg(q=" + num(s.quality) + "," + sub_token(s.subsampling) + (s.progressive ? ",progressive" : "") +
                   ")";
        }
        std::string operator()(const PngStep& s) const { return "png(" + num(s.level) + ")"; }
        std::string operator()(const GifStep& s) const { return "gif(" + num(s.colors) + "," + dither_token(s.dither) + ")"; }
        std::string operator()(const WebpStep& s) const {
            return s.lossless ? std::string("webp(lossless)") : "webp(q=" + num(s.quality) + ")";
        }
    };
    return std::visit(V{}, step);
}

std::string describe_steps(const std::vector<DegradeStep>& steps) {
    std::string out;
    for (std::size_t i = 0; i < steps.size(); ++i) out += (i ? ">" : "") + describe_step(steps[i]);
    return out;
}

void validate_step(const DegradeStep& step) {
    // Formatting then parsing applies exactly the parser's range checks, with its messages.
    parse_one(format_step(step));
    if (const auto* r = std::get_if<ResizeStep>(&step)) {
        if ((r->width > 0) != (r->height > 0) || r->width < 0 || r->height < 0)
            throw Error(Status::invalid_argument, "degrade step '" + format_step(step) +
                                                      "': width and height must both be set or both be 0");
        if (r->width == 0 && !(r->scale > 0 && r->scale <= 16))
            throw Error(Status::invalid_argument, "degrade step '" + format_step(step) + "': scale must be in (0, 16]");
    }
}

std::vector<DegradeStep> parse_steps(const std::string& text) {
    std::vector<DegradeStep> steps;
    if (trim(text).empty()) return steps;
    for (const std::string& raw : split(text, ",>")) {
        const std::string step = trim(raw);
        if (step.empty())
            throw Error(Status::invalid_argument, "degrade steps: empty step in '" + text + "' (a doubled ',' or '>')");
        steps.push_back(parse_one(step));
    }
    return steps;
}

}  // namespace pristine::degrade
