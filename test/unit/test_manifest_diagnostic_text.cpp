#include <catch2/catch.hpp>

#include "planton/manifest/diagnostic.hpp"

using planton::manifest::Diagnostic;
using planton::manifest::Severity;

TEST_CASE("diagnostics print as file:line:col: severity: [id] message (path)", "[manifest][diagnostic]") {
    Diagnostic d{Severity::error, "unknown-field", "unknown field \"x\"", "spec.x", "ds.yaml", 14, 9};
    CHECK(to_text(d) == "ds.yaml:14:9: error: [unknown-field] unknown field \"x\" (spec.x)");
    d.severity = Severity::warning;
    d.path.clear();
    CHECK(to_text(d) == "ds.yaml:14:9: warning: [unknown-field] unknown field \"x\"");
    d.line = 0;
    CHECK(to_text(d) == "ds.yaml: warning: [unknown-field] unknown field \"x\"");
}
