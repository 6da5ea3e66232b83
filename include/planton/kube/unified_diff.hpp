#pragma once
// Line-based unified diff, in the format of `diff -u` (and so of `kubectl diff`).
#include <string>
#include <vector>

namespace planton::kube {

// The lines of `text`: split at '\n', a final newline does not start another line.
std::vector<std::string> split_lines(const std::string& text);

// One step of an edit script turning the old lines into the new ones.
struct LineEdit {
    enum class Op { Equal, Delete, Insert };
    Op op;
    std::string line;
};

// A shortest edit script (Myers' algorithm) from `old_lines` to `new_lines`. When the
// two differ in more than a few thousand lines the middle part, after the common
// beginning and end, is given as deleted and then inserted: still correct, not minimal,
// and without quadratic memory.
std::vector<LineEdit> edit_script(const std::vector<std::string>& old_lines,
                                  const std::vector<std::string>& new_lines);

// "--- <old_label>\n+++ <new_label>\n" and the hunks ("@@ -1,4 +1,5 @@", then lines
// starting with ' ', '-' or '+'), each change with `context` lines around it and
// changes closer than 2*context lines in one hunk. Line numbers are 1-based; a side
// without lines in a hunk is numbered by the line before it ("-0,0" for an added file).
// Empty when the texts are equal.
std::string unified_diff(const std::string& old_text, const std::string& new_text,
                         const std::string& old_label, const std::string& new_label, int context = 3);

}  // namespace planton::kube
