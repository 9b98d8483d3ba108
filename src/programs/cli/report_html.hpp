// The contact sheet of a dedupe report: one HTML file that opens in any browser without a server,
// with small JPEG thumbnails in a folder beside it (NAME_thumbs/).
#pragma once

#include <string>

#include "pristine/executor.hpp"
#include "pristine/io/dedupe_report.hpp"

namespace pristine::cli {

/// Writes `html_path` and its thumbnails folder (created; existing thumbnails are replaced). A member
/// whose thumbnail cannot be made is shown without one. Throws Error(io_error) when the page or the
/// folder cannot be written.
void write_report_html(const DedupeReport& report, const std::string& html_path, const BatchOptions& batch);

}  // namespace pristine::cli
