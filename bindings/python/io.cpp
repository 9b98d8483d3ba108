// Decoding, probing, colour counting and encoding. The GIL is released around every call into the
// library, so threads decode in parallel; Python objects are touched only while it is held.
#include <array>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"

#include "pristine/io/image_io.hpp"

namespace pristine::python {

namespace {

// A read-only, contiguous view of a bytes-like object. Holding the buffer also stops a bytearray
// from being resized by another thread while the GIL is released.
class Bytes {
public:
    explicit Bytes(const py::object& source) {
        if (PyObject_GetBuffer(source.ptr(), &buffer_, PyBUF_SIMPLE) != 0) throw py::error_already_set();
    }
    ~Bytes() { PyBuffer_Release(&buffer_); }
    Bytes(const Bytes&) = delete;
    Bytes& operator=(const Bytes&) = delete;
    const std::uint8_t* data() const { return static_cast<const std::uint8_t*>(buffer_.buf); }
    std::size_t size() const { return static_cast<std::size_t>(buffer_.len); }

private:
    Py_buffer buffer_{};
};

DecodeOptions decode_options(int channels, int scale, std::uint64_t max_pixels,
                             const std::array<int, 3>& background, bool orientation) {
    DecodeOptions o;
    o.channels = channels;
    o.scale_denom = scale;
    o.max_pixels = max_pixels;
    o.apply_orientation = orientation;
    for (std::size_t i = 0; i < 3; ++i) {
        if (background[i] < 0 || background[i] > 255)
            throw Error(Status::invalid_argument, "background values must be 0..255, got " +
                                                      std::to_string(background[i]));
        o.background[i] = static_cast<std::uint8_t>(background[i]);
    }
    return o;
}

py::dict info_dict(const ImageInfo& info) {
    py::dict d;
    d["format"] = format_name(info.format);
    d["width"] = info.width;
    d["height"] = info.height;
    d["display_width"] = info.display_width;
    d["display_height"] = info.display_height;
    d["file_size"] = info.file_size;
    d["frames"] = info.frames;
    d["bit_depth"] = info.bit_depth;
    d["channels"] = info.channels;
    d["has_alpha"] = info.has_alpha;
    d["palette"] = info.palette;
    d["orientation"] = info.orientation;
    // JPEG keys are always present (None otherwise) so that every dict has the same keys.
    py::object none = py::none();
    d["jpeg_quality"] = none;
    d["jpeg_quality_exact"] = none;
    d["subsampling"] = none;
    d["progressive"] = none;
    if (info.jpeg) {
        if (info.jpeg->quality_estimate > 0) d["jpeg_quality"] = info.jpeg->quality_estimate;
        d["jpeg_quality_exact"] = info.jpeg->quality_exact;
        d["subsampling"] = info.jpeg->subsampling;
        d["progressive"] = info.jpeg->progressive;
    }
    return d;
}

py::tuple frames_tuple(Animation&& anim) {
    py::list frames;
    for (auto& f : anim.frames) frames.append(to_array(std::move(f)));
    return py::make_tuple(frames, py::cast(anim.durations_ms), anim.loop_count);
}

ChromaSubsampling subsampling_of(const std::string& s) {
    if (s == "4:4:4" || s == "444") return ChromaSubsampling::s444;
    if (s == "4:2:2" || s == "422") return ChromaSubsampling::s422;
    if (s == "4:2:0" || s == "420") return ChromaSubsampling::s420;
    throw Error(Status::invalid_argument, "subsampling must be '4:4:4', '4:2:2' or '4:2:0', got '" + s + "'");
}

Dither dither_of(const std::string& s) {
    if (s == "none") return Dither::none;
    if (s == "floyd_steinberg") return Dither::floyd_steinberg;
    if (s == "ordered") return Dither::ordered;
    throw Error(Status::invalid_argument, "dither must be 'none', 'floyd_steinberg' or 'ordered', got '" + s + "'");
}

std::vector<Rgb> palette_of(const py::object& palette) {
    std::vector<Rgb> out;
    if (palette.is_none()) return out;
    const auto rows = palette.cast<std::vector<std::array<int, 3>>>();
    for (const auto& c : rows) {
        for (int v : c)
            if (v < 0 || v > 255) throw Error(Status::invalid_argument, "palette values must be 0..255");
        out.push_back({static_cast<std::uint8_t>(c[0]), static_cast<std::uint8_t>(c[1]), static_cast<std::uint8_t>(c[2])});
    }
    return out;
}

py::bytes to_bytes(const std::vector<std::uint8_t>& v) {
    return py::bytes(reinterpret_cast<const char*>(v.data()), v.size());
}

// Runs an encoder on an array's pixels with the GIL released; `array` stays referenced meanwhile.
template <class Encode>
py::bytes encode_with(const py::array& array, Encode&& encode) {
    const ImageView view = view_of(array);
    std::vector<std::uint8_t> out;
    {
        py::gil_scoped_release release;
        out = encode(view);
    }
    return to_bytes(out);
}

}  // namespace

void register_io(py::module_& m) {
    m.def("format_names", [] {
        std::vector<std::string> names;
        for (Format f : {Format::jpeg, Format::png, Format::gif, Format::webp, Format::bmp, Format::tga,
                         Format::pnm, Format::psd, Format::hdr, Format::tiff, Format::heic, Format::avif, Format::jxl})
            names.emplace_back(format_name(f));
        return names;
    });

    m.def("decode_file", [](const std::string& path, int channels, int scale, std::uint64_t max_pixels,
                            std::array<int, 3> background, bool orientation) {
        const DecodeOptions o = decode_options(channels, scale, max_pixels, background, orientation);
        Decoded d;
        {
            py::gil_scoped_release release;
            d = decode_file(path, o);
        }
        return to_array(std::move(d.image));
    }, py::arg("path"), py::arg("channels"), py::arg("scale"), py::arg("max_pixels"), py::arg("background"),
       py::arg("orientation"));

    m.def("decode_memory", [](const py::object& source, int channels, int scale, std::uint64_t max_pixels,
                              std::array<int, 3> background, bool orientation) {
        const DecodeOptions o = decode_options(channels, scale, max_pixels, background, orientation);
        const Bytes bytes(source);
        Decoded d;
        {
            py::gil_scoped_release release;
            d = decode_memory(bytes.data(), bytes.size(), o);
        }
        return to_array(std::move(d.image));
    }, py::arg("data"), py::arg("channels"), py::arg("scale"), py::arg("max_pixels"), py::arg("background"),
       py::arg("orientation"));

    m.def("decode_frames_file", [](const std::string& path, int channels, std::uint64_t max_pixels,
                                   std::array<int, 3> background, bool orientation) {
        const DecodeOptions o = decode_options(channels, 1, max_pixels, background, orientation);
        Animation a;
        {
            py::gil_scoped_release release;
            a = decode_frames_file(path, o);
        }
        return frames_tuple(std::move(a));
    });

    m.def("decode_frames_memory", [](const py::object& source, int channels, std::uint64_t max_pixels,
                                     std::array<int, 3> background, bool orientation) {
        const DecodeOptions o = decode_options(channels, 1, max_pixels, background, orientation);
        const Bytes bytes(source);
        Animation a;
        {
            py::gil_scoped_release release;
            a = decode_frames_memory(bytes.data(), bytes.size(), o);
        }
        return frames_tuple(std::move(a));
    });

    m.def("probe_file", [](const std::string& path) {
        ImageInfo info;
        {
            py::gil_scoped_release release;
            info = probe_file(path);
        }
        return info_dict(info);
    });

    m.def("probe_memory", [](const py::object& source) {
        const Bytes bytes(source);
        ImageInfo info;
        {
            py::gil_scoped_release release;
            info = probe_memory(bytes.data(), bytes.size());
        }
        return info_dict(info);
    });

    m.def("count_colors", [](const py::array& array) {
        const ImageView view = view_of(array);
        py::gil_scoped_release release;
        return count_colors(view);
    });

    m.def("encode_jpeg", [](const py::array& array, int quality, const std::string& subsampling, bool progressive,
                            bool optimize) {
        JpegEncodeOptions o;
        o.quality = quality;
        o.subsampling = subsampling_of(subsampling);
        o.progressive = progressive;
        o.optimize_coding = optimize;
        return encode_with(array, [&](const ImageView& v) { return encode_jpeg(v, o); });
    });

    m.def("encode_png", [](const py::array& array, int compression_level) {
        PngEncodeOptions o;
        o.compression_level = compression_level;
        return encode_with(array, [&](const ImageView& v) { return encode_png(v, o); });
    });

    m.def("encode_gif", [](const py::array& array, int max_colors, const std::string& dither,
                           const py::object& palette) {
        GifEncodeOptions o;
        o.max_colors = max_colors;
        o.dither = dither_of(dither);
        o.palette = palette_of(palette);
        return encode_with(array, [&](const ImageView& v) { return encode_gif(v, o); });
    });

    m.def("encode_webp", [](const py::array& array, bool lossless, float quality) {
        WebpEncodeOptions o;
        o.lossless = lossless;
        o.quality = quality;
        return encode_with(array, [&](const ImageView& v) { return encode_webp(v, o); });
    });
}

}  // namespace pristine::python
