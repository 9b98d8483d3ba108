// Shared by `pristine hash` and `pristine compare`: the --kind list.
#pragma once

#include <string>
#include <vector>

#include "pristine/hash/hash.hpp"

namespace pristine::cli {

/// The kinds named (each once, in the order given); all kinds when none is named.
/// Throws Error(invalid_argument) for an unknown name.
inline std::vector<HashKind> parse_kinds(const std::vector<std::string>& names) {
    std::vector<HashKind> kinds;
    for (const std::string& n : names) {
        if (n.empty()) continue;
        const HashKind k = parse_hash_kind(n);
        bool seen = false;
        for (HashKind have : kinds) seen = seen || have == k;
        if (!seen) kinds.push_back(k);
    }
    if (kinds.empty()) kinds.assign(k_all_hash_kinds.begin(), k_all_hash_kinds.end());
    return kinds;
}

}  // namespace pristine::cli
