// Reading and writing *.pmdl model files (format in model_file.hpp).
#include "models/model_file.hpp"

#include <cstring>
#include <filesystem>

#include <xxhash.h>

#include "pristine/error.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::nn {

namespace {

// Explicit little-endian packing, so files are portable across hosts.
void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put_u64(std::vector<std::uint8_t>& b, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_le(const std::uint8_t* p, int n) {
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

// Cursor over the checked payload; every read is bounds-checked.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size, const std::string& what)
        : p_(data), left_(size), what_(what) {}
    void need(std::size_t n, const char* field) const {
        if (n > left_)
            throw Error(Status::corrupt_data, "model file '" + what_ + "' is truncated or corrupt (reading " + field +
                                                  ")");
    }
    std::uint32_t u32(const char* field) {
        need(4, field);
        const auto v = static_cast<std::uint32_t>(get_le(p_, 4));
        skip(4);
        return v;
    }
    std::int64_t i64(const char* field) {
        need(8, field);
        const auto v = static_cast<std::int64_t>(get_le(p_, 8));
        skip(8);
        return v;
    }
    std::string str(std::size_t n, const char* field) {
        need(n, field);
        std::string s(reinterpret_cast<const char*>(p_), n);
        skip(n);
        return s;
    }
    void floats(std::vector<float>& out, std::size_t n, const char* field) {
        if (n > left_ / 4) need(left_ + 1, field);
        out.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const auto bits = static_cast<std::uint32_t>(get_le(p_ + 4 * i, 4));
            std::memcpy(&out[i], &bits, 4);
        }
        skip(4 * n);
    }
    std::size_t left() const { return left_; }

private:
    void skip(std::size_t n) {
        p_ += n;
        left_ -= n;
    }
    const std::uint8_t* p_;
    std::size_t left_;
    const std::string& what_;
};

}  // namespace

std::vector<std::uint8_t> serialize_model(const ModelFile& model) {
    std::vector<std::uint8_t> b(k_model_magic, k_model_magic + 16);
    put_u32(b, k_model_format_version);
    put_u32(b, static_cast<std::uint32_t>(model.config.size()));
    b.insert(b.end(), model.config.begin(), model.config.end());
    put_u32(b, static_cast<std::uint32_t>(model.tensors.size()));
    for (const NamedTensor& t : model.tensors) {
        std::int64_t n = 1;
        for (const std::int64_t d : t.shape) n *= d;
        if (n != static_cast<std::int64_t>(t.values.size()))
            throw Error(Status::invalid_argument, "model tensor '" + t.name + "' has a shape that does not match its values");
        put_u32(b, static_cast<std::uint32_t>(t.name.size()));
        b.insert(b.end(), t.name.begin(), t.name.end());
        put_u32(b, static_cast<std::uint32_t>(t.shape.size()));
        for (const std::int64_t d : t.shape) put_u64(b, static_cast<std::uint64_t>(d));
        for (const float v : t.values) {
            std::uint32_t bits;
            std::memcpy(&bits, &v, 4);
            put_u32(b, bits);
        }
    }
    put_u64(b, XXH64(b.data(), b.size(), 0));
    return b;
}

ModelFile parse_model(const std::vector<std::uint8_t>& bytes, const std::string& what) {
    const std::string name = "model file '" + what + "'";
    if (bytes.size() < 16 || std::memcmp(bytes.data(), k_model_magic, 16) != 0)
        throw Error(Status::bad_file_version, name + " is not a pristine model (wrong magic)");
    if (bytes.size() < 20 + 8)
        throw Error(Status::corrupt_data, name + " is truncated (" + std::to_string(bytes.size()) + " bytes)");
    const auto version = static_cast<std::uint32_t>(get_le(bytes.data() + 16, 4));
    if (version != k_model_format_version)
        throw Error(Status::bad_file_version, name + " has format version " + std::to_string(version) +
                                                  "; this pristine reads version " +
                                                  std::to_string(k_model_format_version));
    const std::size_t body = bytes.size() - 8;
    if (XXH64(bytes.data(), body, 0) != get_le(bytes.data() + body, 8))
        throw Error(Status::bad_file_version, name + " fails its checksum (truncated or corrupted)");

    Reader r(bytes.data() + 20, body - 20, what);
    ModelFile m;
    const std::uint32_t config_len = r.u32("config length");
    m.config = r.str(config_len, "config");
    const std::uint32_t count = r.u32("tensor count");
    for (std::uint32_t i = 0; i < count; ++i) {
        NamedTensor t;
        const std::uint32_t name_len = r.u32("tensor name length");
        t.name = r.str(name_len, "tensor name");
        const std::uint32_t rank = r.u32("tensor rank");
        if (rank > 8) throw Error(Status::corrupt_data, name + ": tensor '" + t.name + "' has rank " + std::to_string(rank));
        std::uint64_t n = 1;
        for (std::uint32_t k = 0; k < rank; ++k) {
            const std::int64_t d = r.i64("tensor shape");
            if (d < 0 || d > (std::int64_t{1} << 31))
                throw Error(Status::corrupt_data, name + ": tensor '" + t.name + "' has a bad dimension");
            t.shape.push_back(d);
            n *= static_cast<std::uint64_t>(d);
            if (n > r.left()) throw Error(Status::corrupt_data, name + ": tensor '" + t.name + "' is larger than the file");
        }
        r.floats(t.values, static_cast<std::size_t>(n), "tensor values");
        m.tensors.push_back(std::move(t));
    }
    if (r.left() != 0) throw Error(Status::corrupt_data, name + " has trailing bytes after its tensors");
    return m;
}

ModelFile load_model_file(const std::string& path) { return parse_model(read_file(path), path); }

void save_model_file(const std::string& path, const ModelFile& model) {
    // Write to a temporary name and rename, so a crash never leaves a half-written model under `path`.
    const std::string tmp = path + ".tmp";
    write_file(tmp, serialize_model(model));
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(Status::io_error, "cannot rename '" + tmp + "' to '" + path + "': " + ec.message());
}

}  // namespace pristine::nn
