#pragma once
// metadata.managedFields read and rewritten as the API server and client-go do.
//
// FieldsV1 (Kubernetes API reference, meta/v1 ManagedFieldsEntry and FieldsV1) is a trie
// in JSON: each key is "." (the field itself; always maps to {}), or one of
//   "f:<name>"   a field of a struct or a key of a map,
//   "k:<keys>"   the item of a list map whose key fields have these values, as a JSON
//                object, e.g. k:{"name":"app"} or k:{"containerPort":80,"protocol":"TCP"},
//   "v:<value>"  the item of a set (a list of scalars) with this JSON value, e.g. v:"NET_ADMIN",
//   "i:<index>"  the item at this position of a list that has neither keys nor values.
// A key mapping to {} is in the set; a key mapping to children is in it only when the
// children hold ".". All functions here read their input through json_fields.hpp's
// rules: anything malformed counts as absent, nothing throws.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace planton::kube {

// The names of kubectl's Update managers whose fields a server-side applier takes over
// when it adopts an object (see upgrade_managed_fields): client-side apply, kubectl edit,
// and the manager the API server records for fields set before the first server-side
// apply of an object created before managed fields existed.
inline const std::set<std::string>& client_side_managers() {
    static const std::set<std::string> names = {"kubectl-client-side-apply", "kubectl-edit",
                                                "before-first-apply"};
    return names;
}

// kubectl's annotation holding the configuration of the last client-side apply.
inline constexpr const char* kLastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

// The FieldsV1 trie of the entry of `manager` with operation Apply on the main resource
// (no subresource), or nullopt when `object` has none (client-go's findManagedFields).
std::optional<nlohmann::json> applied_fields(const nlohmann::json& object, const std::string& manager);

// The part of `value` that the trie `fields` names (structured-merge-diff's
// ExtractItems over the set's leaves): a field named with children keeps only them; one
// named without children (or with only ".") is kept whole. List-map items keep their key
// fields, so that the result can be applied. Containers left empty are dropped.
nlohmann::json extract_fields(const nlohmann::json& value, const nlohmann::json& fields);

// client-go's Extract<Kind>(object, manager): the configuration `manager` last applied,
// as it is live now — apiVersion, kind, metadata.name and .namespace, and only the fields
// the manager's Apply entry owns (other managers' fields are left out). nullopt when the
// manager has no Apply entry on the object.
std::optional<nlohmann::json> extract_applied_configuration(const nlohmann::json& object,
                                                            const std::string& manager);

// The union of two FieldsV1 tries (structured-merge-diff's Set.Union).
nlohmann::json union_fields(const nlohmann::json& a, const nlohmann::json& b);

// The managers of the object's Update entries named in `candidates` that own fields on
// the main resource, in the order of managedFields.
std::vector<std::string> update_managers_among(const nlohmann::json& object,
                                               const std::set<std::string>& candidates);

// client-go's csaupgrade.UpgradeManagedFields: for each name of `csa_managers`, the
// fields its Update entry owns move to the Apply entry of `ssa_manager` (the Update entry
// itself becomes that Apply entry when there is none yet), and its Update entries go.
// Other managers are untouched. Returns the new managedFields, or nullopt when nothing
// changes.
std::optional<nlohmann::json> upgrade_managed_fields(const nlohmann::json& object,
                                                     const std::set<std::string>& csa_managers,
                                                     const std::string& ssa_manager);

// csaupgrade.UpgradeManagedFieldsPatch: the JSON patch (RFC 6902) that writes
// `managed_fields` and, as a precondition, the resourceVersion the object was read at
// (a write in between makes the server answer 409).
std::string upgrade_patch(const nlohmann::json& managed_fields, const std::string& resource_version);

}  // namespace planton::kube
