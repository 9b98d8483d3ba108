// Reading and writing *.pemb embedder files (format in embedder_file.hpp).
#include "models/embedder_file.hpp"

#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "models/binary_format.hpp"
#include "pristine/error.hpp"

namespace pristine::nn {

bool is_embedder_file(const std::vector<std::uint8_t>& bytes) noexcept {
    return bytes.size() >= 16 && std::memcmp(bytes.data(), k_embedder_magic, 16) == 0;
}

std::vector<std::uint8_t> serialize_embedder(const EmbedderFile& file) {
    std::vector<std::uint8_t> b(k_embedder_magic, k_embedder_magic + 16);
    put_u32(b, k_embedder_format_version);
    put_u32(b, static_cast<std::uint32_t>(file.config.size()));
    b.insert(b.end(), file.config.begin(), file.config.end());
    put_u64(b, file.torchscript.size());
    b.insert(b.end(), file.torchscript.begin(), file.torchscript.end());
    put_u64(b, XXH64(b.data(), b.size(), 0));
    return b;
}

EmbedderFile parse_embedder(const std::vector<std::uint8_t>& bytes, const std::string& what) {
    const std::string name = "embedder file '" + what + "'";
    Reader r = open_container(bytes, k_embedder_magic, k_embedder_format_version, name, "a pristine embedder");
    EmbedderFile f;
    f.config = r.str(r.u32("config length"), "config");
    const std::uint64_t m = r.u64("network length");
    if (m > r.left()) r.need(r.left() + 1, "network");
    f.torchscript = r.bytes(static_cast<std::size_t>(m), "network");
    if (r.left() != 0) throw Error(Status::corrupt_data, name + " has trailing bytes after its network");
    return f;
}

namespace {

[[noreturn]] void bad(const std::string& what, const std::string& field, const std::string& why) {
    throw Error(Status::corrupt_data, "embedder file '" + what + "': config field '" + field + "' " + why);
}

float number(const nlohmann::json& j, const char* key, float fallback, const std::string& what) {
    if (!j.contains(key)) return fallback;
    if (!j[key].is_number()) bad(what, key, "is not a number");
    const double v = j[key].get<double>();
    if (!std::isfinite(v)) bad(what, key, "is not finite");
    return static_cast<float>(v);
}

std::array<float, 3> triple(const nlohmann::json& j, const char* key, float fallback, const std::string& what) {
    std::array<float, 3> v{fallback, fallback, fallback};
    if (!j.contains(key)) return v;
    const nlohmann::json& a = j[key];
    if (!a.is_array() || a.size() != 3) bad(what, key, "is not a list of 3 numbers");
    for (int c = 0; c < 3; ++c) {
        if (!a[c].is_number() || !std::isfinite(a[c].get<double>())) bad(what, key, "holds a value that is not a number");
        v[c] = a[c].get<float>();
    }
    return v;
}

std::size_t dim_field(const nlohmann::json& j, const char* key, const std::string& what) {
    if (!j.contains(key)) return 0;
    if (!j[key].is_number_integer() || j[key].get<long long>() < 1 || j[key].get<long long>() > (1 << 20))
        bad(what, key, "must be a positive integer");
    return j[key].get<std::size_t>();
}

int side(const nlohmann::json& j, const char* key, const std::string& what) {
    if (!j.contains(key) || !j[key].is_number_integer()) bad(what, std::string("input.") + key, "is missing or not an integer");
    const auto v = j[key].get<long long>();
    if (v < 1 || v > 4096) bad(what, std::string("input.") + key, "must be 1..4096");
    return static_cast<int>(v);
}

}  // namespace

EmbedderConfig embedder_config_from_json(const std::string& text, const std::string& what) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error(Status::corrupt_data, "embedder file '" + what + "': config is not a JSON object");
    EmbedderConfig c;
    if (j.contains("kind") && j["kind"] != "embedder") {
        const std::string kind = j["kind"].is_string() ? j["kind"].get<std::string>() : j["kind"].dump();
        throw Error(Status::corrupt_data,
                    "embedder file '" + what + "' holds a " + kind + ", not an image embedder" +
                        (kind == "head" ? ": put it on its backbone with scripts/embedder/compose_embedder.py" : ""));
    }
    if (j.contains("name") && j["name"].is_string()) c.name = j["name"].get<std::string>();
    c.dim = dim_field(j, "dim", what);
    if (j.contains("methods")) {
        if (!j["methods"].is_object()) bad(what, "methods", "is not an object");
        for (const auto& [name, m] : j["methods"].items())
            c.method_dims[name] = m.is_object() ? dim_field(m, "dim", what) : 0;
    }
    if (!j.contains("input") || !j["input"].is_object()) bad(what, "input", "is missing");
    const nlohmann::json& in = j["input"];
    c.input.width = side(in, "width", what);
    c.input.height = side(in, "height", what);
    const std::string fit = in.value("fit", "stretch");
    if (fit == "stretch") c.input.fit = EmbedderInput::Fit::stretch;
    else if (fit == "center_crop") c.input.fit = EmbedderInput::Fit::center_crop;
    else bad(what, "input.fit", "is '" + fit + "'; known: stretch, center_crop");
    const std::string filter = in.value("filter", "area");
    if (filter == "area") c.input.filter = EmbedderInput::Filter::area;
    else if (filter == "bilinear") c.input.filter = EmbedderInput::Filter::bilinear;
    else bad(what, "input.filter", "is '" + filter + "'; known: area, bilinear");
    if (in.contains("align_corners")) {
        if (!in["align_corners"].is_boolean()) bad(what, "input.align_corners", "is not true or false");
        c.input.align_corners = in["align_corners"].get<bool>();
    }
    if (in.value("channels", std::string("rgb")) != "rgb") bad(what, "input.channels", "must be \"rgb\"");
    c.input.scale = number(in, "scale", 1.0f / 255.0f, what);
    c.input.mean = triple(in, "mean", 0.0f, what);
    c.input.std = triple(in, "std", 1.0f, what);
    for (const float s : c.input.std)
        if (s == 0.0f) bad(what, "input.std", "holds a zero");
    if (j.contains("output")) {
        const nlohmann::json& out = j["output"];
        if (!out.is_object()) bad(what, "output", "is not an object");
        if (out.contains("method")) {
            if (!out["method"].is_string() || out["method"].get<std::string>().empty()) bad(what, "output.method", "is not a name");
            c.method = out["method"].get<std::string>();
        }
        if (out.contains("normalize")) {
            if (!out["normalize"].is_boolean()) bad(what, "output.normalize", "is not true or false");
            c.normalize = out["normalize"].get<bool>();
        }
    }
    return c;
}

}  // namespace pristine::nn
