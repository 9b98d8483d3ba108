// Fingerprints: decode small (JPEG at the largest DCT reduction that keeps k_fingerprint_min_side),
// box-reduce to working Y/Cb/Cr planes, then per view region: PDQ of the region resized to 128 x 128
// (an even square, where PDQ's rotations/flips are exact bit permutations of one hash), a 32 x 32
// luma thumbnail and an 8 x 8 chroma grid; and a 64 x 64 luma thumbnail of the whole picture, which
// verification aligns.
#include "pristine/io/duplicates.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "duplicates/view_regions.hpp"
#include "io/with_path.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/hash/dct_hash.hpp"
#include "pristine/hash/pdq.hpp"
#include "pristine/resize.hpp"

namespace pristine {

namespace {

constexpr int k_pdq_side = 128;
using detail::k_inner_margin;
using detail::k_min_aspect_change;
using detail::k_portrait_aspect;
using detail::k_square_aspect;

struct WorkingPlanes {
    PlaneF y, cb, cr;
};

// The BT.601 full-range matrix at one pixel of each plane.
void set_ycbcr(WorkingPlanes& p, int y, int x, float r, float g, float b) {
    p.y(y, x) = 0.299f * r + 0.587f * g + 0.114f * b;
    p.cb(y, x) = 128.0f - 0.168736f * r - 0.331264f * g + 0.5f * b;
    p.cr(y, x) = 128.0f + 0.5f * r - 0.418688f * g - 0.081312f * b;
}

// The planes of a picture taken as is (a box of one pixel: its sums are the pixel itself).
template <bool Colour>
void convert_pixels(const ImageView& v, WorkingPlanes& p) {
    for (int y = 0; y < v.height; ++y) {
        const std::uint8_t* px = v.pixel(0, y);
        for (int x = 0; x < v.width; ++x, px += v.channels)
            set_ycbcr(p, y, x, px[0], Colour ? px[1] : px[0], Colour ? px[2] : px[0]);
    }
}

// Integer box reduction to a smaller side of about 2 * k_fingerprint_min_side at most, computed with
// the BT.601 full-range matrix (grey inputs give neutral chroma).
WorkingPlanes working_planes(const ImageView& v) {
    const int f = std::max(1, std::min(v.width, v.height) / (2 * k_fingerprint_min_side));
    const int w = std::max(1, v.width / f), h = std::max(1, v.height / f);
    WorkingPlanes p{PlaneF(h, w), PlaneF(h, w), PlaneF(h, w)};
    if (f == 1) {  // most pictures, decoded small: no box loops
        if (v.channels >= 3)
            convert_pixels<true>(v, p);
        else
            convert_pixels<false>(v, p);
        return p;
    }
    const float norm = 1.0f / static_cast<float>(f * f);
    const bool colour = v.channels >= 3;
    for (int oy = 0; oy < h; ++oy)
        for (int ox = 0; ox < w; ++ox) {
            float r = 0, g = 0, b = 0;
            for (int dy = 0; dy < f; ++dy) {
                const std::uint8_t* px = v.pixel(ox * f, oy * f + dy);
                for (int dx = 0; dx < f; ++dx, px += v.channels) {
                    r += px[0];
                    g += colour ? px[1] : px[0];
                    b += colour ? px[2] : px[0];
                }
            }
            set_ycbcr(p, oy, ox, r * norm, g * norm, b * norm);
        }
    return p;
}

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
};

// The largest centred rectangle of `aspect` inside w x h.
Rect centred(int w, int h, double aspect) {
    Rect r{0, 0, w, h};
    if (static_cast<double>(w) / h > aspect) {
        r.w = std::max(1, static_cast<int>(std::lround(h * aspect)));
        r.x = (w - r.w) / 2;
    } else {
        r.h = std::max(1, static_cast<int>(std::lround(w / aspect)));
        r.y = (h - r.h) / 2;
    }
    return r;
}

PlaneF resize_rect(const PlaneF& p, const Rect& r, int side) {
    const float* origin = p.data() + static_cast<std::ptrdiff_t>(r.y) * p.cols() + r.x;
    return detail::resize_area_of(origin, p.cols(), r.w, r.h, side, side);
}

template <std::size_t N>
void round_into(const PlaneF& p, std::array<std::uint8_t, N>& out, std::size_t offset) {
    const std::size_t n = std::min(static_cast<std::size_t>(p.size()), N - offset);
    for (std::size_t i = 0; i < n; ++i)
        out[offset + i] = static_cast<std::uint8_t>(std::clamp(std::lround(p.data()[i]), 0L, 255L));
}

// The block-mean code of a 32 x 32 thumbnail under each transform: 8 x 8 means of 4 x 4 blocks,
// bit set where above their mean (bit i of byte i / 8 for block i, row-major).
std::array<std::array<std::uint8_t, 8>, 8> mean_codes(const std::array<std::uint8_t, k_view_luma_side * k_view_luma_side>& t) {
    constexpr int B = 8, S = k_view_luma_side / B;
    std::array<int, B * B> block{};
    for (int y = 0; y < k_view_luma_side; ++y)
        for (int x = 0; x < k_view_luma_side; ++x) block[static_cast<std::size_t>((y / S) * B + x / S)] += t[static_cast<std::size_t>(y * k_view_luma_side + x)];
    const int total = std::accumulate(block.begin(), block.end(), 0);
    std::array<std::array<std::uint8_t, 8>, 8> codes{};
    for (std::size_t k = 0; k < 8; ++k)
        for (int y = 0; y < B; ++y)
            for (int x = 0; x < B; ++x) {
                int sx = 0, sy = 0;
                dihedral_source(static_cast<Dihedral>(k), B, B, x, y, sx, sy);
                if (block[static_cast<std::size_t>(sy * B + sx)] * B * B > total) {
                    const int i = y * B + x;
                    codes[k][static_cast<std::size_t>(i / 8)] |= static_cast<std::uint8_t>(1u << (i % 8));
                }
            }
    return codes;
}

FingerprintView make_view(const WorkingPlanes& p, ViewRegion region, const Rect& r) {
    FingerprintView v;
    v.region = region;
    const PlaneF luma = resize_rect(p.y, r, k_pdq_side);
    const std::array<PdqHash, 8> hashes = pdq_hash_dihedral(luma);
    for (std::size_t k = 0; k < 8; ++k) v.pdq[k] = hashes[k].bits;
    v.quality = hashes[0].quality;
    const std::array<DctHash, 8> coarse = dct_hash_dihedral(luma);
    for (std::size_t k = 0; k < 8; ++k) v.dct[k] = coarse[k];
    round_into(resize_area(luma, k_view_luma_side, k_view_luma_side), v.luma, 0);
    v.mean = mean_codes(v.luma);
    round_into(resize_rect(p.cb, r, k_view_chroma_side), v.chroma, 0);
    round_into(resize_rect(p.cr, r, k_view_chroma_side), v.chroma, k_view_chroma_side * k_view_chroma_side);
    return v;
}

}  // namespace

const char* view_region_name(ViewRegion region) noexcept {
    switch (region) {
        case ViewRegion::whole: return "whole";
        case ViewRegion::centre_square: return "centre_square";
        case ViewRegion::centre_portrait: return "centre_portrait";
        case ViewRegion::centre_inner: return "centre_inner";
    }
    return "unknown";
}

Fingerprint fingerprint_image(const ImageView& image, const ImageInfo& info, const FingerprintOptions& options) {
    if (image.empty() || image.channels < 1 || image.channels > 4)
        throw Error(Status::invalid_argument, "fingerprint_image: needs a non-empty image of 1 to 4 channels");
    Fingerprint fp;
    fp.info = info;
    if (fp.info.display_width <= 0 || fp.info.display_height <= 0) {  // verification needs the picture's shape
        fp.info.display_width = image.width;
        fp.info.display_height = image.height;
    }
    const WorkingPlanes planes = working_planes(image);
    const int w = static_cast<int>(planes.y.cols()), h = static_cast<int>(planes.y.rows());
    fp.views.push_back(make_view(planes, ViewRegion::whole, Rect{0, 0, w, h}));
    round_into(resize_area(planes.y, k_picture_luma_side, k_picture_luma_side), fp.luma, 0);
    if (options.crop_views) {
        const double aspect = static_cast<double>(w) / h;
        const std::pair<ViewRegion, double> crops[] = {{ViewRegion::centre_square, k_square_aspect},
                                                       {ViewRegion::centre_portrait, k_portrait_aspect}};
        for (const auto& [region, target] : crops)
            if (std::abs(std::log(aspect / target)) > k_min_aspect_change)
                fp.views.push_back(make_view(planes, region, centred(w, h, target)));
        const int mx = static_cast<int>(std::lround(w * k_inner_margin)), my = static_cast<int>(std::lround(h * k_inner_margin));
        if (w - 2 * mx >= 8 && h - 2 * my >= 8)
            fp.views.push_back(make_view(planes, ViewRegion::centre_inner, Rect{mx, my, w - 2 * mx, h - 2 * my}));
    }
    return fp;
}

Fingerprint fingerprint_memory(const std::uint8_t* data, std::size_t size, const FingerprintOptions& options) {
    if (data == nullptr && size != 0) throw Error(Status::invalid_argument, "fingerprint_memory: data is NULL");
    DecodeOptions d;
    d.channels = 3;
    d.apply_orientation = options.apply_orientation;
    d.max_pixels = options.max_pixels;
    if (detect_format(data, size) == Format::jpeg) {
        const ImageInfo header = probe_memory(data, size);
        const int side = std::min(header.width, header.height);
        for (int denom = 8; denom > 1; denom /= 2)
            if ((side + denom - 1) / denom >= k_fingerprint_min_side) {
                d.scale_denom = denom;
                break;
            }
    }
    Decoded decoded = decode_memory(data, size, d);
    return fingerprint_image(decoded.image.view(), decoded.info, options);
}

Fingerprint fingerprint_file(const std::string& path, const FingerprintOptions& options) {
    return io::with_path(path, [&] {
        const std::vector<std::uint8_t> bytes = read_file(path);
        return fingerprint_memory(bytes.data(), bytes.size(), options);
    });
}

std::vector<FingerprintResult> fingerprint_files(const std::vector<std::string>& paths, const FingerprintOptions& options,
                                                 const BatchOptions& batch) {
    std::vector<FingerprintResult> results = run_batch<FingerprintResult>(paths.size(), batch, [&](std::size_t i) {
        FingerprintResult r;
        r.fingerprint = fingerprint_file(paths[i], options);
        return r;
    });
    for (std::size_t i = 0; i < paths.size(); ++i) results[i].path = paths[i];
    return results;
}

}  // namespace pristine
