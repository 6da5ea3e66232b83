// The app container's environment (objects.md): the four downward-API variables, then
// `variables` sorted by name, then `secrets` sorted by name as secretKeyRef. A user
// variable or secret with a downward-API name takes that variable's place, so that
// later variables referring to it with $(NAME) see the user's value.
#include <algorithm>
#include <array>

#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

struct Downward {
    const char* name;
    const char* field_path;
};
constexpr std::array<Downward, 4> kDownward = {{
    {"K8S_NODE_NAME", "spec.nodeName"},
    {"K8S_POD_NAME", "metadata.name"},
    {"K8S_POD_NAMESPACE", "metadata.namespace"},
    {"K8S_POD_IP", "status.podIP"},
}};

Object downward_var(const Downward& d) {
    Object field_ref = Object::object({{"fieldPath", d.field_path}});
    return Object::object(
        {{"name", d.name}, {"valueFrom", Object::object({{"fieldRef", std::move(field_ref)}})}});
}

Object literal_var(const std::string& name, const std::string& value) {
    return Object::object({{"name", name}, {"value", value}});
}

Object secret_var(const std::string& name, const std::string& secret, const std::string& key) {
    Object ref = Object::object({{"name", secret}, {"key", key}});
    return Object::object(
        {{"name", name}, {"valueFrom", Object::object({{"secretKeyRef", std::move(ref)}})}});
}

template <class T>
std::vector<const T*> sorted_by_name(const std::vector<T>& items) {
    std::vector<const T*> out;
    for (const T& item : items) out.push_back(&item);
    std::stable_sort(out.begin(), out.end(),
                     [](const T* a, const T* b) { return a->name.value < b->name.value; });
    return out;
}

}  // namespace

Object app_env(const Context& ctx) {
    const manifest::Env& env = ctx.manifest.spec.container.app.env;
    std::vector<Object> user;  // variables, then secrets, each sorted
    for (const manifest::EnvVariable* v : sorted_by_name(env.variables.items)) {
        if (v->value_from.present) continue;  // an error of validate: never rendered
        user.push_back(literal_var(v->name.value, v->value.value));
    }
    for (const manifest::EnvSecret* s : sorted_by_name(env.secrets.items)) {
        if (s->secret_ref.present) {
            user.push_back(secret_var(s->name.value, s->secret_ref.name.value, s->secret_ref.key.value));
        } else {
            user.push_back(secret_var(s->name.value, env_secret_name(ctx), s->name.value));
        }
    }
    Object out = Object::array();
    for (const Downward& d : kDownward) {
        auto own =
            std::find_if(user.begin(), user.end(), [&d](const Object& v) { return v["name"] == d.name; });
        if (own == user.end()) {
            out.push_back(downward_var(d));
        } else {
            out.push_back(std::move(*own));
            user.erase(own);
        }
    }
    for (Object& v : user) out.push_back(std::move(v));
    return out;
}

}  // namespace planton::render::detail
