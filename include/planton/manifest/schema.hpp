#pragma once
// The JSON Schema (draft 2020-12) of planton-ds input documents, generated from the
// field table (fields.hpp), for editors: `planton-ds schema` prints it, and a manifest
// that starts with `# yaml-language-server: $schema=<file>` gets completion, hover
// descriptions and checks. Every field is accepted in both spellings; objects allow no
// other keys; enums, shorthand forms and required fields are as manifest.md has them.
// The top level is one of a KubernetesDaemonSet manifest or a stack input.
#include <nlohmann/json.hpp>

namespace planton::manifest {

inline constexpr const char* kSchemaId = "urn:planton-ds:schema:kubernetes-daemonset:v1";

nlohmann::ordered_json json_schema();

}  // namespace planton::manifest
