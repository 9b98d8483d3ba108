// Which files of a dedupe report to set aside, and where: the requests move_files (move_journal.hpp)
// carries out. Kept copies and reference files are never among them.
#pragma once

#include <string>
#include <vector>

#include "pristine/export.hpp"
#include "pristine/io/dedupe_report.hpp"
#include "pristine/io/move_journal.hpp"

namespace pristine {

/// One request per member of each group that is neither kept nor a reference file, in report order.
/// The relative path under the destination keeps the file's place under the input it was found in:
/// a file found in folder input "…/Pictures" as "…/Pictures/2019/a.jpg" goes to "Pictures/2019/a.jpg";
/// a file named directly goes to its own name. `inputs` are the paths the report was made from, as
/// given to dedupe(). Never throws but std::bad_alloc.
PRISTINE_API std::vector<MoveRequest> duplicate_moves(const DedupeReport& report, const std::vector<std::string>& inputs);

}  // namespace pristine
