// Generated evaluation sets of the scorer evaluation (pristine/lab/eval_scorer.hpp): pair chains, groups
// and the generation-loss series. Each group draws from its own Rng seeded from (seed, set, index)
// (detail::mix_seed), so groups can be made in parallel and the sets do not depend on the thread count.
#include <algorithm>
#include <cmath>

#include "eval_common.hpp"
#include "pristine/lab/degrade.hpp"
#include "pristine/lab/eval_scorer.hpp"
#include "pristine/executor.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::eval {

namespace {

using degrade::Rng;

void check(const std::vector<SourceImage>& sources, const EvalOptions& o) {
    if (sources.empty()) throw Error(Status::invalid_argument, "eval: no source images");
    for (const auto& s : sources) check_view(s.pixels.view());
    if (o.pairs < 0 || o.groups < 0 || o.generation_images < 0)
        throw Error(Status::invalid_argument, "eval: negative set size");
    if (o.group_min_copies < 1 || o.group_max_copies < o.group_min_copies || o.group_max_copies > 32)
        throw Error(Status::invalid_argument, "eval: group copies must satisfy 1 <= min <= max <= 32");
    if (o.max_side < 16) throw Error(Status::invalid_argument, "eval: max_side must be >= 16");
    if (o.generation_quality < 1 || o.generation_quality > 100)
        throw Error(Status::invalid_argument, "eval: generation_quality must be 1..100");
    for (int it : o.generation_iterations)
        if (it < 0 || it > 100000) throw Error(Status::invalid_argument, "eval: bad generation iteration");
}

/// A random crop keeping 60..100% of each side, shrunk (area filter) to max_side.
Image make_original_pixels(const SourceImage& s, Rng& rng, int max_side) {
    const ImageView v = s.pixels.view();
    const int cw = std::max(1, static_cast<int>(std::lround(v.width * rng.uniform(0.6, 1.0))));
    const int ch = std::max(1, static_cast<int>(std::lround(v.height * rng.uniform(0.6, 1.0))));
    Image img = degrade::crop(v, rng.uniform_int(0, v.width - cw), rng.uniform_int(0, v.height - ch), cw, ch);
    if (std::max(cw, ch) > max_side) {
        int w = 0, h = 0;
        degrade::fit_size(cw, ch, max_side, w, h);
        degrade::ResizeOptions ro;
        ro.filter = degrade::ResizeFilter::area;
        img = degrade::resize(img.view(), w, h, ro);
    }
    return detail::to_rgb_on_white(img.view());
}

/// The original file: PNG, JPEG 92..98 4:4:4 or WebP lossless with equal odds.
EvalCopy save_original(const Image& px, Rng& rng) {
    EvalCopy c;
    const int which = rng.uniform_int(0, 2);
    if (which == 0) {
        c.bytes = encode_png(px.view());
        c.recipe = "original: png";
        c.label = "png";
    } else if (which == 1) {
        JpegEncodeOptions jo;
        jo.quality = rng.uniform_int(92, 98);
        jo.subsampling = ChromaSubsampling::s444;
        c.bytes = encode_jpeg(px.view(), jo);
        c.recipe = "original: jpeg(q=" + std::to_string(jo.quality) + ",444)";
        c.label = "jpeg";
    } else {
        WebpEncodeOptions wo;
        wo.lossless = true;
        c.bytes = encode_webp(px.view(), wo);
        c.recipe = "original: webp(lossless)";
        c.label = "webp";
    }
    return c;
}

bool same_pixels(const ImageView& a, const ImageView& b) {
    if (a.width != b.width || a.height != b.height || a.channels != b.channels) return false;
    for (int y = 0; y < a.height; ++y)
        if (!std::equal(a.row(y), a.row(y) + static_cast<std::ptrdiff_t>(a.width) * a.channels, b.row(y))) return false;
    return true;
}

EvalCopy derive(const ImageView& parent_pixels, int parent, int generation, Rng& rng, int min_steps, int max_steps,
                Image& pixels_out) {
    // A lossless re-save (e.g. a lone png step) gives the parent's pixels: not a worse copy, so the
    // pair would be ill-posed. Draw again (a few times; the chains are almost always lossy).
    degrade::DegradedCopy d;
    for (int attempt = 0; attempt < 8; ++attempt) {
        d = degrade::apply_chain(parent_pixels, degrade::random_chain(rng, min_steps, max_steps));
        if (!same_pixels(d.pixels.view(), parent_pixels)) break;
    }
    EvalCopy c;
    c.bytes = std::move(d.bytes);
    c.recipe = d.recipe;
    c.parent = parent;
    c.generation = generation;
    c.label = format_name(d.format);
    pixels_out = std::move(d.pixels);
    return c;
}

Image decode_rgb(const std::vector<std::uint8_t>& bytes) {
    return decode_memory(bytes.data(), bytes.size()).image;  // RGB by default
}

}  // namespace

std::vector<EvalGroup> make_pair_set(const std::vector<SourceImage>& sources, const EvalOptions& o) {
    check(sources, o);
    const int n = (o.pairs + 1) / 2;
    std::vector<EvalGroup> out(static_cast<std::size_t>(n));
    run_for_each(static_cast<std::size_t>(n), BatchOptions{o.threads, nullptr, nullptr}, [&](std::size_t i) {
        Rng rng(detail::mix_seed(o.seed, 1, i));
        const SourceImage& s = sources[i % sources.size()];
        EvalGroup g;
        g.source = s.name;
        const Image px = make_original_pixels(s, rng, o.max_side);
        g.copies.push_back(save_original(px, rng));
        const Image orig = decode_rgb(g.copies[0].bytes);
        Image copy_px, copy2_px;
        g.copies.push_back(derive(orig.view(), 0, 1, rng, 1, 4, copy_px));
        g.copies.push_back(derive(copy_px.view(), 1, 2, rng, 1, 2, copy2_px));
        out[i] = std::move(g);
    });
    return out;
}

std::vector<EvalGroup> make_group_set(const std::vector<SourceImage>& sources, const EvalOptions& o) {
    check(sources, o);
    std::vector<EvalGroup> out(static_cast<std::size_t>(o.groups));
    run_for_each(static_cast<std::size_t>(o.groups), BatchOptions{o.threads, nullptr, nullptr}, [&](std::size_t i) {
        Rng rng(detail::mix_seed(o.seed, 2, i));
        // Offset by half the list so the group set's pictures are not the pair set's in the same order.
        const SourceImage& s = sources[(i + sources.size() / 2) % sources.size()];
        EvalGroup g;
        g.source = s.name;
        const Image px = make_original_pixels(s, rng, o.max_side);
        g.copies.push_back(save_original(px, rng));
        std::vector<Image> pixels;
        pixels.push_back(decode_rgb(g.copies[0].bytes));
        const int k = rng.uniform_int(o.group_min_copies, o.group_max_copies);
        for (int c = 0; c < k; ++c) {
            const int parent = (c == 0 || rng.chance(0.5)) ? 0 : rng.uniform_int(1, c);
            Image cp;
            g.copies.push_back(derive(pixels[static_cast<std::size_t>(parent)].view(), parent,
                                      g.copies[static_cast<std::size_t>(parent)].generation + 1, rng, 1,
                                      parent == 0 ? 4 : 2, cp));
            pixels.push_back(std::move(cp));
        }
        out[i] = std::move(g);
    });
    return out;
}

std::vector<GenerationSeries> make_generation_series(const std::vector<SourceImage>& sources, const EvalOptions& o) {
    check(sources, o);
    const int n = std::min(o.generation_images, static_cast<int>(sources.size()));
    std::vector<int> its = o.generation_iterations;
    std::sort(its.begin(), its.end());
    its.erase(std::unique(its.begin(), its.end()), its.end());
    std::vector<GenerationSeries> out(static_cast<std::size_t>(n));
    run_for_each(static_cast<std::size_t>(n), BatchOptions{o.threads, nullptr, nullptr}, [&](std::size_t i) {
        Rng rng(detail::mix_seed(o.seed, 3, i));
        // Evenly spaced over the list, so photos and synthetic pictures (appended last) both take part.
        const SourceImage& s = sources[i * sources.size() / static_cast<std::size_t>(n)];
        GenerationSeries gs;
        gs.source = s.name;
        gs.iterations = its;
        const Image px = make_original_pixels(s, rng, o.max_side);
        std::vector<std::uint8_t> file = save_original(px, rng).bytes;
        JpegEncodeOptions jo;
        jo.quality = o.generation_quality;
        jo.subsampling = ChromaSubsampling::s420;
        int done = 0;
        for (int target : its) {
            for (; done < target; ++done) {
                const Image prev = decode_rgb(file);
                file = encode_jpeg(degrade::rotate90(prev.view(), 1).view(), jo);
            }
            gs.files.push_back(file);
        }
        out[i] = std::move(gs);
    });
    return out;
}

}  // namespace pristine::eval
