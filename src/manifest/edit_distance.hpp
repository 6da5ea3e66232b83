#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace planton::manifest::detail {

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so that
// the usual typos (a missing, extra, wrong or swapped letter) count as one edit.
// Strings of 64 bytes or more are "far" (64) from everything.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Lower case without `_` and `-`, so that spelling style does not count as a typo.
std::string normalized_name(std::string_view text);

}  // namespace planton::manifest::detail
