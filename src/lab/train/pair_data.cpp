// Generated training groups: original + successive degraded copies (see pair_data.hpp).
#include "lab/train/pair_data.hpp"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "pristine/lab/degrade.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/io/collection.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::nn {

namespace fs = std::filesystem;

std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b, std::uint64_t c) {
    std::uint64_t x = a ^ (b * 0x9E3779B97F4A7C15ull) ^ (c * 0xC2B2AE3D27D4EB4Full);
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<long long> g_decode_ns{0}, g_original_ns{0}, g_copies_ns{0}, g_features_ns{0}, g_groups{0};

struct StageTimer {
    std::atomic<long long>& acc;
    Clock::time_point t0 = Clock::now();
    explicit StageTimer(std::atomic<long long>& a) : acc(a) {}
    ~StageTimer() { acc += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count(); }
};

Image decode_source(const std::string& path, int max_side) {
    // Big JPEG wallpapers are decoded at 1/2 or 1/4 through libjpeg's DCT scaling, other formats at full
    // size; both are then shrunk (area filter) to a long side of 2 x max_side. The originals made from
    // them are smaller anyway, and a downscale removes any compression trace they had.
    const ImageInfo info = probe_file(path);
    DecodeOptions d;
    d.channels = 3;
    const int long_side = std::max(info.width, info.height);
    if (info.format == Format::jpeg)
        while (d.scale_denom < 4 && long_side / (d.scale_denom * 2) >= max_side * 2) d.scale_denom *= 2;
    Image img = decode_file(path, d).image;
    if (std::max(img.width(), img.height()) > 2 * max_side) {
        int ow = 0, oh = 0;
        degrade::fit_size(img.width(), img.height(), 2 * max_side, ow, oh);
        degrade::ResizeOptions ro;
        ro.filter = degrade::ResizeFilter::area;
        img = degrade::resize(img.view(), ow, oh, ro);
    }
    return img;
}

degrade::ResizeFilter pick_downscale_filter(degrade::Rng& rng) {
    static const std::vector<degrade::ResizeFilter> filters = {
        degrade::ResizeFilter::area, degrade::ResizeFilter::lanczos, degrade::ResizeFilter::catmull_rom,
        degrade::ResizeFilter::mitchell, degrade::ResizeFilter::bicubic};
    return rng.pick(filters);
}

// The clean original's pixels: a random crop of the photo (40..100 % of each side) downscaled to a
// long side drawn in 256..max_side, or (synth_fraction of the groups) a synthetic drawing / comic /
// text page / UI screenshot / gradient (2/3) or a meme made from the photo (1/3).
Image make_original_pixels(const Image& src, degrade::Rng& rng, const GroupOptions& o, std::string& recipe) {
    const int lo = std::min(256, o.max_side);
    if (rng.chance(o.synth_fraction)) {
        static const degrade::SynthFont no_font;
        const degrade::SynthFont& font = (o.font != nullptr && rng.chance(0.5)) ? *o.font : no_font;
        if (rng.chance(1.0 / 3.0) && src.width() >= 32 && src.height() >= 32) {
            recipe = "meme";
            Image m = degrade::synth_meme(src.view(), rng, font);
            if (std::max(m.width(), m.height()) > o.max_side) {
                int ow = 0, oh = 0;
                degrade::fit_size(m.width(), m.height(), o.max_side, ow, oh);
                degrade::ResizeOptions ro;
                ro.filter = degrade::ResizeFilter::area;
                m = degrade::resize(m.view(), ow, oh, ro);
            }
            return m;
        }
        const auto kinds = degrade::all_synth_kinds();
        const degrade::SynthKind kind = rng.pick(kinds);
        const int long_side = rng.uniform_int(lo, std::min(o.max_side, 1280));
        const double aspect = std::exp(rng.uniform(-0.7, 0.7));
        int w = long_side, h = long_side;
        if (aspect >= 1) h = std::max(64, static_cast<int>(long_side / aspect));
        else w = std::max(64, static_cast<int>(long_side * aspect));
        recipe = std::string("synth:") + degrade::synth_kind_name(kind);
        return degrade::synth_image(kind, w, h, rng, font);
    }
    const double kx = rng.uniform(0.4, 1.0), ky = rng.uniform(0.4, 1.0);
    const int w = std::max(16, static_cast<int>(src.width() * kx)), h = std::max(16, static_cast<int>(src.height() * ky));
    const int x = rng.uniform_int(0, src.width() - w), y = rng.uniform_int(0, src.height() - h);
    Image img = degrade::crop(src.view(), x, y, w, h);
    const int target = rng.uniform_int(lo, o.max_side);
    if (std::max(w, h) > target) {
        int ow = 0, oh = 0;
        degrade::fit_size(w, h, target, ow, oh);
        degrade::ResizeOptions ro;
        ro.filter = pick_downscale_filter(rng);
        img = degrade::resize(img.view(), ow, oh, ro);
    }
    recipe = "photo";
    return img;
}

// The original saved in a format that does not give it away: PNG, JPEG 90..100 (4:4:4 or 4:2:0),
// WebP lossless or lossy 92..100.
std::vector<std::uint8_t> save_original(const Image& img, degrade::Rng& rng, std::string& recipe) {
    const double r = rng.uniform01();
    if (r < 0.38) {
        recipe += ":png";
        return encode_png(img.view());
    }
    if (r < 0.72) {
        JpegEncodeOptions jo;
        jo.quality = rng.uniform_int(90, 100);
        jo.subsampling = rng.chance(0.5) ? ChromaSubsampling::s444 : ChromaSubsampling::s420;
        jo.progressive = rng.chance(0.2);
        recipe += ":jpeg" + std::to_string(jo.quality);
        return encode_jpeg(img.view(), jo);
    }
    WebpEncodeOptions wo;
    wo.lossless = rng.chance(0.7);
    wo.quality = wo.lossless ? 75.f : static_cast<float>(rng.uniform_int(92, 100));
    recipe += wo.lossless ? ":webp-lossless" : ":webp" + std::to_string(static_cast<int>(wo.quality));
    return encode_webp(img.view(), wo);
}

void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

void put_chunk(std::vector<std::uint8_t>& out, const char* type, const std::vector<std::uint8_t>& data) {
    put_be32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t at = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    const uLong crc = crc32(0L, out.data() + at, static_cast<uInt>(out.size() - at));
    put_be32(out, static_cast<std::uint32_t>(crc));
}

// An indexed (palette) PNG as pngquant / ImageMagick / paint programs write: <= 256 colours
// (median cut), with or without dithering. pristine's own PNG encoder writes only grey/RGB(A).
std::vector<std::uint8_t> encode_palette_png(const ImageView& v, int colors, Dither dither) {
    const std::vector<Rgb> pal = build_palette(v, colors);
    const std::vector<std::uint8_t> idx = map_to_palette(v, pal, dither);
    std::vector<std::uint8_t> raw;
    raw.reserve(static_cast<std::size_t>(v.height) * (v.width + 1));
    for (int y = 0; y < v.height; ++y) {
        raw.push_back(0);  // filter: none (usual for indexed images)
        raw.insert(raw.end(), idx.begin() + static_cast<std::ptrdiff_t>(y) * v.width,
                   idx.begin() + static_cast<std::ptrdiff_t>(y + 1) * v.width);
    }
    uLongf zsize = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> z(zsize);
    if (compress2(z.data(), &zsize, raw.data(), static_cast<uLong>(raw.size()), 9) != Z_OK)
        throw Error(Status::internal, "zlib failed");
    z.resize(zsize);
    std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> ihdr;
    put_be32(ihdr, static_cast<std::uint32_t>(v.width));
    put_be32(ihdr, static_cast<std::uint32_t>(v.height));
    ihdr.insert(ihdr.end(), {8, 3, 0, 0, 0});
    put_chunk(out, "IHDR", ihdr);
    std::vector<std::uint8_t> plte;
    for (const Rgb& c : pal) plte.insert(plte.end(), c.begin(), c.end());
    put_chunk(out, "PLTE", plte);
    put_chunk(out, "IDAT", z);
    put_chunk(out, "IEND", {});
    return out;
}

std::vector<degrade::ResizeFilter> all_filters() {
    using F = degrade::ResizeFilter;
    return {F::point, F::box, F::bilinear, F::bicubic, F::mitchell, F::catmull_rom, F::lanczos, F::area};
}

// One re-upload pipeline repeated: a JPEG re-save at one quality and subsampling, most rounds after
// a rotation or flip (re-posted, re-edited, re-posted), as eval-scorer's generation-loss experiment
// does at q75 with a 90° turn each round.
struct JpegLoop {
    int quality = 75;
    ChromaSubsampling subsampling = ChromaSubsampling::s420;
    double turn = 1.0;  ///< probability of a turn or flip before each save
};

JpegLoop random_jpeg_loop(degrade::Rng& rng) {
    JpegLoop l;
    l.quality = rng.uniform_int(55, 92);
    l.subsampling = rng.chance(0.8) ? ChromaSubsampling::s420 : ChromaSubsampling::s444;
    l.turn = rng.uniform(0.3, 1.0);
    return l;
}

degrade::DegradedCopy jpeg_rounds(const Image& parent, int rounds, const JpegLoop& loop, degrade::Rng& rng) {
    using namespace degrade;
    DegradedCopy c;
    Image current = parent;
    static const std::vector<Dihedral> turns{Dihedral::rot90, Dihedral::rot270, Dihedral::flip_h};
    for (int i = 0; i < rounds; ++i) {
        if (rng.chance(loop.turn)) current = transform_dihedral(current.view(), rng.pick(turns));
        c = apply_chain(current.view(), {JpegStep{loop.quality, loop.subsampling, false}});
        if (i + 1 < rounds) current = std::move(c.pixels);  // the last round's pixels stay in the copy
    }
    c.recipe = "jpeg-generations(" + std::to_string(rounds) + ",q=" + std::to_string(loop.quality) +
               (loop.subsampling == ChromaSubsampling::s420 ? ",420)" : ",444)");
    return c;
}

// Generation loss as one copy: 2..60 rounds (log-uniform). The chains stop after a few steps; this
// teaches the model that damage keeps accumulating.
degrade::DegradedCopy jpeg_generations(const Image& parent, degrade::Rng& rng) {
    const int rounds = static_cast<int>(std::lround(std::exp(rng.uniform(std::log(2.0), std::log(60.0)))));
    const JpegLoop loop = random_jpeg_loop(rng);
    return jpeg_rounds(parent, rounds, loop, rng);
}

// One copy of `parent`: a random_chain (47 %), JPEG generation loss (8 %) or one of the re-uploads other tools make that the
// chains under-represent: palette PNG (pngquant), GIF at the same size (gifsicle), upscale saved as
// PNG or JPEG, downscale saved as PNG, JPEG re-save at q93..100 4:4:4, WebP lossy.
degrade::DegradedCopy make_copy(const Image& parent, degrade::Rng& rng) {
    using namespace degrade;
    const double r = rng.uniform01();
    if (r < 0.47) return apply_chain(parent.view(), random_chain(rng, 1, 3));
    if (r < 0.55) return jpeg_generations(parent, rng);
    std::vector<DegradeStep> steps;
    const auto resize_step = [&](double lo, double hi) {
        ResizeStep s;
        s.scale = std::round(rng.uniform(lo, hi) * 1000.0) / 1000.0;
        s.filter = rng.pick(all_filters());
        s.linear_light = rng.chance(0.1);
        return s;
    };
    const auto quality = [&](int lo, int hi) { return rng.uniform_int(lo, hi); };
    if (r < 0.65) {  // pngquant-like palette PNG, optionally after a resize
        if (rng.chance(0.3)) steps.push_back(resize_step(0.5, 0.95));
        Image px = steps.empty() ? parent : apply_chain(parent.view(), steps).pixels;
        DecodeOptions d3;
        d3.channels = 3;
        if (px.channels() != 3) {  // grey or alpha copies: as RGB (alpha on white), like a quantiser reads them
            const std::vector<std::uint8_t> png = encode_png(px.view());
            px = decode_memory(png.data(), png.size(), d3).image;
        }
        const int colors = rng.pick(std::vector<int>{16, 32, 64, 128, 200, 256, 256});
        const Dither dither = rng.chance(0.6) ? Dither::floyd_steinberg : (rng.chance(0.5) ? Dither::none : Dither::ordered);
        DegradedCopy c;
        c.bytes = encode_palette_png(px.view(), colors, dither);
        c.format = Format::png;
        DecodeOptions stored;
        stored.channels = 0;
        c.pixels = decode_memory(c.bytes.data(), c.bytes.size(), stored).image;
        c.recipe = (steps.empty() ? std::string() : describe_steps(steps) + ">") + "pngquant(" + std::to_string(colors) +
                   (dither == Dither::floyd_steinberg ? ",fs)" : dither == Dither::ordered ? ",ordered)" : ",none)");
        return c;
    }
    if (r < 0.72) {
        steps.push_back(GifStep{rng.pick(std::vector<int>{16, 32, 64, 128, 256, 256}),
                                rng.pick(std::vector<Dither>{Dither::none, Dither::floyd_steinberg, Dither::ordered})});
    } else if (r < 0.82) {  // upscale (more pixels, worse)
        steps.push_back(resize_step(1.1, 2.0));
        if (rng.chance(0.5)) steps.push_back(PngStep{6});
        else steps.push_back(JpegStep{quality(40, 95), rng.chance(0.5) ? ChromaSubsampling::s420 : ChromaSubsampling::s444, false});
    } else if (r < 0.90) {  // downscale saved losslessly
        steps.push_back(resize_step(0.4, 0.9));
        if (rng.chance(0.8)) steps.push_back(PngStep{6});
        else steps.push_back(WebpStep{75, true});
    } else if (r < 0.96) {  // re-save at a high quality: bigger file, still a worse copy
        steps.push_back(JpegStep{quality(93, 100), rng.chance(0.7) ? ChromaSubsampling::s444 : ChromaSubsampling::s420,
                                 rng.chance(0.2)});
    } else {
        steps.push_back(WebpStep{quality(40, 92), false});
    }
    return apply_chain(parent.view(), steps);
}

bool same_pixels(const Image& a, const Image& b) {
    return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels() &&
           std::equal(a.data(), a.data() + a.size_bytes(), b.data());
}

template <typename T>
void put_vec(std::ofstream& f, const std::vector<T>& v) {
    const std::uint64_t n = v.size();
    f.write(reinterpret_cast<const char*>(&n), sizeof n);
    f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
}

template <typename T>
bool get_vec(std::ifstream& f, std::vector<T>& v) {
    std::uint64_t n = 0;
    if (!f.read(reinterpret_cast<char*>(&n), sizeof n) || n > (1ull << 28)) return false;
    v.resize(static_cast<std::size_t>(n));
    return static_cast<bool>(f.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))));
}

constexpr char k_cache_magic[8] = {'P', 'R', 'G', 'R', 'P', '0', '0', '2'};

// Every ancestor is better than its descendants (a copy only loses information); copies on different
// branches are not compared; pairs with identical pixels are dropped.
void add_ancestor_pairs(const std::vector<Image>& kept, const std::vector<int>& parent, Group& g) {
    for (int b = 1; b < static_cast<int>(kept.size()); ++b)
        for (int a = parent[static_cast<std::size_t>(b)]; a >= 0; a = parent[static_cast<std::size_t>(a)])
            if (!same_pixels(kept[static_cast<std::size_t>(a)], kept[static_cast<std::size_t>(b)]))
                g.pairs.emplace_back(a, b);
}

// Share of the groups that are a generation series instead of a tree of copies.
constexpr double k_series_share = 0.25;

}  // namespace

std::vector<SourcePicture> find_pictures(const std::vector<std::string>& dirs) {
    std::vector<std::string> sources;
    for (const std::string& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) throw Error(Status::io_error, "image folder '" + dir + "' does not exist");
        for (std::string& f : collect_files({dir}).files) {
            try {
                const ImageInfo info = probe_file(f);
                if (info.width < 64 || info.height < 64) continue;
            } catch (const Error&) {
                continue;  // unreadable or unsupported: not a source
            }
            sources.push_back(std::move(f));
        }
    }
    std::vector<SourcePicture> out;
    for (PictureFile& p : one_file_per_picture(sources)) out.push_back({std::move(p.key), std::move(p.path)});
    return out;
}

SourceBank::SourceBank(std::vector<SourcePicture> pictures, int max_side)
    : pictures_(std::move(pictures)), max_side_(max_side), slots_(new Slot[pictures_.size()]) {}

std::shared_ptr<const Image> SourceBank::image(std::size_t i) const {
    Slot& s = slots_[i];
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!s.done) {
        StageTimer t(g_decode_ns);
        try {
            s.image = std::make_shared<const Image>(decode_source(pictures_[i].path, max_side_));
        } catch (const std::exception& e) {
            s.error = e.what();
        }
        s.done = true;
    }
    if (!s.image) throw Error(Status::corrupt_data, pictures_[i].path + ": " + s.error);
    return s.image;
}

GenProfile gen_profile() {
    GenProfile p;
    p.decode_s = g_decode_ns.load() * 1e-9;
    p.original_s = g_original_ns.load() * 1e-9;
    p.copies_s = g_copies_ns.load() * 1e-9;
    p.features_s = g_features_ns.load() * 1e-9;
    p.groups = g_groups.load();
    return p;
}


Group make_group(const Image& photo, std::uint64_t seed, const GroupOptions& o) {
    degrade::Rng rng(seed);
    Group g;
    std::vector<std::uint8_t> bytes;
    Image current;
    {
        StageTimer t(g_original_ns);
        const Image px = make_original_pixels(photo, rng, o, g.recipe);
        bytes = save_original(px, rng, g.recipe);
        // Copies are made from what the original file holds, as a re-uploader would read it.
        DecodeOptions stored;
        stored.channels = 0;
        current = decode_memory(bytes.data(), bytes.size(), stored).image;
    }
    {
        StageTimer t(g_features_ns);
        g.copies.push_back(features_from_memory(bytes.data(), bytes.size(), o.blocks));
    }
    std::vector<Image> kept{std::move(current)};
    std::vector<int> parent{-1};
    // Appends the copy `make()` makes of copy `from` (its features, pixels and parent).
    const auto add_copy = [&](int from, const auto& make) {
        degrade::DegradedCopy c;
        {
            StageTimer t(g_copies_ns);
            c = make(kept[static_cast<std::size_t>(from)]);
        }
        g.recipe += " | " + std::to_string(kept.size()) + "<-" + std::to_string(from) + ": " + c.recipe;
        {
            StageTimer t(g_features_ns);
            g.copies.push_back(features_from_memory(c.bytes.data(), c.bytes.size(), o.blocks));
        }
        kept.push_back(std::move(c.pixels));
        parent.push_back(from);
    };
    if (rng.chance(k_series_share)) {
        // A generation series: one JPEG loop continued from copy to copy, 1..3 rounds to the first
        // copy, 1..40 (log-uniform) between the next ones — the finest steps of accumulated loss.
        const JpegLoop loop = random_jpeg_loop(rng);
        const int n_series = rng.uniform_int(3, 5);
        for (int k = 0; k < n_series; ++k) {
            const int rounds = k == 0 ? rng.uniform_int(1, 3)
                                      : static_cast<int>(std::lround(std::exp(rng.uniform(0.0, std::log(40.0)))));
            add_copy(k, [&](const Image& from) { return jpeg_rounds(from, rounds, loop, rng); });
        }
    } else {
        // A tree: each copy is made from the original (the first always, later ones half the time) or
        // from an earlier copy, like re-uploads of re-uploads.
        const int n_copies = rng.uniform_int(2, 4);
        for (int k = 0; k < n_copies; ++k) {
            const int from = (k == 0 || rng.chance(0.5)) ? 0 : rng.uniform_int(0, k);
            add_copy(from, [&](const Image& src) { return make_copy(src, rng); });
        }
    }
    add_ancestor_pairs(kept, parent, g);
    ++g_groups;
    return g;
}

void save_group(const std::string& path, const Group& g) {
    const std::string tmp = path + ".tmp" + std::to_string(reinterpret_cast<std::uintptr_t>(&g));
    {
        std::ofstream f(tmp, std::ios::binary);
        if (!f) throw Error(Status::io_error, "cannot write '" + tmp + "'");
        f.write(k_cache_magic, sizeof k_cache_magic);
        const std::uint32_t n = static_cast<std::uint32_t>(g.copies.size());
        f.write(reinterpret_cast<const char*>(&n), sizeof n);
        for (const Features& c : g.copies) {
            const std::int32_t hdr[2] = {c.blocks, c.count};
            f.write(reinterpret_cast<const char*>(hdr), sizeof hdr);
            put_vec(f, c.pixels);
            put_vec(f, c.block_meta);
            put_vec(f, c.present);
            put_vec(f, c.image_meta);
            put_vec(f, c.global);
        }
        put_vec(f, g.pairs);
        std::vector<char> r(g.recipe.begin(), g.recipe.end());
        put_vec(f, r);
        if (!f) throw Error(Status::io_error, "cannot write '" + tmp + "'");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) fs::remove(tmp, ec);
}

bool load_group(const std::string& path, Group& g) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    char magic[sizeof k_cache_magic];
    std::uint32_t n = 0;
    if (!f.read(magic, sizeof magic) || std::memcmp(magic, k_cache_magic, sizeof magic) != 0) return false;
    if (!f.read(reinterpret_cast<char*>(&n), sizeof n) || n > 64) return false;
    Group out;
    out.copies.resize(n);
    for (Features& c : out.copies) {
        std::int32_t hdr[2];
        if (!f.read(reinterpret_cast<char*>(hdr), sizeof hdr)) return false;
        c.blocks = hdr[0];
        c.count = hdr[1];
        if (!get_vec(f, c.pixels) || !get_vec(f, c.block_meta) || !get_vec(f, c.present) || !get_vec(f, c.image_meta) ||
            !get_vec(f, c.global))
            return false;
        if (c.pixels.size() != static_cast<std::size_t>(c.blocks) * k_block_values ||
            c.present.size() != static_cast<std::size_t>(c.blocks) || c.image_meta.size() != k_image_meta_size ||
            c.global.size() != k_global_size)
            return false;
    }
    std::vector<char> r;
    if (!get_vec(f, out.pairs) || !get_vec(f, r)) return false;
    for (const auto& [a, b] : out.pairs)
        if (a < 0 || b < 0 || a >= static_cast<int>(n) || b >= static_cast<int>(n)) return false;
    out.recipe.assign(r.begin(), r.end());
    g = std::move(out);
    return true;
}

}  // namespace pristine::nn
