// One JSON object per line on stdout, for files processed one at a time.
#pragma once

#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

namespace pristine::cli {

/// Keys keep the order they were added in (path first), which reads better than sorted keys.
using Json = nlohmann::ordered_json;

/// Writes `j` as one line and flushes it, so that a reader of a pipe sees each file's result as soon as
/// it is done. Bytes that are not UTF-8 (file names may hold any bytes) become U+FFFD instead of
/// aborting the whole run.
inline void write_json_line(const Json& j, std::ostream& out = std::cout) {
    out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    out.flush();
}

/// The line for an input that failed: its path, the message and the stable status name.
inline Json error_json(const std::string& path, const std::string& message, const char* status) {
    return Json{{"path", path}, {"error", message}, {"status", status}};
}

/// Reports an input that failed the way every per-file subcommand does: a message naming the file on
/// stderr ("pristine CMD: PATH: why") and its error_json line on stdout. The caller carries on.
inline void report_failure(const char* command, const std::string& path, const std::string& message,
                           const char* status) {
    const std::string named = message.find(path) != std::string::npos ? message : path + ": " + message;
    std::cerr << "pristine " << command << ": " << named << '\n';
    write_json_line(error_json(path, named, status));
}

}  // namespace pristine::cli
