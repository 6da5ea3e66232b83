// 2. The ServiceAccount (objects.md): named service_account_name, else the DaemonSet's
// name, and only when the manifest creates it.
#include "render/objects.hpp"

namespace planton::render::detail {

std::optional<Object> render_service_account(const Context& ctx) {
    if (!ctx.manifest.spec.create_service_account.value) return std::nullopt;
    Object sa = Object::object();
    sa["apiVersion"] = "v1";
    sa["kind"] = "ServiceAccount";
    sa["metadata"] = object_metadata(ctx, ctx.service_account, true);
    return sa;
}

}  // namespace planton::render::detail
