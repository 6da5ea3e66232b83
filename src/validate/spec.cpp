// spec's own fields: the namespace, the service account and its RBAC rules, ConfigMaps,
// pod-level names and numbers; and the extras of a stack input.
#include <algorithm>
#include <array>
#include <string_view>

#include "planton/validate/docker_config.hpp"

#include "rules.hpp"

namespace planton::validate::detail {
namespace {

constexpr std::size_t kMaxConfigMapBytes = 1024 * 1024;

void check_namespace(const manifest::StringValueOrRef& ns, Report& report) {
    if (!ns.present) return;
    if (ns.value.present && ns.value_from.present) {
        report.error("conflicting-fields", "namespace takes either value or value_from, not both",
                     ns.value_from);
    } else if (ns.value_from.present) {
        report.error("value-from", "spec.namespace " + std::string(kValueFromMessage) + " ({value: NAME})",
                     ns.value_from);
    } else if (left_out(ns.value) && left_out(ns.value_from)) {
        report.error("missing-field",
                     "namespace needs a value: write namespace: NAME or namespace: {value: NAME}", ns.value);
    } else if (ns.value.present && ns.value.value.empty()) {
        report.error("missing-field", "namespace must not be empty", ns.value);
    }
    check_name(ns.value, "namespace", /*subdomain=*/false, 63, report);
}

// The namespaces every cluster has from the start (the API server creates default,
// kube-system, kube-public and kube-node-lease itself): a manifest may run in them, but
// it may not claim one as its own to create.
constexpr std::array<std::string_view, 4> kReservedNamespaces = {"default", "kube-system", "kube-public",
                                                                 "kube-node-lease"};

void check_create_namespace(const manifest::Spec& spec, Report& report) {
    if (!spec.create_namespace.present || spec.create_namespace.type_error || !spec.create_namespace.value) return;
    const std::string& name = spec.namespace_.value.value;
    if (std::find(kReservedNamespaces.begin(), kReservedNamespaces.end(), name) == kReservedNamespaces.end()) return;
    report.error("reserved-namespace",
                 "create_namespace: true for namespace " + name +
                     ", which every cluster has from the start: planton-ds never creates or deletes it; "
                     "remove create_namespace",
                 spec.create_namespace);
}

bool has_rules(const manifest::Rbac& rbac) {
    return !rbac.cluster_rules.items.empty() || !rbac.namespace_rules.items.empty();
}

void check_service_account(const manifest::Spec& spec, Report& report) {
    check_name(spec.service_account_name, "service_account_name", /*subdomain=*/true, 253, report);
    if (!spec.rbac.present || !has_rules(spec.rbac)) return;
    if (spec.create_service_account.type_error || spec.service_account_name.type_error) return;
    const bool created = spec.create_service_account.present && spec.create_service_account.value;
    if (!created && !given(spec.service_account_name)) {
        report.error(
            "rbac-without-service-account",
            "rbac rules need a service account: set create_service_account: true or name an existing "
            "one in service_account_name",
            spec.rbac);
    }
}

void check_config_maps(const manifest::StrMap& config_maps, Report& report) {
    for (const manifest::StrEntry& entry : config_maps.entries) {
        check_name(entry.key, "ConfigMap name", /*subdomain=*/true, 253, report);
        if (entry.value.value.size() > kMaxConfigMapBytes) {
            report.error("config-map-too-large",
                         "ConfigMap " + in_quotes(entry.key.value) + " holds " +
                             std::to_string(entry.value.value.size()) +
                             " bytes; a ConfigMap holds at most 1 MiB (1048576 bytes)",
                         entry.value);
        }
    }
}

}  // namespace

void check_spec(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    if (!spec.present) return;
    check_namespace(spec.namespace_, ctx.report);
    check_create_namespace(spec, ctx.report);
    check_service_account(spec, ctx.report);
    check_config_maps(spec.config_maps, ctx.report);
    check_name(spec.priority_class_name, "priority_class_name", /*subdomain=*/true, 253, ctx.report);
    check_annotations(spec.pod_annotations, ctx.report);
    check_not_negative(spec.min_ready_seconds, "min_ready_seconds", ctx.report);
    check_not_negative(spec.revision_history_limit, "revision_history_limit", ctx.report);
    check_not_negative(spec.termination_grace_period_seconds, "termination_grace_period_seconds", ctx.report);
}

void check_stack_input(const manifest::Document& doc, Report& report) {
    // Kubernetes stores a kubernetes.io/dockerconfigjson Secret only when its content is
    // a JSON object, and a kubelet finds credentials only under "auths". The content is
    // a credential: the message never quotes it.
    if (!given(doc.docker_config_json)) return;
    if (const auto problem = docker_config_problem(doc.docker_config_json.value)) {
        report.error("invalid-docker-config-json",
                     "docker_config_json " + *problem + "; " + std::string(kDockerConfigRule),
                     doc.docker_config_json);
    }
}

}  // namespace planton::validate::detail
