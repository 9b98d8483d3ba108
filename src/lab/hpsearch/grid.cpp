// The decision grid: its cells and choices, the hand-tuned starting point, and the mapping to
// TrainOptions (docs/hpsearch.md has the table).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "pristine/error.hpp"
#include "pristine/lab/hpsearch.hpp"

namespace pristine::hpsearch {

const char* row_name(Row r) noexcept {
    static const char* const names[k_rows] = {"pixels", "dct", "global", "metadata", "block", "aggregation", "training"};
    return names[static_cast<int>(r)];
}

const char* column_name(Column c) noexcept {
    static const char* const names[k_columns] = {"width",   "kernel", "depth", "activation", "dropout",
                                                 "kind",    "rate",   "batch", "blocks",     "gain"};
    return names[static_cast<int>(c)];
}

const std::vector<Cell>& grid_cells() {
    // Choices around the hand-tuned values (the trainer's defaults with --train-k 1, as the shipped
    // model was trained), from a quarter to twice the size where a size is decided.
    static const std::vector<Cell> cells = {
        {Row::pixels, Column::width, {"8", "16", "24", "32"}, 1},
        {Row::pixels, Column::kernel, {"3", "5"}, 0},
        {Row::dct, Column::width, {"32", "64", "96", "128"}, 1},
        {Row::global, Column::width, {"32", "64", "96", "128"}, 1},
        {Row::metadata, Column::width, {"16", "32", "48", "64"}, 1},
        {Row::block, Column::width, {"32", "48", "64", "96", "128"}, 2},
        {Row::block, Column::depth, {"0", "1", "2"}, 0},
        {Row::block, Column::activation, {"relu", "gelu", "silu", "tanh"}, 0},
        {Row::block, Column::dropout, {"0", "0.05", "0.1", "0.2"}, 0},
        {Row::aggregation, Column::kind, {"attention", "lstm"}, 0},
        {Row::aggregation, Column::width, {"16", "32", "64"}, 1},
        {Row::training, Column::rate, {"0.00025", "0.0005", "0.001", "0.002", "0.004"}, 2},
        {Row::training, Column::batch, {"16", "32", "64"}, 1},
        {Row::training, Column::blocks, {"32", "64", "128"}, 2},
        {Row::training, Column::gain, {"0.5", "1", "2", "4"}, 1},
    };
    return cells;
}

namespace {

int& at(Grid& g, Row r, Column c) { return g[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]; }
int at(const Grid& g, Row r, Column c) { return g[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]; }

const Cell& cell(Row r, Column c) {
    for (const Cell& x : grid_cells())
        if (x.row == r && x.column == c) return x;
    throw Error(Status::internal, "hpsearch: no cell " + std::string(row_name(r)) + "." + column_name(c));
}

// The chosen value of a cell, as a number or as text.
const std::string& text(const Grid& g, Row r, Column c) {
    return cell(r, c).choices[static_cast<std::size_t>(at(g, r, c))];
}
int integer(const Grid& g, Row r, Column c) { return std::atoi(text(g, r, c).c_str()); }
double real(const Grid& g, Row r, Column c) { return std::strtod(text(g, r, c).c_str(), nullptr); }

Grid empty_grid() {
    Grid g;
    for (auto& row : g) row.fill(-1);
    return g;
}

// Index of `value` among a cell's choices (numbers compared as numbers).
int index_of(Row r, Column c, const std::string& value, bool numeric) {
    const Cell& x = cell(r, c);
    for (std::size_t i = 0; i < x.choices.size(); ++i) {
        const bool same = numeric ? std::abs(std::strtod(x.choices[i].c_str(), nullptr) - std::strtod(value.c_str(), nullptr)) <
                                        1e-12 * (1 + std::abs(std::strtod(value.c_str(), nullptr)))
                                  : x.choices[i] == value;
        if (same) return static_cast<int>(i);
    }
    throw Error(Status::invalid_argument, std::string("hpsearch: ") + row_name(r) + "." + column_name(c) + " = " + value +
                                              " is not among the grid's choices");
}

std::string number(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.12g", v);
    return b;
}

}  // namespace

Grid hand_tuned_grid() {
    Grid g = empty_grid();
    for (const Cell& c : grid_cells()) at(g, c.row, c.column) = c.hand_tuned;
    return g;
}

Grid canonical(const Grid& g) {
    Grid out = g;
    if (text(g, Row::aggregation, Column::kind) != "lstm")
        at(out, Row::aggregation, Column::width) = cell(Row::aggregation, Column::width).hand_tuned;
    return out;
}

void check_grid(const Grid& g) {
    Grid expected = empty_grid();
    for (const Cell& c : grid_cells()) {
        const int v = at(g, c.row, c.column);
        if (v < 0 || v >= static_cast<int>(c.choices.size()))
            throw Error(Status::invalid_argument, std::string("hpsearch: grid cell ") + row_name(c.row) + "." +
                                                      column_name(c.column) + " = " + std::to_string(v) +
                                                      " is not a choice index (0.." +
                                                      std::to_string(c.choices.size() - 1) + ")");
        at(expected, c.row, c.column) = 0;
    }
    for (int r = 0; r < k_rows; ++r)
        for (int c = 0; c < k_columns; ++c)
            if (expected[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] < 0 &&
                g[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] != -1)
                throw Error(Status::invalid_argument, std::string("hpsearch: grid cell ") + row_name(static_cast<Row>(r)) +
                                                          "." + column_name(static_cast<Column>(c)) +
                                                          " holds a decision but the grid has none there");
}

std::string grid_key(const Grid& g) {
    std::string key;
    for (const Cell& c : grid_cells()) key += static_cast<char>('a' + at(g, c.row, c.column));
    return key;
}

void apply_grid(const Grid& g, TrainOptions& o) {
    check_grid(g);
    o.conv_channels = integer(g, Row::pixels, Column::width);
    o.pixel_kernel = integer(g, Row::pixels, Column::kernel);
    o.dct_width = integer(g, Row::dct, Column::width);
    o.global_width = integer(g, Row::global, Column::width);
    o.meta_width = integer(g, Row::metadata, Column::width);
    o.width = integer(g, Row::block, Column::width);
    o.block_layers = integer(g, Row::block, Column::depth);
    o.activation = text(g, Row::block, Column::activation);
    o.dropout = real(g, Row::block, Column::dropout);
    o.aggregator = parse_aggregator(text(g, Row::aggregation, Column::kind));
    o.lstm_hidden = integer(g, Row::aggregation, Column::width);
    o.learning_rate = real(g, Row::training, Column::rate);
    o.batch_pairs = integer(g, Row::training, Column::batch);
    o.blocks = integer(g, Row::training, Column::blocks);
    o.train_k = real(g, Row::training, Column::gain);
}

Grid grid_of(const TrainOptions& o) {
    Grid g = empty_grid();
    const auto set = [&](Row r, Column c, const std::string& v, bool numeric = true) { at(g, r, c) = index_of(r, c, v, numeric); };
    set(Row::pixels, Column::width, number(o.conv_channels));
    set(Row::pixels, Column::kernel, number(o.pixel_kernel));
    set(Row::dct, Column::width, number(o.dct_width > 0 ? o.dct_width : o.width));
    set(Row::global, Column::width, number(o.global_width > 0 ? o.global_width : o.width));
    set(Row::metadata, Column::width, number(o.meta_width > 0 ? o.meta_width : o.width / 2));
    set(Row::block, Column::width, number(o.width));
    set(Row::block, Column::depth, number(o.block_layers));
    set(Row::block, Column::activation, o.activation, false);
    set(Row::block, Column::dropout, number(o.dropout));
    set(Row::aggregation, Column::kind, aggregator_name(o.aggregator), false);
    set(Row::aggregation, Column::width, number(o.lstm_hidden));
    set(Row::training, Column::rate, number(o.learning_rate));
    set(Row::training, Column::batch, number(o.batch_pairs));
    set(Row::training, Column::blocks, number(o.blocks));
    set(Row::training, Column::gain, number(o.train_k > 0 ? o.train_k : o.comparator_k));
    return g;
}

}  // namespace pristine::hpsearch
