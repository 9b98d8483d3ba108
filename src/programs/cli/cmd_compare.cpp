// `pristine compare A B`: every hash distance between two image files, as one JSON object:
// {"a": A, "b": B, "<kind>": {"distance", "normalized", "dihedral_min"}, ...}. dihedral_min is the
// smallest distance between B and any rotation/flip of A. A file that fails gives its
// {path, error, status} line (and a message on stderr) instead, and the exit code 1.
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/io/hash_file.hpp"

namespace pristine::cli {

namespace {

struct CompareOptions {
    std::string a, b;
    std::vector<std::string> kinds;
    bool full_scale = false;
};

int run_compare(const CompareOptions& o) {
    HashFileOptions options;
    options.dihedral = true;
    options.max_scale_denom = o.full_scale ? 1 : 8;
    const std::vector<HashFileResult> r = hash_files({o.a, o.b}, parse_kinds(o.kinds, "all"), options, 2);
    bool failed = false;
    for (const HashFileResult& x : r)
        if (!x.ok()) {
            report_failure("compare", x.path, x.error, x.status);
            failed = true;
        }
    if (failed) return k_exit_failed;
    write_json_line(json::hash_comparison(r[0], r[1]));
    return k_exit_ok;
}

}  // namespace

RunFn register_compare(CLI::App& sub) {
    auto o = std::make_shared<CompareOptions>();
    sub.add_option("a", o->a, "First image file")->required();
    sub.add_option("b", o->b, "Second image file")->required();
    add_kind_option(sub, o->kinds, "all");
    sub.add_flag("--full-scale", o->full_scale, "Decode JPEGs at full size instead of the reduced-scale fast path");
    sub.footer("Output: one JSON object: a, b, then per kind {distance, normalized (0..1), dihedral_min}.\n"
               "Distances: Hamming bits; radial 1 - peak correlation (0..2). A file that cannot be hashed\n"
               "gives {path, error, status} instead.\n"
               "Exit code: 0 ok, 1 a file could not be hashed, 2 usage error.");
    return [o] { return run_compare(*o); };
}

}  // namespace pristine::cli
