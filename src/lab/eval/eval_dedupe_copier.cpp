// pristine's own DedupeCopier: the copy operations carried out with pristine::degrade's crops,
// resamplers and quantiser and libpristine's encoders.
#include <cstdio>

#include "eval_dedupe_internal.hpp"
#include "pristine/lab/degrade.hpp"

namespace pristine::eval {

namespace {

using namespace dedupe_detail;

Dither parse_dither(const std::string& d) {
    if (d == "fs") return Dither::floyd_steinberg;
    if (d == "ordered") return Dither::ordered;
    return Dither::none;
}

Image decode_rgb(const std::vector<std::uint8_t>& bytes) { return decode_memory(bytes.data(), bytes.size()).image; }

class PristineCopier final : public DedupeCopier {
public:
    std::string name() const override { return "pristine"; }

    MadeFile save(const Image& pixels, const CopySpec& spec) const override {
        return encode(Image::copy_of(pixels.view()), spec, "");
    }

    MadeFile copy(const MadeFile& parent, const CopySpec& spec) const override {
        if (spec.format == "copy") {
            MadeFile m;
            m.bytes = parent.bytes;
            m.format = parent.format;
            m.pixels = Image::copy_of(parent.pixels.view());
            m.how = "copy";
            return m;
        }
        Image px = Image::copy_of(parent.pixels.view());
        std::string how;
        char buf[128];
        if (spec.crop_w > 0) {
            px = degrade::crop(px.view(), spec.crop_x, spec.crop_y, spec.crop_w, spec.crop_h);
            std::snprintf(buf, sizeof buf, "crop %dx%d+%d+%d > ", spec.crop_w, spec.crop_h, spec.crop_x, spec.crop_y);
            how += buf;
        }
        if (spec.width > 0) {
            degrade::ResizeOptions ro;
            ro.filter = degrade::parse_filter(spec.filter);
            px = degrade::resize(px.view(), spec.width, spec.height, ro);
            std::snprintf(buf, sizeof buf, "resize %dx%d %s > ", spec.width, spec.height, spec.filter.c_str());
            how += buf;
        }
        if (spec.quarter_turns != 0) {
            px = degrade::rotate90(px.view(), spec.quarter_turns);
            how += "rotate " + std::to_string(90 * spec.quarter_turns) + " > ";
        }
        if (spec.flip == 1) {
            px = degrade::flip_horizontal(px.view());
            how += "mirror > ";
        } else if (spec.flip == 2) {
            px = degrade::flip_vertical(px.view());
            how += "flip > ";
        }
        return encode(std::move(px), spec, how);
    }

private:
    static MadeFile encode(Image px, const CopySpec& s, std::string how) {
        MadeFile m;
        if (s.pre_quality > 0) {
            JpegEncodeOptions jo;
            jo.quality = s.pre_quality;
            px = decode_rgb(encode_jpeg(px.view(), jo));
        }
        if (s.format == "jpeg") {
            JpegEncodeOptions jo;
            jo.quality = s.quality;
            jo.subsampling = s.subsample ? ChromaSubsampling::s420 : ChromaSubsampling::s444;
            jo.progressive = s.progressive;
            m.bytes = encode_jpeg(px.view(), jo);
        } else if (s.format == "png") {
            if (s.colors > 0) px = degrade::quantize(px.view(), s.colors, parse_dither(s.dither));
            m.bytes = encode_png(px.view());
        } else if (s.format == "gif") {
            GifEncodeOptions go;
            go.max_colors = s.colors > 0 ? s.colors : 256;
            go.dither = parse_dither(s.dither);
            m.bytes = encode_gif(px.view(), go);
        } else if (s.format == "webp" || s.format == "webp_lossless") {
            WebpEncodeOptions wo;
            wo.lossless = s.format == "webp_lossless";
            wo.quality = s.format == "webp" ? static_cast<float>(s.quality) : 75.f;
            m.bytes = encode_webp(px.view(), wo);
            if (s.webp_then_png) m.bytes = encode_png(decode_rgb(m.bytes).view());
        } else {
            throw Error(Status::invalid_argument, "eval-dedupe: unknown save format '" + s.format + "'");
        }
        m.format = detect_format(m.bytes.data(), m.bytes.size());
        m.pixels = decode_rgb(m.bytes);
        m.how = how + describe_save(s);
        return m;
    }
};

}  // namespace

std::shared_ptr<const DedupeCopier> pristine_copier() { return std::make_shared<PristineCopier>(); }

}  // namespace pristine::eval
