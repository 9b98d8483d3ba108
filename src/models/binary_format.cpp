// The container checks shared by the model file formats (see binary_format.hpp).
#include "models/binary_format.hpp"

#include <xxhash.h>

namespace pristine::nn {

Reader open_container(const std::vector<std::uint8_t>& bytes, const char (&magic)[16], std::uint32_t version,
                      const std::string& name, const char* kind) {
    if (bytes.size() < 16 || std::memcmp(bytes.data(), magic, 16) != 0)
        throw Error(Status::bad_file_version, name + " is not " + kind + " (wrong magic)");
    if (bytes.size() < 20 + 8)
        throw Error(Status::corrupt_data, name + " is truncated (" + std::to_string(bytes.size()) + " bytes)");
    const auto found = static_cast<std::uint32_t>(get_le(bytes.data() + 16, 4));
    if (found != version)
        throw Error(Status::bad_file_version, name + " has format version " + std::to_string(found) +
                                                  "; this pristine reads version " + std::to_string(version));
    const std::size_t body = bytes.size() - 8;
    if (XXH64(bytes.data(), body, 0) != get_le(bytes.data() + body, 8))
        throw Error(Status::bad_file_version, name + " fails its checksum (truncated or corrupted)");
    return Reader(bytes.data() + 20, body - 20, name);
}

}  // namespace pristine::nn
