// The JSON shapes of results (see json/results.hpp).
#include "json/results.hpp"

#include <charconv>
#include <cmath>

namespace pristine::json {

Json image_info(const std::string& path, const ImageInfo& info, std::optional<std::uint64_t> colors) {
    Json j;
    j["path"] = path;
    j["format"] = format_name(info.format);
    j["width"] = info.width;
    j["height"] = info.height;
    j["display_width"] = info.display_width;
    j["display_height"] = info.display_height;
    j["file_size"] = info.file_size;
    j["frames"] = info.frames;
    j["bit_depth"] = info.bit_depth;
    j["channels"] = info.channels;
    j["has_alpha"] = info.has_alpha;
    j["palette"] = info.palette;
    j["orientation"] = info.orientation;
    j["colors"] = colors ? Json(*colors) : Json(nullptr);
    if (info.jpeg) {
        j["jpeg_quality"] = info.jpeg->quality_estimate > 0 ? Json(info.jpeg->quality_estimate) : Json(nullptr);
        j["jpeg_quality_exact"] = info.jpeg->quality_exact;
        j["subsampling"] = info.jpeg->subsampling;
        j["progressive"] = info.jpeg->progressive;
    }
    return j;
}

Json hash_result(const HashFileResult& r) {
    Json j;
    j["path"] = r.path;
    for (std::size_t i = 0; i < r.kinds.size(); ++i) {
        const char* name = hash_kind_name(r.kinds[i]);
        if (r.dihedral.empty()) {
            j[name] = hash_to_hex(r.hashes[i]);
        } else {
            Json variants = Json::array();
            for (const auto& v : r.dihedral[i]) variants.push_back(hash_to_hex(v));
            j[name] = variants;
        }
        if (r.kinds[i] == HashKind::pdq) j["pdq_quality"] = r.pdq_quality;
    }
    return j;
}

namespace {
Json distance_number(HashKind k, double d) {
    return hash_is_binary(k) ? Json(static_cast<long long>(d)) : Json(d);
}
}  // namespace

Json hash_comparison(const HashFileResult& a, const HashFileResult& b) {
    Json j;
    j["a"] = a.path;
    j["b"] = b.path;
    for (std::size_t i = 0; i < a.kinds.size() && i < b.kinds.size(); ++i) {
        const HashKind k = a.kinds[i];
        const std::uint8_t* ha = a.hashes[i].data();
        const std::uint8_t* hb = b.hashes[i].data();
        Json d;
        d["distance"] = distance_number(k, hash_distance(k, ha, hb));
        d["normalized"] = hash_distance_normalized(k, ha, hb);
        d["dihedral_min"] = distance_number(k, hash_distance_dihedral(k, a.dihedral[i], hb));
        j[hash_kind_name(k)] = d;
    }
    return j;
}

Json score(const std::string& path, double score) { return Json{{"path", path}, {"score", score}}; }

Json ranked_score(int rank, const std::string& path, double score) {
    return Json{{"rank", rank}, {"path", path}, {"score", score}};
}

namespace {

// A float's shortest decimal form that reads back to the same float, as the double nearest that decimal,
// which the JSON writer prints as short: 0.3f prints "0.3", not "0.30000001192092896".
Json float_list(const std::vector<float>& v) {
    Json a = Json::array();
    char buf[32];
    for (const float f : v) {
        if (!std::isfinite(f)) {
            a.push_back(nullptr);
            continue;
        }
        const auto r = std::to_chars(buf, buf + sizeof buf, f);
        double d = f;
        std::from_chars(buf, r.ptr, d);  // locale-free; leaves d = f should it ever fail
        a.push_back(d);
    }
    return a;
}

}  // namespace

Json embedding(const std::string& path, const std::vector<float>& vector) {
    return Json{{"path", path}, {"vector", float_list(vector)}};
}

Json embedding_row(const std::string& path, std::size_t row) { return Json{{"path", path}, {"row", row}}; }

Json embedding_dihedral(const std::string& path, const std::vector<std::vector<float>>& vectors) {
    Json a = Json::array();
    for (const std::vector<float>& v : vectors) a.push_back(float_list(v));
    return Json{{"path", path}, {"vectors", std::move(a)}};
}

Json move(const std::string& from, const std::string& to) { return Json{{"from", from}, {"to", to}}; }

Json failure(const std::string& path, const std::string& message, Status status) {
    return Json{{"path", path}, {"error", message}, {"status", status_name(status)}};
}

Json dedupe_report(const DedupeReport& report) {
    Json errors = Json::array();
    for (const DedupeError& e : report.errors) errors.push_back(failure(e.path, e.message, e.status));
    Json groups = Json::array();
    for (const DedupeGroup& g : report.groups) {
        Json members = Json::array();
        for (const DedupeMember& m : g.members) {
            Json j{{"path", m.path}, {"keep", m.keep}, {"score", m.scored ? Json(m.score) : Json(nullptr)},
                   {"rank", m.rank}, {"width", m.width}, {"height", m.height}, {"format", m.format},
                   {"file_size", m.file_size}, {"distance", m.distance}, {"reference", m.reference}};
            if (!m.identical_to.empty()) j["identical_to"] = m.identical_to;
            j["parent"] = m.parent.empty() ? Json(nullptr) : Json(m.parent);
            j["parent_confidence"] = m.parent_confidence;
            members.push_back(std::move(j));
        }
        groups.push_back(Json{{"members", std::move(members)}, {"reason", g.reason}, {"duplicate_bytes", g.duplicate_bytes}});
    }
    return Json{{"version", DedupeReport::k_version}, {"files", report.files}, {"errors", std::move(errors)},
                {"groups", std::move(groups)}, {"candidate_pairs", report.candidate_pairs},
                {"verified_pairs", report.verified_pairs}, {"cache_hits", report.cache_hits},
                {"cache_misses", report.cache_misses}};
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

void write_line(const Json& j, std::ostream& out) {
    out << dump(j) << '\n';
    out.flush();
}

}  // namespace pristine::json
