// hash_file / hash_memory: decode at the reduction each hash allows (docs/hashes.md, "Reduced-scale
// decode"), straight to luma, then hash through the one planner (hash/plan.hpp). One decode per
// distinct reduction among the kinds asked for.
#include "pristine/io/hash_file.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "hashing/hash_options.hpp"
#include "io/with_path.hpp"

namespace pristine {

namespace detail {

void check_hash_file_options(const std::vector<HashKind>& kinds, const HashFileOptions& o, const char* who) {
    if (kinds.empty()) throw Error(Status::invalid_argument, std::string(who) + ": no hash kinds given");
    for (HashKind k : kinds) hash_kind_info(k, who);
    if (o.max_scale_denom != 1 && o.max_scale_denom != 2 && o.max_scale_denom != 4 && o.max_scale_denom != 8)
        throw Error(Status::invalid_argument, std::string(who) + ": max_scale_denom must be 1, 2, 4 or 8, got " +
                                                  std::to_string(o.max_scale_denom));
}

HashFileResult empty_hash_file_result(const std::vector<HashKind>& kinds, const HashFileOptions& o) {
    HashFileResult r;
    static_cast<PictureHashes&>(r) = empty_picture_hashes(kinds, o.dihedral, "hash_file");
    r.scale_denoms.assign(kinds.size(), 1);
    return r;
}

}  // namespace detail

int hash_min_side(HashKind kind) noexcept {
    return is_valid_hash_kind(kind) ? k_hash_kinds[static_cast<std::size_t>(kind)].min_decode_side : 1;
}

int hash_scale_denom(HashKind kind, int width, int height, int max_scale_denom) noexcept {
    const int side = std::min(width, height);
    for (int d = 8; d > 1; d /= 2)
        if (d <= max_scale_denom && (side + d - 1) / d >= hash_min_side(kind)) return d;
    return 1;
}

HashFileResult hash_memory(const std::uint8_t* data, std::size_t size, const std::vector<HashKind>& kinds,
                           const HashFileOptions& options) {
    detail::check_hash_file_options(kinds, options, "hash_file");
    if (data == nullptr && size != 0) throw Error(Status::invalid_argument, "hash_memory: data is NULL");
    HashFileResult r = detail::empty_hash_file_result(kinds, options);
    // The reference program's pdq (pdq_reference_tool) comes from its own full-size decode, below.
    std::vector<std::size_t> planned(kinds.size()), tool;
    for (std::size_t i = 0; i < kinds.size(); ++i) planned[i] = i;
    if (options.pdq_reference_tool) {
        planned = pdq_indices(kinds, false);
        tool = pdq_indices(kinds, true);
    }

    // Only JPEG can decode smaller; its header says how much smaller each kind may go.
    const bool jpeg = detect_format(data, size) == Format::jpeg;
    if (jpeg && !planned.empty()) {
        const ImageInfo header = probe_memory(data, size);
        for (std::size_t i : planned)
            r.scale_denoms[i] = hash_scale_denom(kinds[i], header.width, header.height, options.max_scale_denom);
    }

    DecodeOptions d;
    // JPEG: its own Y plane, no colour conversion. Others: the pixels as stored, turned into float
    // BT.601 luma by the planner, so that a file hashes exactly like its decoded pixels (hash_pixels).
    d.channels = jpeg ? 1 : 0;
    d.apply_orientation = options.apply_orientation;
    d.max_pixels = options.max_pixels;
    d.progressive_dc_only = true;
    std::vector<int> denoms;
    for (std::size_t i : planned) denoms.push_back(r.scale_denoms[i]);
    std::sort(denoms.begin(), denoms.end());
    denoms.erase(std::unique(denoms.begin(), denoms.end()), denoms.end());
    for (int denom : denoms) {
        d.scale_denom = denom;
        Decoded decoded = decode_memory(data, size, d);
        if (denom == denoms.front()) r.info = std::move(decoded.info);
        std::vector<std::size_t> which;
        for (std::size_t i : planned)
            if (r.scale_denoms[i] == denom) which.push_back(i);
        HashLuma luma(decoded.image.view());
        plan_hashes(luma, which, options.dihedral, r);
    }
    if (!tool.empty()) {
        // As the reference program reads files: full size, RGB (grey stays grey), EXIF orientation
        // not applied; libjpeg's default IDCT and upsampling, as there.
        DecodeOptions t;
        t.channels = 0;
        t.apply_orientation = false;
        t.max_pixels = options.max_pixels;
        Decoded decoded = decode_memory(data, size, t);
        if (planned.empty()) r.info = std::move(decoded.info);
        plan_pdq_tool(decoded.image.view(), tool, options.dihedral, r);
    }
    return r;
}

HashFileResult hash_file(const std::string& path, const std::vector<HashKind>& kinds, const HashFileOptions& options) {
    detail::check_hash_file_options(kinds, options, "hash_file");
    HashFileResult r = io::with_path(path, [&] {
        const std::vector<std::uint8_t> bytes = read_file(path);
        return hash_memory(bytes.data(), bytes.size(), kinds, options);
    });
    r.path = path;
    return r;
}

}  // namespace pristine
