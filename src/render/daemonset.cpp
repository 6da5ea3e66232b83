// 10. The DaemonSet (objects.md "The DaemonSet").
#include "planton/manifest/labels.hpp"

#include "render/objects.hpp"

namespace planton::render::detail {

Object render_daemonset(const Context& ctx, const std::string& config_hash) {
    const manifest::Spec& spec = ctx.manifest.spec;
    // The selector is immutable in Kubernetes, so it depends on the name only; one
    // label per DaemonSet keeps two DaemonSets in one namespace from sharing pods.
    Object selector =
        Object::object({{"matchLabels", Object::object({{manifest::kAppNameLabel, ctx.name}})}});

    Object template_annotations = string_map(spec.pod_annotations);
    // A change of a ConfigMap or Secret changes the template, so the pods roll.
    template_annotations["planton.ai/config-hash"] = config_hash;
    Object template_metadata = Object::object({{"labels", ctx.labels}});
    template_metadata["annotations"] = std::move(template_annotations);

    Object body = Object::object();
    body["selector"] = std::move(selector);
    body["template"] = Object::object({{"metadata", std::move(template_metadata)}});
    body["template"]["spec"] = pod_spec(ctx);
    if (std::optional<Object> strategy = update_strategy(spec.update_strategy))
        body["updateStrategy"] = *strategy;
    if (spec.min_ready_seconds.value != 0) body["minReadySeconds"] = spec.min_ready_seconds.value;
    if (spec.revision_history_limit.present) body["revisionHistoryLimit"] = spec.revision_history_limit.value;

    Object ds = new_object(ctx, "apps/v1", "DaemonSet", ctx.name, true);
    ds["spec"] = std::move(body);
    return ds;
}

}  // namespace planton::render::detail
