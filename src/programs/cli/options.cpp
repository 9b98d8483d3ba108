// Shared options of the commands (see options.hpp).
#include "options.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "output.hpp"
#include "pristine/io/collection.hpp"

namespace pristine::cli {

const CLI::Validator& non_negative() {
    static const CLI::Validator v(
        [](std::string& value) -> std::string {
            const std::size_t at = value.find_first_not_of(" \t");
            if (at != std::string::npos && value[at] == '-') return "must be 0 or more, got " + value;
            return {};
        },
        "NUMBER>=0", "non-negative");
    return v;
}

CLI::Option* add_threads_option(CLI::App& sub, int& threads, const std::string& names) {
    return sub.add_option(names, threads, "Worker threads (0 = all cores)")->capture_default_str()->check(non_negative());
}

namespace {

std::string kind_names() {
    std::string out;
    for (HashKind k : k_all_hash_kinds) out += std::string(out.empty() ? "" : ", ") + hash_kind_name(k);
    return out + " or all";
}

}  // namespace

CLI::Option* add_kind_option(CLI::App& sub, std::vector<std::string>& names, const std::string& fallback) {
    const CLI::Validator known(
        [](std::string& name) -> std::string {
            if (name.empty() || name == "all") return {};
            try {
                (void)parse_hash_kind(name);
                return {};
            } catch (const Error&) {
                return "unknown hash kind '" + name + "' (" + kind_names() + ")";
            }
        },
        "KIND", "hash kind");
    return sub
        .add_option("-k,--kind", names,
                    "Hash kind (repeat or comma-separate): " + kind_names() + "; default: " + fallback)
        ->delimiter(',')
        ->allow_extra_args(false)
        ->check(known);
}

std::vector<HashKind> parse_kinds(const std::vector<std::string>& names, const std::string& fallback) {
    std::vector<HashKind> kinds;
    const auto add = [&kinds](HashKind k) {
        for (HashKind have : kinds)
            if (have == k) return;
        kinds.push_back(k);
    };
    for (const std::string& n : names.empty() ? std::vector<std::string>{fallback} : names) {
        if (n.empty()) continue;
        if (n == "all") {
            for (HashKind k : k_all_hash_kinds) add(k);
        } else {
            add(parse_hash_kind(n));
        }
    }
    return kinds;
}

void add_inputs(CLI::App& sub, Inputs& inputs, const std::string& what) {
    sub.add_option("files", inputs.paths, what + " (folders with -r; - reads paths from stdin, one per line)")
        ->required();
    sub.add_flag("-r,--recursive", inputs.recursive,
                 "Read the image files under the folders given (recognised by their first bytes; hidden\n"
                 "entries skipped, symlinks followed)");
}

std::vector<std::string> input_files(const Inputs& inputs, const char* command, bool& failed) {
    std::vector<std::string> paths;
    for (const std::string& p : inputs.paths) {
        if (p != "-") {
            paths.push_back(p);
            continue;
        }
        for (std::string line; std::getline(std::cin, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty()) paths.push_back(line);
        }
    }
    if (!inputs.recursive) return paths;
    CollectOptions o;
    o.recursive = true;
    Collection c = collect_files(paths, o);
    for (const SkippedEntry& s : c.skipped)
        if (s.status == Status::io_error) {
            report_failure(command, s.path, s.message, s.status);
            failed = true;
        }
    return std::move(c.files);
}

void for_each_part(const std::vector<std::string>& files, std::size_t chunk,
                   const std::function<void(const std::vector<std::string>&)>& fn) {
    for (std::size_t first = 0; first < files.size(); first += chunk) {
        const auto end = files.begin() + static_cast<std::ptrdiff_t>(std::min(files.size(), first + chunk));
        fn(std::vector<std::string>(files.begin() + static_cast<std::ptrdiff_t>(first), end));
    }
}

std::vector<std::string> image_files(const std::vector<std::string>& inputs) {
    for (const std::string& in : inputs) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(in, ec) && !std::filesystem::is_directory(in, ec))
            throw Error(Status::io_error, "'" + in + "' is neither a file nor a folder");
    }
    std::vector<std::string> out = collect_files(inputs).files;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace pristine::cli
