// Where pods may run: node selector, tolerations, node affinity.
#include <algorithm>

#include "planton/manifest/fields.hpp"

#include "rules.hpp"

namespace planton::validate::detail {
namespace {

template <std::size_t N>
bool one_of(const manifest::Str& s, const std::string_view (&values)[N]) {
    return std::find(std::begin(values), std::end(values), s.value) != std::end(values);
}

void check_toleration(const manifest::Toleration& t, Report& report) {
    if (given(t.key)) check_label_key(t.key, "toleration key", report);
    const bool operator_known =
        !t.operator_.type_error && one_of(t.operator_, manifest::enums::toleration_operator);
    const bool exists = t.operator_.value == "Exists";
    if (operator_known && exists && given(t.value)) {
        report.error("toleration-value-with-exists",
                     "a toleration with operator Exists matches any value; leave value out", t.value);
    }
    if (operator_known && !exists && !given(t.key) && !t.key.type_error) {
        report.error("toleration-key-required",
                     "a toleration without a key must use operator: Exists (it then tolerates every taint)",
                     t.key);
    }
    const bool effect_known = !t.effect.type_error && one_of(t.effect, manifest::enums::toleration_effect);
    if (t.toleration_seconds.present && effect_known && t.effect.value != "NoExecute") {
        report.error("toleration-seconds-needs-no-execute",
                     "toleration_seconds applies only to effect: NoExecute", t.toleration_seconds);
    }
}

bool is_integer(std::string_view text) {
    if (text.starts_with('-') || text.starts_with('+')) text.remove_prefix(1);
    return !text.empty() && text.size() <= 18 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_expression(const manifest::MatchExpression& e, Report& report) {
    check_label_key(e.key, "match expression key", report);
    if (!e.operator_.present || e.values.type_error) return;
    const std::string& op = e.operator_.value;
    const std::size_t count = e.values.items.size();
    std::string problem;
    if ((op == "In" || op == "NotIn") && count == 0) {
        problem = "operator " + op + " needs at least one value";
    } else if ((op == "Exists" || op == "DoesNotExist") && count > 0) {
        problem = "operator " + op + " takes no values";
    } else if ((op == "Gt" || op == "Lt") && (count != 1 || !is_integer(e.values.items[0].value))) {
        problem = "operator " + op + " needs exactly one value, an integer";
    }
    if (!problem.empty()) report.error("invalid-match-expression", problem, e.values);
}

void check_term(const manifest::NodeSelectorTerm& term, Report& report) {
    if (!term.present) return;
    if (!term.match_expressions.type_error && term.match_expressions.items.empty()) {
        report.error("empty-list", "a node selector term needs at least one match expression",
                     term.match_expressions);
    }
    for (const manifest::MatchExpression& e : term.match_expressions.items) {
        if (e.present) check_expression(e, report);
    }
}

void check_affinity(const manifest::NodeAffinity& affinity, Report& report) {
    if (!affinity.present) return;
    if (affinity.required.present && affinity.required.items.empty()) {
        report.error("empty-list", "required needs at least one node selector term", affinity.required);
    }
    for (const manifest::NodeSelectorTerm& term : affinity.required.items) check_term(term, report);
    for (const manifest::PreferredTerm& preferred : affinity.preferred.items) {
        if (!preferred.present) continue;
        const manifest::Int& weight = preferred.weight;
        if (weight.present && (weight.value < 1 || weight.value > 100)) {
            report.error("invalid-weight",
                         "weight must be between 1 and 100 (it is " + std::to_string(weight.value) + ")",
                         weight);
        }
        check_term(preferred.term, report);
    }
}

}  // namespace

void check_scheduling(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    if (!spec.present) return;
    for (const manifest::StrEntry& entry : spec.node_selector.entries) {
        check_label_key(entry.key, "node_selector key", ctx.report);
        check_label_value(entry.value, "node_selector value", ctx.report);
    }
    for (const manifest::Toleration& t : spec.tolerations.items) {
        if (t.present) check_toleration(t, ctx.report);
    }
    check_affinity(spec.affinity.node_affinity, ctx.report);
}

}  // namespace planton::validate::detail
