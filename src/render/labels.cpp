// The labels and annotations every rendered object carries (objects.md "Labels and
// annotations"), and the shared context they are computed in.
#include "planton/manifest/labels.hpp"

#include <algorithm>

#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

bool is_reserved(std::string_view key) {
    return std::find(manifest::kReservedLabels.begin(), manifest::kReservedLabels.end(), key) !=
           manifest::kReservedLabels.end();
}

void add_if_set(Object& labels, const char* key, const manifest::Str& value) {
    if (value.present && !value.value.empty()) labels[key] = value.value;
}

}  // namespace

Object common_labels(const manifest::Manifest& m) {
    const std::string& name = m.metadata.name.value;
    Object labels = Object::object();
    labels[manifest::kAppNameLabel] = name;
    labels[manifest::kManagedByLabel] = manifest::kManagedByValue;
    labels[manifest::kPlantonResourceLabel] = manifest::kPlantonResourceValue;
    labels[manifest::kPlantonKindLabel] = manifest::kPlantonKindValue;
    labels[manifest::kPlantonNameLabel] = name;
    add_if_set(labels, "planton.ai/id", m.metadata.id);
    add_if_set(labels, "planton.ai/organization", m.metadata.org);
    add_if_set(labels, "planton.ai/environment", m.metadata.env);
    for (const auto& entry : m.metadata.labels.entries) {
        if (is_reserved(entry.key.value)) continue;  // validate reports the attempt
        labels[entry.key.value] = entry.value.value;
    }
    return labels;
}

Object string_map(const manifest::StrMap& map) {
    Object out = Object::object();
    for (const auto& entry : map.entries) out[entry.key.value] = entry.value.value;
    return out;
}

Object string_list(const manifest::List<manifest::Str>& list) {
    Object out = Object::array();
    for (const auto& item : list.items) out.push_back(item.value);
    return out;
}

Object new_object(const Context& ctx, std::string_view api_version, std::string_view kind,
                  std::string_view name, bool namespaced) {
    Object meta = Object::object();
    meta["name"] = name;
    if (namespaced) meta["namespace"] = ctx.namespace_;
    meta["labels"] = ctx.labels;
    if (!ctx.annotations.empty()) meta["annotations"] = ctx.annotations;
    Object o = Object::object();
    o["apiVersion"] = api_version;
    o["kind"] = kind;
    o["metadata"] = std::move(meta);
    return o;
}

Context make_context(const manifest::Document& doc, const Options& options) {
    const manifest::Manifest& m = doc.manifest;
    Context ctx{m,
                m.metadata.name.value,
                m.spec.namespace_.value.value,
                common_labels(m),
                string_map(m.metadata.annotations),
                {},
                std::nullopt};
    const manifest::Spec& spec = m.spec;
    const bool named = spec.service_account_name.present && !spec.service_account_name.value.empty();
    if (named) {
        ctx.service_account = spec.service_account_name.value;
    } else if (spec.create_service_account.value) {
        ctx.service_account = ctx.name;
    }
    if (options.docker_config_json) {
        ctx.docker_config_json = options.docker_config_json;
    } else if (doc.kind == manifest::DocumentKind::stack_input && doc.docker_config_json.present &&
               !doc.docker_config_json.value.empty()) {
        ctx.docker_config_json = doc.docker_config_json.value;
    }
    return ctx;
}

}  // namespace planton::render::detail
