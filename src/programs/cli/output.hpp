// What every command prints: one JSON object per line on stdout (shapes from the JSON layer), and for
// an input that failed its {path, error, status} line plus a message on stderr.
#pragma once

#include <string>

#include "json/results.hpp"

namespace pristine::cli {

using Json = json::Json;

/// Writes `j` as one line on stdout and flushes it.
void write_json_line(const Json& j);

/// Reports an input that failed the way every per-file command does: a message naming the file on
/// stderr ("pristine CMD: PATH: why") and its failure line on stdout. The caller carries on (and
/// exits with k_exit_failed at the end).
void report_failure(const char* command, const std::string& path, const std::string& message, Status status);

}  // namespace pristine::cli
