// `pristine hash [--kind K ...] [--dihedral] [--full-scale] [--pdq-reference-tool] [--threads N] FILE...`:
// one JSON line per file with its hashes in hex (docs/hashes.md gives the byte order). A file that fails
// gives {path, error, status} and a message on stderr; the others are still hashed; the exit code is then 1.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "pristine/io/hash_file.hpp"

namespace pristine::cli {

namespace {

struct HashOptions {
    Inputs inputs;
    std::vector<std::string> kinds;
    bool dihedral = false;
    bool full_scale = false;
    bool pdq_reference_tool = false;
    int threads = 0;
};

int run_hash(const HashOptions& o) {
    const std::vector<HashKind> kinds = parse_kinds(o.kinds, "pdq");
    HashFileOptions options;
    options.dihedral = o.dihedral;
    options.max_scale_denom = o.full_scale ? 1 : 8;
    options.pdq_reference_tool = o.pdq_reference_tool;
    bool failed = false;
    const std::vector<std::string> files = input_files(o.inputs, "hash", failed);
    const std::size_t chunk = 64 * static_cast<std::size_t>(std::max(1, o.threads > 0 ? o.threads : 4));
    for_each_part(files, chunk, [&](const std::vector<std::string>& part) {
        for (const HashFileResult& r : hash_files(part, kinds, options, o.threads)) {
            if (r.ok()) {
                write_json_line(json::hash_result(r));
                continue;
            }
            report_failure("hash", r.path, r.error, r.status);
            failed = true;
        }
    });
    return failed ? k_exit_failed : k_exit_ok;
}

}  // namespace

RunFn register_hash(CLI::App& sub) {
    auto o = std::make_shared<HashOptions>();
    add_inputs(sub, o->inputs, "Image files");
    add_kind_option(sub, o->kinds, "pdq");
    sub.add_flag("--dihedral", o->dihedral, "Print the 8 rotations/flips of each hash (a list of 8 hex strings)");
    add_threads_option(sub, o->threads);
    sub.add_flag("--full-scale", o->full_scale, "Decode JPEGs at full size instead of the reduced-scale fast path");
    sub.add_flag("--pdq-reference-tool", o->pdq_reference_tool,
                 "pdq exactly as Meta's reference program prints it (a side over 512 px squeezed to 512x512, "
                 "no EXIF orientation; --dihedral by its sign rule)");
    sub.footer("Output: one JSON object per line: path, then one key per kind with the hash in hex\n"
               "(pdq also pdq_quality). A failed file gives {path, error, status}.\n"
               "Exit code: 0 all ok, 1 some file failed, 2 usage error.");
    return [o] { return run_hash(*o); };
}

}  // namespace pristine::cli
