// The field table, and the JSON Schema generated from it, agree with the parser.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "planton/manifest/schema.hpp"

#include "manifest_support.hpp"

namespace planton::manifest {
namespace {

using nlohmann::ordered_json;

// Every object type reachable from the two documents.
std::set<const ObjectType*> reachable_types() {
    std::set<const ObjectType*> seen;
    std::vector<const ObjectType*> todo = {&manifest_type(), &stack_input_type()};
    while (!todo.empty()) {
        const ObjectType* type = todo.back();
        todo.pop_back();
        if (!seen.insert(type).second) continue;
        for (const Field& field : type->fields) {
            if (field.type != nullptr) todo.push_back(field.type);
        }
    }
    return seen;
}

TEST_CASE("field table: spellings, uniqueness, enums", "[manifest][fields]") {
    const auto types = all_object_types();
    CHECK(std::set<const ObjectType*>(types.begin(), types.end()) == reachable_types());
    std::set<std::string_view> type_names;
    for (const ObjectType* type : types) {
        INFO(type->name);
        CHECK(type_names.insert(type->name).second);
        CHECK(type->fields.size() <= kMaxFieldsPerType);
        std::set<std::string_view> names;
        for (const Field& field : type->fields) {
            INFO(field.name);
            CHECK(field.camel_name == to_camel_case(field.name));
            CHECK(names.insert(field.name).second);
            if (field.camel_name != field.name) CHECK(names.insert(field.camel_name).second);
            CHECK(find_field(*type, field.name) == &field);
            CHECK(find_field(*type, field.camel_name) == &field);
            CHECK(!field.description.empty());
            CHECK((field.member != nullptr) == (field.kind != FieldKind::ignored));
        }
    }
}

TEST_CASE("field table: the enum lists of manifest.md", "[manifest][fields]") {
    const auto values = [](const ObjectType& type, std::string_view name) {
        const Field* field = find_field(type, name);
        REQUIRE(field != nullptr);
        return std::vector<std::string_view>(field->values.begin(), field->values.end());
    };
    using V = std::vector<std::string_view>;
    const ObjectType& spec = *find_field(manifest_type(), "spec")->type;
    const ObjectType& container = *find_field(spec, "container")->type;
    const ObjectType& app = *find_field(container, "app")->type;
    const ObjectType& mount = *find_field(app, "volume_mounts")->type;
    CHECK(values(spec, "dns_policy") == V{"ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"});
    CHECK(values(*find_field(app, "ports")->type, "network_protocol") == V{"TCP", "UDP", "SCTP"});
    CHECK(values(*find_field(*find_field(container, "sidecars")->type, "ports")->type, "protocol") ==
          V{"TCP", "UDP", "SCTP"});
    CHECK(values(mount, "mount_propagation") == V{"None", "HostToContainer", "Bidirectional"});
    CHECK(values(mount, "host_path_type") == values(*find_field(mount, "host_path")->type, "type"));
    CHECK(values(*find_field(mount, "empty_dir")->type, "medium") == V{"", "Memory"});
    CHECK(values(*find_field(spec, "tolerations")->type, "effect") ==
          V{"", "NoSchedule", "PreferNoSchedule", "NoExecute"});
    CHECK(values(*find_field(spec, "update_strategy")->type, "type") == V{"", "RollingUpdate", "OnDelete"});
    CHECK(values(manifest_type(), "kind") == V{"KubernetesDaemonSet"});
}

TEST_CASE("field suggestions", "[manifest][fields]") {
    const ObjectType& spec = *find_field(manifest_type(), "spec")->type;
    const ObjectType& app = *find_field(*find_field(spec, "container")->type, "app")->type;
    struct Case {
        const ObjectType* type;
        const char* key;
        const char* suggestion;
    };
    const std::vector<Case> cases = {
        {&app, "volume_mount", "volume_mounts"},
        {&app, "volumeMount", "volumeMounts"},
        {&app, "VolumeMounts", "volumeMounts"},
        {&app, "volumemounts", "volume_mounts"},
        {&app, "readinessprobe", "readiness_probe"},
        {&app, "livenesProbe", "livenessProbe"},
        {&spec, "nodeselector", "node_selector"},
        {&spec, "tolerations_", "tolerations"},
        {&spec, "replicas", ""},
        {&spec, "x", ""},
        {&app, "img", ""},
    };
    for (const Case& c : cases) {
        INFO(c.key);
        CHECK(suggest_field(*c.type, c.key) == c.suggestion);
    }
}

TEST_CASE("the JSON Schema has every field of the table, in both spellings", "[manifest][fields][schema]") {
    const ordered_json schema = json_schema();
    CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    CHECK(schema["$id"] == kSchemaId);
    CHECK(schema["oneOf"] ==
          ordered_json::array({{{"$ref", "#/$defs/KubernetesDaemonSet"}}, {{"$ref", "#/$defs/StackInput"}}}));
    const ordered_json& defs = schema["$defs"];
    CHECK(defs.size() == all_object_types().size());
    for (const ObjectType* type : all_object_types()) {
        INFO(type->name);
        const ordered_json& def = defs.at(std::string(type->name));
        CHECK(def["type"] == "object");
        CHECK(def["additionalProperties"] == type->open);
        std::set<std::string> expected;
        std::set<std::string> required;
        for (const Field& field : type->fields) {
            expected.insert(std::string(field.name));
            expected.insert(std::string(field.camel_name));
            if (field.required && field.name == field.camel_name) required.insert(std::string(field.name));
        }
        std::set<std::string> properties;
        for (const auto& [name, property] : def["properties"].items()) {
            properties.insert(name);
            // The parser dispatches on find_field: every property name is one it accepts.
            const Field* field = find_field(*type, name);
            REQUIRE(field != nullptr);
            // An optional field also takes null (written with no value), so an enum may end
            // with null and an object's $ref may sit in an anyOf beside {"type": "null"}.
            if (!field->values.empty()) {
                ordered_json values = ordered_json::array();
                for (const ordered_json& value : property["enum"])
                    if (!value.is_null()) values.push_back(value);
                CHECK(values == ordered_json(std::vector<std::string>(field->values.begin(), field->values.end())));
            } else {
                CHECK(!property.contains("enum"));
            }
            if (field->type != nullptr && field->kind == FieldKind::object && property.value("type", "") != "null") {
                std::string ref = property.value("$ref", "");
                for (const ordered_json& alternative : property.value("anyOf", ordered_json::array()))
                    if (alternative.contains("$ref")) ref = alternative["$ref"];
                CHECK(ref == "#/$defs/" + std::string(field->type->name));
            }
        }
        CHECK(properties == expected);
        if (required.empty()) {
            CHECK(!def.contains("required"));
        } else {
            CHECK(std::set<std::string>(def["required"].begin(), def["required"].end()) == required);
        }
    }
    // Both spellings of a required field: either one satisfies it.
    const ordered_json& port = defs["Port"];
    CHECK(port["required"] == ordered_json::array({"name"}));
    const ordered_json either =
        ordered_json({{"anyOf", {{{"required", {"container_port"}}}, {{"required", {"containerPort"}}}}}});
    CHECK(std::find(port["allOf"].begin(), port["allOf"].end(), either) != port["allOf"].end());
    // ... and not both (a repeated key in two spellings is an error of validate).
    const ordered_json not_both = ordered_json({{"not", {{"required", {"container_port", "containerPort"}}}}});
    CHECK(std::find(port["allOf"].begin(), port["allOf"].end(), not_both) != port["allOf"].end());
}

// Every $ref points at a definition.
void check_refs(const ordered_json& node, const ordered_json& defs) {
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (key == "$ref") {
                const std::string ref = value.get<std::string>();
                REQUIRE(ref.starts_with("#/$defs/"));
                CHECK(defs.contains(ref.substr(8)));
            } else {
                check_refs(value, defs);
            }
        }
    } else if (node.is_array()) {
        for (const auto& item : node) check_refs(item, defs);
    }
}

TEST_CASE("the JSON Schema's references all resolve", "[manifest][fields][schema]") {
    const ordered_json schema = json_schema();
    check_refs(schema, schema["$defs"]);
}

}  // namespace
}  // namespace planton::manifest
