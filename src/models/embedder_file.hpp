// The embedder model file (*.pemb): a TorchScript network together with its preprocessing and its
// provenance. Torch-free, so tools can read it.
//
//   offset  size  content (little-endian)
//   0       16    magic "PRISTINE-EMBED\0\0"
//   16      4     u32 format version (k_embedder_format_version)
//   20      4     u32 n = length of the config text
//   24      n     config: a JSON object (name, dim, input, output, methods, source, conversion), UTF-8
//   24+n    8     u64 m = length of the TorchScript archive
//   32+n    m     the TorchScript archive (what torch.jit.save writes: a zip file)
//   end-8   8     u64 xxHash64 (seed 0) of every byte before it
//
// The magic, version and checksum are checked before any length is trusted, and every length is
// bounds-checked, so a corrupt file is an Error, never a crash or a huge allocation.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pristine/models/embedder.hpp"

namespace pristine::nn {

constexpr char k_embedder_magic[16] = {'P', 'R', 'I', 'S', 'T', 'I', 'N', 'E', '-', 'E', 'M', 'B', 'E', 'D', 0, 0};
constexpr std::uint32_t k_embedder_format_version = 1;

struct EmbedderFile {
    std::string config;                     ///< JSON object text
    std::vector<std::uint8_t> torchscript;  ///< the archive torch.jit.load reads
};

/// What the config says (the fields pristine uses; the rest is provenance for people).
struct EmbedderConfig {
    std::string name;
    std::size_t dim = 0;     ///< 0 = not stated (found by running the network)
    EmbedderInput input;
    std::string method = "forward";
    bool normalize = false;
    /// Other methods the file names under "methods", with their vector sizes (0 = not stated).
    std::map<std::string, std::size_t> method_dims;

    /// The size the file states for the vectors of `m` (0 = not stated).
    std::size_t dim_of(const std::string& m) const {
        if (m == method) return dim;
        const auto it = method_dims.find(m);
        return it == method_dims.end() ? 0 : it->second;
    }
};

/// True when `bytes` start with the embedder magic (whatever the version).
bool is_embedder_file(const std::vector<std::uint8_t>& bytes) noexcept;

std::vector<std::uint8_t> serialize_embedder(const EmbedderFile& file);
/// Throws Error(bad_file_version) for a wrong magic, version or checksum and Error(corrupt_data) for
/// truncated or inconsistent contents; `what` names the file in messages.
EmbedderFile parse_embedder(const std::vector<std::uint8_t>& bytes, const std::string& what);

/// Reads the config's JSON. Throws Error(corrupt_data) naming `what` and the field for a missing or
/// bad value (sizes 1..4096, a known fit and filter, std != 0).
EmbedderConfig embedder_config_from_json(const std::string& text, const std::string& what);

}  // namespace pristine::nn
