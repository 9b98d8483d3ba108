// How a generation-loss model turns its per-block evaluations into one image score: part of a
// model's configuration, chosen at training time and stored in the model file.
#pragma once

#include <string>

#include "pristine/error.hpp"

namespace pristine {

enum class Aggregator {
    lstm,       ///< an LSTM over the blocks in entropy order, with a presence input (the seed design)
    attention,  ///< each block emits a score and a weight; masked softmax-weighted mean of the scores
};

/// "lstm" / "attention".
inline const char* aggregator_name(Aggregator a) noexcept { return a == Aggregator::lstm ? "lstm" : "attention"; }

/// The aggregator of a name given by aggregator_name. Throws Error(invalid_argument) for another name.
inline Aggregator parse_aggregator(const std::string& name) {
    if (name == "lstm") return Aggregator::lstm;
    if (name == "attention") return Aggregator::attention;
    throw Error(Status::invalid_argument, "unknown aggregator '" + name + "' (expected lstm or attention)");
}

}  // namespace pristine
