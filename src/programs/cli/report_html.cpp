// Contact sheet: groups in the report's order (the bytes their duplicates take, largest first), the
// kept copy first and outlined, format / size / dimensions / score / rank and the copy each was made from
// (its parent in the derivation tree) under each thumbnail.
#include "report_html.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "pristine/io/image_io.hpp"
#include "pristine/lab/degrade/resize.hpp"

namespace pristine::cli {

namespace {

constexpr int k_thumb_side = 160;

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// Percent-encodes a relative URL path (thumbnail names are ours: digits and one folder name).
std::string url_path(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '/' || c == '.' || c == '_' || c == '-') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::string human_bytes(std::uint64_t b) {
    char buf[32];
    if (b >= 1024ull * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1048576.0);
    else std::snprintf(buf, sizeof buf, "%.0f KB", b / 1024.0);
    return buf;
}

// Decodes (a JPEG at the reduction that keeps twice the thumbnail side), fits in k_thumb_side, JPEG q80.
void write_thumbnail(const std::string& source, const std::string& target) {
    DecodeOptions d;
    const ImageInfo info = probe_file(source);
    if (info.format == Format::jpeg) {
        const int side = std::max(info.width, info.height);
        for (int denom = 8; denom > 1; denom /= 2)
            if (side / denom >= 2 * k_thumb_side) {
                d.scale_denom = denom;
                break;
            }
    }
    const Decoded img = decode_file(source, d);
    int w = 0, h = 0;
    degrade::fit_size(img.image.width(), img.image.height(), k_thumb_side, w, h);
    const Image small = (w < img.image.width() || h < img.image.height()) ? degrade::resize(img.image.view(), w, h)
                                                                          : Image(img.image);
    JpegEncodeOptions o;
    o.quality = 80;
    const std::vector<std::uint8_t> bytes = encode_jpeg(small.view(), o);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error(Status::io_error, target + ": cannot write");
}

const char* k_style = R"(<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;background:#fafafa;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}.summary{color:#555;margin-bottom:1.5em}
.group{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em;margin-bottom:1em}
.group h2{font-size:1em;margin:0 0 .5em;font-weight:600}.reason{color:#555;font-size:.9em;margin-top:.4em}
.members{display:flex;flex-wrap:wrap;gap:.8em}
figure{margin:0;width:172px;border:3px solid transparent;border-radius:6px;padding:3px}
figure.keep{border-color:#2e9e44;background:#eef8f0}
figure img{display:block;max-width:160px;max-height:160px;margin:auto;background:#eee}
figcaption{font-size:.8em;word-break:break-all;margin-top:.3em}
.badge{display:inline-block;background:#2e9e44;color:#fff;border-radius:3px;padding:0 .4em;font-weight:600;font-size:.85em}
.dim{color:#666}table{border-collapse:collapse}td{padding:.2em .6em;border-bottom:1px solid #eee;font-size:.9em}
</style>)";

}  // namespace

void write_report_html(const DedupeReport& report, const std::string& html_path, const BatchOptions& batch) {
    namespace fs = std::filesystem;
    const fs::path page(html_path);
    const std::string folder_name = page.stem().string() + "_thumbs";
    const fs::path folder = page.parent_path() / folder_name;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw Error(Status::io_error, folder.string() + ": cannot create the thumbnails folder: " + ec.message());

    struct Job {
        std::string source, name;
    };
    std::vector<Job> jobs;
    for (const DedupeGroup& g : report.groups)
        for (const DedupeMember& m : g.members) jobs.push_back({m.path, std::to_string(jobs.size()) + ".jpg"});
    std::vector<char> made(jobs.size(), 0);
    run_for_each(jobs.size(), batch, [&](std::size_t i) {
        try {
            write_thumbnail(jobs[i].source, (folder / jobs[i].name).string());
            made[i] = 1;
        } catch (const Error&) {  // shown without a thumbnail; the report already lists unreadable files
        }
    });

    std::uint64_t bytes = 0;
    std::size_t copies = 0;
    for (const DedupeGroup& g : report.groups) bytes += g.duplicate_bytes, copies += g.members.size() - 1;
    std::ostringstream html;
    html << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pristine dedupe report</title>"
         << k_style << "</head><body>\n<h1>pristine dedupe</h1>\n<div class=\"summary\">" << report.files << " files, "
         << report.groups.size() << " pictures with copies, " << copies << " duplicates taking " << human_bytes(bytes)
         << ", " << report.errors.size() << " files not read. The copy to keep (closest to the original) is outlined.</div>\n";
    std::size_t job = 0;
    for (std::size_t gi = 0; gi < report.groups.size(); ++gi) {
        const DedupeGroup& g = report.groups[gi];
        html << "<div class=\"group\"><h2>Group " << gi + 1 << " &middot; " << g.members.size() << " copies &middot; "
             << human_bytes(g.duplicate_bytes) << " in duplicates</h2><div class=\"members\">\n";
        // Members are numbered so that each can name the copy it was made from (its parent in the tree).
        std::map<std::string, std::size_t> number;
        for (std::size_t i = 0; i < g.members.size(); ++i) number.emplace(g.members[i].path, i + 1);
        for (std::size_t i = 0; i < g.members.size(); ++i) {
            const DedupeMember& m = g.members[i];
            const std::string name = fs::path(m.path).filename().string();
            html << "<figure" << (m.keep ? " class=\"keep\"" : "") << " title=\"" << escape(m.path) << "\">";
            if (made[job]) html << "<img loading=\"lazy\" src=\"" << url_path(folder_name + "/" + jobs[job].name) << "\" alt=\"\">";
            html << "<figcaption>" << (m.keep ? "<span class=\"badge\">KEEP</span> " : "") << "#" << i + 1 << " " << escape(name)
                 << "<br><span class=\"dim\">"
                 << escape(m.format) << " &middot; " << m.width << "&times;" << m.height << " &middot; " << human_bytes(m.file_size);
            if (m.scored) {
                char score[32];
                std::snprintf(score, sizeof score, "%.2f", m.score);
                html << "<br>score " << score << " &middot; rank " << m.rank;
            }
            if (!m.keep) html << " &middot; " << m.distance << " bits";
            if (const auto p = number.find(m.parent); !m.parent.empty() && p != number.end())
                html << "<br>made from #" << p->second << " (" << static_cast<int>(std::lround(m.parent_confidence * 100)) << " %)";
            html << "</span></figcaption></figure>\n";
            ++job;
        }
        html << "</div><div class=\"reason\">" << escape(g.reason) << "</div></div>\n";
    }
    if (!report.errors.empty()) {
        html << "<h2>Files not read</h2><table>\n";
        for (const DedupeError& e : report.errors)
            html << "<tr><td>" << escape(e.path) << "</td><td>" << escape(status_name(e.status)) << "</td><td>" << escape(e.message)
                 << "</td></tr>\n";
        html << "</table>\n";
    }
    html << "</body></html>\n";
    std::ofstream out(html_path, std::ios::binary | std::ios::trunc);
    if (!out.is_open()) throw Error(Status::io_error, html_path + ": cannot create the HTML report: " + std::strerror(errno));
    out << html.str();
    out.close();
    if (!out) throw Error(Status::io_error, html_path + ": cannot write the HTML report: " + std::strerror(errno));
}

}  // namespace pristine::cli
