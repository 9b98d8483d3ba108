// ISO-BMFF facts for HEIC and AVIF: the format named by the file type box, and the primary image's
// size and irot/imir transforms (libheif 1.15 applies the transforms but does not report them).
// The input is untrusted: every read is bounds checked and anything unreadable gives the defaults.
#include "io/bmff.hpp"

#include <cstring>
#include <new>
#include <vector>

namespace pristine::io {

namespace {

std::uint32_t be16(const std::uint8_t* p) { return (std::uint32_t{p[0]} << 8) | p[1]; }
std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::uint64_t be64(const std::uint8_t* p) { return (std::uint64_t{be32(p)} << 32) | be32(p + 4); }

bool is(const std::uint8_t* fourcc, const char* name) { return std::memcmp(fourcc, name, 4) == 0; }

// ---- file type

enum class Brand { other, heic, avif, general };

Brand brand_of(const std::uint8_t* b) {
    for (const char* name : {"heic", "heix", "heim", "heis", "hevc", "hevx"})
        if (is(b, name)) return Brand::heic;
    if (is(b, "avif") || is(b, "avis")) return Brand::avif;
    if (is(b, "mif1") || is(b, "msf1")) return Brand::general;
    return Brand::other;
}

// ---- boxes

struct Box {
    const std::uint8_t* type = nullptr;
    std::size_t body = 0;  // offset of the payload
    std::size_t end = 0;   // offset just past the box
};

// The box at `at`, which must end by `limit`; false when its header does not fit or its size lies.
bool read_box(const std::uint8_t* d, std::size_t at, std::size_t limit, Box& box) {
    if (at > limit || limit - at < 8) return false;
    std::uint64_t size = be32(d + at);
    std::size_t header = 8;
    if (size == 1) {
        if (limit - at < 16) return false;
        size = be64(d + at + 8);
        header = 16;
    } else if (size == 0) {
        size = limit - at;  // the box runs to the end of its parent
    }
    if (size < header || size > limit - at) return false;
    box.type = d + at + 4;
    box.body = at + header;
    box.end = at + static_cast<std::size_t>(size);
    return true;
}

// The first child of type `name` among the boxes in [begin, end).
bool find_child(const std::uint8_t* d, std::size_t begin, std::size_t end, const char* name, Box& out) {
    Box b;
    for (std::size_t at = begin; read_box(d, at, end, b); at = b.end)
        if (is(b.type, name)) {
            out = b;
            return true;
        }
    return false;
}

// Property indices (1-based into ipco) associated with `item` by one ipma box, in their order.
void ipma_associations(const std::uint8_t* d, const Box& ipma, std::uint32_t item, std::vector<std::uint32_t>& out) {
    std::size_t at = ipma.body;
    const std::size_t end = ipma.end;
    if (end - at < 8) return;
    const int version = d[at];
    const bool wide = (d[at + 3] & 1) != 0;  // flags bit 0: 15-bit property indices
    const std::uint32_t entries = be32(d + at + 4);
    at += 8;
    for (std::uint32_t e = 0; e < entries; ++e) {
        const std::size_t id_bytes = version < 1 ? 2 : 4;
        if (end - at < id_bytes + 1) return;
        const std::uint32_t id = version < 1 ? be16(d + at) : be32(d + at);
        const std::size_t count = d[at + id_bytes];
        at += id_bytes + 1;
        const std::size_t bytes = count * (wide ? 2 : 1);
        if (end - at < bytes) return;
        if (id == item)
            for (std::size_t i = 0; i < count; ++i)
                out.push_back(wide ? be16(d + at + 2 * i) & 0x7fff : d[at + i] & 0x7fu);
        at += bytes;
    }
}

BmffPrimary read_primary(const std::uint8_t* d, std::size_t size) {
    BmffPrimary p;
    Box meta, pitm, iprp, ipco;
    if (!find_child(d, 0, size, "meta", meta) || meta.end - meta.body < 4) return p;
    const std::size_t children = meta.body + 4;  // meta is a full box: version and flags first
    if (!find_child(d, children, meta.end, "pitm", pitm) || !find_child(d, children, meta.end, "iprp", iprp))
        return p;
    if (pitm.end - pitm.body < 6) return p;
    const bool long_id = d[pitm.body] != 0;
    if (long_id && pitm.end - pitm.body < 8) return p;
    const std::uint32_t primary = long_id ? be32(d + pitm.body + 4) : be16(d + pitm.body + 4);
    if (!find_child(d, iprp.body, iprp.end, "ipco", ipco)) return p;

    std::vector<Box> properties;
    Box b;
    for (std::size_t at = ipco.body; read_box(d, at, ipco.end, b); at = b.end) properties.push_back(b);
    std::vector<std::uint32_t> order;
    for (std::size_t at = iprp.body; read_box(d, at, iprp.end, b); at = b.end)
        if (is(b.type, "ipma")) ipma_associations(d, b, primary, order);

    for (const std::uint32_t index : order) {
        if (index == 0 || index > properties.size()) continue;
        const Box& prop = properties[index - 1];
        const std::size_t n = prop.end - prop.body;
        const std::uint8_t* body = d + prop.body;
        if (is(prop.type, "ispe") && n >= 12) {  // full box, then width and height
            p.ispe_width = be32(body + 4);
            p.ispe_height = be32(body + 8);
        } else if (is(prop.type, "irot") && n >= 1) {
            p.orientation = compose_orientations(p.orientation, orientation_from_irot_imir(body[0] & 3, -1));
        } else if (is(prop.type, "imir") && n >= 1) {
            p.orientation = compose_orientations(p.orientation, orientation_from_irot_imir(0, body[0] & 1));
        }
    }
    return p;
}

// ---- orientation algebra: each EXIF orientation as the 2x2 matrix that maps stored to displayed
// coordinates (x right, y down), e.g. 6 (turn 90 degrees clockwise) sends (x, y) to (-y, x).
struct Mat {
    int a, b, c, d;  // [a b; c d]
};
constexpr Mat k_orientation_matrix[9] = {
    {1, 0, 0, 1},                                 // (unused)
    {1, 0, 0, 1},   {-1, 0, 0, 1}, {-1, 0, 0, -1}, {1, 0, 0, -1},  // 1..4: identity, mirrors, 180
    {0, 1, 1, 0},   {0, -1, 1, 0}, {0, -1, -1, 0}, {0, 1, -1, 0},  // 5..8: transpose, 90 cw, transverse, 90 ccw
};

int orientation_of(const Mat& m) {
    for (int o = 1; o <= 8; ++o) {
        const Mat& k = k_orientation_matrix[o];
        if (k.a == m.a && k.b == m.b && k.c == m.c && k.d == m.d) return o;
    }
    return 1;
}

int valid(int o) { return o >= 1 && o <= 8 ? o : 1; }

}  // namespace

Format bmff_format(const std::uint8_t* d, std::size_t size) noexcept {
    if (d == nullptr || size < 12 || !is(d + 4, "ftyp")) return Format::unknown;
    const std::uint32_t box = be32(d);
    if (box < 16) return Format::unknown;
    const Brand major = brand_of(d + 8);
    if (major == Brand::heic) return Format::heic;
    if (major == Brand::avif) return Format::avif;
    bool heif = major == Brand::general;
    const std::size_t end = box < size ? box : size;
    for (std::size_t at = 16; at + 4 <= end; at += 4) {  // compatible brands follow the minor version
        const Brand b = brand_of(d + at);
        if (b == Brand::avif) return Format::avif;
        if (b == Brand::heic || b == Brand::general) heif = true;
    }
    return heif ? Format::heic : Format::unknown;
}

BmffPrimary bmff_primary(const std::uint8_t* data, std::size_t size) noexcept {
    if (data == nullptr) return {};
    try {
        return read_primary(data, size);
    } catch (const std::bad_alloc&) {
        return {};
    }
}

int orientation_from_irot_imir(int quarter_turns, int mirror_mode) noexcept {
    static constexpr int k_rotation[4] = {1, 8, 3, 6};  // anticlockwise 0, 90, 180, 270 degrees
    const int rotation = k_rotation[quarter_turns & 3];
    if (mirror_mode < 0) return rotation;
    return compose_orientations(rotation, mirror_mode == 0 ? 4 : 2);
}

int compose_orientations(int first, int then) noexcept {
    const Mat& f = k_orientation_matrix[valid(first)];
    const Mat& t = k_orientation_matrix[valid(then)];
    return orientation_of({t.a * f.a + t.b * f.c, t.a * f.b + t.b * f.d, t.c * f.a + t.d * f.c, t.c * f.b + t.d * f.d});
}

int inverse_orientation(int orientation) noexcept {
    const Mat& m = k_orientation_matrix[valid(orientation)];
    return orientation_of({m.a, m.c, m.b, m.d});  // rotations and mirrors: the inverse is the transpose
}

}  // namespace pristine::io
