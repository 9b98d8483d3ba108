// hash_file / hash_memory: decode at the reduction each hash allows (docs/hashes.md, "Reduced-scale
// decode"), straight to luma, then hash. One decode per distinct reduction among the kinds asked for.
#include "pristine/io/hash_file.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "pristine/color.hpp"

namespace pristine {

namespace {

// The smallest reduced side that keeps each hash (nearly) equal to the full-size one, measured on
// photos (docs/hashes.md, "Reduced-scale decode"; bench_hash_speed --agreement). The seed hashes read
// a 128 x 128 area average, which a 1/8 decode (8 x 8 block means) already gives to within a bit or
// two (Marr-Hildreth too, since it works on 4 x 4 block means of that average); PDQ samples a
// tent-filtered 64 x 64 grid whose window depends on the size, so it wants more pixels.
int min_side_of(HashKind k) noexcept { return k == HashKind::pdq ? 512 : 128; }

void check_hash_options(const std::vector<HashKind>& kinds, const HashFileOptions& o) {
    if (kinds.empty()) throw Error(Status::invalid_argument, "hash_file: no hash kinds given");
    for (HashKind k : kinds)
        if (static_cast<int>(k) < 0 || static_cast<int>(k) > static_cast<int>(HashKind::pdq))
            throw Error(Status::invalid_argument,
                        "hash_file: unknown hash kind " + std::to_string(static_cast<int>(k)));
    if (o.max_scale_denom != 1 && o.max_scale_denom != 2 && o.max_scale_denom != 4 && o.max_scale_denom != 8)
        throw Error(Status::invalid_argument, "hash_file: max_scale_denom must be 1, 2, 4 or 8, got " +
                                                  std::to_string(o.max_scale_denom));
}

// The decoded picture, with its float luma plane made only for the kinds that read the whole plane
// (pdq) or when it has colour: the others start from an area resize of it, which a grey 8-bit
// picture (every JPEG here) gives straight from its bytes, bit for bit the same (resize_area_grey).
class LumaSource {
public:
    explicit LumaSource(const Image& image) : image_(image) {}
    const PlaneF& plane() {
        if (!made_) {
            plane_ = to_luma(image_.view(), LumaFormula::bt601_full);
            made_ = true;
        }
        return plane_;
    }
    int width() const { return image_.width(); }
    int height() const { return image_.height(); }
    // resize_area(plane(), w, h), checked for NaN / infinity like the hashes do.
    PlaneF resized(int w, int h) {
        if (image_.channels() == 1 && !made_) return resize_area_grey(image_.view(), w, h);  // 8-bit: finite
        PlaneF out = resize_area(plane(), w, h);
        if (!out.allFinite()) throw Error(Status::invalid_argument, "luma plane holds NaN or infinite values");
        return out;
    }

private:
    const Image& image_;
    PlaneF plane_;
    bool made_ = false;
};

// Hashes of the kinds computed from one decoded picture (indices into result.kinds).
void hash_picture(LumaSource& src, const std::vector<std::size_t>& which, bool dihedral, HashFileResult& r) {
    PlaneF working;  // the shared 128 x 128 working image of dct, blockmean(-overlap) and mh
    for (std::size_t i : which) {
        const HashKind k = r.kinds[i];
        if (k == HashKind::pdq) {
            if (dihedral) {
                const auto v = pdq_hash_dihedral(src.plane());
                for (int t = 0; t < 8; ++t) r.dihedral[i][t].assign(v[t].bits.begin(), v[t].bits.end());
                r.hashes[i] = r.dihedral[i][0];
                r.pdq_quality = v[0].quality;
            } else {
                const PdqHash h = pdq_hash(src.plane());
                r.hashes[i].assign(h.bits.begin(), h.bits.end());
                r.pdq_quality = h.quality;
            }
            continue;
        }
        if (k == HashKind::radial) {
            // radial keeps the picture's aspect ratio: its own working image (radial_hash.hpp).
            const auto [w, h] = detail::radial_working_size(src.width(), src.height());
            const PlaneF a = detail::radial_working_of_resized(src.resized(w, h));
            if (dihedral) {
                r.dihedral[i] = detail::as_bytes8(detail::radial_hash_dihedral_of_working(a));
                r.hashes[i] = r.dihedral[i][0];
            } else {
                r.hashes[i] = detail::as_bytes(detail::radial_hash_of_working(a));
            }
            continue;
        }
        if (working.size() == 0) working = src.resized(detail::k_seed_working_size, detail::k_seed_working_size);
        if (dihedral) {
            r.dihedral[i] = compute_hash_dihedral(k, working);
            r.hashes[i] = r.dihedral[i][0];
        } else {
            r.hashes[i] = compute_hash(k, working);
        }
    }
}

}  // namespace

int hash_min_side(HashKind kind) noexcept { return min_side_of(kind); }

int hash_scale_denom(HashKind kind, int width, int height, int max_scale_denom) noexcept {
    const int side = std::min(width, height);
    for (int d = 8; d > 1; d /= 2)
        if (d <= max_scale_denom && (side + d - 1) / d >= hash_min_side(kind)) return d;
    return 1;
}

HashFileResult hash_memory(const std::uint8_t* data, std::size_t size, const std::vector<HashKind>& kinds,
                           const HashFileOptions& options) {
    check_hash_options(kinds, options);
    if (data == nullptr && size != 0) throw Error(Status::invalid_argument, "hash_memory: data is NULL");
    HashFileResult r;
    r.kinds = kinds;
    r.hashes.resize(kinds.size());
    r.scale_denoms.assign(kinds.size(), 1);
    if (options.dihedral) r.dihedral.resize(kinds.size());

    // Only JPEG can decode smaller; its header says how much smaller each kind may go.
    const bool jpeg = detect_format(data, size) == Format::jpeg;
    if (jpeg) {
        const ImageInfo header = probe_memory(data, size);
        for (std::size_t i = 0; i < kinds.size(); ++i)
            r.scale_denoms[i] = hash_scale_denom(kinds[i], header.width, header.height, options.max_scale_denom);
    }

    DecodeOptions d;
    // JPEG: its own Y plane, no colour conversion. Others: the pixels as stored, turned into float
    // BT.601 luma below, so that a file hashes exactly like its decoded pixels (compute_hash(view)).
    d.channels = jpeg ? 1 : 0;
    d.apply_orientation = options.apply_orientation;
    d.max_pixels = options.max_pixels;
    d.progressive_dc_only = true;
    std::vector<int> denoms = r.scale_denoms;
    std::sort(denoms.begin(), denoms.end());
    denoms.erase(std::unique(denoms.begin(), denoms.end()), denoms.end());
    for (int denom : denoms) {
        d.scale_denom = denom;
        Decoded decoded = decode_memory(data, size, d);
        if (denom == denoms.front()) r.info = std::move(decoded.info);
        std::vector<std::size_t> which;
        for (std::size_t i = 0; i < kinds.size(); ++i)
            if (r.scale_denoms[i] == denom) which.push_back(i);
        LumaSource src(decoded.image);
        hash_picture(src, which, options.dihedral, r);
    }
    return r;
}

HashFileResult hash_file(const std::string& path, const std::vector<HashKind>& kinds, const HashFileOptions& options) {
    check_hash_options(kinds, options);
    const std::vector<std::uint8_t> bytes = read_file(path);
    HashFileResult r = hash_memory(bytes.data(), bytes.size(), kinds, options);
    r.path = path;
    return r;
}

}  // namespace pristine
