#include "planton/manifest/schema.hpp"

#include <string>

#include "planton/manifest/fields.hpp"

namespace planton::manifest {
namespace {

using Json = nlohmann::ordered_json;

std::string ref(const ObjectType& type) {
    return "#/$defs/" + std::string(type.name);
}

// Where the parser takes any scalar as its text (`9200`, `true`), so does the schema.
Json scalar() {
    return Json{{"type", Json::array({"string", "number", "boolean"})}};
}

Json integer_schema(const char* pattern, long long minimum) {
    return Json{{"type", Json::array({"integer", "string"})},
                {"pattern", pattern},
                {"minimum", minimum},
                {"maximum", 2147483647LL}};
}

Json enum_schema(std::span<const std::string_view> values) {
    Json list = Json::array();
    for (std::string_view value : values) list.push_back(std::string(value));
    return Json{{"type", "string"}, {"enum", std::move(list)}};
}

Json field_schema(const Field& field) {
    Json schema;
    switch (field.kind) {
        case FieldKind::string:
            schema = field.values.empty() ? scalar() : enum_schema(field.values);
            break;
        case FieldKind::host_path_type:
            schema = enum_schema(field.values);
            break;
        case FieldKind::integer:
            schema = integer_schema("^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|[0-9]+)$", -2147483648LL);
            break;
        case FieldKind::file_mode:
            schema = integer_schema("^(0[oO]?[0-7]+|[0-9]+)$", 0);
            break;
        case FieldKind::int_or_percent:
            schema =
                Json{{"type", Json::array({"integer", "string"})}, {"pattern", "^[0-9]+%?$"}, {"minimum", 0}};
            break;
        case FieldKind::boolean:
            schema = Json{{"type", "boolean"}};
            break;
        case FieldKind::object:
            schema = Json{{"$ref", ref(*field.type)}};
            break;
        case FieldKind::object_list:
            schema = Json{{"type", "array"}, {"items", Json{{"$ref", ref(*field.type)}}}};
            break;
        case FieldKind::string_list:
            schema = Json{{"type", "array"}, {"items", scalar()}};
            break;
        case FieldKind::string_map:
            schema = Json{{"type", "object"}, {"additionalProperties", scalar()}};
            break;
        case FieldKind::string_or_value:
        case FieldKind::host_path:
            schema = Json{{"oneOf", Json::array({scalar(), Json{{"$ref", ref(*field.type)}}})}};
            break;
        case FieldKind::env_variables:
        case FieldKind::env_secrets:
            schema = Json{{"type", "object"},
                          {"additionalProperties",
                           Json{{"oneOf", Json::array({scalar(), Json{{"$ref", ref(*field.type)}}})}}}};
            break;
        case FieldKind::provider_config: {
            Json properties = Json::object();
            properties["digital_ocean_doks"] = Json{{"$ref", ref(*field.type)}};
            properties["digitalOceanDoks"] = Json{{"$ref", ref(*field.type)}};
            schema = Json{{"type", "object"}, {"properties", std::move(properties)}};
            break;
        }
        case FieldKind::ignored:
            schema = Json::object();
            break;
    }
    schema["description"] = std::string(field.description);
    return schema;
}

Json object_schema(const ObjectType& type) {
    Json properties = Json::object();
    Json required = Json::array();
    Json either = Json::array();  // required fields with two spellings
    for (const Field& field : type.fields) {
        const Json schema = field_schema(field);
        properties[std::string(field.name)] = schema;
        if (field.camel_name != field.name) properties[std::string(field.camel_name)] = schema;
        if (!field.required) continue;
        if (field.camel_name == field.name) {
            required.push_back(std::string(field.name));
        } else {
            either.push_back(
                Json{{"anyOf", Json::array({Json{{"required", Json::array({field.name})}},
                                            Json{{"required", Json::array({field.camel_name})}}})}});
        }
    }
    Json schema{
        {"type", "object"}, {"description", std::string(type.description)}, {"properties", properties}};
    if (!required.empty()) schema["required"] = std::move(required);
    if (!either.empty()) schema["allOf"] = std::move(either);
    schema["additionalProperties"] = type.open;
    return schema;
}

}  // namespace

nlohmann::ordered_json json_schema() {
    Json definitions = Json::object();
    for (const ObjectType* type : all_object_types())
        definitions[std::string(type->name)] = object_schema(*type);
    return Json{
        {"$schema", "https://json-schema.org/draft/2020-12/schema"},
        {"$id", kSchemaId},
        {"title", "planton-ds KubernetesDaemonSet manifest"},
        {"description",
         "A KubernetesDaemonSet manifest (kubernetes.project-planton.org/v1) as planton-ds reads it, or a "
         "stack "
         "input ({target, docker_config_json, provider_config}). Every field may be written in snake_case or "
         "lowerCamelCase."},
        {"oneOf",
         Json::array({Json{{"$ref", ref(manifest_type())}}, Json{{"$ref", ref(stack_input_type())}}})},
        {"$defs", std::move(definitions)},
    };
}

}  // namespace planton::manifest
