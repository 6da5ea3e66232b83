#pragma once
// Test-only helpers for the manifest layer: parse a YAML string, print diagnostics in a
// compact comparable form, and dump a model (walked along the field table) as JSON so
// that tests can compare whole models and assert exact values.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/manifest/fields.hpp"
#include "planton/manifest/parser.hpp"

namespace planton::test {

inline manifest::ParseResult parse(std::string_view yaml) {
    return manifest::parse_text(yaml, "test.yaml");
}

// "line:col [id] message (path)" per diagnostic.
inline std::vector<std::string> diagnostic_lines(const manifest::Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const auto& d : diagnostics) {
        std::string line =
            std::to_string(d.line) + ":" + std::to_string(d.column) + " [" + d.id + "] " + d.message;
        if (!d.path.empty()) line += " (" + d.path + ")";
        out.push_back(line);
    }
    return out;
}

// The model as JSON: present values only; with `positions`, each present value becomes
// "value @line:col path" so that positions and paths can be compared too.
class ModelDump {
public:
    explicit ModelDump(bool positions) : positions_(positions) {}

    nlohmann::ordered_json object(const manifest::ObjectType& type, const void* object) const {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (const manifest::Field& field : type.fields) {
            if (field.member == nullptr || field.kind == manifest::FieldKind::host_path_type) continue;
            auto value = this->field(field, field.member(const_cast<void*>(object)));
            if (!value.is_null()) out[std::string(field.name)] = std::move(value);
        }
        return out;
    }

private:
    using Json = nlohmann::ordered_json;
    using K = manifest::FieldKind;

    Json leaf(const manifest::Node& node, Json value) const {
        if (!node.present) return nullptr;
        if (!positions_) return value;
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        return text + " @" + std::to_string(node.line) + ":" + std::to_string(node.column) + " " + node.path;
    }
    Json str(const manifest::Str& s) const { return leaf(s, s.value); }

    Json field(const manifest::Field& field, void* member) const {
        switch (field.kind) {
            case K::string:
            case K::int_or_percent:
                return str(*static_cast<manifest::Str*>(member));
            case K::integer:
            case K::file_mode: {
                const auto& i = *static_cast<manifest::Int*>(member);
                return leaf(i, i.value);
            }
            case K::boolean: {
                const auto& b = *static_cast<manifest::Bool*>(member);
                return leaf(b, b.value);
            }
            case K::object:
            case K::string_or_value:
            case K::host_path: {
                if (!field.type->node(member).present) return nullptr;
                Json out = object(*field.type, member);
                if (field.kind == K::host_path)
                    out["nested"] = static_cast<manifest::HostPathSource*>(member)->nested;
                return out;
            }
            case K::object_list: {
                if (!field.type->list_node(member).present) return nullptr;
                Json out = Json::array();
                for (std::size_t i = 0; i < field.type->list_size(member); ++i) {
                    void* item = field.type->list_item(member, i);
                    out.push_back(field.type->node(item).present ? object(*field.type, item) : Json(nullptr));
                }
                return out;
            }
            case K::string_list: {
                const auto& list = *static_cast<manifest::List<manifest::Str>*>(member);
                if (!list.present) return nullptr;
                Json out = Json::array();
                for (const auto& s : list.items) out.push_back(str(s));
                return out;
            }
            case K::string_map: {
                const auto& map = *static_cast<manifest::StrMap*>(member);
                if (!map.present) return nullptr;
                Json out = Json::object();
                for (const auto& e : map.entries) out[e.key.value] = str(e.value);
                return out;
            }
            case K::env_variables:
            case K::env_secrets: {
                if (!field.type->list_node(member).present) return nullptr;
                Json out = Json::object();
                for (std::size_t i = 0; i < field.type->list_size(member); ++i) {
                    void* entry = field.type->list_item(member, i);
                    const auto& name = field.kind == K::env_variables
                                           ? static_cast<manifest::EnvVariable*>(entry)->name
                                           : static_cast<manifest::EnvSecret*>(entry)->name;
                    out[name.value] = object(*field.type, entry);
                }
                return out;
            }
            case K::provider_config: {
                const auto& doc = *static_cast<manifest::Document*>(member);
                Json out = Json::object();
                if (doc.provider_name.present) out["name"] = str(doc.provider_name);
                if (doc.provider_kube_config.present) out["kube_config"] = str(doc.provider_kube_config);
                return out.empty() ? Json(nullptr) : out;
            }
            case K::host_path_type:
            case K::ignored:
                return nullptr;
        }
        return nullptr;
    }

    bool positions_;
};

inline nlohmann::ordered_json model_json(const manifest::Manifest& m, bool positions = false) {
    return ModelDump(positions).object(manifest::manifest_type(), &m);
}

}  // namespace planton::test
