#pragma once
// Internal to the validator: where the rules of each area write their diagnostics, what
// they know about the whole manifest, and one entry point per area (one file each).
//
// Every rule looks only at nodes that are `present`: a field the parser could not read
// (`type_error`) was reported already and gets no second diagnostic, and a field left
// out is only reported by the required-field walk (fields.cpp). Strings follow proto3,
// as Planton does: an empty string is the same as a field left out.
#include <span>
#include <string>
#include <string_view>

#include "planton/manifest/diagnostic.hpp"
#include "planton/manifest/model.hpp"

namespace planton::validate::detail {

class Report {
public:
    explicit Report(std::string file) : file_(std::move(file)) {}

    // `at` gives the position and the field path of the diagnostic.
    void error(std::string_view id, std::string message, const manifest::Node& at) {
        add(manifest::Severity::error, id, std::move(message), at);
    }
    void warning(std::string_view id, std::string message, const manifest::Node& at) {
        add(manifest::Severity::warning, id, std::move(message), at);
    }

    manifest::Diagnostics& diagnostics() { return out_; }

private:
    void add(manifest::Severity severity, std::string_view id, std::string message,
             const manifest::Node& at) {
        out_.push_back(manifest::Diagnostic{severity, std::string(id), std::move(message), at.path, file_,
                                            at.line, at.column});
    }

    std::string file_;
    manifest::Diagnostics out_;
};

// What the rules of several areas need to know about the manifest being checked.
struct Context {
    const manifest::Manifest& manifest;
    Report& report;
    // The DaemonSet's namespace when the manifest gives it literally; empty otherwise.
    std::string_view namespace_name;
};

// Set, with a non-empty value.
inline bool given(const manifest::Str& s) {
    return s.present && !s.value.empty();
}
// Not written at all (a field written with the wrong type is not "left out").
inline bool left_out(const manifest::Node& n) {
    return !n.present && !n.type_error;
}

// `text` quoted for a message (escaped, long values cut).
std::string in_quotes(std::string_view text);

// The error for a `value_from` reference (spec.namespace, env variables): render cannot
// turn it into an object, and render and apply stop on validate's errors.
inline constexpr std::string_view kValueFromMessage =
    "uses value_from, a reference that only the Planton orchestrator can resolve; give a literal value";

// ---- the areas ---------------------------------------------------------------------
// Required fields (missing or empty) and the fixed enum values, by walking the field
// table from the document's root (fields.cpp).
void check_fields(const manifest::Document& doc, Report& report);

void check_metadata(const Context& ctx);  // metadata.cpp
void check_spec(const Context& ctx);      // spec.cpp: namespace, service account, rbac, …
void check_stack_input(const manifest::Document& doc, Report& report);  // spec.cpp
void check_app(const Context& ctx);              // container.cpp: image, resources, security
void check_env(const Context& ctx);              // env.cpp
void check_ports(const Context& ctx);            // ports.cpp
void check_volumes(const Context& ctx);          // volumes.cpp
void check_probes(const Context& ctx);           // probes.cpp
void check_sidecars(const Context& ctx);         // sidecars.cpp: sidecars and init containers
void check_scheduling(const Context& ctx);       // scheduling.cpp: node selector, tolerations, affinity
void check_update_strategy(const Context& ctx);  // update_strategy.cpp
void check_dns(const Context& ctx);              // dns.cpp: dns_config, and dns_policy None
void lint(const Context& ctx);                   // lint.cpp: the warnings

// The ids of the lint warnings (manifest.md's Lint table, plus unknown-lint-id).
std::span<const std::string_view> lint_ids();
// Drops the warnings the planton-ds.io/lint-ignore annotation names (warning about ids
// it does not know), then with `strict` makes the remaining warnings errors.
void settle_warnings(const manifest::Manifest& manifest, Report& report, bool strict);

// ---- shared by several areas -------------------------------------------------------
// Resource quantities (`invalid-quantity`) and, when both are given or defaulted,
// request <= limit (`request-exceeds-limit`). `defaults` applies the app container's
// defaults to values left out.
void check_resources(const manifest::Resources& resources, bool defaults, Report& report);

// The ports of one container: names, numbers, protocols, uniqueness.
void check_port_list(const manifest::List<manifest::Port>& ports, bool host_network, Report& report);

// Mounts of a sidecar or init container: each names a volume that `app_mounts` declare.
void check_borrowed_mounts(const manifest::List<manifest::VolumeMount>& mounts,
                           const manifest::List<manifest::VolumeMount>& app_mounts, Report& report);

// A name that must be a DNS-1123 label (`subdomain == false`) or subdomain of at most
// `max` characters; reports `invalid-name` with `what` ("service_account_name").
void check_name(const manifest::Str& name, std::string_view what, bool subdomain, std::size_t max,
                Report& report);

// A label key or label value.
void check_label_key(const manifest::Str& key, std::string_view what, Report& report);
void check_label_value(const manifest::Str& value, std::string_view what, Report& report);
// The keys of an object's annotations, and their size in all (at most 256 KiB).
void check_annotations(const manifest::StrMap& annotations, Report& report);

// Reports `id`, worded `<what> "<value>" <problem>`, at `value` when `problem` (what a
// check of syntax.hpp found) is not empty.
void report_problem(std::string_view id, std::string_view what, const manifest::Str& value,
                    const std::string& problem, Report& report);

// An integer field that must not be negative (`negative-value`).
void check_not_negative(const manifest::Int& value, std::string_view what, Report& report);

// Alternatives of which at most one may be given (probe handlers, volume sources).
struct Alternative {
    std::string_view name;
    const manifest::Node* node;
};
struct Given {
    std::size_t count = 0;
    bool unreadable = false;  // one was written with the wrong type
};
// Reports, with `id`, each given alternative after the first written one: "<whole>
// takes exactly one <kind>, but A and B are both given".
Given check_one_of(std::span<const Alternative> alternatives, std::string_view id, std::string_view whole,
                   std::string_view kind, Report& report);

// An environment variable name (`invalid-env-name`).
void check_env_name(const manifest::Str& name, Report& report);

}  // namespace planton::validate::detail
