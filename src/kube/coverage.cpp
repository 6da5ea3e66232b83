#include "planton/kube/coverage.hpp"

#include <charconv>
#include <map>

#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

struct Toleration {
    const char* key;
    const char* effect;
};

// pkg/controller/daemon/util/daemonset_util.go: AddOrUpdateDaemonPodTolerations.
constexpr Toleration kDaemonTolerations[] = {
    {"node.kubernetes.io/not-ready", "NoExecute"},       {"node.kubernetes.io/unreachable", "NoExecute"},
    {"node.kubernetes.io/disk-pressure", "NoSchedule"},  {"node.kubernetes.io/memory-pressure", "NoSchedule"},
    {"node.kubernetes.io/pid-pressure", "NoSchedule"},   {"node.kubernetes.io/unschedulable", "NoSchedule"},
};
constexpr Toleration kHostNetworkToleration = {"node.kubernetes.io/network-unavailable", "NoSchedule"};

void add_toleration(nlohmann::json& tolerations, const Toleration& wanted) {
    const nlohmann::json toleration = {{"key", wanted.key}, {"operator", "Exists"}, {"effect", wanted.effect}};
    // v1helper.AddOrUpdateTolerationInPodSpec: an equal toleration is replaced, not doubled.
    for (auto& existing : tolerations) {
        if (string_at(existing, "key") == wanted.key && string_at(existing, "operator") == "Exists" &&
            string_at(existing, "value").empty() && string_at(existing, "effect") == wanted.effect) {
            existing = toleration;
            return;
        }
    }
    tolerations.push_back(toleration);
}

std::optional<long long> as_integer(const std::string& text) {
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// k8s.io/component-helpers/scheduling/corev1/nodeaffinity: one NodeSelectorRequirement.
bool requirement_matches(const nlohmann::json& requirement, const nlohmann::json& labels) {
    const std::string key = string_at(requirement, "key");
    const std::string op = string_at(requirement, "operator");
    const nlohmann::json& values = array_at(requirement, "values");
    const bool has = labels.is_object() && labels.contains(key) && labels[key].is_string();
    const std::string value = has ? labels[key].get<std::string>() : "";
    auto listed = [&] {
        for (const auto& v : values)
            if (v.is_string() && v.get<std::string>() == value) return true;
        return false;
    };
    if (op == "In") return has && listed();
    if (op == "NotIn") return !has || !listed();
    if (op == "Exists") return has;
    if (op == "DoesNotExist") return !has;
    if (op == "Gt" || op == "Lt") {
        if (!has || values.size() != 1 || !values[0].is_string()) return false;
        const auto number = as_integer(value);
        const auto bound = as_integer(values[0].get<std::string>());
        if (!number || !bound) return false;
        return op == "Gt" ? *number > *bound : *number < *bound;
    }
    return false;
}

// A NodeSelectorTerm: all its requirements; an empty term matches nothing.
bool term_matches(const nlohmann::json& term, const nlohmann::json& node) {
    const nlohmann::json& expressions = array_at(term, "matchExpressions");
    const nlohmann::json& fields = array_at(term, "matchFields");
    if (expressions.empty() && fields.empty()) return false;
    const nlohmann::json& labels = object_at(object_at(node, "metadata"), "labels");
    const nlohmann::json node_fields = {{"metadata.name", metadata_string(node, "name")}};
    for (const auto& requirement : expressions)
        if (!requirement_matches(requirement, labels)) return false;
    for (const auto& requirement : fields)
        if (!requirement_matches(requirement, node_fields)) return false;
    return true;
}

std::string taint_text(const nlohmann::json& taint) {
    const std::string value = string_at(taint, "value");
    return string_at(taint, "key") + (value.empty() ? "" : "=" + value) + ":" + string_at(taint, "effect");
}

}  // namespace

nlohmann::json daemon_pod_spec(const nlohmann::json& template_spec) {
    nlohmann::json spec = template_spec.is_object() ? template_spec : nlohmann::json::object();
    nlohmann::json tolerations = array_at(spec, "tolerations");
    if (!tolerations.is_array()) tolerations = nlohmann::json::array();
    for (const Toleration& wanted : kDaemonTolerations) add_toleration(tolerations, wanted);
    if (bool_at(spec, "hostNetwork")) add_toleration(tolerations, kHostNetworkToleration);
    spec["tolerations"] = std::move(tolerations);
    return spec;
}

bool tolerates(const nlohmann::json& toleration, const nlohmann::json& taint) {
    const std::string effect = string_at(toleration, "effect");
    if (!effect.empty() && effect != string_at(taint, "effect")) return false;
    const std::string key = string_at(toleration, "key");
    std::string op = string_at(toleration, "operator");
    if (op.empty()) op = "Equal";
    if (!key.empty() && key != string_at(taint, "key")) return false;
    // k8s.io/api/core/v1/toleration.go ToleratesTaint: an empty key with Exists matches
    // every key (validation allows an empty key only with Exists).
    if (op == "Exists") return true;
    return op == "Equal" && string_at(toleration, "value") == string_at(taint, "value");
}

std::optional<std::string> exclusion_reason(const nlohmann::json& pod_spec, const nlohmann::json& node) {
    const std::string node_name = string_at(pod_spec, "nodeName");
    if (!node_name.empty() && node_name != metadata_string(node, "name")) return "node name " + node_name;
    const nlohmann::json& labels = object_at(object_at(node, "metadata"), "labels");
    for (const auto& [key, value] : object_at(pod_spec, "nodeSelector").items()) {
        const std::string wanted = value.is_string() ? value.get<std::string>() : value.dump();
        if (!labels.contains(key) || !labels[key].is_string() || labels[key].get<std::string>() != wanted)
            return "node selector " + key + "=" + wanted;
    }
    const nlohmann::json& required =
        object_at(object_at(object_at(pod_spec, "affinity"), "nodeAffinity"),
                  "requiredDuringSchedulingIgnoredDuringExecution");
    if (required.is_object() && !required.empty()) {
        bool any = false;
        for (const auto& term : array_at(required, "nodeSelectorTerms")) any = any || term_matches(term, node);
        if (!any) return std::string("required node affinity");
    }
    for (const auto& taint : array_at(object_at(node, "spec"), "taints")) {
        const std::string effect = string_at(taint, "effect");
        if (effect != "NoSchedule" && effect != "NoExecute") continue;
        bool tolerated = false;
        for (const auto& toleration : array_at(pod_spec, "tolerations"))
            tolerated = tolerated || tolerates(toleration, taint);
        if (!tolerated) return "taint " + taint_text(taint);
    }
    return std::nullopt;
}

Coverage node_coverage(const nlohmann::json& daemonset, const nlohmann::json& node_list) {
    const nlohmann::json spec =
        daemon_pod_spec(object_at(object_at(object_at(daemonset, "spec"), "template"), "spec"));
    Coverage coverage;
    for (const auto& node : array_at(node_list, "items")) {
        if (!node.is_object()) continue;
        ++coverage.total;
        if (auto reason = exclusion_reason(spec, node)) {
            coverage.excluded.push_back({metadata_string(node, "name"), std::move(*reason)});
        } else {
            ++coverage.matching;
        }
    }
    return coverage;
}

std::string coverage_text(const Coverage& coverage, size_t max_names) {
    std::string text = "will run on " + std::to_string(coverage.matching) + " of " +
                       std::to_string(coverage.total) + (coverage.total == 1 ? " node" : " nodes");
    if (coverage.excluded.empty()) return text;
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::string>> by_reason;
    for (const auto& exclusion : coverage.excluded) {
        auto& names = by_reason[exclusion.reason];
        if (names.empty()) order.push_back(exclusion.reason);
        names.push_back(exclusion.node);
    }
    text += "; not on ";
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& names = by_reason[order[i]];
        if (i > 0) text += "; ";
        for (size_t n = 0; n < names.size() && n < max_names; ++n) text += (n > 0 ? ", " : "") + names[n];
        if (names.size() > max_names) text += " and " + std::to_string(names.size() - max_names) + " more";
        text += " (" + order[i] + ")";
    }
    return text;
}

nlohmann::json coverage_json(const Coverage& coverage) {
    nlohmann::json excluded = nlohmann::json::array();
    for (const auto& exclusion : coverage.excluded)
        excluded.push_back({{"node", exclusion.node}, {"reason", exclusion.reason}});
    return {{"nodes_total", coverage.total}, {"nodes_matching", coverage.matching}, {"nodes_excluded", excluded}};
}

}  // namespace planton::kube
