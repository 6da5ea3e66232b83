#pragma once
// Test-only helpers for the validator: manifests built around a small snippet with known
// line numbers, and the diagnostics of validate::check in compact comparable forms.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "planton/validate/validator.hpp"

#include "manifest_support.hpp"

namespace planton::test {

using Lines = std::vector<std::string>;

// Lines 1-5 are the header; `body` (spec fields, indented by two) starts on line 6;
// a namespace and a minimal app container follow it.
inline std::string spec_doc(std::string_view body) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "agent\n"
           "spec:\n" +
           std::string(body) +
           "  namespace: agents\n  container:\n    app:\n      image: {repo: agent, tag: \"1.0\"}\n";
}

// Lines 1-9 are the header (namespace "agents" on line 6, the app's image on line 9);
// `body` (app container fields, indented by six) starts on line 10.
inline std::string app_doc(std::string_view body) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "agent\n"
           "spec:\n  namespace: agents\n  container:\n    app:\n      image: {repo: agent, tag: \"1.0\"}\n" +
           std::string(body);
}

enum class Show { errors, warnings, all };

// The diagnostics of validate::check for the only document of `yaml`, of the severities
// `show` picks.
inline manifest::Diagnostics checked(std::string_view yaml, Show show, validate::Options options) {
    const manifest::ParseResult parsed = parse(yaml);
    REQUIRE(parsed.documents.size() == 1);
    manifest::Diagnostics out = validate::check(parsed.documents[0], options);
    std::erase_if(out, [show](const manifest::Diagnostic& d) {
        const bool error = d.severity == manifest::Severity::error;
        return (show == Show::errors && !error) || (show == Show::warnings && error);
    });
    return out;
}

// "line:col severity [id] (path)" per diagnostic.
inline Lines validate_lines(std::string_view yaml, Show show = Show::errors, validate::Options options = {}) {
    Lines out;
    for (const manifest::Diagnostic& d : checked(yaml, show, options)) {
        CHECK(d.file == "test.yaml");
        out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " +
                      severity_name(d.severity) + " [" + d.id + "] (" + d.path + ")");
    }
    return out;
}

// "[id] message" per diagnostic.
inline Lines validate_messages(std::string_view yaml, Show show = Show::errors,
                               validate::Options options = {}) {
    Lines out;
    for (const manifest::Diagnostic& d : checked(yaml, show, options))
        out.push_back("[" + d.id + "] " + d.message);
    return out;
}

struct Case {
    const char* name;
    std::string yaml;
    Lines expected;
};

// Each case's diagnostics (of the severities `show` picks) are exactly `expected`.
inline void check_cases(const std::vector<Case>& cases, Show show = Show::errors) {
    for (const Case& c : cases) {
        INFO(c.name << "\n" << c.yaml);
        CHECK(validate_lines(c.yaml, show) == c.expected);
    }
}

}  // namespace planton::test
