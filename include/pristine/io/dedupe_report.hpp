// The result of a dedupe run (pristine/models/dedupe.hpp makes it): plain data, so that reports can be
// written, read and acted on (moving the duplicates aside) without the models. Its JSON form: docs/dedupe.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pristine/error.hpp"

namespace pristine {

/// One copy in a group.
struct DedupeMember {
    std::string path;           ///< as listed from the inputs (collect_files)
    bool keep = false;          ///< the copy to keep (exactly one per group)
    bool reference = false;     ///< a file of DedupeOptions::reference
    bool scored = false;        ///< score is valid
    double score = 0;           ///< generation-loss score (lower = closer to the original)
    int rank = 0;               ///< 1 = kept; copies with identical pixels share a rank
    int width = 0, height = 0;  ///< as displayed
    std::string format;         ///< format_name of the file's format
    std::uint64_t file_size = 0;
    int distance = 0;           ///< PDQ bits to the kept copy (best alignment; 0 for the kept copy)
    std::string identical_to;   ///< path of a member with identical decoded pixels, if any
    /// Path of the member this copy was most likely made from ("" for the kept copy): the group's
    /// derivation tree (pristine/io/derivation_tree.hpp).
    std::string parent;
    /// 0..1: how sure the parent is (GroupTree::confidence); for the kept copy, how sure it is the original.
    double parent_confidence = 0;
};

/// One picture that is there more than once.
struct DedupeGroup {
    std::vector<DedupeMember> members;  ///< best-ranked first
    std::string reason;                 ///< why the kept copy won, in words
    std::uint64_t duplicate_bytes = 0;  ///< bytes of the members not kept
};

/// A file that could not be read.
struct DedupeError {
    std::string path;
    Status status = Status::ok;
    std::string message;
};

/// The result of a run.
struct DedupeReport {
    static constexpr int k_version = 1;  ///< of this structure and its JSON form
    std::size_t files = 0;               ///< files examined: image files (read or failed) and files that are no image
    std::vector<DedupeError> errors;     ///< unreadable files and entries the walk could not read
    std::vector<DedupeGroup> groups;     ///< by bytes the duplicates take, largest first
    std::size_t candidate_pairs = 0;     ///< hash matches the index returned
    std::size_t verified_pairs = 0;      ///< of which verified
    std::size_t cache_hits = 0;          ///< image files whose fingerprint came from the cache (DedupeOptions::cache)
    std::size_t cache_misses = 0;        ///< image files read in this run (all of them without a cache)
};

}  // namespace pristine
