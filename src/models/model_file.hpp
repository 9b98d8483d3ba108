// The model file format (*.pmdl): what a trained scorer is saved as. Torch-free, so tools can read it.
//
//   offset  size  content (little-endian)
//   0       16    magic "PRISTINE-MODEL\0\0"
//   16      4     u32 format version (k_model_format_version)
//   20      4     u32 n = length of the config text
//   24      n     config: a JSON object (architecture, feature version, training record), UTF-8
//   ..      4     u32 number of tensors
//   per tensor:   u32 name length, name bytes, u32 rank, rank x i64 dims, prod(dims) x f32 values
//   end-8   8     u64 xxHash64 (seed 0) of every byte before it
//
// Loaders check magic, version and checksum before trusting any length, then bounds-check every
// length against the bytes left, so a corrupt file is an Error, never a crash or a huge allocation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pristine::nn {

constexpr char k_model_magic[16] = {'P', 'R', 'I', 'S', 'T', 'I', 'N', 'E', '-', 'M', 'O', 'D', 'E', 'L', 0, 0};
constexpr std::uint32_t k_model_format_version = 1;

struct NamedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> values;  ///< prod(shape) values, row-major
};

struct ModelFile {
    std::string config;  ///< JSON object text
    std::vector<NamedTensor> tensors;
};

/// Serialise (with checksum). Throws Error(invalid_argument) when a tensor's values do not match its shape.
std::vector<std::uint8_t> serialize_model(const ModelFile& model);
/// Parse. Throws Error(bad_file_version) for a wrong magic, version or checksum and
/// Error(corrupt_data) for truncated or inconsistent contents; `what` names the file in messages.
ModelFile parse_model(const std::vector<std::uint8_t>& bytes, const std::string& what);

/// read_file + parse_model / serialize_model + write_file (Error(io_error) when the file system fails).
ModelFile load_model_file(const std::string& path);
void save_model_file(const std::string& path, const ModelFile& model);

}  // namespace pristine::nn
