// The pod template's spec (objects.md "Pod spec"), fields in the order of the
// Kubernetes PodSpec type.
#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

bool set(const manifest::Str& s) {
    return s.present && !s.value.empty();
}
bool on(const manifest::Bool& b) {
    return b.present && b.value;
}

Object image_pull_secrets(const Context& ctx) {
    Object out = Object::array();
    const manifest::Str& named = ctx.manifest.spec.container.app.image.pull_secret_name;
    if (set(named)) out.push_back(Object::object({{"name", named.value}}));
    if (ctx.docker_config_json) out.push_back(Object::object({{"name", image_pull_secret_name(ctx)}}));
    return out;
}

// dnsConfig with what the manifest gives, in the order of Kubernetes' PodDNSConfig.
Object dns_config(const manifest::DnsConfig& dns) {
    Object out = Object::object();
    if (!dns.nameservers.items.empty()) out["nameservers"] = string_list(dns.nameservers);
    if (!dns.searches.items.empty()) out["searches"] = string_list(dns.searches);
    if (!dns.options.items.empty()) {
        Object options = Object::array();
        for (const manifest::DnsOption& option : dns.options.items) {
            Object o = Object::object({{"name", option.name.value}});
            if (option.value.present) o["value"] = option.value.value;
            options.push_back(std::move(o));
        }
        out["options"] = std::move(options);
    }
    return out;
}

}  // namespace

Object pod_spec(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    Object out = Object::object();
    Object volumes = pod_volumes(ctx.manifest);
    if (!volumes.empty()) out["volumes"] = std::move(volumes);
    if (!spec.init_containers.items.empty()) {
        Object init = Object::array();
        for (const auto& c : spec.init_containers.items) init.push_back(extra_container(c));
        out["initContainers"] = std::move(init);
    }
    Object containers = Object::array({app_container(ctx)});
    for (const auto& sidecar : spec.container.sidecars.items) containers.push_back(extra_container(sidecar));
    out["containers"] = std::move(containers);
    if (spec.termination_grace_period_seconds.present)
        out["terminationGracePeriodSeconds"] = spec.termination_grace_period_seconds.value;
    if (set(spec.dns_policy)) {
        out["dnsPolicy"] = spec.dns_policy.value;
    } else if (on(spec.host_network)) {
        // Without it a host-network pod resolves with the node's resolver and cannot
        // reach cluster services by name.
        out["dnsPolicy"] = "ClusterFirstWithHostNet";
    }
    if (!spec.node_selector.entries.empty()) out["nodeSelector"] = string_map(spec.node_selector);
    // Only when one is created or named: otherwise the namespace's default applies.
    if (!ctx.service_account.empty()) out["serviceAccountName"] = ctx.service_account;
    if (on(spec.host_network)) out["hostNetwork"] = true;
    if (on(spec.host_pid)) out["hostPID"] = true;
    if (on(spec.host_ipc)) out["hostIPC"] = true;
    Object pull = image_pull_secrets(ctx);
    if (!pull.empty()) out["imagePullSecrets"] = std::move(pull);
    Object aff = affinity(spec.affinity);
    if (!aff.empty()) out["affinity"] = std::move(aff);
    if (!spec.tolerations.items.empty()) out["tolerations"] = tolerations(spec.tolerations);
    if (set(spec.priority_class_name)) out["priorityClassName"] = spec.priority_class_name.value;
    if (spec.dns_config.present) out["dnsConfig"] = dns_config(spec.dns_config);
    return out;
}

}  // namespace planton::render::detail
