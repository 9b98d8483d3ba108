// Float-vector descriptors in the hash evaluation (make_vector_hasher): CNN embeddings and their
// compressed forms are measured on the same copies and with the same thresholds as the hashes.
#include <cstring>
#include <utility>

#include "pristine/descriptor.hpp"
#include "pristine/dihedral.hpp"
#include "pristine/lab/eval_hashes.hpp"

namespace pristine {

namespace {

class VectorHasher final : public Hasher {
public:
    VectorHasher(std::string name, std::function<std::vector<float>(const ImageView&)> embed, bool dihedral)
        : name_(std::move(name)), embed_(std::move(embed)), dihedral_(dihedral) {}

    std::string name() const override { return name_; }

    std::vector<std::uint8_t> compute(const ImageView& pixels) const override {
        std::vector<std::uint8_t> out;
        const auto append = [&out](const std::vector<float>& v) {
            const std::size_t at = out.size();
            out.resize(at + v.size() * sizeof(float));
            std::memcpy(out.data() + at, v.data(), v.size() * sizeof(float));
        };
        if (!dihedral_) {
            append(embed_(pixels));
            return out;
        }
        for (const Dihedral t : k_all_dihedral) {
            if (t == Dihedral::identity) append(embed_(pixels));
            else append(embed_(transform_dihedral(pixels, t).view()));
        }
        return out;
    }

    double distance(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) const override {
        const std::size_t n = (dihedral_ ? b.size() / 8 : b.size()) / sizeof(float);
        const std::size_t variants = dihedral_ ? 8 : 1;
        if (n == 0 || a.size() != variants * n * sizeof(float) || b.size() != a.size())
            throw Error(Status::invalid_argument, name_ + ": vectors of different sizes");
        std::vector<float> fa(variants * n), fb(n);
        std::memcpy(fa.data(), a.data(), a.size());
        std::memcpy(fb.data(), b.data(), n * sizeof(float));  // the copy's identity vector
        double best = 2.0;
        for (std::size_t k = 0; k < variants; ++k) best = std::min(best, cosine_distance(fa.data() + k * n, fb.data(), n));
        return best / 2.0;
    }

private:
    std::string name_;
    std::function<std::vector<float>(const ImageView&)> embed_;
    bool dihedral_;
};

}  // namespace

std::shared_ptr<const Hasher> make_vector_hasher(std::string name, std::function<std::vector<float>(const ImageView&)> embed,
                                                 bool dihedral) {
    if (!embed) throw Error(Status::invalid_argument, "make_vector_hasher: no embedding function");
    return std::make_shared<VectorHasher>(std::move(name), std::move(embed), dihedral);
}

}  // namespace pristine
