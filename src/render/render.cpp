// render(): validate, check what only rendering can find, then assemble the objects in
// objects.md's order.
#include "planton/render/render.hpp"

#include <algorithm>

#include "planton/validate/validator.hpp"

#include "render/objects.hpp"

namespace planton::render {
namespace {

bool has_error(const manifest::Diagnostics& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const manifest::Diagnostic& d) { return d.severity == manifest::Severity::error; });
}

// Adds the render-only errors that validate has not already reported at that field.
void merge_render_errors(manifest::Diagnostics& diagnostics, const manifest::Diagnostics& render_errors) {
    for (const manifest::Diagnostic& e : render_errors) {
        const bool known =
            std::any_of(diagnostics.begin(), diagnostics.end(), [&e](const manifest::Diagnostic& d) {
                return d.severity == manifest::Severity::error && d.path == e.path;
            });
        if (!known) diagnostics.push_back(e);
    }
}

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
    merge_render_errors(result.diagnostics, detail::render_checks(doc));
    if (has_error(result.diagnostics)) return result;

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
