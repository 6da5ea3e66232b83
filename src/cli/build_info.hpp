#pragma once
// What a binary says about itself (`planton-ds version`, `--version`): the version of
// CMakeLists.txt's project() and the git commit of the sources, written at build time
// by cmake/build_info.cmake ("unknown" outside a git checkout, "-dirty" appended when
// the checkout had uncommitted changes).
#include <string>

namespace planton::cli {

extern const char* const kGitCommit;

// "planton-ds 0.1.0 (commit 0123abc…)": the line of `version` and `--version`.
std::string version_line();

// {"version": "0.1.0", "commit": "…"}: `version -o json`.
std::string version_json();

}  // namespace planton::cli
