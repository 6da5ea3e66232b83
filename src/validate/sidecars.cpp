// Sidecars and init containers: names unique across the pod, image references, ports,
// env lists, resources, and mounts of the app container's volumes.
#include <vector>

#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

// A container name already taken, and by what.
struct TakenName {
    std::string_view name;
    std::string by;
};

void check_env_list(const manifest::List<manifest::SidecarEnvVar>& env, Report& report) {
    for (std::size_t i = 0; i < env.items.size(); ++i) {
        const manifest::Str& name = env.items[i].name;
        check_env_name(name, report);
        for (std::size_t j = 0; j < i && given(name); ++j) {
            if (env.items[j].name.value != name.value) continue;
            report.error("duplicate-env-name",
                         "environment variable " + in_quotes(name.value) + " is already given on line " +
                             std::to_string(env.items[j].name.line),
                         name);
            break;
        }
    }
}

void check_container(const manifest::Sidecar& c, const Context& ctx, std::vector<TakenName>& taken) {
    const manifest::Spec& spec = ctx.manifest.spec;
    check_name(c.name, "container name", /*subdomain=*/false, 63, ctx.report);
    if (given(c.name)) {
        bool clash = false;
        for (const TakenName& t : taken) {
            if (t.name != c.name.value) continue;
            ctx.report.error("duplicate-container-name",
                             "container name " + in_quotes(c.name.value) + " is already used by " + t.by,
                             c.name);
            clash = true;
            break;
        }
        if (!clash) taken.push_back({c.name.value, "the container on line " + std::to_string(c.name.line)});
    }
    if (given(c.image)) {
        report_problem("invalid-image", "image", c.image, image_reference_problem(c.image.value), ctx.report);
    }
    check_port_list(c.ports, /*host_network=*/false, ctx.report);
    check_resources(c.resources, /*defaults=*/false, ctx.report);
    check_env_list(c.env, ctx.report);
    check_borrowed_mounts(c.volume_mounts, spec.container.app.volume_mounts, ctx.report);
}

}  // namespace

void check_sidecars(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    if (!spec.present) return;
    std::vector<TakenName> taken;
    // The app container is named after the manifest (objects.md).
    if (given(ctx.manifest.metadata.name) && spec.container.app.present) {
        taken.push_back(
            {ctx.manifest.metadata.name.value, "the app container (it is named after metadata.name)"});
    }
    for (const manifest::Sidecar& sidecar : spec.container.sidecars.items) {
        if (sidecar.present) check_container(sidecar, ctx, taken);
    }
    for (const manifest::Sidecar& init : spec.init_containers.items) {
        if (init.present) check_container(init, ctx, taken);
    }
}

}  // namespace planton::validate::detail
