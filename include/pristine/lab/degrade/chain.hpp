// Degradation chains: a few steps modelled on real re-upload pipelines (resize, crop, quantise,
// re-encode), applied to an original to make a worse copy. Used to make training pairs for the
// generation-loss scorer and by `pristine degrade`.
//
// Text syntax of a chain (the CLI's --steps, parse_steps / format_steps): steps separated by ','
// (or '>'), fields of a step by ':'; spaces around steps are ignored; names are lower case.
//
//   crop:KEEP                      centred crop keeping KEEP (0 < KEEP <= 1) of width and height
//   shave:N                        remove N >= 0 pixels from each edge
//   resize:SCALE[:FILTER[:linear]] scale both sides by SCALE (> 0, up to 16)
//   resize:WxH[:FILTER[:linear]]   resize to exactly W x H pixels
//   fit:LONG[:FILTER[:linear]]     shrink so the longer side is LONG px (never enlarges)
//   quantize:N[:DITHER]            reduce to N (2..256) colours, pixels stay in memory
//   jpeg:Q[:SUB[:progressive]]     JPEG at quality Q (1..100), SUB = 444 | 422 | 420 (default 420)
//   png[:LEVEL]                    PNG, zlib level 0..9 (default 6)
//   gif[:N[:DITHER]]               GIF with N (2..256, default 256) colours
//   webp:Q | webp:lossless         WebP lossy at quality Q (0..100) or lossless
//
//   FILTER = point | box | bilinear | bicubic | mitchell | catmull_rom | lanczos | area
//            (aliases nearest, triangle, cubic, catrom, lanczos3); default lanczos
//   DITHER = none | fs | ordered (fs = Floyd–Steinberg, ordered = 8x8 Bayer); default none
//
// Example: "resize:0.5:lanczos,jpeg:80:420,gif:64:fs".
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "pristine/lab/degrade/resize.hpp"
#include "pristine/lab/degrade/rng.hpp"
#include "pristine/export.hpp"
#include "pristine/image.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::degrade {

/// Centred crop keeping `keep` of each dimension.
struct CropStep {
    double keep = 0.9;
};
/// Remove `pixels` from every edge.
struct ShaveStep {
    int pixels = 1;
};
/// Resize by `scale`, or to width x height when both are > 0.
struct ResizeStep {
    double scale = 1.0;
    int width = 0;
    int height = 0;
    ResizeFilter filter = ResizeFilter::lanczos;
    bool linear_light = false;
};
/// Shrink so the longer side is `long_side` (images already that small are left alone).
struct FitStep {
    int long_side = 1080;
    ResizeFilter filter = ResizeFilter::lanczos;
    bool linear_light = false;
};
/// Colour quantisation without encoding (see quantize()).
struct QuantizeStep {
    int colors = 256;
    Dither dither = Dither::none;
};
struct JpegStep {
    int quality = 85;
    ChromaSubsampling subsampling = ChromaSubsampling::s420;
    bool progressive = false;
};
struct PngStep {
    int level = 6;
};
struct GifStep {
    int colors = 256;
    Dither dither = Dither::none;
};
struct WebpStep {
    int quality = 75;
    bool lossless = false;
};

/// One step of a chain. Encoding steps (jpeg, png, gif, webp) encode and decode back, so later steps
/// see the loss; the others change pixels only.
using DegradeStep = std::variant<CropStep, ShaveStep, ResizeStep, FitStep, QuantizeStep, JpegStep, PngStep,
                                 GifStep, WebpStep>;

PRISTINE_API bool operator==(const CropStep& a, const CropStep& b) noexcept;
PRISTINE_API bool operator==(const ShaveStep& a, const ShaveStep& b) noexcept;
PRISTINE_API bool operator==(const ResizeStep& a, const ResizeStep& b) noexcept;
PRISTINE_API bool operator==(const FitStep& a, const FitStep& b) noexcept;
PRISTINE_API bool operator==(const QuantizeStep& a, const QuantizeStep& b) noexcept;
PRISTINE_API bool operator==(const JpegStep& a, const JpegStep& b) noexcept;
PRISTINE_API bool operator==(const PngStep& a, const PngStep& b) noexcept;
PRISTINE_API bool operator==(const GifStep& a, const GifStep& b) noexcept;
PRISTINE_API bool operator==(const WebpStep& a, const WebpStep& b) noexcept;

/// True for jpeg, png, gif and webp steps.
PRISTINE_API bool is_encoding(const DegradeStep& step) noexcept;

/// The final copy of a chain.
struct DegradedCopy {
    std::vector<std::uint8_t> bytes;  ///< the file as the last encoder wrote it
    Format format = Format::unknown;  ///< its container format
    Image pixels;                     ///< `bytes` decoded (channels as stored: grey stays grey, alpha kept)
    std::string recipe;               ///< human-readable, e.g. "resize(lanczos,0.5)>jpeg(q=80,420)"
};

/// Apply the steps in order to a copy of `original`. When the last step is not an encoding step an
/// implicit PNG save (level 6) ends the chain and shows in the recipe; an empty chain is just that
/// PNG. Throws Error(invalid_argument) for a bad view or a step parameter out of range (the message
/// names the step), Error(internal) if a codec fails. Deterministic; thread-safe.
PRISTINE_API DegradedCopy apply_chain(const ImageView& original, const std::vector<DegradeStep>& steps);

/// The chain in the text syntax above; parse_steps(format_steps(s)) == s.
PRISTINE_API std::string format_steps(const std::vector<DegradeStep>& steps);
/// One step in the text syntax ("jpeg:80:420").
PRISTINE_API std::string format_step(const DegradeStep& step);

/// The human-readable recipe of a chain ("resize(lanczos,0.5)>jpeg(q=80,420)"), without the
/// implicit final PNG that apply_chain adds.
PRISTINE_API std::string describe_steps(const std::vector<DegradeStep>& steps);

/// Parse the text syntax. Throws Error(invalid_argument) whose message quotes the bad token and the
/// step it is in. An empty or all-blank string gives an empty chain.
PRISTINE_API std::vector<DegradeStep> parse_steps(const std::string& text);

/// Real-world re-upload pipelines.
enum class PipelineKind {
    social,         ///< fit the long side to 1080..2048 px, JPEG 70..85 4:2:0 (sometimes progressive)
    messenger,      ///< fit to 1600 px, JPEG 55..60 4:2:0
    screenshot,     ///< rescale by 0.8..1.5 (sometimes a small crop first), saved as PNG
    meme_gif,       ///< shrink to 480..800 px, GIF with 32..256 colours, any dither
    webp_roundtrip, ///< WebP 60..90, half the time saved again as PNG
    resave_higher,  ///< JPEG 30..70, then re-saved as JPEG 15..30 points higher: bigger file, worse copy
};

/// Every kind, in declaration order.
PRISTINE_API std::vector<PipelineKind> all_pipeline_kinds();
/// Stable lower-case name ("social", "meme_gif", ...).
PRISTINE_API const char* pipeline_name(PipelineKind kind) noexcept;
/// Parse a pipeline name. Throws Error(invalid_argument) listing the valid names.
PRISTINE_API PipelineKind parse_pipeline(const std::string& name);

/// A random instance (1..3 steps) of one pipeline, drawing its parameters from `rng`.
PRISTINE_API std::vector<DegradeStep> random_pipeline(Rng& rng, PipelineKind kind);

/// A chain of min_steps..max_steps steps (1 <= min <= max <= 16) made of random pipelines; when the
/// room left is too small for a whole pipeline, a single random resize/crop/encode step fills it.
/// Throws Error(invalid_argument) for bad bounds.
PRISTINE_API std::vector<DegradeStep> random_chain(Rng& rng, int min_steps = 1, int max_steps = 4);

}  // namespace pristine::degrade
