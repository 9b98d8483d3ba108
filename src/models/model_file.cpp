// Reading and writing *.pmdl model files (format in model_file.hpp).
#include "models/model_file.hpp"

#include "models/binary_format.hpp"

#include <cstring>
#include <filesystem>

#include <xxhash.h>

#include "pristine/error.hpp"
#include "pristine/io/image_io.hpp"

namespace pristine::nn {


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
    Reader r = open_container(bytes, k_model_magic, k_model_format_version, name, "a pristine model");
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
