// Setting duplicates aside from Python (module `_pristine`): the moves of a dedupe report's copies not
// kept, journalled so that undo puts every file back (pristine/io/move_journal.hpp). File names cross as
// bytes, as the OS has them; outcomes come back as dicts of the same keys the CLI prints.
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>

#include "bindings.hpp"

#include "pristine/io/move_duplicates.hpp"
#include "pristine/io/move_journal.hpp"

namespace pristine::python {

namespace {

// A report's groups as (path, keep, reference) per member: all duplicate_moves reads.
using MemberFlags = std::tuple<std::string, bool, bool>;

DedupeReport report_of(const std::vector<std::vector<MemberFlags>>& groups) {
    DedupeReport report;
    for (const auto& members : groups) {
        DedupeGroup g;
        for (const auto& [path, keep, reference] : members) {
            DedupeMember m;
            m.path = path, m.keep = keep, m.reference = reference;
            g.members.push_back(std::move(m));
        }
        report.groups.push_back(std::move(g));
    }
    return report;
}

py::bytes bytes_of(const std::string& s) { return py::bytes(s); }

py::dict outcome_dict(const MoveOutcome& o) {
    py::dict d;
    d["from"] = bytes_of(o.from);
    d["to"] = bytes_of(o.to);
    d["status"] = status_name(o.status);
    d["error"] = o.error;
    return d;
}

py::list outcome_list(const std::vector<MoveOutcome>& outcomes) {
    py::list l;
    for (const MoveOutcome& o : outcomes) l.append(outcome_dict(o));
    return l;
}

}  // namespace

void register_moves(py::module_& m) {
    m.def(
        "_move_duplicates",
        [](const std::vector<std::vector<MemberFlags>>& groups, const std::vector<std::string>& inputs,
           const std::string& destination, const std::string& journal, bool dry_run) {
            const std::vector<MoveRequest> requests = duplicate_moves(report_of(groups), inputs);
            MoveReport done;
            {
                py::gil_scoped_release release;
                done = move_files(requests, destination, journal, MoveOptions{dry_run});
            }
            py::dict d;
            d["journal"] = bytes_of(done.journal);
            d["moves"] = outcome_list(done.moves);
            return d;
        },
        py::arg("groups"), py::arg("inputs"), py::arg("destination"), py::arg("journal"), py::arg("dry_run"));
    m.def(
        "_undo",
        [](const std::string& journal, bool dry_run) {
            UndoReport done;
            {
                py::gil_scoped_release release;
                done = undo_moves(journal, MoveOptions{dry_run});
            }
            py::dict d;
            d["restored"] = outcome_list(done.restored);
            d["failed"] = outcome_list(done.failed);
            d["already_in_place"] = done.already_in_place;
            return d;
        },
        py::arg("journal"), py::arg("dry_run"));
}

}  // namespace pristine::python
