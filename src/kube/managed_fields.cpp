#include "planton/kube/managed_fields.hpp"

#include <algorithm>

#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

using Json = nlohmann::json;

// The keys of a trie node other than ".": what is below the field.
bool has_children(const Json& node) {
    if (!node.is_object()) return false;
    for (auto it = node.begin(); it != node.end(); ++it)
        if (it.key() != ".") return true;
    return false;
}

// Whether the node's own field is in the set: {} or a node holding ".".
bool is_member(const Json& node) { return !node.is_object() || node.empty() || node.contains("."); }

// One "k:", "v:" or "i:" child of a list's trie node, parsed once.
struct ItemKey {
    char kind;        // 'k', 'v' or 'i'
    Json value;       // the key fields (k), the item (v)
    long long index;  // i
    const Json* node;
};

std::vector<ItemKey> item_keys(const Json& fields) {
    std::vector<ItemKey> keys;
    for (const auto& [key, node] : fields.items()) {
        if (key.size() < 2 || key[1] != ':') continue;
        const std::string text = key.substr(2);
        if (key[0] == 'k' || key[0] == 'v') {
            Json parsed = Json::parse(text, nullptr, false);
            if (parsed.is_discarded() || (key[0] == 'k' && !parsed.is_object())) continue;
            keys.push_back({key[0], std::move(parsed), 0, &node});
        } else if (key[0] == 'i' && !text.empty() && text.size() < 18 &&
                   text.find_first_not_of("0123456789") == std::string::npos) {
            keys.push_back({'i', nullptr, std::stoll(text), &node});
        }
    }
    return keys;
}

bool matches(const ItemKey& key, const Json& item, size_t position) {
    switch (key.kind) {
        case 'k':
            if (!item.is_object()) return false;
            for (const auto& [field, value] : key.value.items()) {
                const auto found = item.find(field);
                if (found == item.end() || *found != value) return false;
            }
            return true;
        case 'v':
            return item == key.value;
        default:
            return key.index >= 0 && static_cast<size_t>(key.index) == position;
    }
}

// Keeps `part` (the extraction below a node) unless it is a container the extraction
// left empty while the node named fields below it.
bool worth_keeping(const Json& part, const Json& node) {
    if (part.is_discarded()) return false;
    if (!has_children(node)) return true;
    return !((part.is_object() || part.is_array()) && part.empty());
}

}  // namespace

std::optional<nlohmann::json> applied_fields(const nlohmann::json& object, const std::string& manager) {
    for (const auto& entry : array_at(object_at(object, "metadata"), "managedFields")) {
        if (!entry.is_object()) continue;
        if (string_at(entry, "manager") == manager && string_at(entry, "operation") == "Apply" &&
            string_at(entry, "subresource").empty()) {
            return object_at(entry, "fieldsV1");
        }
    }
    return std::nullopt;
}

nlohmann::json extract_fields(const nlohmann::json& value, const nlohmann::json& fields) {
    if (!has_children(fields)) return value;
    if (value.is_object()) {
        Json out = Json::object();
        for (const auto& [key, node] : fields.items()) {
            if (key.rfind("f:", 0) != 0) continue;
            const auto found = value.find(key.substr(2));
            if (found == value.end()) continue;
            Json part = extract_fields(*found, node);
            if (worth_keeping(part, node)) out[found.key()] = std::move(part);
        }
        return out;
    }
    if (value.is_array()) {
        const std::vector<ItemKey> keys = item_keys(fields);
        Json out = Json::array();
        for (size_t i = 0; i < value.size(); ++i) {
            const Json& item = value[i];
            const auto key = std::find_if(keys.begin(), keys.end(),
                                          [&](const ItemKey& k) { return matches(k, item, i); });
            if (key == keys.end()) continue;
            Json part = extract_fields(item, *key->node);
            if (key->kind == 'k' && part.is_object()) {
                // The key fields name the item in an apply, whoever owns them.
                for (const auto& [field, _] : key->value.items()) part[field] = item[field];
            }
            if (worth_keeping(part, *key->node)) out.push_back(std::move(part));
        }
        return out;
    }
    return value;
}

std::optional<nlohmann::json> extract_applied_configuration(const nlohmann::json& object,
                                                            const std::string& manager) {
    const std::optional<Json> fields = applied_fields(object, manager);
    if (!fields || !object.is_object()) return std::nullopt;
    // An entry that owns nothing (or whose trie cannot be read) gives nothing: the whole
    // object is no leaf of it.
    Json config = has_children(*fields) ? extract_fields(object, *fields) : Json::object();
    if (!config.is_object()) config = Json::object();
    // Extract<Kind> sets what names the object, which managedFields never track.
    config["apiVersion"] = string_at(object, "apiVersion");
    config["kind"] = string_at(object, "kind");
    Json& metadata = config["metadata"];
    if (!metadata.is_object()) metadata = Json::object();
    metadata["name"] = metadata_string(object, "name");
    const std::string namespace_ = metadata_string(object, "namespace");
    if (!namespace_.empty()) metadata["namespace"] = namespace_;
    return config;
}

namespace {

// The union of two nodes below the root, where {} is a field in the set.
Json union_nodes(const Json& a, const Json& b, bool root) {
    Json out = Json::object();
    for (const Json* side : {&a, &b}) {
        if (!side->is_object()) continue;
        for (const auto& [key, node] : side->items()) {
            if (key == ".") continue;
            const auto found = out.find(key);
            out[key] = found == out.end() ? (node.is_object() ? node : Json::object())
                                          : union_nodes(*found, node, false);
        }
    }
    // The root is no field: an empty trie is the empty set.
    const bool member = !root && ((a.is_object() && is_member(a)) || (b.is_object() && is_member(b)));
    if (member && !out.empty()) out["."] = Json::object();
    return out;
}

}  // namespace

nlohmann::json union_fields(const nlohmann::json& a, const nlohmann::json& b) { return union_nodes(a, b, true); }

std::vector<std::string> update_managers_among(const nlohmann::json& object,
                                               const std::set<std::string>& candidates) {
    std::vector<std::string> names;
    for (const auto& entry : array_at(object_at(object, "metadata"), "managedFields")) {
        if (!entry.is_object() || string_at(entry, "operation") != "Update" ||
            !string_at(entry, "subresource").empty() || object_at(entry, "fieldsV1").empty()) {
            continue;
        }
        const std::string manager = string_at(entry, "manager");
        if (candidates.count(manager) != 0 && std::find(names.begin(), names.end(), manager) == names.end())
            names.push_back(manager);
    }
    return names;
}

std::optional<nlohmann::json> upgrade_managed_fields(const nlohmann::json& object,
                                                     const std::set<std::string>& csa_managers,
                                                     const std::string& ssa_manager) {
    const Json& original = array_at(object_at(object, "metadata"), "managedFields");
    Json entries = original;
    auto is = [](const Json& entry, const std::string& manager, const char* operation) {
        return entry.is_object() && string_at(entry, "manager") == manager &&
               string_at(entry, "operation") == operation && string_at(entry, "subresource").empty();
    };
    auto first = [&entries](const auto& predicate) -> long {
        for (size_t i = 0; i < entries.size(); ++i)
            if (predicate(entries[i])) return static_cast<long>(i);
        return -1;
    };
    for (const std::string& csa : csa_managers) {
        // upgradedManagedFields: the SSA manager's Apply entry, or else the most recent
        // (first) Update entry of the CSA manager turned into it.
        long target = first([&](const Json& e) { return is(e, ssa_manager, "Apply"); });
        if (target < 0) {
            target = first([&](const Json& e) { return is(e, csa, "Update"); });
            if (target < 0) continue;
            entries[target]["operation"] = "Apply";
            entries[target]["manager"] = ssa_manager;
        }
        // unionManagerIntoIndex: the CSA manager's Update entry of the same apiVersion.
        const std::string api_version = string_at(entries[target], "apiVersion");
        const long csa_entry = first(
            [&](const Json& e) { return is(e, csa, "Update") && string_at(e, "apiVersion") == api_version; });
        Json fields = object_at(entries[target], "fieldsV1");
        if (csa_entry >= 0) fields = union_fields(fields, object_at(entries[csa_entry], "fieldsV1"));
        entries[target]["fieldsType"] = "FieldsV1";
        entries[target]["fieldsV1"] = std::move(fields);
        Json kept = Json::array();
        for (auto& entry : entries)
            if (!is(entry, csa, "Update")) kept.push_back(std::move(entry));
        entries = std::move(kept);
    }
    if (entries == original) return std::nullopt;
    return entries;
}

std::string upgrade_patch(const nlohmann::json& managed_fields, const std::string& resource_version) {
    // "replace" rather than "test" for the resourceVersion, as csaupgrade does: a stale
    // one then fails with 409 Conflict rather than 422.
    return Json::array({{{"op", "replace"}, {"path", "/metadata/managedFields"}, {"value", managed_fields}},
                        {{"op", "replace"}, {"path", "/metadata/resourceVersion"}, {"value", resource_version}}})
        .dump();
}

}  // namespace planton::kube
