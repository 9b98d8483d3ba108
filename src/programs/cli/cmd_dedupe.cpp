// `pristine dedupe PATH... [--out report.json] [--html report.html]`: every group of copies among the
// image files under PATH, the copy closest to the original kept in each (docs/dedupe.md). Errors go to
// stderr (one line per unreadable file) and into the report; a progress bar only on a terminal.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "commands.hpp"
#include "options.hpp"
#include "output.hpp"
#include "progress_bar.hpp"
#include "report_html.hpp"
#include "pristine/io/move_duplicates.hpp"
#include "pristine/models/dedupe.hpp"

namespace pristine::cli {

namespace {

struct DedupeCliOptions {
    std::vector<std::string> inputs;
    std::string out;
    std::string html;
    std::string model;
    std::string move_to;
    std::string journal;
    bool dry_run = false;
    int threads = 0;
    bool no_rank = false;
    std::string rank_by = "pairs";
    bool quiet = false;
    bool progress = false;
    bool hidden = false;
    bool no_crop_views = false;
    bool no_dihedral = false;
    std::string tree_evidence;
    DedupeOptions job;
};

void write_report(const DedupeReport& report, const std::string& path) {
    const std::string text = json::dedupe_report(report).dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
    if (path.empty() || path == "-") {
        std::cout << text << std::flush;
        return;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out.is_open()) throw Error(Status::io_error, path + ": cannot create the report: " + std::strerror(errno));
    out << text;
    out.close();
    if (!out) throw Error(Status::io_error, path + ": cannot write the report: " + std::strerror(errno));
}

// Fails before a long run when a report could not be written at its end.
void check_writable(const std::string& path, const char* what) {
    if (path.empty() || path == "-") return;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    const std::string dir = parent.empty() ? "." : parent.string();
    if (access(dir.c_str(), W_OK) != 0)
        throw Error(Status::io_error, path + ": cannot write the " + what + " there: " + std::strerror(errno));
}

// One JSON line per ranked group: what its derivation tree was built from (the input of
// scripts/fit-tree-weights.py, which fits GroupTreeWeights).
void write_tree_evidence(std::ofstream& out, const std::vector<std::string>& paths, const GroupTreeEvidence& e) {
    Json pixels = Json::array();
    for (const DirectionalEvidence& d : e.pixels)
        pixels.push_back(Json::array({d.measured, d.forward, d.backward, d.jpeg_forward, d.jpeg_backward, d.covered_forward,
                                      d.covered_backward}));
    out << json::dump(Json{{"paths", paths},
                           {"classes", e.classes},
                           {"order", e.order},
                           {"before", e.before},
                           {"distance", e.distance},
                           {"pixels", pixels}})
        << '\n';
}

// Sets the duplicates aside (or, dry run, says where they would go): one {from, to} line per file on
// stdout when the report went to a file, else on stderr; failures in the standard shape.
bool move_duplicates(const DedupeReport& report, const DedupeCliOptions& o) {
    const std::vector<MoveRequest> requests = duplicate_moves(report, o.inputs);
    const std::string journal = o.journal.empty() ? o.move_to + "/pristine-undo.journal" : o.journal;
    MoveOptions mo;
    mo.dry_run = o.dry_run;
    const MoveReport moved = move_files(requests, o.move_to, journal, mo);
    const bool report_on_stdout = o.out.empty() || o.out == "-";
    bool failed = false;
    std::size_t done = 0;
    for (const MoveOutcome& m : moved.moves) {
        if (!m.ok()) {
            std::cerr << "pristine dedupe: " << (m.error.find(m.from) != std::string::npos ? m.error : m.from + ": " + m.error) << '\n';
            failed = true;
            continue;
        }
        ++done;
        const std::string line = json::dump(json::move(m.from, m.to));
        (report_on_stdout ? std::cerr : std::cout) << line << '\n';
    }
    std::cout.flush();
    if (!o.quiet && ProgressBar::stderr_is_terminal()) {
        if (o.dry_run) std::cerr << "dry run: " << done << " duplicates would be moved under " << o.move_to << '\n';
        else std::cerr << done << " duplicates moved under " << o.move_to << "; undo: pristine undo " << moved.journal << '\n';
    }
    return !failed;
}

// Every picture's decode allocates and frees buffers of a few hundred KB. By default glibc hands the
// freed top of each thread's heap back to the system and mmaps large blocks afresh, so the next picture
// faults the same pages in again (about a tenth of the CPU time of a run on 640 x 480 JPEGs): a dedupe
// run keeps freed memory for reuse instead.
void keep_freed_memory() {
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int run_dedupe(DedupeCliOptions& o) {
    keep_freed_memory();
    check_writable(o.out, "report");
    check_writable(o.html, "HTML report");
    DedupeOptions job = o.job;
    job.rank = !o.no_rank;
    job.model = o.model;
    job.rank_by = o.rank_by == "scores" ? RankBy::scores : RankBy::pairs;
    job.collect.include_hidden = o.hidden;
    job.fingerprint.crop_views = !o.no_crop_views;
    job.match.dihedral = !o.no_dihedral;
    const bool terminal = ProgressBar::stderr_is_terminal();
    ProgressBar bar(!o.quiet && (o.progress || terminal));
    job.progress = [&bar](DedupeStage stage, const BatchProgress& p) { bar.update(dedupe_stage_name(stage), p.done, p.total); };
    BatchOptions batch;
    batch.threads = o.threads;
    std::ofstream evidence;
    if (!o.tree_evidence.empty()) {
        evidence.open(o.tree_evidence, std::ios::binary | std::ios::trunc);
        if (!evidence.is_open()) throw Error(Status::io_error, o.tree_evidence + ": cannot create: " + std::strerror(errno));
        job.tree_evidence = [&evidence](const std::vector<std::string>& paths, const GroupTreeEvidence& e) {
            write_tree_evidence(evidence, paths, e);
        };
    }

    const DedupeReport report = dedupe(o.inputs, job, batch);
    bar.finish();
    for (const DedupeError& e : report.errors) {
        const std::string named = e.message.find(e.path) != std::string::npos ? e.message : e.path + ": " + e.message;
        std::cerr << "pristine dedupe: " << named << '\n';
    }
    if (evidence.is_open()) {
        evidence.close();
        if (!evidence) throw Error(Status::io_error, o.tree_evidence + ": cannot write the tree evidence");
    }
    write_report(report, o.out);
    if (!o.html.empty()) write_report_html(report, o.html, batch);
    const bool moves_ok = o.move_to.empty() || move_duplicates(report, o);
    if (!o.quiet && terminal) {
        std::size_t copies = 0;
        std::uint64_t bytes = 0;
        for (const DedupeGroup& g : report.groups) copies += g.members.size() - 1, bytes += g.duplicate_bytes;
        std::cerr << report.files << " files";
        if (!o.job.cache.empty()) std::cerr << " (" << report.cache_hits << " from the cache)";
        std::cerr << ", " << report.groups.size() << " pictures with copies, " << copies
                  << " duplicates (" << bytes / 1024 << " KiB), " << report.errors.size() << " errors\n";
        if (!o.out.empty() && o.out != "-") std::cerr << "report: " << o.out << '\n';
        if (!o.html.empty()) std::cerr << "contact sheet: " << o.html << '\n';
    }
    return report.errors.empty() && moves_ok ? k_exit_ok : k_exit_failed;
}

}  // namespace

RunFn register_dedupe(CLI::App& sub) {
    auto o = std::make_shared<DedupeCliOptions>();
    sub.add_option("paths", o->inputs, "Folders (walked recursively) and image files")->required();
    sub.add_option("-o,--out", o->out, "Write the JSON report here (default: stdout)");
    sub.add_option("--html", o->html, "Also write a contact sheet (HTML, thumbnails beside it)");
    sub.add_option("--reference", o->job.reference,
                   "Folder of reference pictures: report only the files that duplicate one of them (repeatable)");
    auto* move = sub.add_option("--move-duplicates", o->move_to,
                   "Move every copy not kept under DIR, keeping its place under the folder it was found in "
                   "(never deletes, never overwrites; journalled: `pristine undo JOURNAL` puts everything back)");
    sub.add_option("--journal", o->journal, "Journal of the moves (default: DIR/pristine-undo.journal)")->needs(move);
    sub.add_flag("--dry-run", o->dry_run, "With --move-duplicates: print the moves, change nothing")->needs(move);
    sub.add_option("--cache", o->job.cache,
                   "Keep fingerprints, scores and match verdicts in this file (SQLite; created when absent): a re-run "
                   "reads, scores and verifies only what involves new or changed files");
    sub.add_flag("--no-rank", o->no_rank, "Do not score the copies; keep the largest picture of each group");
    sub.add_option("--model", o->model, "Scorer model file (default: the shipped model)");
    sub.add_option("--rank-by", o->rank_by,
                   "pairs: compare every two copies with the pair model (scores and what the files tell of their "
                   "history); scores: the generation-loss score of each copy alone")
        ->capture_default_str()->check(CLI::IsMember({"pairs", "scores"}));
    sub.add_option("--pair-model", o->job.pair_model, "Pair model file for --rank-by pairs (default: the built-in model)");
    sub.add_option("--order-model", o->job.order_model,
                   "Pair model file that orders the copies after the kept one (default: the built-in order model)");
    add_threads_option(sub, o->threads);
    sub.add_option("--tree-evidence", o->tree_evidence,
                   "Write what each group's derivation tree was built from, one JSON line per group\n"
                   "(for scripts/fit-tree-weights.py)");
    sub.add_flag("-q,--quiet", o->quiet, "No progress bar and no summary");
    sub.add_flag("--progress", o->progress, "Show the progress bar even when stderr is not a terminal");
    sub.add_flag("--hidden", o->hidden, "Also walk hidden files and folders (names starting with '.')");
    auto* m = &o->job.match;
    // Every matching threshold (docs/dedupe.md, "Calibration", says how each default was measured).
    sub.add_option("--candidate-radius", m->candidate_radius, "PDQ bits within which two views are candidates")
        ->capture_default_str()->check(CLI::Range(0, 47));
    sub.add_option("--dihedral-radius", m->dihedral_radius, "PDQ bits within which turned or mirrored views are candidates")
        ->capture_default_str()->check(CLI::Range(0, 47));
    sub.add_option("--dct-radius", m->dct_radius, "DCT-hash bits within which whole pictures are candidates (-1: off)")
        ->capture_default_str()->check(CLI::Range(-1, 11));
    sub.add_option("--mean-radius", m->mean_radius, "Block-mean bits within which whole pictures are candidates (-1: off)")
        ->capture_default_str()->check(CLI::Range(-1, 11));
    sub.add_option("--min-correlation", m->min_correlation, "Verification: least correlation of the aligned thumbnails")
        ->capture_default_str()->check(CLI::Range(-1.0, 1.0));
    sub.add_option("--min-detail-correlation", m->min_detail_correlation, "Verification: least correlation of their detail")
        ->capture_default_str()->check(CLI::Range(-1.0, 1.0));
    sub.add_option("--max-local-difference", m->max_local_difference, "Verification: largest difference of one block")
        ->capture_default_str()->check(CLI::Range(0.0, 255.0));
    sub.add_option("--max-strip-ratio", m->max_strip_ratio, "Verification: largest caption-strip difference over the noise")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    sub.add_option("--min-strip-correlation", m->min_strip_correlation, "Verification: least correlation of a caption strip")
        ->capture_default_str()->check(CLI::Range(-1.0, 1.0));
    sub.add_option("--max-chroma-difference", m->max_chroma_difference, "Verification: largest RMS colour difference")
        ->capture_default_str()->check(CLI::Range(0.0, 255.0));
    sub.add_option("--min-coverage", m->min_coverage, "Verification: least share of the smaller picture inside the other")
        ->capture_default_str()->check(CLI::Range(0.0, 1.0));
    sub.add_option("--max-ambiguous-distance", m->max_ambiguous_distance,
                   "PDQ bits beyond which a pair needs an unambiguous alignment near its start")
        ->capture_default_str()->check(CLI::Range(0, 256));
    sub.add_option("--min-alignment-margin", m->min_alignment_margin, "Verification: least alignment margin of such pairs")
        ->capture_default_str()->check(CLI::Range(-2.0, 2.0));
    sub.add_option("--max-far-shift", m->max_far_shift, "Verification: largest move of such pairs' frame")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    sub.add_option("--flat-std", m->flat_std, "Thumbnails with less luma deviation than this count as flat")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    sub.add_option("--max-flat-mean-difference", m->max_flat_mean_difference, "Flat pictures match within this tone")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    sub.add_option("--min-link-fraction", m->min_link_fraction,
                   "Groups: least fraction of verified pairs between two parts that join")
        ->capture_default_str()->check(CLI::Range(0.01, 1.0));
    sub.add_flag("--no-crop-views", o->no_crop_views, "Do not look for centre crops (1:1, 4:5)");
    sub.add_flag("--no-dihedral", o->no_dihedral, "Do not look for rotated or mirrored copies");
    sub.footer("Report: JSON {version, files, errors, groups: [{members: [{path, keep, score, rank, width, height,\n"
               "format, file_size, distance, ...}], reason, duplicate_bytes}]} (docs/dedupe.md).\n"
               "With --move-duplicates: one {from, to} line per file moved (on stdout when --out names a file, else on stderr).\n"
               "Exit code: 0 ok, 1 some file could not be read or moved (the report lists it; the others are grouped),\n"
               "2 usage error.");
    return [o] { return run_dedupe(*o); };
}

}  // namespace pristine::cli
