// 1. The Namespace (objects.md): only when the manifest creates it.
#include "render/objects.hpp"

namespace planton::render::detail {

std::optional<Object> render_namespace(const Context& ctx) {
    if (!ctx.manifest.spec.create_namespace.value) return std::nullopt;
    Object ns = Object::object();
    ns["apiVersion"] = "v1";
    ns["kind"] = "Namespace";
    ns["metadata"] = object_metadata(ctx, ctx.namespace_, false);
    return ns;
}

}  // namespace planton::render::detail
