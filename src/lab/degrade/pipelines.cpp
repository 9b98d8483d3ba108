// Random instances of real re-upload pipelines, and chains mixing them. Every draw goes through Rng's
// own integer/real mappings, so a seed gives the same chain with any standard library.
#include <cmath>
#include <string>
#include <vector>

#include "pristine/lab/degrade/chain.hpp"

namespace pristine::degrade {
namespace {

/// Rounded to 3 decimals so recipes stay short and the text syntax reproduces the value exactly.
double draw(Rng& rng, double lo, double hi) { return std::round(rng.uniform(lo, hi) * 1000.0) / 1000.0; }

ResizeFilter draw_filter(Rng& rng, const std::vector<ResizeFilter>& choices) { return rng.pick(choices); }

Dither draw_dither(Rng& rng) { return rng.pick(std::vector<Dither>{Dither::none, Dither::floyd_steinberg, Dither::ordered}); }

JpegStep jpeg(int quality, ChromaSubsampling sub = ChromaSubsampling::s420, bool progressive = false) {
    return JpegStep{quality, sub, progressive};
}

/// One step of any kind, for filling a chain's last slots. No lone PNG: a chain made only of lossless
/// steps would be a copy identical to the original, a useless training pair.
DegradeStep random_single_step(Rng& rng, bool must_encode) {
    const int kind = must_encode ? rng.uniform_int(0, 2) : rng.uniform_int(0, 4);
    switch (kind) {
        case 0: return jpeg(rng.uniform_int(50, 95), rng.pick(std::vector<ChromaSubsampling>{
                                                          ChromaSubsampling::s420, ChromaSubsampling::s422,
                                                          ChromaSubsampling::s444}),
                            rng.chance(0.2));
        case 1: return WebpStep{rng.uniform_int(50, 95), false};
        case 2: return GifStep{rng.pick(std::vector<int>{32, 64, 128, 256}), draw_dither(rng)};
        case 3: {
            ResizeStep r;
            r.scale = draw(rng, 0.5, 1.25);
            r.filter = draw_filter(rng, {ResizeFilter::bilinear, ResizeFilter::bicubic, ResizeFilter::lanczos,
                                         ResizeFilter::area, ResizeFilter::mitchell});
            return r;
        }
        default: return CropStep{draw(rng, 0.85, 0.99)};
    }
}

}  // namespace

std::vector<PipelineKind> all_pipeline_kinds() {
    return {PipelineKind::social,     PipelineKind::messenger,      PipelineKind::screenshot,
            PipelineKind::meme_gif,   PipelineKind::webp_roundtrip, PipelineKind::resave_higher};
}

const char* pipeline_name(PipelineKind kind) noexcept {
    switch (kind) {
        case PipelineKind::social: return "social";
        case PipelineKind::messenger: return "messenger";
        case PipelineKind::screenshot: return "screenshot";
        case PipelineKind::meme_gif: return "meme_gif";
        case PipelineKind::webp_roundtrip: return "webp_roundtrip";
        case PipelineKind::resave_higher: return "resave_higher";
    }
    return "unknown";
}

PipelineKind parse_pipeline(const std::string& name) {
    for (PipelineKind k : all_pipeline_kinds())
        if (name == pipeline_name(k)) return k;
    throw Error(Status::invalid_argument, "unknown pipeline '" + name +
                                              "' (expected social, messenger, screenshot, meme_gif, "
                                              "webp_roundtrip or resave_higher)");
}

std::vector<DegradeStep> random_pipeline(Rng& rng, PipelineKind kind) {
    switch (kind) {
        case PipelineKind::social: {
            FitStep fit;
            fit.long_side = rng.pick(std::vector<int>{1080, 1200, 1280, 1350, 1440, 1536, 1600, 1920, 2048});
            fit.filter = draw_filter(rng, {ResizeFilter::lanczos, ResizeFilter::bicubic, ResizeFilter::catmull_rom,
                                           ResizeFilter::mitchell, ResizeFilter::bilinear, ResizeFilter::area});
            fit.linear_light = rng.chance(0.1);
            return {fit, jpeg(rng.uniform_int(70, 85), ChromaSubsampling::s420, rng.chance(0.3))};
        }
        case PipelineKind::messenger: {
            FitStep fit;
            fit.long_side = 1600;
            fit.filter = draw_filter(rng, {ResizeFilter::bilinear, ResizeFilter::bicubic, ResizeFilter::area,
                                           ResizeFilter::lanczos});
            return {fit, jpeg(rng.uniform_int(55, 60))};
        }
        case PipelineKind::screenshot: {
            std::vector<DegradeStep> steps;
            if (rng.chance(0.3)) steps.push_back(CropStep{draw(rng, 0.9, 0.99)});  // window chrome cut away
            ResizeStep r;
            r.scale = draw(rng, 0.8, 1.5);
            r.filter = draw_filter(rng, {ResizeFilter::bilinear, ResizeFilter::bicubic, ResizeFilter::lanczos,
                                         ResizeFilter::point, ResizeFilter::area});
            steps.push_back(r);
            steps.push_back(PngStep{6});
            return steps;
        }
        case PipelineKind::meme_gif: {
            FitStep fit;
            fit.long_side = rng.uniform_int(480, 800);
            fit.filter = draw_filter(rng, {ResizeFilter::bilinear, ResizeFilter::bicubic, ResizeFilter::point});
            return {fit, GifStep{rng.uniform_int(32, 256), draw_dither(rng)}};
        }
        case PipelineKind::webp_roundtrip: {
            std::vector<DegradeStep> steps{WebpStep{rng.uniform_int(60, 90), false}};
            if (rng.chance(0.5)) steps.push_back(PngStep{6});  // downloaded and saved "as PNG"
            return steps;
        }
        case PipelineKind::resave_higher: {
            const int q1 = rng.uniform_int(30, 70);
            const int q2 = std::min(100, q1 + rng.uniform_int(15, 30));
            return {jpeg(q1), jpeg(q2, rng.chance(0.5) ? ChromaSubsampling::s444 : ChromaSubsampling::s420)};
        }
    }
    throw Error(Status::invalid_argument, "random_pipeline: unknown pipeline kind");
}

std::vector<DegradeStep> random_chain(Rng& rng, int min_steps, int max_steps) {
    if (min_steps < 1 || max_steps < min_steps || max_steps > 16)
        throw Error(Status::invalid_argument, "random_chain: need 1 <= min_steps <= max_steps <= 16");
    const std::size_t target = static_cast<std::size_t>(rng.uniform_int(min_steps, max_steps));
    const std::vector<PipelineKind> kinds = all_pipeline_kinds();
    std::vector<DegradeStep> steps;
    while (steps.size() < target) {
        const std::size_t room = target - steps.size();
        std::vector<DegradeStep> p = random_pipeline(rng, rng.pick(kinds));
        if (p.size() <= room) {
            steps.insert(steps.end(), p.begin(), p.end());
        } else {
            // Too long for the room left: one step instead; the chain's last step always encodes.
            steps.push_back(random_single_step(rng, room == 1));
        }
    }
    return steps;
}

}  // namespace pristine::degrade
