// Entry bytes of the fingerprint cache: explicit little-endian fields, so that a cache file reads the
// same on every machine; every read is bounds-checked and every enum range-checked.
#include "duplicates/fingerprint_cache_blob.hpp"

#include <cstring>
#include <string>

namespace pristine::fingerprint_blob {

namespace {

class Writer {
public:
    std::vector<std::uint8_t> bytes;
    void u8(unsigned v) { bytes.push_back(static_cast<std::uint8_t>(v)); }
    void u16(std::uint16_t v) { u8(v & 0xff), u8(v >> 8); }
    void u32(std::uint32_t v) {
        for (int s = 0; s < 32; s += 8) u8((v >> s) & 0xff);
    }
    void u64(std::uint64_t v) {
        for (int s = 0; s < 64; s += 8) u8(static_cast<unsigned>((v >> s) & 0xff));
    }
    void i32(int v) { u32(static_cast<std::uint32_t>(v)); }
    void str(const std::string& s) {
        u32(static_cast<std::uint32_t>(s.size()));
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
    template <std::size_t N>
    void raw(const std::array<std::uint8_t, N>& a) {
        bytes.insert(bytes.end(), a.begin(), a.end());
    }
};

// Reads fields in order; once a read runs past the end, `ok` stays false and reads give zeros.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}
    bool ok = true;
    bool at_end() const { return p_ == end_; }
    unsigned u8() { return take(1) ? p_[-1] : 0; }
    std::uint16_t u16() {
        const unsigned lo = u8();
        return static_cast<std::uint16_t>(lo | (u8() << 8));
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int s = 0; s < 32; s += 8) v |= std::uint32_t{u8()} << s;
        return v;
    }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        for (int s = 0; s < 64; s += 8) v |= std::uint64_t{u8()} << s;
        return v;
    }
    int i32() { return static_cast<int>(u32()); }
    bool flag() {
        const unsigned v = u8();
        if (v > 1) ok = false;
        return v == 1;
    }
    std::string str() {
        const std::uint32_t n = u32();
        if (!take(n)) return {};
        return std::string(reinterpret_cast<const char*>(p_ - n), n);
    }
    template <std::size_t N>
    void raw(std::array<std::uint8_t, N>& a) {
        if (take(N)) std::memcpy(a.data(), p_ - N, N);
    }

private:
    bool take(std::size_t n) {
        if (!ok || static_cast<std::size_t>(end_ - p_) < n) return ok = false;
        p_ += n;
        return true;
    }
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

// Formats are stored by number; a number this build does not know is no valid entry.
bool known_format(int v) {
    if (v < 0 || v > 15) return false;
    return v == 0 || std::strcmp(format_name(static_cast<Format>(v)), "unknown") != 0;
}

void write_info(Writer& w, const ImageInfo& i) {
    w.i32(static_cast<int>(i.format));
    w.i32(i.width), w.i32(i.height), w.i32(i.display_width), w.i32(i.display_height);
    w.u64(i.file_size);
    w.i32(i.frames), w.i32(i.bit_depth), w.i32(i.channels);
    w.u8(i.has_alpha), w.u8(i.palette);
    w.i32(i.orientation);
    w.u8(i.jpeg.has_value());
    if (!i.jpeg) return;
    const JpegInfo& j = *i.jpeg;
    w.i32(j.components);
    w.str(j.subsampling);
    w.u8(j.progressive), w.u8(j.arithmetic);
    w.i32(j.num_quant_tables);
    for (const auto& table : j.quant_tables)
        for (std::uint16_t q : table) w.u16(q);
    w.i32(j.quality_estimate);
    w.u8(j.quality_exact);
}

void read_info(Reader& r, ImageInfo& i) {
    const int format = r.i32();
    if (!known_format(format)) r.ok = false;
    i.format = r.ok ? static_cast<Format>(format) : Format::unknown;
    i.width = r.i32(), i.height = r.i32(), i.display_width = r.i32(), i.display_height = r.i32();
    i.file_size = r.u64();
    i.frames = r.i32(), i.bit_depth = r.i32(), i.channels = r.i32();
    i.has_alpha = r.flag(), i.palette = r.flag();
    i.orientation = r.i32();
    i.jpeg.reset();
    if (!r.flag()) return;
    JpegInfo j;
    j.components = r.i32();
    j.subsampling = r.str();
    j.progressive = r.flag(), j.arithmetic = r.flag();
    j.num_quant_tables = r.i32();
    for (auto& table : j.quant_tables)
        for (std::uint16_t& q : table) q = r.u16();
    j.quality_estimate = r.i32();
    j.quality_exact = r.flag();
    i.jpeg = std::move(j);
}

void write_view(Writer& w, const FingerprintView& v) {
    w.u8(static_cast<unsigned>(v.region));
    for (const auto& h : v.pdq) w.raw(h);
    w.i32(v.quality);
    for (const auto& h : v.dct) w.raw(h);
    for (const auto& h : v.mean) w.raw(h);
    w.raw(v.luma);
    w.raw(v.chroma);
}

void read_view(Reader& r, FingerprintView& v) {
    const unsigned region = r.u8();
    if (region > static_cast<unsigned>(ViewRegion::centre_inner)) r.ok = false;
    v.region = static_cast<ViewRegion>(region);
    for (auto& h : v.pdq) r.raw(h);
    v.quality = r.i32();
    for (auto& h : v.dct) r.raw(h);
    for (auto& h : v.mean) r.raw(h);
    r.raw(v.luma);
    r.raw(v.chroma);
}

// More views than any fingerprint has: a larger count is no valid entry (and no huge allocation).
constexpr std::uint32_t k_max_views = 16;

}  // namespace

std::vector<std::uint8_t> encode(const FingerprintResult& result) {
    Writer w;
    w.i32(static_cast<int>(result.status));
    w.str(result.error);
    if (result.ok()) {
        write_info(w, result.fingerprint.info);
        w.u32(static_cast<std::uint32_t>(result.fingerprint.views.size()));
        for (const FingerprintView& v : result.fingerprint.views) write_view(w, v);
        w.raw(result.fingerprint.luma);
    }
    return std::move(w.bytes);
}

bool decode(const std::uint8_t* data, std::size_t size, FingerprintResult& out) {
    Reader r(data, size);
    const int status = r.i32();
    if (std::strcmp(status_name(static_cast<Status>(status)), "unknown") == 0) return false;
    out.status = static_cast<Status>(status);
    out.error = r.str();
    out.fingerprint = Fingerprint{};
    if (out.ok()) {
        read_info(r, out.fingerprint.info);
        const std::uint32_t n = r.u32();
        if (n == 0 || n > k_max_views) return false;
        out.fingerprint.views.resize(n);
        for (FingerprintView& v : out.fingerprint.views) read_view(r, v);
        r.raw(out.fingerprint.luma);
    }
    return r.ok && r.at_end();
}

}  // namespace pristine::fingerprint_blob
