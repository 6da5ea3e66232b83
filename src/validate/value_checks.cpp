// Checks of single values that several areas share: object names, label keys and
// values, annotation keys, environment variable names, non-negative integers.
#include "manifest/scalars.hpp"
#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {

std::string in_quotes(std::string_view text) {
    return manifest::detail::quoted(text);
}

void check_name(const manifest::Str& name, std::string_view what, bool subdomain, std::size_t max,
                Report& report) {
    if (!given(name)) return;
    const std::string problem =
        subdomain ? dns_subdomain_problem(name.value, max) : dns_label_problem(name.value);
    if (problem.empty()) return;
    const std::string kind = subdomain ? "DNS-1123 subdomain" : "DNS-1123 label";
    report.error("invalid-name",
                 std::string(what) + " " + in_quotes(name.value) + " " + problem + " (a " + kind + ")", name);
}

void check_label_key(const manifest::Str& key, std::string_view what, Report& report) {
    if (!key.present) return;
    const std::string problem = label_key_problem(key.value);
    if (!problem.empty())
        report.error("invalid-label-key", std::string(what) + " " + in_quotes(key.value) + " " + problem,
                     key);
}

void check_label_value(const manifest::Str& value, std::string_view what, Report& report) {
    if (!value.present) return;
    const std::string problem = label_value_problem(value.value);
    if (!problem.empty())
        report.error("invalid-label-value", std::string(what) + " " + in_quotes(value.value) + " " + problem,
                     value);
}

void check_annotation_keys(const manifest::StrMap& annotations, Report& report) {
    for (const manifest::StrEntry& entry : annotations.entries) {
        const std::string problem = label_key_problem(entry.key.value);
        if (!problem.empty()) {
            report.error("invalid-annotation-key",
                         "annotation key " + in_quotes(entry.key.value) + " " + problem, entry.key);
        }
    }
}

void check_not_negative(const manifest::Int& value, std::string_view what, Report& report) {
    if (value.present && value.value < 0) {
        report.error("negative-value",
                     std::string(what) + " must not be negative (it is " + std::to_string(value.value) + ")",
                     value);
    }
}

void check_env_name(const manifest::Str& name, Report& report) {
    if (!name.present) return;
    const std::string problem = env_name_problem(name.value);
    if (!problem.empty()) {
        report.error("invalid-env-name", "environment variable name " + in_quotes(name.value) + " " + problem,
                     name);
    }
}

}  // namespace planton::validate::detail
