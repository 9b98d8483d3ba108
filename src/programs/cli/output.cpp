// What every command prints (see output.hpp).
#include "output.hpp"

#include <iostream>

namespace pristine::cli {

void write_json_line(const Json& j) { json::write_line(j, std::cout); }

void report_failure(const char* command, const std::string& path, const std::string& message, Status status) {
    const std::string named = message.find(path) != std::string::npos ? message : path + ": " + message;
    std::cerr << "pristine " << command << ": " << named << '\n';
    write_json_line(json::failure(path, named, status));
}

}  // namespace pristine::cli
