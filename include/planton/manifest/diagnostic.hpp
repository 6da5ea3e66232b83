#pragma once
// A problem found in a manifest: where (file:line:col, 1-based; 0 when unknown), what
// (a stable id and a message) and which field (a snake_case path such as
// "spec.container.app.ports[1].name").
#include <algorithm>
#include <string>
#include <vector>

namespace planton::manifest {

enum class Severity { error, warning };

struct Diagnostic {
    Severity severity = Severity::error;
    std::string id;       // stable, e.g. "unknown-field", "image-latest-tag"
    std::string message;  // one sentence, no trailing period required
    std::string path;     // field path; empty for file-level problems
    std::string file;
    int line = 0;
    int column = 0;
};

using Diagnostics = std::vector<Diagnostic>;

// Whether any of `diagnostics` is an error (warnings alone do not stop a command).
inline bool has_error(const Diagnostics& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

inline const char* severity_name(Severity s) { return s == Severity::error ? "error" : "warning"; }

// cli.md's text form, shared by `validate` (stdout) and the commands that validate
// before they act (stderr): "file:line:col: error: [id] message (path)". The position
// is left out when unknown (line 0), the path when empty.
inline std::string to_text(const Diagnostic& d) {
    std::string out = d.file;
    if (d.line > 0) {
        out += ':' + std::to_string(d.line);
        if (d.column > 0) out += ':' + std::to_string(d.column);
    }
    out += ": ";
    out += severity_name(d.severity);
    out += ": [" + d.id + "] " + d.message;
    if (!d.path.empty()) out += " (" + d.path + ")";
    return out;
}

}  // namespace planton::manifest
