#include "planton/kube/diff.hpp"

#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "planton/kube/masking.hpp"
#include "planton/kube/namespace_claim.hpp"
#include "planton/kube/normalize.hpp"
#include "planton/kube/unified_diff.hpp"
#include "planton/render/emit.hpp"

namespace planton::kube {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// `value` with its keys in `model`'s order, then the keys `model` lacks, sorted (the
// order of nlohmann::json). Array items follow the model's item at the same index.
ordered_json ordered_like(const json& value, const ordered_json* model) {
    if (value.is_object()) {
        ordered_json out = ordered_json::object();
        if (model != nullptr && model->is_object()) {
            for (const auto& [key, model_value] : model->items()) {
                if (auto it = value.find(key); it != value.end()) out[key] = ordered_like(*it, &model_value);
            }
        }
        for (const auto& [key, item] : value.items()) {
            if (!out.contains(key)) out[key] = ordered_like(item, nullptr);
        }
        return out;
    }
    if (value.is_array()) {
        ordered_json out = ordered_json::array();
        for (size_t i = 0; i < value.size(); ++i) {
            const bool has_model = model != nullptr && model->is_array() && i < model->size();
            out.push_back(ordered_like(value[i], has_model ? &(*model)[i] : nullptr));
        }
        return out;
    }
    return ordered_json(value);
}

const json* member(const json* value, const std::string& key) {
    if (value == nullptr || !value->is_object()) return nullptr;
    auto it = value->find(key);
    return it == value->end() ? nullptr : &*it;
}

const json* item(const json* value, size_t index) {
    if (value == nullptr || !value->is_array() || index >= value->size()) return nullptr;
    return &(*value)[index];
}

// Marks the values that masking hid in `masked` (the masked copy of `result`) and that
// differ from the value at the same place in `live`.
void mark_changed(json& masked, const json& result, const json* live) {
    if (masked.is_string() && masked == kMasked && result != kMasked) {
        if (live != nullptr && *live != result) masked = kMaskedChanged;
        return;
    }
    if (masked.is_object() && result.is_object()) {
        for (auto& [key, value] : masked.items()) {
            if (const json* original = member(&result, key))
                mark_changed(value, *original, member(live, key));
        }
    } else if (masked.is_array() && result.is_array()) {
        for (size_t i = 0; i < masked.size() && i < result.size(); ++i)
            mark_changed(masked[i], result[i], item(live, i));
    }
}

// An object as the diff shows it: without server fields, with apiVersion and kind (list
// items and some answers lack them).
json comparable(const json& object, const ordered_json& rendered) {
    json out = without_server_fields(object);
    if (!out.is_object()) return out;
    for (const char* key : {"apiVersion", "kind"}) {
        if (!out.contains(key) && rendered.contains(key)) out[key] = json(rendered[key]);
    }
    return out;
}

std::string yaml_of(const json& object, const ordered_json& rendered) {
    return render::to_yaml({ordered_like(object, &rendered)});
}

}  // namespace

bool DiffResult::has_differences() const {
    return std::any_of(objects.begin(), objects.end(), [](const ObjectDiff& d) { return !d.text.empty(); });
}

std::string diff_name(const ResourceRef& ref) {
    std::string group_version = ref.api_version;
    std::replace(group_version.begin(), group_version.end(), '/', '.');
    std::string out = group_version + "." + ref.kind + ".";
    if (!ref.namespace_.empty()) out += ref.namespace_ + ".";
    return out + ref.name;
}

std::string object_diff(const json& live, const json& result, const ordered_json& rendered) {
    const json after = comparable(result, rendered);
    json shown_after = mask_secrets(after);
    std::string before_text;
    if (!live.is_null()) {
        const json before = comparable(live, rendered);
        mark_changed(shown_after, after, &before);
        before_text = yaml_of(mask_secrets(before), rendered);
    }
    const std::string name = diff_name(ref_of(rendered));
    return unified_diff(before_text, yaml_of(shown_after, rendered), "live/" + name, "result/" + name);
}

DiffResult diff_objects(Client& client, const std::vector<ordered_json>& objects,
                        const DiffOptions& options) {
    DiffResult out;
    std::set<std::string> namespaces_to_create;
    ApplyOptions dry_run = options.apply;
    dry_run.dry_run = true;
    const std::string server = client.transport().server();
    for (const ordered_json& object : objects) {
        const ResourceRef ref = ref_of(object);
        const CallResult live = client.get(ref);
        if (!live.ok() && !live.not_found()) {
            out.failure = call_failure(live, ref, "get", server);
            return out;
        }
        // The Namespace as apply sends it: with the mark when apply would create it, with
        // the mark it has when it exists.
        const ordered_json sent =
            ref.kind == "Namespace" ? namespace_to_apply(object, live.ok() ? live.body : json()) : object;
        json result;
        if (!ref.namespace_.empty() && namespaces_to_create.count(ref.namespace_) != 0) {
            result = json(sent);
        } else {
            const CallResult applied = client.apply(sent, dry_run);
            if (!applied.ok()) {
                out.failure = call_failure(applied, ref, "dry-run apply", server);
                return out;
            }
            result = applied.body;
        }
        if (ref.kind == "Namespace" && live.not_found()) {
            namespaces_to_create.insert(ref.name);
            spdlog::warn(
                "warning: namespace {} does not exist yet, so the server cannot dry-run the objects in it; "
                "they are shown as rendered, without the server's defaults and validation",
                ref.name);
        }
        out.objects.push_back({ref, live.ok(), object_diff(live.ok() ? live.body : json(), result, sent)});
    }
    return out;
}

}  // namespace planton::kube
