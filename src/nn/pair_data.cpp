// Generated training groups: original + successive degraded copies (see pair_data.hpp).
#include "nn/pair_data.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "pristine/degrade.hpp"
#include "pristine/io.hpp"

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

bool image_extension(const fs::path& p) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return e == ".jpg" || e == ".jpeg" || e == ".png" || e == ".gif" || e == ".webp" || e == ".bmp" ||
           e == ".tga" || e == ".pnm" || e == ".ppm" || e == ".pgm";
}

// Wallpaper packages hold one picture in many sizes (NAME/contents/images/WxH.ext, images_dark/...);
// GNOME ships NAME-l / NAME-d light and dark variants. Both must land on one side of the split.
std::string picture_key(const fs::path& p) {
    fs::path key;
    for (const fs::path& part : p) {
        if (part == "contents") return key.string();
        key /= part;
    }
    std::string stem = p.stem().string();
    for (const char* suffix : {"-l", "-d", "-day", "-night", "-light", "-dark"}) {
        const std::string s(suffix);
        if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) {
            stem.resize(stem.size() - s.size());
            break;
        }
    }
    return (p.parent_path() / stem).string();
}

Image decode_source(const std::string& path, int max_side) {
    // Big JPEG wallpapers are decoded at 1/2 or 1/4 through libjpeg's DCT scaling: the originals made
    // from them are smaller anyway, and a downscale removes any compression trace they had.
    const ImageInfo info = probe_file(path);
    DecodeOptions d;
    d.channels = 3;
    const int long_side = std::max(info.width, info.height);
    if (info.format == Format::jpeg)
        while (d.scale_denom < 4 && long_side / (d.scale_denom * 2) >= max_side * 2) d.scale_denom *= 2;
    return decode_file(path, d).image;
}

degrade::ResizeFilter pick_downscale_filter(degrade::Rng& rng) {
    static const std::vector<degrade::ResizeFilter> filters = {
        degrade::ResizeFilter::area, degrade::ResizeFilter::lanczos, degrade::ResizeFilter::catmull_rom,
        degrade::ResizeFilter::mitchell, degrade::ResizeFilter::bicubic};
    return rng.pick(filters);
}

// The clean original: a random crop, downscaled when larger than the drawn size, saved in a format
// that does not give it away (PNG, JPEG 92..100, WebP lossless or 92..100).
std::vector<std::uint8_t> make_original(const Image& src, degrade::Rng& rng, int max_side, std::string& recipe) {
    const double kx = rng.uniform(0.4, 1.0), ky = rng.uniform(0.4, 1.0);
    const int w = std::max(16, static_cast<int>(src.width() * kx)), h = std::max(16, static_cast<int>(src.height() * ky));
    const int x = rng.uniform_int(0, src.width() - w), y = rng.uniform_int(0, src.height() - h);
    Image img = degrade::crop(src.view(), x, y, w, h);
    const int target = rng.uniform_int(std::min(256, max_side), max_side);
    if (std::max(w, h) > target) {
        int ow = 0, oh = 0;
        degrade::fit_size(w, h, target, ow, oh);
        degrade::ResizeOptions ro;
        ro.filter = pick_downscale_filter(rng);
        img = degrade::resize(img.view(), ow, oh, ro);
    }
    const double r = rng.uniform01();
    if (r < 0.40) {
        recipe = "original:png";
        return encode_png(img.view());
    }
    if (r < 0.70) {
        JpegEncodeOptions jo;
        jo.quality = rng.uniform_int(92, 100);
        jo.subsampling = rng.chance(0.5) ? ChromaSubsampling::s444 : ChromaSubsampling::s420;
        jo.progressive = rng.chance(0.2);
        recipe = "original:jpeg" + std::to_string(jo.quality);
        return encode_jpeg(img.view(), jo);
    }
    WebpEncodeOptions wo;
    wo.lossless = rng.chance(0.5);
    wo.quality = wo.lossless ? 75.f : static_cast<float>(rng.uniform_int(92, 100));
    recipe = wo.lossless ? "original:webp-lossless" : "original:webp" + std::to_string(static_cast<int>(wo.quality));
    return encode_webp(img.view(), wo);
}

bool same_pixels(const Image& a, const Image& b) {
    return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels() &&
           std::equal(a.data(), a.data() + a.size_bytes(), b.data());
}

}  // namespace

std::vector<SourcePicture> find_pictures(const std::vector<std::string>& dirs) {
    std::map<std::string, std::pair<std::uintmax_t, std::string>> best;  // key -> (size, path)
    for (const std::string& dir : dirs) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) throw Error(Status::io_error, "image folder '" + dir + "' does not exist");
        std::vector<fs::path> files;
        for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file(ec) && image_extension(it->path())) files.push_back(it->path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files) {
            try {
                const ImageInfo info = probe_file(f.string());
                if (info.width < 64 || info.height < 64) continue;
            } catch (const Error&) {
                continue;  // unreadable or unsupported: not a source
            }
            const std::uintmax_t size = fs::file_size(f, ec);
            auto& slot = best[picture_key(f)];
            if (slot.second.empty() || size > slot.first) slot = {size, f.string()};
        }
    }
    std::vector<SourcePicture> out;
    for (const auto& [key, v] : best) out.push_back({key, v.second});
    return out;
}

Group make_group(const std::string& path, std::uint64_t seed, int blocks, int max_side) {
    degrade::Rng rng(seed);
    const Image src = decode_source(path, max_side);
    Group g;
    std::vector<std::uint8_t> bytes = make_original(src, rng, max_side, g.recipe);
    // Copies are made from what the original file holds, as a re-uploader would read it.
    DecodeOptions stored;
    stored.channels = 0;
    Image current = decode_memory(bytes.data(), bytes.size(), stored).image;
    std::vector<Image> kept{current};
    g.copies.push_back(features_from_memory(bytes.data(), bytes.size(), blocks));

    const int generations = rng.chance(0.5) ? 1 : (rng.chance(0.6) ? 2 : 3);
    for (int k = 0; k < generations; ++k) {
        const auto chain = degrade::random_chain(rng, 1, k == 0 ? 3 : 2);
        degrade::DegradedCopy c = degrade::apply_chain(current.view(), chain);
        g.recipe += " | " + c.recipe;
        g.copies.push_back(features_from_memory(c.bytes.data(), c.bytes.size(), blocks));
        current = std::move(c.pixels);
        kept.push_back(current);
    }
    // Every earlier generation is better than every later one (the chain only loses information).
    for (int a = 0; a < static_cast<int>(kept.size()); ++a)
        for (int b = a + 1; b < static_cast<int>(kept.size()); ++b)
            if (!same_pixels(kept[static_cast<std::size_t>(a)], kept[static_cast<std::size_t>(b)]))
                g.pairs.emplace_back(a, b);
    return g;
}

}  // namespace pristine::nn
