#include "planton/manifest/schema.hpp"

#include <string>
#include <string_view>

#include "planton/manifest/fields.hpp"
#include "planton/manifest/labels.hpp"

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

// The parser reads a field written with no value (`dns_policy:`, `A: ~`) as left out,
// so the schema lets an optional field be null.
Json nullable(Json schema) {
    if (schema.contains("enum")) schema["enum"].push_back(nullptr);
    if (schema.contains("type")) {
        Json& type = schema["type"];
        if (type.is_string()) type = Json::array({type});
        type.push_back("null");
        return schema;
    }
    if (schema.empty()) return schema;  // anything goes already
    return Json{{"anyOf", Json::array({Json{{"type", "null"}}, std::move(schema)})}};
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
            schema = Json{{"type", "object"}, {"additionalProperties", nullable(scalar())}};
            break;
        case FieldKind::string_or_value:
        case FieldKind::host_path:
            schema = Json{{"oneOf", Json::array({scalar(), Json{{"$ref", ref(*field.type)}}})}};
            break;
        case FieldKind::env_variables:
        case FieldKind::env_secrets:
            schema =
                Json{{"type", "object"},
                     {"additionalProperties",
                      Json{{"oneOf", Json::array({nullable(scalar()), Json{{"$ref", ref(*field.type)}}})}}}};
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
    if (!field.required) schema = nullable(std::move(schema));
    schema["description"] = std::string(field.description);
    return schema;
}

// The value rules of validate that a JSON Schema can state for one field (ranges,
// lengths, patterns of names), so that an editor flags them as `validate` does. Rules
// across fields, across list items or about YAML itself stay validate's alone.
constexpr const char* kLabelKey =
    "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/"
    ")?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";
constexpr const char* kLabelValue = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";
constexpr const char* kQuantity =
    "^[+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$";
constexpr const char* kRelativePath = "^(?!/)(?!(.*/)?[.][.](/|$))";

Json port_range(long long low) {
    return Json{{"minimum", low}, {"maximum", 65535}};
}
Json not_negative() {
    return Json{{"minimum", 0}};
}
Json pattern(const char* regex) {
    return Json{{"pattern", regex}};
}
Json non_empty_list() {
    return Json{{"minItems", 1}};
}
Json label_map(bool values_are_labels) {
    Json out{{"propertyNames", Json{{"pattern", kLabelKey}}}};
    if (values_are_labels) {
        out["additionalProperties"] =
            Json{{"type", Json::array({"string", "number", "boolean", "null"})}, {"pattern", kLabelValue}};
    }
    return out;
}

Json field_rules(std::string_view type, std::string_view field) {
    const auto is = [&](std::string_view t, std::string_view f) { return type == t && field == f; };
    if (is("Port", "container_port") || is("SidecarPort", "container_port") || is("HttpGet", "port_number") ||
        is("TcpSocket", "port_number") || is("Grpc", "port"))
        return port_range(1);
    if (is("Port", "host_port")) return port_range(0);
    if ((type == "Probe" && (field.ends_with("_seconds") || field.ends_with("_threshold"))) ||
        is("Spec", "min_ready_seconds") || is("Spec", "revision_history_limit") ||
        is("Spec", "termination_grace_period_seconds") || is("SecurityContext", "run_as_user") ||
        is("SecurityContext", "run_as_group"))
        return not_negative();
    if (is("ObjectSource", "default_mode")) return Json{{"maximum", 511}};
    if (is("PreferredTerm", "weight")) return Json{{"minimum", 1}, {"maximum", 100}};
    if (type == "PolicyRule" && field != "resource_names") return non_empty_list();
    if (is("Exec", "command") || is("NodeAffinity", "required") ||
        is("NodeSelectorTerm", "match_expressions"))
        return non_empty_list();
    if (is("Image", "repo"))
        return Json{{"minLength", 1},
                    {"pattern", "^[^@]*$"},
                    {"not", Json{{"type", "string"}, {"pattern", ":[^/]*$"}}}};
    if (is("Image", "tag"))
        return Json{{"minLength", 1},
                    {"pattern", "^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[0-9a-f]{64})$"}};
    if (is("VolumeMount", "mount_path") || is("HostPath", "path")) return pattern("^/");
    if (is("VolumeMount", "sub_path") || is("ObjectSource", "path")) return pattern(kRelativePath);
    if (is("Port", "name") || is("SidecarPort", "name"))
        return pattern("^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$");
    if (is("HttpHeader", "name")) return pattern("^[-A-Za-z0-9]+$");
    if (is("SecretRef", "key") || is("ObjectSource", "key")) return pattern("^(?![.]{1,2}$)[-._a-zA-Z0-9]+$");
    if (is("Metadata", "name")) return Json{{"pattern", "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"}};
    if (is("Metadata", "id") || is("Metadata", "org") || is("Metadata", "env")) return pattern(kLabelValue);
    if (is("Metadata", "labels")) {
        Json rules = label_map(true);
        Json reserved = Json::array();
        for (std::string_view label : kReservedLabels) reserved.push_back(std::string(label));
        rules["propertyNames"] = Json{{"pattern", kLabelKey}, {"not", Json{{"enum", std::move(reserved)}}}};
        return rules;
    }
    if (is("Spec", "node_selector")) return label_map(true);
    if (is("Metadata", "annotations") || is("Spec", "pod_annotations")) return label_map(false);
    if (is("Env", "variables") || is("Env", "secrets"))
        return Json{{"propertyNames", pattern("^(?![.]{1,2}$)[-._a-zA-Z][-._a-zA-Z0-9]*$")}};
    if (is("ResourceList", "cpu") || is("ResourceList", "memory") || is("EmptyDir", "size_limit"))
        return Json{{"pattern", kQuantity}, {"minimum", 0}};
    if (is("RollingUpdate", "max_unavailable") || is("RollingUpdate", "max_surge"))
        return pattern("^([0-9]+|([0-9]|[1-9][0-9]|100)%)$");
    if (is("DnsConfig", "nameservers")) return Json{{"maxItems", 3}};
    if (is("DnsConfig", "searches")) return Json{{"maxItems", 32}};
    return Json::object();
}

// Rules across the fields of one object, over both spellings of each field.
Json spellings(std::string_view snake, std::string_view camel, const Json& value_schema) {
    Json either =
        Json::array({Json{{"required", Json::array({snake})}, {"properties", {{snake, value_schema}}}}});
    if (camel != snake)
        either.push_back(Json{{"required", Json::array({camel})}, {"properties", {{camel, value_schema}}}});
    return Json{{"anyOf", std::move(either)}};
}
Json given(std::string_view snake, std::string_view camel) {
    return spellings(snake, camel, Json{{"not", Json{{"type", "null"}}}});
}
Json equals(std::string_view snake, std::string_view camel, const Json& value) {
    return spellings(snake, camel, Json{{"const", value}});
}

// A volume mount's sources: an app container mount has exactly one, a sidecar's none.
Json volume_sources() {
    return Json::array({given("host_path", "hostPath"), given("config_map", "configMap"),
                        given("secret", "secret"), given("empty_dir", "emptyDir"), given("pvc", "pvc")});
}
Json bidirectional() {
    return equals("mount_propagation", "mountPropagation", "Bidirectional");
}

Json type_rules(std::string_view type) {
    Json rules = Json::array();
    if (type == "Probe") {  // missing-probe-handler, multiple-probe-handlers
        rules.push_back(
            Json{{"oneOf", Json::array({given("http_get", "httpGet"), given("grpc", "grpc"),
                                        given("tcp_socket", "tcpSocket"), given("exec", "exec")})}});
    } else if (type == "HttpGet" || type == "TcpSocket") {  // missing-probe-port, conflicting-fields
        rules.push_back(Json{
            {"oneOf", Json::array({given("port_number", "portNumber"), given("port_name", "portName")})}});
    } else if (type == "AppContainer") {
        // invalid-success-threshold
        const Json at_most_one{
            {"properties",
             {{"success_threshold", {{"maximum", 1}}}, {"successThreshold", {{"maximum", 1}}}}}};
        rules.push_back(Json{{"properties",
                              {{"liveness_probe", at_most_one},
                               {"livenessProbe", at_most_one},
                               {"startup_probe", at_most_one},
                               {"startupProbe", at_most_one}}}});
        // missing-volume-source, multiple-volume-sources
        const Json one_source{{"items", {{"oneOf", volume_sources()}}}};
        rules.push_back(Json{{"properties", {{"volume_mounts", one_source}, {"volumeMounts", one_source}}}});
        // bidirectional-needs-privileged
        rules.push_back(Json{{"if", spellings("volume_mounts", "volumeMounts",
                                              {{"type", "array"}, {"contains", bidirectional()}})},
                             {"then", spellings("security_context", "securityContext",
                                                equals("privileged", "privileged", true))}});
    } else if (type == "Sidecar") {  // sidecar-volume-source, bidirectional-needs-privileged
        Json declared = volume_sources();
        declared.push_back(bidirectional());
        const Json borrowed{{"items", {{"not", {{"anyOf", std::move(declared)}}}}}};
        rules.push_back(Json{{"properties", {{"volume_mounts", borrowed}, {"volumeMounts", borrowed}}}});
    } else if (type == "MatchExpression") {  // invalid-match-expression
        const auto op = [](Json values) {
            return spellings("operator", "operator", {{"enum", std::move(values)}});
        };
        rules.push_back(Json{{"if", op(Json::array({"In", "NotIn"}))},
                             {"then", spellings("values", "values", {{"type", "array"}, {"minItems", 1}})}});
        rules.push_back(Json{{"if", op(Json::array({"Exists", "DoesNotExist"}))},
                             {"then", {{"properties", {{"values", {{"maxItems", 0}}}}}}}});
        rules.push_back(Json{
            {"if", op(Json::array({"Gt", "Lt"}))},
            {"then",
             spellings("values", "values",
                       {{"type", "array"},
                        {"minItems", 1},
                        {"maxItems", 1},
                        {"items",
                         {{"type", Json::array({"string", "integer"})}, {"pattern", "^[-+]?[0-9]+$"}}}})}});
    } else if (type == "RollingUpdate") {  // rolling-update-all-zero, rolling-update-both-non-zero
        const Json zero = Json::array({0, "0", "0%"});
        Json zero_or_null = zero;
        zero_or_null.push_back(nullptr);
        const Json unavailable_zero = spellings("max_unavailable", "maxUnavailable", {{"enum", zero}});
        const Json unavailable_non_zero =
            spellings("max_unavailable", "maxUnavailable", {{"not", {{"enum", zero_or_null}}}});
        const Json surge_non_zero = spellings("max_surge", "maxSurge", {{"not", {{"enum", zero_or_null}}}});
        rules.push_back(
            Json{{"not", {{"allOf", Json::array({unavailable_zero, {{"not", surge_non_zero}}})}}}});
        rules.push_back(Json{{"not", {{"allOf", Json::array({unavailable_non_zero, surge_non_zero})}}}});
    } else if (type == "Toleration") {
        const Json exists = equals("operator", "operator", "Exists");
        // toleration-value-with-exists
        rules.push_back(Json{
            {"if", exists}, {"then", {{"properties", {{"value", {{"enum", Json::array({"", nullptr})}}}}}}}});
        // toleration-key-required
        rules.push_back(Json{
            {"if", {{"not", spellings("key", "key", {{"not", {{"enum", Json::array({"", nullptr})}}}})}}},
            {"then", exists}});
        // toleration-seconds-needs-no-execute
        rules.push_back(Json{{"if", given("toleration_seconds", "tolerationSeconds")},
                             {"then", equals("effect", "effect", "NoExecute")}});
    } else if (type == "UpdateStrategy") {  // rolling-update-with-on-delete
        rules.push_back(Json{{"not",
                              {{"allOf", Json::array({equals("type", "type", "OnDelete"),
                                                      given("rolling_update", "rollingUpdate")})}}}});
    } else if (type == "Spec") {
        // reserved-namespace
        Json reserved = Json::array({"default", "kube-system", "kube-public", "kube-node-lease"});
        const Json reserved_namespace =
            Json{{"required", Json::array({"namespace"})},
                 {"properties",
                  {{"namespace",
                    {{"anyOf", Json::array({Json{{"enum", reserved}},
                                            Json{{"type", "object"},
                                            {"required", Json::array({"value"})},
                                                 {"properties", {{"value", {{"enum", reserved}}}}}}})}}}}}};
        rules.push_back(Json{{"not",
                              {{"allOf", Json::array({equals("create_namespace", "createNamespace", true),
                                                      reserved_namespace})}}}});
        // invalid-dns-config: dns_policy None needs a nameserver
        const Json with_nameserver{{"type", "object"},
                                   {"required", Json::array({"nameservers"})},
                                   {"properties", {{"nameservers", {{"minItems", 1}}}}}};
        rules.push_back(Json{{"if", equals("dns_policy", "dnsPolicy", "None")},
                             {"then", spellings("dns_config", "dnsConfig", with_nameserver)}});
        // rbac-without-service-account
        const Json rules_given{{"type", "array"}, {"minItems", 1}};
        const Json has_rules = spellings(
            "rbac", "rbac",
            {{"anyOf", Json::array({spellings("cluster_rules", "clusterRules", rules_given),
                                    spellings("namespace_rules", "namespaceRules", rules_given)})}});
        const Json service_account{
            {"anyOf", Json::array({equals("create_service_account", "createServiceAccount", true),
                                   spellings("service_account_name", "serviceAccountName",
                                             {{"type", "string"}, {"minLength", 1}})})}};
        rules.push_back(Json{{"if", has_rules}, {"then", service_account}});
    }
    return rules;
}

Json object_schema(const ObjectType& type) {
    Json properties = Json::object();
    Json required = Json::array();
    Json either = Json::array();  // rules for fields with two spellings
    for (const Field& field : type.fields) {
        Json schema = field_schema(field);
        if (field.name == "value_from") {
            // Only the Planton orchestrator resolves a reference; planton-ds refuses one.
            schema = Json{{"type", "null"}, {"description", schema["description"]}};
        }
        const Json rules = field_rules(type.name, field.name);
        for (const auto& [keyword, rule] : rules.items()) schema[keyword] = rule;
        properties[std::string(field.name)] = schema;
        if (field.camel_name != field.name) {
            properties[std::string(field.camel_name)] = schema;
            // One field, one spelling (duplicate-field).
            either.push_back(Json{{"not", Json{{"required", Json::array({field.name, field.camel_name})}}}});
        }
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
    for (Json& rule : type_rules(type.name)) either.push_back(std::move(rule));
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
