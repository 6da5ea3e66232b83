// 8. The env Secret and 9. the image pull Secret (objects.md). Both use `data`
// (base64), never `stringData`: the API server stores `data`, so a re-apply of the same
// object is a no-op and diff stays clean.
#include <algorithm>

#include "planton/base64.hpp"

#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

Object secret(const Context& ctx, const std::string& name, Object data, const char* type) {
    Object s = new_object(ctx, "v1", "Secret", name, true);
    s["data"] = std::move(data);
    s["type"] = type;
    return s;
}

// A literal env secret: `NAME: text` or `NAME: {value: text}`, not a secret_ref.
bool is_literal(const manifest::EnvSecret& s) {
    return !s.secret_ref.present;
}

}  // namespace

std::string env_secret_name(const Context& ctx) {
    return ctx.name + "-env-secrets";
}

std::string image_pull_secret_name(const Context& ctx) {
    return ctx.name + "-image-pull-secret";
}

std::optional<Object> render_env_secret(const Context& ctx) {
    std::vector<const manifest::EnvSecret*> literals;
    for (const auto& s : ctx.manifest.spec.container.app.env.secrets.items)
        if (is_literal(s)) literals.push_back(&s);
    if (literals.empty()) return std::nullopt;
    std::stable_sort(literals.begin(), literals.end(),
                     [](const manifest::EnvSecret* a, const manifest::EnvSecret* b) {
                         return a->name.value < b->name.value;
                     });
    Object data = Object::object();
    for (const manifest::EnvSecret* s : literals) data[s->name.value] = base64_encode(s->value.value);
    return secret(ctx, env_secret_name(ctx), std::move(data), "Opaque");
}

std::optional<Object> render_image_pull_secret(const Context& ctx) {
    if (!ctx.docker_config_json) return std::nullopt;
    Object data = Object::object({{".dockerconfigjson", base64_encode(*ctx.docker_config_json)}});
    return secret(ctx, image_pull_secret_name(ctx), std::move(data), "kubernetes.io/dockerconfigjson");
}

}  // namespace planton::render::detail
