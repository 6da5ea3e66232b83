// 7. The ConfigMaps (objects.md): one per config_maps entry, sorted by name, each with
// one data key equal to its name (Planton's convention).
#include <algorithm>

#include "render/objects.hpp"

namespace planton::render::detail {

std::vector<Object> render_config_maps(const Context& ctx) {
    std::vector<const manifest::StrEntry*> entries;
    for (const auto& entry : ctx.manifest.spec.config_maps.entries) entries.push_back(&entry);
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const manifest::StrEntry* a, const manifest::StrEntry* b) { return a->key.value < b->key.value; });
    std::vector<Object> out;
    for (const manifest::StrEntry* entry : entries) {
        Object cm = new_object(ctx, "v1", "ConfigMap", entry->key.value, true);
        cm["data"] = Object::object({{entry->key.value, entry->value.value}});
        out.push_back(std::move(cm));
    }
    return out;
}

}  // namespace planton::render::detail
