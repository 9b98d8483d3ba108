// Markdown tables of a hash evaluation (hash_eval_markdown in include/pristine/lab/eval_hashes.hpp).
#include <cstdio>
#include <string>

#include "pristine/lab/eval_hashes.hpp"

namespace pristine {

namespace {

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string pct(double fraction) { return fmt("%.1f", 100.0 * fraction); }

// "| class | hasher... |" and its separator row: the head of both per-class tables.
std::string class_table_header(const EvalHashesResult& r) {
    std::string s = "| class |";
    for (const auto& h : r.hashers) s += " " + h.name + " |";
    s += "\n|---|";
    for (std::size_t i = 0; i < r.hashers.size(); ++i) s += "---|";
    return s + "\n";
}

}  // namespace

std::string hash_eval_markdown(const EvalHashesResult& r) {
    std::string s;
    s += "Images: " + std::to_string(r.images.size()) + " (skipped " + std::to_string(r.skipped.size()) +
         "), dissimilar pairs: " + std::to_string(r.pairs) + ", seed " + std::to_string(r.options.seed) +
         ", long side <= " + std::to_string(r.options.max_side) + " px.\n\n";
    s += "Percent of original-vs-copy distances above T1 = mu - 2 sigma / above T2 = mu - sigma of the "
         "dissimilar distances (lower is better).\n\n";

    s += class_table_header(r);
    for (std::size_t c = 0; c < r.classes.size(); ++c) {
        s += "| " + r.classes[c] + " |";
        for (const auto& h : r.hashers)
            s += " " + pct(h.classes[c].above_t1) + " / " + pct(h.classes[c].above_t2) + " |";
        s += "\n";
    }
    s += "| **all classes** |";
    for (const auto& h : r.hashers) s += " " + pct(h.above_t1) + " / " + pct(h.above_t2) + " |";
    s += "\n| **AUC** |";
    for (const auto& h : r.hashers) s += " " + fmt("%.4f", h.auc) + " |";
    s += "\n| mu |";
    for (const auto& h : r.hashers) s += " " + fmt("%.4f", h.thresholds.mean) + " |";
    s += "\n| sigma |";
    for (const auto& h : r.hashers) s += " " + fmt("%.4f", h.thresholds.stddev) + " |";
    s += "\n| T1 |";
    for (const auto& h : r.hashers) s += " " + fmt("%.4f", h.thresholds.t1) + " |";
    s += "\n| T2 |";
    for (const auto& h : r.hashers) s += " " + fmt("%.4f", h.thresholds.t2) + " |";
    s += "\n\nROC AUC per class (similar = the class's copies, dissimilar = the pairs; 1 is perfect):\n\n";

    s += class_table_header(r);
    for (std::size_t c = 0; c < r.classes.size(); ++c) {
        s += "| " + r.classes[c] + " |";
        for (const auto& h : r.hashers) s += " " + fmt("%.4f", h.classes[c].auc) + " |";
        s += "\n";
    }
    return s;
}

}  // namespace pristine
