// Step helpers shared by the chain runner (internal; not installed).
#pragma once

#include <string>

#include "pristine/lab/degrade/chain.hpp"

namespace pristine::degrade {

/// Throws Error(invalid_argument) naming the step when a parameter is out of range.
void validate_step(const DegradeStep& step);

/// One step's part of a recipe ("jpeg(q=80,420)").
std::string describe_step(const DegradeStep& step);

}  // namespace pristine::degrade
