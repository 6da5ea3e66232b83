// 3.–6. ClusterRole, ClusterRoleBinding, Role, RoleBinding (objects.md). The cluster
// objects are named <namespace>-<name>: they are cluster-wide, and two DaemonSets of one
// name in two namespaces must not take each other's permissions.
#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

constexpr const char* kRbacApiVersion = "rbac.authorization.k8s.io/v1";

Object policy_rules(const manifest::List<manifest::PolicyRule>& rules) {
    Object out = Object::array();
    for (const auto& rule : rules.items) {
        Object r = Object::object();
        r["verbs"] = string_list(rule.verbs);
        r["apiGroups"] = string_list(rule.api_groups);
        r["resources"] = string_list(rule.resources);
        if (!rule.resource_names.items.empty()) r["resourceNames"] = string_list(rule.resource_names);
        out.push_back(std::move(r));
    }
    return out;
}

Object role(const Context& ctx, const char* kind, const std::string& name, bool namespaced,
            const manifest::List<manifest::PolicyRule>& rules) {
    Object o = new_object(ctx, kRbacApiVersion, kind, name, namespaced);
    o["rules"] = policy_rules(rules);
    return o;
}

Object binding(const Context& ctx, const char* kind, const char* role_kind, const std::string& name,
               bool namespaced) {
    Object subject = Object::object();
    subject["kind"] = "ServiceAccount";
    // validate requires a service account with rbac; the DaemonSet's name is only a
    // fallback so that an unvalidated manifest still renders a well-formed binding.
    subject["name"] = ctx.service_account.empty() ? ctx.name : ctx.service_account;
    subject["namespace"] = ctx.namespace_;
    Object ref = Object::object();
    ref["apiGroup"] = "rbac.authorization.k8s.io";
    ref["kind"] = role_kind;
    ref["name"] = name;
    Object o = new_object(ctx, kRbacApiVersion, kind, name, namespaced);
    o["subjects"] = Object::array({std::move(subject)});
    o["roleRef"] = std::move(ref);
    return o;
}

}  // namespace

std::vector<Object> render_rbac(const Context& ctx) {
    std::vector<Object> out;
    const manifest::Rbac& rbac = ctx.manifest.spec.rbac;
    if (!rbac.cluster_rules.items.empty()) {
        const std::string name = ctx.namespace_ + "-" + ctx.name;
        out.push_back(role(ctx, "ClusterRole", name, false, rbac.cluster_rules));
        out.push_back(binding(ctx, "ClusterRoleBinding", "ClusterRole", name, false));
    }
    if (!rbac.namespace_rules.items.empty()) {
        out.push_back(role(ctx, "Role", ctx.name, true, rbac.namespace_rules));
        out.push_back(binding(ctx, "RoleBinding", "Role", ctx.name, true));
    }
    return out;
}

}  // namespace planton::render::detail
