// render(): validate, stop on an error, then assemble the objects in objects.md's order.
// Every rule lives in validate; render trusts it.
#include "planton/render/render.hpp"

#include "planton/validate/validator.hpp"

#include "render/objects.hpp"

namespace planton::render {
namespace {

// SHA-256 over the compact JSON of the rendered ConfigMaps and Secrets, in order.
std::string config_hash(const std::vector<Object>& config_objects) {
    std::string text;
    for (const Object& o : config_objects) {
        text += o.dump(-1, ' ', false, Object::error_handler_t::replace);
        text += '\n';
    }
    return detail::sha256_hex(text);
}

}  // namespace

Result render(const manifest::Document& doc, const Options& options) {
    Result result;
    if (doc.kind != manifest::DocumentKind::daemonset && doc.kind != manifest::DocumentKind::stack_input)
        return result;
    result.diagnostics = validate::check(doc);
    if (manifest::has_error(result.diagnostics)) return result;

    const detail::Context ctx = detail::make_context(doc, options);
    std::vector<Object>& out = result.objects;
    if (auto ns = detail::render_namespace(ctx)) out.push_back(std::move(*ns));
    if (auto sa = detail::render_service_account(ctx)) out.push_back(std::move(*sa));
    for (Object& o : detail::render_rbac(ctx)) out.push_back(std::move(o));

    std::vector<Object> config = detail::render_config_maps(ctx);
    if (auto s = detail::render_env_secret(ctx)) config.push_back(std::move(*s));
    if (auto s = detail::render_image_pull_secret(ctx)) config.push_back(std::move(*s));
    const std::string hash = config_hash(config);
    for (Object& o : config) out.push_back(std::move(o));

    out.push_back(detail::render_daemonset(ctx, hash));
    return result;
}

}  // namespace planton::render
