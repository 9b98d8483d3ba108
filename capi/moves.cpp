// The journalled moves of a dedupe report's duplicates and their undo (pristine_moves.h), over
// pristine/io/move_journal.hpp. Needs no scorer: it lives in libpristine_c itself.
#include <memory>
#include <string>
#include <vector>

#include "dedupe_report.hpp"
#include "guard.hpp"
#include "pristine/io/move_duplicates.hpp"
#include "pristine/io/move_journal.hpp"
#include "pristine_moves.h"
#include "struct_out.hpp"

using pristine::Error;
using pristine::Status;
using pristine::capi::guarded;
using pristine::capi::require;
using pristine::capi::check_index;
using pristine::capi::check_struct_size;
using pristine::capi::copy_out;

struct pristine_move_report {
    std::string journal;
    std::vector<pristine::MoveOutcome> outcomes;
    std::size_t already_in_place = 0;
};

namespace {

constexpr std::size_t k_outcome_v1_size = sizeof(pristine_move_outcome);

bool flag(int32_t value, const char* function) {
    if (value != 0 && value != 1)
        throw Error(Status::invalid_argument, std::string(function) + ": dry_run must be 0 or 1, got " + std::to_string(value));
    return value == 1;
}

}  // namespace

extern "C" {

PRISTINE_C_API pristine_status pristine_dedupe_move_duplicates(const pristine_dedupe_report* report,
                                                               const char* const* inputs, size_t input_count,
                                                               const char* destination, const char* journal,
                                                               int32_t dry_run, pristine_move_report** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        const char* f = "pristine_dedupe_move_duplicates";
        require(report, f, "report");
        require(out, f, "out");
        require(destination, f, "destination");
        const bool dry = flag(dry_run, f);
        if (!dry) require(journal, f, "journal");
        if (input_count > 0) require(inputs, f, "inputs");
        std::vector<std::string> given;
        for (std::size_t i = 0; i < input_count; ++i) {
            if (inputs[i] == nullptr)
                throw Error(Status::invalid_argument, std::string(f) + ": inputs[" + std::to_string(i) + "] is NULL");
            given.emplace_back(inputs[i]);
        }
        const std::vector<pristine::MoveRequest> requests = pristine::duplicate_moves(report->report, given);
        pristine::MoveReport done = pristine::move_files(requests, destination, journal != nullptr ? journal : "",
                                                         pristine::MoveOptions{dry});
        auto result = std::make_unique<pristine_move_report>();
        result->journal = std::move(done.journal);
        result->outcomes = std::move(done.moves);
        *out = result.release();
    });
}

PRISTINE_C_API pristine_status pristine_undo_moves(const char* journal, int32_t dry_run, pristine_move_report** out) {
    if (out != nullptr) *out = nullptr;
    return guarded([&] {
        const char* f = "pristine_undo_moves";
        require(journal, f, "journal");
        require(out, f, "out");
        pristine::UndoReport done = pristine::undo_moves(journal, pristine::MoveOptions{flag(dry_run, f)});
        auto result = std::make_unique<pristine_move_report>();
        result->outcomes = std::move(done.restored);
        result->outcomes.insert(result->outcomes.end(), done.failed.begin(), done.failed.end());
        result->already_in_place = done.already_in_place;
        *out = result.release();
    });
}

PRISTINE_C_API void pristine_move_report_free(pristine_move_report* report) { delete report; }

PRISTINE_C_API size_t pristine_move_report_count(const pristine_move_report* report) {
    return report != nullptr ? report->outcomes.size() : 0;
}

PRISTINE_C_API pristine_status pristine_move_report_outcome(const pristine_move_report* report, size_t i,
                                                            pristine_move_outcome* out) {
    return guarded([&] {
        const char* f = "pristine_move_report_outcome";
        require(report, f, "report");
        require(out, f, "out");
        check_struct_size(out, k_outcome_v1_size, f);
        check_index(i, report->outcomes.size(), f, "outcome");
        const pristine::MoveOutcome& o = report->outcomes[i];
        pristine_move_outcome full{};
        full.from = o.from.c_str();
        full.to = o.to.c_str();
        full.status = static_cast<int32_t>(o.status);
        full.message = o.error.c_str();
        copy_out(out, full);
    });
}

PRISTINE_C_API const char* pristine_move_report_journal(const pristine_move_report* report) {
    return report != nullptr ? report->journal.c_str() : "";
}

PRISTINE_C_API size_t pristine_move_report_already_in_place(const pristine_move_report* report) {
    return report != nullptr ? report->already_in_place : 0;
}

}  // extern "C"
