// Per-file evidence of a copy's history (pristine/io/provenance.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "pristine/color.hpp"
#include "pristine/dct.hpp"
#include "pristine/resize.hpp"

#include "pristine/io/provenance.hpp"
#include "io/with_path.hpp"
#include "provenance/provenance_internal.hpp"

namespace pristine {

namespace {

// True when a WebP file's image is lossy (a "VP8 " chunk comes before any "VP8L"); RIFF chunks are
// walked from the header on.
bool webp_is_lossy(const std::uint8_t* data, std::size_t size) noexcept {
    if (size < 12 || std::memcmp(data, "RIFF", 4) != 0 || std::memcmp(data + 8, "WEBP", 4) != 0) return false;
    std::size_t at = 12;
    while (at + 8 <= size) {
        const std::uint8_t* c = data + at;
        if (std::memcmp(c, "VP8 ", 4) == 0) return true;
        if (std::memcmp(c, "VP8L", 4) == 0) return false;
        if (std::memcmp(c, "ANMF", 4) == 0) {  // an animation frame holds its image chunk after 16 bytes
            at += 8 + 16;
            continue;
        }
        const std::uint32_t len = std::uint32_t{c[4]} | std::uint32_t{c[5]} << 8 | std::uint32_t{c[6]} << 16 | std::uint32_t{c[7]} << 24;
        at += 8 + static_cast<std::size_t>(len) + (len & 1);
    }
    return false;
}

// Mean |DCT coefficient| per frequency of runs of k_spectrum_bins luma values along rows and columns
// (at most 4096 runs each way, evenly spread).
std::array<float, 32> luma_spectrum(const ImageView& v) {
    constexpr int N = k_spectrum_bins;
    std::array<float, 32> mean{};
    if (v.width < N || v.height < N) return mean;
    const PlaneF luma = to_luma(v);
    const Eigen::MatrixXf d = dct_matrix(N);
    std::vector<float> run(N);
    std::array<double, 32> sum{};
    std::size_t runs = 0;
    auto add = [&](bool along_rows) {
        const int lines = along_rows ? v.height : v.width, length = along_rows ? v.width : v.height;
        const int per_line = length / N;
        const int total = lines * per_line;
        const int step = std::max(1, total / 4096);
        for (int r = 0; r < total; r += step) {
            const int line = r / per_line, at = (r % per_line) * N;
            Eigen::VectorXf x(N);
            for (int i = 0; i < N; ++i) x[i] = along_rows ? luma(line, at + i) : luma(at + i, line);
            const Eigen::VectorXf c = d * x;
            for (int k = 0; k < N; ++k) sum[static_cast<std::size_t>(k)] += std::fabs(c[k]);
            ++runs;
        }
    };
    add(true);
    add(false);
    for (int k = 0; k < N; ++k) mean[static_cast<std::size_t>(k)] = static_cast<float>(sum[static_cast<std::size_t>(k)] / static_cast<double>(runs));
    return mean;
}

// Share of adjacent line pairs (rows, then columns) that repeat exactly, among lines that are not flat.
float repeated_lines(const ImageView& v) {
    const int c = v.channels;
    std::size_t repeats = 0, lines = 0;
    auto row_flat = [&](int y) {
        const std::uint8_t* p = v.row(y);
        for (int x = 1; x < v.width; ++x)
            if (!std::equal(p, p + c, p + x * c)) return false;
        return true;
    };
    for (int y = 0; y + 1 < v.height; ++y) {
        if (row_flat(y)) continue;
        ++lines;
        repeats += std::equal(v.row(y), v.row(y) + v.width * c, v.row(y + 1));
    }
    auto column_equal = [&](int x) {  // column x equals column x + 1; false when column x is flat
        bool flat = true;
        for (int y = 0; y < v.height; ++y) {
            const std::uint8_t* p = v.row(y) + x * c;
            if (!std::equal(p, p + c, p + c)) return std::make_pair(false, false);
            flat = flat && std::equal(p, p + c, v.row(0) + x * c);
        }
        return std::make_pair(true, flat);
    };
    for (int x = 0; x + 1 < v.width; ++x) {
        const auto [equal, flat] = column_equal(x);
        if (equal && flat) continue;
        ++lines;
        repeats += equal;
    }
    return lines == 0 ? 0.f : static_cast<float>(static_cast<double>(repeats) / static_cast<double>(lines));
}

// The evidence, with a JPEG's luma coefficients already read (empty when not a JPEG or unreadable).
CopyEvidence evidence_with(const std::uint8_t* data, std::size_t size, const Decoded& decoded, const JpegLuma& jpeg) {
    CopyEvidence e;
    const ImageInfo& info = decoded.info;
    e.format = info.format;
    e.width = info.display_width;
    e.height = info.display_height;
    e.file_size = info.file_size != 0 ? info.file_size : size;
    if (info.format == Format::jpeg && info.jpeg) {
        e.jpeg_quality = info.jpeg->quality_estimate;
        e.jpeg_full_chroma = info.jpeg->subsampling == "4:4:4";
        e.jpeg_requantisation = provenance::jpeg_requantisation(jpeg);
    }
    if (info.format == Format::webp) e.webp_lossy = webp_is_lossy(data, size);
    if (decoded.image.width() > 0 && decoded.image.height() > 0)
    {
        e.colours = static_cast<std::uint32_t>(std::min<std::uint64_t>(count_colors(decoded.image.view()), k_evidence_colour_cap));
        e.spectrum = luma_spectrum(decoded.image.view());
        e.repeated_lines = repeated_lines(decoded.image.view());
    }
    return e;
}

// The luma kept for comparisons (area-reduced above k_compared_pixels_cap) and a JPEG's coefficients
// when they lie on its grid.
CopyPixels compared_pixels(const Decoded& decoded, JpegLuma&& jpeg) {
    CopyPixels p;
    const Image& im = decoded.image;
    const double px = static_cast<double>(im.width()) * im.height();
    if (px <= 0) return p;
    p.luma = to_luma(im.view());
    if (px > static_cast<double>(k_compared_pixels_cap)) {
        const double k = std::sqrt(static_cast<double>(k_compared_pixels_cap) / px);
        p.luma = resize_area(p.luma, std::max(1, static_cast<int>(im.width() * k)), std::max(1, static_cast<int>(im.height() * k)));
    }
    for (const PlaneF* last = &p.luma; last->cols() >= 64 && last->rows() >= 64; last = &p.reduced.back())
        p.reduced.push_back(resize_area(*last, static_cast<int>(last->cols() / 2), static_cast<int>(last->rows() / 2)));
    const bool on_grid = p.luma.cols() == im.width() && decoded.info.orientation == 1 && jpeg.blocks_wide * 8 >= im.width() && jpeg.blocks_wide * 8 < im.width() + 16 &&
                         jpeg.blocks_high * 8 >= im.height() && jpeg.blocks_high * 8 < im.height() + 16;
    if (on_grid) p.jpeg = std::move(jpeg);
    return p;
}

}  // namespace

CopyEvidence copy_evidence(const std::uint8_t* data, std::size_t size, const Decoded& decoded) {
    JpegLuma jpeg;
    if (decoded.info.format == Format::jpeg) provenance::read_jpeg_luma(data, size, jpeg);
    return evidence_with(data, size, decoded, jpeg);
}

ReadCopy read_copy(const std::string& path, const DecodeOptions& options) {
    return io::with_path(path, [&] {
        const std::vector<std::uint8_t> bytes = read_file(path);
        ReadCopy c;
        c.decoded = decode_memory(bytes.data(), bytes.size(), options);
        JpegLuma jpeg;
        if (c.decoded.info.format == Format::jpeg) provenance::read_jpeg_luma(bytes.data(), bytes.size(), jpeg);
        c.evidence = evidence_with(bytes.data(), bytes.size(), c.decoded, jpeg);
        c.pixels = compared_pixels(c.decoded, std::move(jpeg));
        return c;
    });
}

}  // namespace pristine
