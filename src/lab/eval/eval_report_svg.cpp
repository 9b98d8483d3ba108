// SVG histograms of a hash evaluation (hash_eval_svg, hash_eval_svg_grid in
// include/pristine/lab/eval_hashes.hpp). Hand-written SVG 1.1: one panel per hasher with the similar
// (all distortion classes pooled) and dissimilar distance histograms overlaid and T1 / T2 marked.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "pristine/error.hpp"
#include "pristine/lab/eval_hashes.hpp"

namespace pristine {

namespace {

constexpr int k_panel_w = 360, k_panel_h = 220;

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

// Fraction of values per bin over [0, 1] (values outside are clamped into the end bins).
std::vector<double> histogram(const std::vector<double>& values, int bins) {
    std::vector<double> h(static_cast<std::size_t>(bins), 0.0);
    if (values.empty()) return h;
    for (double v : values) {
        if (std::isnan(v)) continue;
        int b = static_cast<int>(std::floor(std::clamp(v, 0.0, 1.0) * bins));
        b = std::clamp(b, 0, bins - 1);
        h[static_cast<std::size_t>(b)] += 1;
    }
    for (double& x : h) x /= static_cast<double>(values.size());
    return h;
}

// A panel whose top-left corner is (x0, y0).
std::string panel(const HasherEval& e, int bins, double x0, double y0) {
    const double left = x0 + 44, right = x0 + k_panel_w - 12, top = y0 + 28, bottom = y0 + k_panel_h - 34;
    const double pw = right - left, ph = bottom - top;
    std::vector<double> pooled;
    for (const auto& c : e.similar) pooled.insert(pooled.end(), c.begin(), c.end());
    const std::vector<double> hs = histogram(pooled, bins), hd = histogram(e.dissimilar, bins);
    double ymax = 0;
    for (double v : hs) ymax = std::max(ymax, v);
    for (double v : hd) ymax = std::max(ymax, v);
    if (ymax <= 0) ymax = 1;
    ymax = std::ceil(ymax * 20) / 20;  // a round top (multiple of 5%)

    auto X = [&](double v) { return left + pw * std::clamp(v, 0.0, 1.0); };
    auto Y = [&](double f) { return bottom - ph * f / ymax; };
    auto steps = [&](const std::vector<double>& h) {
        std::string pts = num(X(0)) + "," + num(bottom);
        for (int b = 0; b < bins; ++b) {
            const double y = Y(h[static_cast<std::size_t>(b)]);
            pts += " " + num(X(static_cast<double>(b) / bins)) + "," + num(y);
            pts += " " + num(X(static_cast<double>(b + 1) / bins)) + "," + num(y);
        }
        pts += " " + num(X(1)) + "," + num(bottom);
        return pts;
    };

    std::string s = "<g>\n";
    s += "<text x=\"" + num(x0 + k_panel_w / 2.0) + "\" y=\"" + num(y0 + 16) +
         "\" text-anchor=\"middle\" font-weight=\"bold\">" + escape(e.name) + "  (AUC " +
         [&] { char b[16]; std::snprintf(b, sizeof b, "%.4f", e.auc); return std::string(b); }() + ")</text>\n";
    s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(pw) + "\" height=\"" + num(ph) +
         "\" fill=\"none\" stroke=\"#888\"/>\n";
    s += "<polygon points=\"" + steps(hd) + "\" fill=\"#d62728\" fill-opacity=\"0.35\" stroke=\"#d62728\"/>\n";
    s += "<polygon points=\"" + steps(hs) + "\" fill=\"#1f77b4\" fill-opacity=\"0.35\" stroke=\"#1f77b4\"/>\n";
    const struct { double t; const char* label; } marks[] = {{e.thresholds.t1, "T1"}, {e.thresholds.t2, "T2"}};
    for (const auto& m : marks) {
        s += "<line x1=\"" + num(X(m.t)) + "\" y1=\"" + num(top) + "\" x2=\"" + num(X(m.t)) + "\" y2=\"" +
             num(bottom) + "\" stroke=\"#000\" stroke-dasharray=\"4,3\"/>\n";
        s += "<text x=\"" + num(X(m.t) + 2) + "\" y=\"" + num(top + 11) + "\">" + m.label + "</text>\n";
    }
    for (int i = 0; i <= 4; ++i) {
        const double v = i / 4.0;
        s += "<text x=\"" + num(X(v)) + "\" y=\"" + num(bottom + 13) + "\" text-anchor=\"middle\">" + num(v) +
             "</text>\n";
    }
    s += "<text x=\"" + num(left - 4) + "\" y=\"" + num(top + 4) + "\" text-anchor=\"end\">" +
         std::to_string(static_cast<int>(std::lround(ymax * 100))) + "%</text>\n";
    s += "<text x=\"" + num(left - 4) + "\" y=\"" + num(bottom) + "\" text-anchor=\"end\">0</text>\n";
    s += "<text x=\"" + num(left + pw / 2) + "\" y=\"" + num(bottom + 27) +
         "\" text-anchor=\"middle\">normalised distance</text>\n";
    s += "</g>\n";
    return s;
}

std::string legend(double x, double y) {
    std::string s;
    s += "<rect x=\"" + num(x) + "\" y=\"" + num(y - 9) +
         "\" width=\"12\" height=\"10\" fill=\"#1f77b4\" fill-opacity=\"0.5\"/>\n";
    s += "<text x=\"" + num(x + 16) + "\" y=\"" + num(y) + "\">similar (original vs distorted copy, all classes)</text>\n";
    s += "<rect x=\"" + num(x + 330) + "\" y=\"" + num(y - 9) +
         "\" width=\"12\" height=\"10\" fill=\"#d62728\" fill-opacity=\"0.5\"/>\n";
    s += "<text x=\"" + num(x + 346) + "\" y=\"" + num(y) + "\">dissimilar (pairs of different images)</text>\n";
    return s;
}

std::string header(double w, double h) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
           "width=\"" + num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
           "\" font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
}

}  // namespace

std::string hash_eval_svg(const HasherEval& h, int bins) {
    if (bins < 1 || bins > 10000) throw Error(Status::invalid_argument, "hash_eval_svg: bins must be 1..10000");
    std::string s = header(std::max(k_panel_w, 640), k_panel_h + 24);
    s += panel(h, bins, 0, 0);
    s += legend(8, k_panel_h + 14);
    s += "</svg>\n";
    return s;
}

std::string hash_eval_svg_grid(const EvalHashesResult& r, const std::string& title, int columns, int bins) {
    if (bins < 1 || bins > 10000) throw Error(Status::invalid_argument, "hash_eval_svg_grid: bins must be 1..10000");
    if (columns < 1) throw Error(Status::invalid_argument, "hash_eval_svg_grid: columns must be >= 1");
    const int n = static_cast<int>(r.hashers.size());
    const int cols = std::max(1, std::min(columns, n));
    const int rows = (n + cols - 1) / cols;
    const double top = 30, w = std::max(cols * k_panel_w, 640), h = top + rows * k_panel_h + 24;
    std::string s = header(w, h);
    s += "<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">" + escape(title) + "</text>\n";
    for (int i = 0; i < n; ++i)
        s += panel(r.hashers[static_cast<std::size_t>(i)], bins, (i % cols) * k_panel_w, top + (i / cols) * k_panel_h);
    s += legend(8, h - 8);
    s += "</svg>\n";
    return s;
}

}  // namespace pristine
