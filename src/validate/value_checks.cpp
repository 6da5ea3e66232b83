// Checks of single values that several areas share: object names, label keys and
// values, annotation keys, environment variable names, non-negative integers.
#include <algorithm>
#include <utility>
#include <vector>

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
    report_problem("invalid-name", what, name,
                   problem + (subdomain ? " (a DNS-1123 subdomain)" : " (a DNS-1123 label)"), report);
}

void report_problem(std::string_view id, std::string_view what, const manifest::Str& value,
                    const std::string& problem, Report& report) {
    if (!problem.empty())
        report.error(id, std::string(what) + " " + in_quotes(value.value) + " " + problem, value);
}

void check_label_key(const manifest::Str& key, std::string_view what, Report& report) {
    if (key.present) report_problem("invalid-label-key", what, key, label_key_problem(key.value), report);
}

void check_label_value(const manifest::Str& value, std::string_view what, Report& report) {
    if (value.present)
        report_problem("invalid-label-value", what, value, label_value_problem(value.value), report);
}

void check_annotations(const manifest::StrMap& annotations, Report& report) {
    std::size_t total = 0;
    for (const manifest::StrEntry& entry : annotations.entries) {
        report_problem("invalid-annotation-key", "annotation key", entry.key,
                       label_key_problem(entry.key.value), report);
        total += entry.key.value.size() + entry.value.value.size();
    }
    // apimachinery's ValidateAnnotationsSize: keys and values of one object together,
    // at most TotalAnnotationSizeLimitB = 256 KiB.
    constexpr std::size_t kLimit = 256 * 1024;
    if (total > kLimit) {
        report.error("annotations-too-large",
                     "the annotations add up to " + std::to_string(total) +
                         " bytes (keys and values); Kubernetes allows at most " + std::to_string(kLimit) +
                         " (256 KiB) per object",
                     annotations);
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
    if (name.present) {
        report_problem("invalid-env-name", "environment variable name", name, env_name_problem(name.value),
                       report);
    }
}

Given check_one_of(std::span<const Alternative> alternatives, std::string_view id, std::string_view whole,
                   std::string_view kind, Report& report) {
    Given out;
    std::vector<const Alternative*> given_ones;
    for (const Alternative& a : alternatives) {
        out.unreadable = out.unreadable || a.node->type_error;
        if (a.node->present) given_ones.push_back(&a);
    }
    std::stable_sort(given_ones.begin(), given_ones.end(), [](const Alternative* a, const Alternative* b) {
        return std::pair(a->node->line, a->node->column) < std::pair(b->node->line, b->node->column);
    });
    for (std::size_t i = 1; i < given_ones.size(); ++i) {
        report.error(id,
                     std::string(whole) + " takes exactly one " + std::string(kind) + ", but " +
                         std::string(given_ones[0]->name) + " and " + std::string(given_ones[i]->name) +
                         " are both given",
                     *given_ones[i]->node);
    }
    out.count = given_ones.size();
    return out;
}

}  // namespace planton::validate::detail
