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

TEST_CASE("has_error: any error, warnings alone are not", "[manifest][diagnostic]") {
    using planton::manifest::Diagnostics;
    const Diagnostic warning{Severity::warning, "host-port", "w", "", "ds.yaml", 1, 1};
    const Diagnostic error{Severity::error, "invalid-name", "e", "", "ds.yaml", 2, 1};
    CHECK_FALSE(planton::manifest::has_error(Diagnostics{}));
    CHECK_FALSE(planton::manifest::has_error(Diagnostics{warning, warning}));
    CHECK(planton::manifest::has_error(Diagnostics{warning, error}));
}
