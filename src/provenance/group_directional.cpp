// The directional evidence of every two copies of a group (pristine/io/provenance.hpp), aligned as
// the matcher aligns them.
#include "pristine/executor.hpp"
#include "pristine/io/provenance.hpp"

namespace pristine {

std::vector<DirectionalEvidence> group_directional_evidence(const std::vector<const Fingerprint*>& prints,
                                                            const std::vector<const CopyPixels*>& pixels,
                                                            const std::vector<std::size_t>& classes, const MatchOptions& options,
                                                            int threads) {
    const std::size_t k = prints.size();
    std::vector<DirectionalEvidence> out(k * k);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t x = 0; x < k; ++x)
        for (std::size_t y = x + 1; y < k; ++y)
            if (classes[x] != classes[y] && prints[x] != nullptr && prints[y] != nullptr && pixels[x] != nullptr && pixels[y] != nullptr)
                pairs.emplace_back(x, y);
    BatchOptions batch;
    batch.threads = threads;
    run_for_each(pairs.size(), batch, [&](std::size_t i) {
        const auto [x, y] = pairs[i];
        const PairEvidence match = compare_fingerprints(*prints[x], *prints[y], options);
        out[x * k + y] = directional_evidence(*pixels[x], *pixels[y], match.alignment.transform, match.frame);
        out[y * k + x] = reversed(out[x * k + y]);
    });
    return out;
}

}  // namespace pristine
