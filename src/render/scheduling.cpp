// Where and how pods roll: tolerations, node affinity and the update strategy.
#include <algorithm>
#include <cctype>

#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

bool set(const manifest::Str& s) {
    return s.present && !s.value.empty();
}

bool all_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "0", "00", "0%": a zero amount.
bool is_zero(const std::string& s) {
    std::string digits = !s.empty() && s.back() == '%' ? s.substr(0, s.size() - 1) : s;
    return all_digits(digits) && digits.find_first_not_of('0') == std::string::npos;
}

Object match_expressions(const manifest::NodeSelectorTerm& term) {
    Object out = Object::array();
    for (const auto& e : term.match_expressions.items) {
        Object expr = Object::object({{"key", e.key.value}, {"operator", e.operator_.value}});
        if (!e.values.items.empty()) expr["values"] = string_list(e.values);
        out.push_back(std::move(expr));
    }
    return out;
}

}  // namespace

Object int_or_percent(const std::string& text) {
    // Digits only, and small enough for an int32: a number; anything else stays text
    // (validate has rejected what is neither).
    if (all_digits(text) && text.size() <= 9) return std::stoll(text);
    return text;
}

Object tolerations(const manifest::List<manifest::Toleration>& list) {
    Object out = Object::array();
    for (const manifest::Toleration& t : list.items) {
        Object o = Object::object();
        if (set(t.key)) o["key"] = t.key.value;
        if (set(t.operator_)) o["operator"] = t.operator_.value;
        if (set(t.value)) o["value"] = t.value.value;
        if (set(t.effect)) o["effect"] = t.effect.value;
        if (t.toleration_seconds.present) o["tolerationSeconds"] = t.toleration_seconds.value;
        out.push_back(std::move(o));
    }
    return out;
}

Object affinity(const manifest::Affinity& a) {
    const manifest::NodeAffinity& na = a.node_affinity;
    Object node = Object::object();
    if (!na.required.items.empty()) {
        Object terms = Object::array();
        for (const auto& term : na.required.items)
            terms.push_back(Object::object({{"matchExpressions", match_expressions(term)}}));
        node["requiredDuringSchedulingIgnoredDuringExecution"] =
            Object::object({{"nodeSelectorTerms", std::move(terms)}});
    }
    if (!na.preferred.items.empty()) {
        Object preferred = Object::array();
        for (const auto& p : na.preferred.items) {
            Object term = Object::object({{"weight", p.weight.value}});
            term["preference"] = Object::object({{"matchExpressions", match_expressions(p.term)}});
            preferred.push_back(std::move(term));
        }
        node["preferredDuringSchedulingIgnoredDuringExecution"] = std::move(preferred);
    }
    if (node.empty()) return Object::object();
    return Object::object({{"nodeAffinity", std::move(node)}});
}

std::optional<Object> update_strategy(const manifest::UpdateStrategy& u) {
    if (!u.present) return std::nullopt;
    const manifest::RollingUpdate& r = u.rolling_update;
    Object out = Object::object();
    if (set(u.type)) {
        out["type"] = u.type.value;
    } else if (r.present) {
        out["type"] = "RollingUpdate";
    }
    if (r.present) {
        Object rolling = Object::object();
        const bool surge_only = set(r.max_surge) && !is_zero(r.max_surge.value) && !set(r.max_unavailable);
        if (set(r.max_unavailable)) {
            rolling["maxUnavailable"] = int_or_percent(r.max_unavailable.value);
        } else if (surge_only) {
            // Kubernetes defaults maxUnavailable to 1, and rejects two non-zero values.
            rolling["maxUnavailable"] = 0;
        }
        if (set(r.max_surge)) rolling["maxSurge"] = int_or_percent(r.max_surge.value);
        if (!rolling.empty()) out["rollingUpdate"] = std::move(rolling);
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace planton::render::detail
