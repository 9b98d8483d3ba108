// The descriptor interface (header-only core): anything that turns a picture into a fixed-size code
// compared by a distance — the perceptual hashes today (descriptor_hash.hpp), a CNN embedding
// (model-dependent size, float output, cosine) or compressed codes (product quantisation) later.
// Indexes and search are written against this interface, not against one kind of code.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/hash/bits.hpp"
#include "pristine/hash/radial_hash.hpp"
#include "pristine/image.hpp"

namespace pristine {

/// What a descriptor's elements are.
enum class DescriptorElement {
    bits,   ///< a bit string, `size()` bytes (compared by Hamming distance)
    bytes,  ///< `size()` bytes that are numbers or codes (the radial hash; product-quantised codes)
    f32,    ///< `size()` floats (an embedding)
};

/// How two values of a descriptor are compared. Every metric is a distance: 0 = identical.
enum class DescriptorMetric {
    hamming,             ///< differing bits
    l2,                  ///< Euclidean distance of the floats
    cosine,              ///< 1 - cosine similarity of the floats (0..2)
    radial_correlation,  ///< 1 - peak cross-correlation of the radial hash's 40 bytes (0..2)
};

/// 1 - cosine similarity of two float vectors of n values (0..2). A zero vector is as far from
/// everything as an orthogonal one (1).
inline double cosine_distance(const float* a, const float* b, std::size_t n) noexcept {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ab += static_cast<double>(a[i]) * b[i];
        aa += static_cast<double>(a[i]) * a[i];
        bb += static_cast<double>(b[i]) * b[i];
    }
    return aa > 0 && bb > 0 ? 1.0 - ab / std::sqrt(aa * bb) : 1.0;
}

/// One computed value: `bytes` for bits / bytes elements, `floats` for f32 (the other one empty).
struct DescriptorValue {
    std::vector<std::uint8_t> bytes;
    std::vector<float> floats;
};

/// A kind of descriptor. Implementations are immutable after construction: every member is const and
/// thread-safe.
class Descriptor {
public:
    virtual ~Descriptor() = default;

    /// Stable short name ("pdq", or a model's name).
    virtual std::string name() const = 0;
    /// Elements of a value: bytes for bits / bytes, floats for f32 (may depend on a loaded model).
    virtual std::size_t size() const = 0;
    virtual DescriptorElement element() const = 0;
    virtual DescriptorMetric metric() const = 0;

    /// The value of 8-bit pixels (1..4 channels; alpha ignored). Throws Error(invalid_argument) for a
    /// bad view, or the implementation's own errors.
    virtual DescriptorValue compute(const ImageView& pixels) const = 0;

    /// Distance between two values of this descriptor under metric() (0 = identical). The default
    /// implements every DescriptorMetric; codes with their own distance (product quantisation)
    /// override it. Throws Error(invalid_argument) when a value does not have size() elements of
    /// element()'s type.
    virtual double distance(const DescriptorValue& a, const DescriptorValue& b) const {
        check_value(a);
        check_value(b);
        switch (metric()) {
            case DescriptorMetric::hamming: return hamming_distance(a.bytes.data(), b.bytes.data(), a.bytes.size());
            case DescriptorMetric::radial_correlation: {
                if (a.bytes.size() != 40) break;
                return 1.0 - radial_hash_similarity(a.bytes.data(), b.bytes.data());
            }
            case DescriptorMetric::l2: {
                double s = 0;
                for (std::size_t i = 0; i < a.floats.size(); ++i) {
                    const double d = static_cast<double>(a.floats[i]) - b.floats[i];
                    s += d * d;
                }
                return std::sqrt(s);
            }
            case DescriptorMetric::cosine: return cosine_distance(a.floats.data(), b.floats.data(), a.floats.size());
        }
        throw Error(Status::invalid_argument, name() + ": no distance for this metric and size");
    }

protected:
    /// Throws Error(invalid_argument) unless `v` holds size() elements of element()'s type.
    void check_value(const DescriptorValue& v) const {
        const bool floats = element() == DescriptorElement::f32;
        const std::size_t n = floats ? v.floats.size() : v.bytes.size();
        if (n != size() || (floats ? !v.bytes.empty() : !v.floats.empty()))
            throw Error(Status::invalid_argument, name() + ": a value has " + std::to_string(n) + " " +
                                                      (floats ? "floats" : "bytes") + ", expected " +
                                                      std::to_string(size()));
    }
};

}  // namespace pristine
