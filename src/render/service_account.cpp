// 2. The ServiceAccount (objects.md): named service_account_name, else the DaemonSet's
// name, and only when the manifest creates it.
#include "render/objects.hpp"

namespace planton::render::detail {

std::optional<Object> render_service_account(const Context& ctx) {
    if (!ctx.manifest.spec.create_service_account.value) return std::nullopt;
    return new_object(ctx, "v1", "ServiceAccount", ctx.service_account, true);
}

}  // namespace planton::render::detail
