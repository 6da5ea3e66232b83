// 1. The Namespace (objects.md): only when the manifest creates it.
#include "render/objects.hpp"

namespace planton::render::detail {

std::optional<Object> render_namespace(const Context& ctx) {
    if (!ctx.manifest.spec.create_namespace.value) return std::nullopt;
    return new_object(ctx, "v1", "Namespace", ctx.namespace_, false);
}

}  // namespace planton::render::detail
