#pragma once
// YAML text -> manifest model. Never throws for bad input: every problem (syntax
// errors with their position, an empty or binary file, invalid UTF-8, a key repeated in
// one mapping in either spelling, unknown fields with a "did you mean", values of the
// wrong type, nesting deeper than 64 levels, alias bombs, oversized input) becomes a
// Diagnostic, and parsing goes on wherever the YAML allows.
#include <string>
#include <string_view>
#include <vector>

#include "planton/manifest/diagnostic.hpp"
#include "planton/manifest/model.hpp"

namespace planton::manifest {

struct ParseResult {
    std::vector<Document> documents;  // non-empty documents, in file order
    Diagnostics diagnostics;          // problems found while reading (errors only)
    // Whether the text mentions "KubernetesDaemonSet" or "kubernetes.project-planton.org":
    // a file that does not parse as YAML is a broken manifest only then (cli.md
    // "validate" skips a Helm template, not a manifest with a typo).
    bool mentions_manifest = false;
};

// Largest input accepted; a larger file is refused with one diagnostic, unread.
inline constexpr std::size_t kMaxInputBytes = 16u * 1024u * 1024u;
inline constexpr int kMaxNestingDepth = 64;

// Parses `text`; `display_name` is used as the file of every diagnostic.
ParseResult parse_text(std::string_view text, const std::string& display_name);

// Reads and parses a file ("-" reads standard input, shown as "<stdin>"). A file that
// cannot be read gives one diagnostic.
ParseResult parse_file(const std::string& path);

}  // namespace planton::manifest
