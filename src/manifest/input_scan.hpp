#pragma once
// The checks and the split that happen before any YAML parsing: binary content,
// invalid UTF-8, and cutting a file into its documents so that a syntax error in one
// document does not hide the others.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace planton::manifest::detail {

struct EncodingProblem {
    std::string id;  // "binary-file" or "invalid-utf8"
    std::string message;
    int line = 0;
    int column = 0;
};

// The first NUL byte (binary-file) or invalid UTF-8 sequence (invalid-utf8), if any.
std::optional<EncodingProblem> check_encoding(std::string_view text);

struct DocumentChunk {
    std::string_view text;  // starts at the beginning of a line
    int first_line = 1;     // file line of text's first line
    int start_line = 1;     // the document's `---` line, or its first content line
};

// Splits at `---` and `...` lines (the YAML document markers, which end any scalar) and
// drops documents that hold only comments, blank lines or directives.
std::vector<DocumentChunk> split_documents(std::string_view text);

}  // namespace planton::manifest::detail
