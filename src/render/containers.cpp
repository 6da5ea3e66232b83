// The containers of the pod template (objects.md): the app container named after the
// DaemonSet, then the sidecars in manifest order; init containers share the sidecar
// form. Fields in the order of the Kubernetes Container type.
#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

std::string image_reference(const manifest::ImageSpec& image) {
    const std::string& tag = image.tag.value;
    if (tag.rfind("sha256:", 0) == 0) return image.repo.value + "@" + tag;
    return image.repo.value + ":" + tag;
}

void add_list(Object& c, const char* key, const manifest::List<manifest::Str>& list) {
    if (!list.items.empty()) c[key] = string_list(list);
}

// Resources take the defaults of manifest.md for each value left out.
std::string or_default(const manifest::Str& s, std::string_view fallback) {
    return s.present && !s.value.empty() ? s.value : std::string(fallback);
}

Object resource_list(const manifest::ResourceList& list) {
    Object out = Object::object();
    if (list.cpu.present && !list.cpu.value.empty()) out["cpu"] = list.cpu.value;
    if (list.memory.present && !list.memory.value.empty()) out["memory"] = list.memory.value;
    return out;
}

}  // namespace

Object resources(const manifest::Resources& r, bool with_defaults) {
    Object out = Object::object();
    if (with_defaults) {
        const manifest::ResourceDefaults& d = manifest::kAppResourceDefaults;
        out["limits"] = Object::object({{"cpu", or_default(r.limits.cpu, d.limits_cpu)},
                                        {"memory", or_default(r.limits.memory, d.limits_memory)}});
        out["requests"] = Object::object({{"cpu", or_default(r.requests.cpu, d.requests_cpu)},
                                          {"memory", or_default(r.requests.memory, d.requests_memory)}});
        return out;
    }
    Object limits = resource_list(r.limits);
    Object requests = resource_list(r.requests);
    if (!limits.empty()) out["limits"] = std::move(limits);
    if (!requests.empty()) out["requests"] = std::move(requests);
    return out;
}

Object container_ports(const manifest::List<manifest::Port>& ports) {
    Object out = Object::array();
    for (const manifest::Port& p : ports.items) {
        Object port = Object::object();
        if (!p.name.value.empty()) port["name"] = p.name.value;
        if (p.host_port.value != 0) port["hostPort"] = p.host_port.value;
        port["containerPort"] = p.container_port.value;
        if (!p.network_protocol.value.empty()) port["protocol"] = p.network_protocol.value;
        out.push_back(std::move(port));
    }
    return out;
}

Object app_container(const Context& ctx) {
    const manifest::AppContainer& app = ctx.manifest.spec.container.app;
    Object c = Object::object();
    c["name"] = ctx.name;
    c["image"] = image_reference(app.image);
    add_list(c, "command", app.command);
    add_list(c, "args", app.args);
    if (!app.ports.items.empty()) c["ports"] = container_ports(app.ports);
    c["env"] = app_env(ctx);
    c["resources"] = resources(app.resources, true);
    if (!app.volume_mounts.items.empty()) c["volumeMounts"] = volume_mounts(app.volume_mounts);
    if (app.liveness_probe.present) c["livenessProbe"] = probe(app.liveness_probe);
    if (app.readiness_probe.present) c["readinessProbe"] = probe(app.readiness_probe);
    if (app.startup_probe.present) c["startupProbe"] = probe(app.startup_probe);
    Object sc = security_context(app.security_context);
    if (!sc.empty()) c["securityContext"] = std::move(sc);
    return c;
}

Object extra_container(const manifest::Sidecar& sidecar) {
    Object c = Object::object();
    c["name"] = sidecar.name.value;
    c["image"] = sidecar.image.value;
    add_list(c, "command", sidecar.command);
    add_list(c, "args", sidecar.args);
    if (!sidecar.ports.items.empty()) c["ports"] = container_ports(sidecar.ports);
    if (!sidecar.env.items.empty()) {
        Object env = Object::array();
        for (const auto& v : sidecar.env.items)
            env.push_back(Object::object({{"name", v.name.value}, {"value", v.value.value}}));
        c["env"] = std::move(env);
    }
    Object res = resources(sidecar.resources, false);
    if (!res.empty()) c["resources"] = std::move(res);
    if (!sidecar.volume_mounts.items.empty()) c["volumeMounts"] = volume_mounts(sidecar.volume_mounts);
    return c;
}

Object security_context(const manifest::SecurityContext& sc) {
    Object out = Object::object();
    const manifest::Capabilities& caps = sc.capabilities;
    if (!caps.add.items.empty() || !caps.drop.items.empty()) {
        Object c = Object::object();
        if (!caps.add.items.empty()) c["add"] = string_list(caps.add);
        if (!caps.drop.items.empty()) c["drop"] = string_list(caps.drop);
        out["capabilities"] = std::move(c);
    }
    if (sc.privileged.present && sc.privileged.value) out["privileged"] = true;
    // 0 given explicitly is kept: root is a real choice for node agents.
    if (sc.run_as_user.present) out["runAsUser"] = sc.run_as_user.value;
    if (sc.run_as_group.present) out["runAsGroup"] = sc.run_as_group.value;
    if (sc.run_as_non_root.present) out["runAsNonRoot"] = sc.run_as_non_root.value;
    if (sc.read_only_root_filesystem.present)
        out["readOnlyRootFilesystem"] = sc.read_only_root_filesystem.value;
    if (sc.allow_privilege_escalation.present)
        out["allowPrivilegeEscalation"] = sc.allow_privilege_escalation.value;
    return out;
}

}  // namespace planton::render::detail
