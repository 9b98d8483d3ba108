// `pristine compare A B`: every hash distance between two image files, as one JSON object:
// {"a": A, "b": B, "<kind>": {"distance", "normalized", "dihedral_min"}, ...}. dihedral_min is the
// smallest distance between B and any rotation/flip of A.
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "hash_cli.hpp"
#include "json_out.hpp"
#include "pristine/io/hash_file.hpp"

namespace pristine::cli {

namespace {

struct CompareOptions {
    std::string a, b;
    std::vector<std::string> kinds;
    bool full_scale = false;
};

Json number(HashKind k, double d) { return hash_is_binary(k) ? Json(static_cast<long long>(d)) : Json(d); }

int run_compare(const CompareOptions& o) {
    const std::vector<HashKind> kinds = parse_kinds(o.kinds);
    HashFileOptions options;
    options.dihedral = true;
    options.max_scale_denom = o.full_scale ? 1 : 8;
    const HashFileResult a = hash_file(o.a, kinds, options);  // errors name the path; main prints them
    const HashFileResult b = hash_file(o.b, kinds, options);
    Json j;
    j["a"] = o.a;
    j["b"] = o.b;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const HashKind k = kinds[i];
        const std::uint8_t* ha = a.hashes[i].data();
        const std::uint8_t* hb = b.hashes[i].data();
        Json d;
        d["distance"] = number(k, hash_distance(k, ha, hb));
        d["normalized"] = hash_distance_normalized(k, ha, hb);
        d["dihedral_min"] = number(k, hash_distance_dihedral(k, a.dihedral[i], hb));
        j[hash_kind_name(k)] = d;
    }
    write_json_line(j);
    return k_exit_ok;
}

}  // namespace

RunFn register_compare(CLI::App& sub) {
    auto o = std::make_shared<CompareOptions>();
    sub.add_option("a", o->a, "First image file")->required();
    sub.add_option("b", o->b, "Second image file")->required();
    sub.add_option("-k,--kind", o->kinds, "Hash kinds to compare (default: all)")
        ->delimiter(',')
        ->allow_extra_args(false);
    sub.add_flag("--full-scale", o->full_scale, "Decode JPEGs at full size instead of the reduced-scale fast path");
    sub.footer("Output: one JSON object: a, b, then per kind {distance, normalized (0..1), dihedral_min}.\n"
               "Distances: Hamming bits; radial 1 - peak correlation (0..2).\n"
               "Exit code: 0 ok, 1 a file could not be hashed, 2 usage error.");
    return [o] { return run_compare(*o); };
}

}  // namespace pristine::cli
