// The dedupe job (module `_pristine_models`): runs with the GIL released; the progress callback re-takes it
// to call Python, and a Python exception raised there stops the run and is re-raised unchanged; Ctrl-C
// cancels. The report becomes a dict with exactly the keys of its JSON form (src/json: dedupe_report).
#include <memory>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"

#include "pristine/models/dedupe.hpp"

namespace pristine::python {

namespace {

// Paths and messages as Python gives file names: undecodable bytes kept as surrogate escapes.
py::str fs_str(const std::string& s) {
    PyObject* o = PyUnicode_DecodeFSDefaultAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
    if (o == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

RankBy rank_by_of(const std::string& name) {
    if (name == "pairs") return RankBy::pairs;
    if (name == "scores") return RankBy::scores;
    throw Error(Status::invalid_argument, "dedupe: rank_by must be \"pairs\" or \"scores\", got \"" + name + "\"");
}

DedupeOptions options_of(const py::dict& kw, int& threads) {
    DedupeOptions o;
    MatchOptions& m = o.match;
    for (const auto& [key_obj, value] : kw) {
        const std::string key = py::str(key_obj);
        if (key == "threads") threads = value.cast<int>();
        else if (key == "rank") o.rank = value.cast<bool>();
        else if (key == "model") o.model = value.is_none() ? std::string() : value.cast<std::string>();
        else if (key == "reference") o.reference = value.cast<std::vector<std::string>>();
        else if (key == "recursive") o.collect.recursive = value.cast<bool>();
        else if (key == "include_hidden") o.collect.include_hidden = value.cast<bool>();
        else if (key == "crop_views") o.fingerprint.crop_views = value.cast<bool>();
        else if (key == "apply_orientation") o.fingerprint.apply_orientation = value.cast<bool>();
        else if (key == "max_pixels") o.fingerprint.max_pixels = value.cast<std::uint64_t>();
        else if (key == "candidate_radius") m.candidate_radius = value.cast<int>();
        else if (key == "dct_radius") m.dct_radius = value.cast<int>();
        else if (key == "dihedral_radius") m.dihedral_radius = value.cast<int>();
        else if (key == "min_detail_correlation") m.min_detail_correlation = value.cast<double>();
        else if (key == "max_local_difference") m.max_local_difference = value.cast<double>();
        else if (key == "cache") o.cache = value.cast<std::string>();
        else if (key == "mean_radius") m.mean_radius = value.cast<int>();
        else if (key == "dihedral") m.dihedral = value.cast<bool>();
        else if (key == "min_correlation") m.min_correlation = value.cast<double>();
        else if (key == "max_chroma_difference") m.max_chroma_difference = value.cast<double>();
        else if (key == "flat_std") m.flat_std = value.cast<double>();
        else if (key == "max_flat_mean_difference") m.max_flat_mean_difference = value.cast<double>();
        else if (key == "min_link_fraction") m.min_link_fraction = value.cast<double>();
        else if (key == "max_strip_ratio") m.max_strip_ratio = value.cast<double>();
        else if (key == "min_strip_correlation") m.min_strip_correlation = value.cast<double>();
        else if (key == "min_coverage") m.min_coverage = value.cast<double>();
        else if (key == "max_ambiguous_distance") m.max_ambiguous_distance = value.cast<int>();
        else if (key == "min_alignment_margin") m.min_alignment_margin = value.cast<double>();
        else if (key == "max_far_shift") m.max_far_shift = value.cast<double>();
        else if (key == "rank_by") o.rank_by = rank_by_of(value.cast<std::string>());
        else if (key == "pair_model") o.pair_model = value.cast<std::string>();
        else if (key == "order_model") o.order_model = value.cast<std::string>();
        else throw Error(Status::invalid_argument, "dedupe: unknown option '" + key + "'");
    }
    if (threads < 0) throw Error(Status::invalid_argument, "dedupe: threads must be >= 0, got " + std::to_string(threads));
    find_duplicate_groups({}, m);  // thresholds out of range are refused now, not after reading every file
    return o;
}

py::dict member_dict(const DedupeMember& m) {
    py::dict d;
    d["path"] = fs_str(m.path);
    d["keep"] = m.keep;
    d["score"] = m.scored ? py::object(py::float_(m.score)) : py::object(py::none());
    d["rank"] = m.rank;
    d["width"] = m.width;
    d["height"] = m.height;
    d["format"] = m.format;
    d["file_size"] = m.file_size;
    d["distance"] = m.distance;
    d["reference"] = m.reference;
    if (!m.identical_to.empty()) d["identical_to"] = fs_str(m.identical_to);
    d["parent"] = m.parent.empty() ? py::object(py::none()) : py::object(fs_str(m.parent));
    d["parent_confidence"] = m.parent_confidence;
    return d;
}

py::list errors_list(const std::vector<DedupeError>& errors) {
    py::list out;
    for (const DedupeError& e : errors) {
        py::dict d;
        d["path"] = fs_str(e.path);
        d["error"] = fs_str(e.message);
        d["status"] = status_name(e.status);
        out.append(d);
    }
    return out;
}

py::dict report_dict(const DedupeReport& r) {
    const py::list errors = errors_list(r.errors);
    py::list groups;
    for (const DedupeGroup& g : r.groups) {
        py::list members;
        for (const DedupeMember& m : g.members) members.append(member_dict(m));
        py::dict d;
        d["members"] = members;
        d["reason"] = fs_str(g.reason);
        d["duplicate_bytes"] = g.duplicate_bytes;
        groups.append(d);
    }
    py::dict d;
    d["version"] = DedupeReport::k_version;
    d["files"] = r.files;
    d["errors"] = errors;
    d["groups"] = groups;
    d["candidate_pairs"] = r.candidate_pairs;
    d["verified_pairs"] = r.verified_pairs;
    d["cache_hits"] = r.cache_hits;
    d["cache_misses"] = r.cache_misses;
    return d;
}

// Thrown through the job to stop it when the progress callback raised; the Python error is kept aside.
struct CallbackRaised : std::exception {
    const char* what() const noexcept override { return "the progress callback raised"; }
};

}  // namespace

void register_dedupe(py::module_& m) {
    m.def("dedupe", [](const std::vector<std::string>& paths, const py::dict& kw, const py::object& progress) {
        int threads = 0;
        DedupeOptions o = options_of(kw, threads);
        // Only touched with the GIL held.
        std::shared_ptr<py::error_already_set> raised;
        if (!progress.is_none())
            o.progress = [&](DedupeStage stage, const BatchProgress& p) {
                py::gil_scoped_acquire acquire;
                if (raised) throw CallbackRaised();  // raised before: never called again
                try {
                    progress(dedupe_stage_name(stage), p.done, p.total);
                } catch (py::error_already_set& e) {
                    raised = std::make_shared<py::error_already_set>(std::move(e));
                    throw CallbackRaised();
                }
            };
        DedupeReport report;
        try {
            report = run_interruptible([&](const std::function<bool()>& cancel) {
                BatchOptions batch;
                batch.threads = threads;
                batch.cancel = cancel;
                return dedupe(paths, o, batch);
            });
        } catch (...) {
            if (raised) throw py::error_already_set(std::move(*raised));
            throw;
        }
        return report_dict(report);
    }, py::arg("paths"), py::arg("options"), py::arg("progress"));
    m.def("rank_copies", [](const std::vector<std::string>& paths, const py::dict& kw) {
        int threads = 0;
        const DedupeOptions o = options_of(kw, threads);
        const RankedCopies ranked = run_interruptible([&](const std::function<bool()>& cancel) {
            BatchOptions batch;
            batch.threads = threads;
            batch.cancel = cancel;
            return rank_copies(paths, o, batch);
        });
        py::list members;
        for (const DedupeMember& mem : ranked.group.members) members.append(member_dict(mem));
        py::dict d;
        d["members"] = members;
        d["reason"] = fs_str(ranked.group.reason);
        d["errors"] = errors_list(ranked.errors);
        return d;
    }, py::arg("paths"), py::arg("options"));
}

}  // namespace pristine::python
