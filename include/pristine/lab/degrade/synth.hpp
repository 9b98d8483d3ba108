// Synthetic originals: deterministic drawings, comics, clip art, gradients, text pages, UI
// screenshots and memes, as clean 8-bit RGB images. They complement photos as training and
// evaluation originals for the generation-loss scorer (whose copies of drawings fail in other ways
// than photos: palette loss, ringing around flat edges, blurred text).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pristine/lab/degrade/rng.hpp"
#include "pristine/export.hpp"
#include "pristine/image.hpp"

namespace pristine::degrade {

/// What a synthetic original looks like.
enum class SynthKind {
    shapes,      ///< flat-colour drawing: polygons, circles, thick anti-aliased strokes, some outlined
    clipart,     ///< a few bold objects with black outlines and highlights on a plain background
    comic,       ///< a page of bordered panels with scenery and speech balloons holding text
    gradient,    ///< linear/radial multi-stop gradients with translucent shapes and a title
    text,        ///< a document page: title, paragraphs, a bullet list, a highlighted line
    screenshot,  ///< a UI-like layout: title bar, sidebar list, buttons, fields, cards, icons
};

/// Every kind, in declaration order.
PRISTINE_API std::vector<SynthKind> all_synth_kinds();
/// Stable lower-case name ("shapes", "clipart", ...).
PRISTINE_API const char* synth_kind_name(SynthKind kind) noexcept;
/// Parse a kind name. Throws Error(invalid_argument) listing the valid names.
PRISTINE_API SynthKind parse_synth_kind(const std::string& name);

/// Optional TrueType/OpenType font for the text of synthetic images: the bytes of a .ttf file (the
/// library never opens font files itself). Empty = stb_easy_font's built-in block letters.
struct SynthFont {
    std::vector<std::uint8_t> ttf;
};

/// A `width` x `height` (16..8192 each) RGB image of `kind`, drawn with anti-aliasing from
/// parameters drawn from `rng`. Same rng state, size, kind and font = same pixels.
/// Throws Error(invalid_argument) for a bad size, Error(corrupt_data) for font bytes that are not a
/// usable font. Thread-safe (the Rng belongs to the caller's thread).
PRISTINE_API Image synth_image(SynthKind kind, int width, int height, Rng& rng, const SynthFont& font = {});

/// A meme: a random crop of `photo` (any channels; alpha is composited on white), shrunk so its long
/// side is at most 800 px, with an upper-case caption in white letters with a black outline at the
/// top, the bottom or both (Impact-like when `font` is a bold TrueType font; block letters without).
/// Returns RGB. Throws Error(invalid_argument) for an empty view or a photo smaller than 32x32.
PRISTINE_API Image synth_meme(const ImageView& photo, Rng& rng, const SynthFont& font = {});

}  // namespace pristine::degrade
