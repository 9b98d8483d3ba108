// The perceptual hashes as descriptors (header-only core): one adapter over the kind records of
// hash/kinds.hpp, so code written against pristine::Descriptor takes every hash kind.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pristine/descriptor.hpp"
#include "pristine/hash/hash.hpp"

namespace pristine {

/// A hash kind as a Descriptor: its name, its size in bytes, bits (Hamming) or bytes (radial), its
/// metric and hash_pixels for compute (Descriptor::distance then equals hash_distance).
class HashDescriptor final : public Descriptor {
public:
    /// Throws Error(invalid_argument) for a number that is no kind.
    explicit HashDescriptor(HashKind kind) : info_(hash_kind_info(kind, "HashDescriptor")) {}

    HashKind kind() const noexcept { return info_.kind; }
    std::string name() const override { return info_.name; }
    std::size_t size() const override { return info_.bytes; }
    DescriptorElement element() const override {
        return info_.metric == HashMetric::hamming ? DescriptorElement::bits : DescriptorElement::bytes;
    }
    DescriptorMetric metric() const override {
        return info_.metric == HashMetric::hamming ? DescriptorMetric::hamming : DescriptorMetric::radial_correlation;
    }
    DescriptorValue compute(const ImageView& pixels) const override {
        DescriptorValue v;
        v.bytes = std::move(hash_pixels(pixels, {info_.kind}).hashes[0]);
        return v;
    }

private:
    const HashKindInfo& info_;
};

/// A descriptor for every hash kind, in the order of their numbers.
inline std::vector<std::unique_ptr<Descriptor>> hash_descriptors() {
    std::vector<std::unique_ptr<Descriptor>> out;
    for (const HashKindInfo& info : k_hash_kinds) out.push_back(std::make_unique<HashDescriptor>(info.kind));
    return out;
}

}  // namespace pristine
