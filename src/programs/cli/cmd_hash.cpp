// `pristine hash [--kind K ...] [--dihedral] [--threads N] FILE...`: one JSON line per file with its
// hashes in hex (docs/hashes.md gives the byte order). A file that fails gives {path, error, status}
// and a message on stderr; the others are still hashed; the exit code is then 1.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "hash_cli.hpp"
#include "json_out.hpp"
#include "pristine/io/hash_file.hpp"

namespace pristine::cli {

namespace {

struct HashOptions {
    std::vector<std::string> files;
    std::vector<std::string> kinds;
    bool dihedral = false;
    bool full_scale = false;
    int threads = 0;
};

Json result_json(const HashFileResult& r) {
    Json j;
    j["path"] = r.path;
    for (std::size_t i = 0; i < r.kinds.size(); ++i) {
        const char* name = hash_kind_name(r.kinds[i]);
        if (r.dihedral.empty()) {
            j[name] = hash_to_hex(r.hashes[i]);
        } else {
            Json variants = Json::array();
            for (const auto& v : r.dihedral[i]) variants.push_back(hash_to_hex(v));
            j[name] = variants;
        }
        if (r.kinds[i] == HashKind::pdq) j["pdq_quality"] = r.pdq_quality;
    }
    return j;
}

int run_hash(const HashOptions& o) {
    const std::vector<HashKind> kinds = parse_kinds(o.kinds);
    HashFileOptions options;
    options.dihedral = o.dihedral;
    options.max_scale_denom = o.full_scale ? 1 : 8;
    int rc = k_exit_ok;
    // In chunks, so that lines appear while a long list is still being hashed.
    const std::size_t chunk = 64 * static_cast<std::size_t>(std::max(1, o.threads > 0 ? o.threads : 4));
    for (std::size_t first = 0; first < o.files.size(); first += chunk) {
        const std::size_t last = std::min(o.files.size(), first + chunk);
        const std::vector<std::string> part(o.files.begin() + static_cast<std::ptrdiff_t>(first),
                                            o.files.begin() + static_cast<std::ptrdiff_t>(last));
        for (const HashFileResult& r : hash_files(part, kinds, options, o.threads)) {
            if (r.ok()) {
                write_json_line(result_json(r));
                continue;
            }
            report_failure("hash", r.path, r.error, status_name(r.status));
            rc = k_exit_failed;
        }
    }
    return rc;
}

}  // namespace

RunFn register_hash(CLI::App& sub) {
    auto o = std::make_shared<HashOptions>();
    sub.add_option("files", o->files, "Image files")->required();
    sub.add_option("-k,--kind", o->kinds,
                   "Hash kind (repeat or comma-separate): dct, radial, blockmean, blockmean-overlap, mh, pdq; "
                   "default: all")
        ->delimiter(',')
        ->allow_extra_args(false);
    sub.add_flag("--dihedral", o->dihedral, "Print the 8 rotations/flips of each hash (a list of 8 hex strings)");
    sub.add_option("-j,--threads", o->threads, "Worker threads (0 = all cores)")->capture_default_str();
    sub.add_flag("--full-scale", o->full_scale, "Decode JPEGs at full size instead of the reduced-scale fast path");
    sub.footer("Output: one JSON object per line: path, then one key per kind with the hash in hex\n"
               "(pdq also pdq_quality). A failed file gives {path, error, status}.\n"
               "Exit code: 0 all ok, 1 some file failed, 2 usage error.");
    return [o] { return run_hash(*o); };
}

}  // namespace pristine::cli
