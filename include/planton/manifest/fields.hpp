#pragma once
// The one description of the manifest's fields (../shared/spec/manifest.md): for every
// object type its fields with both spellings, value kind, fixed enum values, whether
// manifest.md requires them, and a one-line description. The parser dispatches on it,
// detects unknown fields and suggests names from it; `planton-ds schema` generates the
// JSON Schema from it; the validator takes enum lists and required flags from it.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace planton::manifest {

// The enum values manifest.md fixes, in the order its messages list them. "" stands for
// "not set" where manifest.md allows it.
namespace enums {
inline constexpr std::string_view api_version[] = {"kubernetes.project-planton.org/v1"};
inline constexpr std::string_view kind[] = {"KubernetesDaemonSet"};
inline constexpr std::string_view network_protocol[] = {"TCP", "UDP", "SCTP"};
inline constexpr std::string_view toleration_operator[] = {"", "Exists", "Equal"};
inline constexpr std::string_view toleration_effect[] = {"", "NoSchedule", "PreferNoSchedule", "NoExecute"};
inline constexpr std::string_view update_strategy_type[] = {"", "RollingUpdate", "OnDelete"};
inline constexpr std::string_view host_path_type[] = {
    "", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"};
inline constexpr std::string_view dns_policy[] = {"ClusterFirst", "ClusterFirstWithHostNet", "Default",
                                                  "None"};
inline constexpr std::string_view mount_propagation[] = {"None", "HostToContainer", "Bidirectional"};
inline constexpr std::string_view probe_scheme[] = {"HTTP", "HTTPS"};
inline constexpr std::string_view node_selector_operator[] = {"In",           "NotIn", "Exists",
                                                              "DoesNotExist", "Gt",    "Lt"};
inline constexpr std::string_view empty_dir_medium[] = {"", "Memory"};
}  // namespace enums

// What a field's value is in YAML, and so how the parser reads it.
enum class FieldKind : unsigned char {
    string,           // any scalar, kept as written (`9200` -> "9200")
    integer,          // 32-bit integer; a quoted numeric string is accepted too
    boolean,          // true / false
    object,           // a mapping of `type`
    object_list,      // a list of mappings of `type`
    string_list,      // a list of scalars
    string_map,       // user keys -> scalars, keys kept as written and in order
    int_or_percent,   // an integer or "N%", kept as text (rolling update)
    file_mode,        // an integer; a leading 0 (`0644`) or `0o` means octal
    string_or_value,  // NAME, or a mapping of `type` ({value} | {value_from})
    env_variables,    // user keys -> text, or a mapping of `type` ({value} | {value_from})
    env_secrets,      // user keys -> text, or a mapping of `type` ({value} | {secret_ref})
    host_path,        // a path (flat form), or a mapping of `type` ({path, type})
    host_path_type,   // the flat form's sibling type; an error next to the nested form
    provider_config,  // {<provider>: {...}}; only digital_ocean_doks is read (`type`)
    ignored,          // accepted with any value, not read
};

struct Node;
struct ObjectType;

// No object type has more fields (the parser tracks them in a fixed-size array).
inline constexpr std::size_t kMaxFieldsPerType = 32;

struct Field {
    std::string_view name;        // snake_case; also the segment of canonical paths
    std::string_view camel_name;  // lowerCamelCase (equal to name for one-word fields)
    FieldKind kind;
    const ObjectType* type;                    // the mapping form, for kinds that have one
    std::span<const std::string_view> values;  // fixed enum values; empty when free
    bool required;                             // manifest.md requires it (checked by validate)
    std::string_view description;
    // For the parser: the member of the owning model object this field fills
    // (nullptr for `ignored`).
    void* (*member)(void* object);
};

struct ObjectType {
    std::string_view name;  // also the JSON Schema $defs name
    std::string_view description;
    std::span<const Field> fields;
    bool open;  // keys outside `fields` are accepted and ignored (provider configs)
    // Type-erased access to the model type, for code that walks the model along this
    // table (the parser; generic checks): its identity, its Node base, and for a
    // List of it the list's Node base, a new appended item, the size and an item.
    const void* model;
    Node& (*node)(void* object);
    Node& (*list_node)(void* list);
    void* (*append)(void* list);
    std::size_t (*list_size)(const void* list);
    void* (*list_item)(void* list, std::size_t index);
};

// Top-level documents: a KubernetesDaemonSet manifest (fills Manifest) and a stack input
// (fills Document: target, docker_config_json, provider_config).
const ObjectType& manifest_type();
const ObjectType& stack_input_type();

// Every object type reachable from the two documents, each once, leaves first.
std::span<const ObjectType* const> all_object_types();

// The field `key` names in `type`, in either spelling; nullptr when there is none.
const Field* find_field(const ObjectType& type, std::string_view key);

// The field name closest to an unknown `key` (small edit distance, case and `_`
// ignored), spelled in the style of `key` (camelCase when it has upper case letters);
// empty when nothing is close.
std::string_view suggest_field(const ObjectType& type, std::string_view key);

// "container_port" -> "containerPort".
std::string to_camel_case(std::string_view snake);

}  // namespace planton::manifest
