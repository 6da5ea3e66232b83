#pragma once
// The REST paths of the object kinds planton-ds renders. No discovery is needed: the
// kinds are fixed, so their group, version, plural and scope are known here.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace planton::kube {

struct ResourceRef {
    std::string api_version;  // "v1", "apps/v1", "rbac.authorization.k8s.io/v1"
    std::string kind;         // "DaemonSet"
    std::string name;
    std::string namespace_;  // empty for cluster-scoped kinds
};

struct KindInfo {
    const char* api_version;
    const char* kind;
    const char* plural;  // "daemonsets"
    bool namespaced;
};

// The kind table entry, or nullopt for a kind planton-ds does not handle.
std::optional<KindInfo> kind_info(const std::string& api_version, const std::string& kind);

// The apiVersion/kind/name/namespace of an object (empty where it has none).
ResourceRef ref_of(const nlohmann::ordered_json& object);

// Whether `ref` is an apps/v1 DaemonSet: the one question "is this the DaemonSet?" of
// apply, delete, prune, status and the rollout wait.
bool is_daemonset(const ResourceRef& ref);

// The DaemonSet among rendered objects (render gives exactly one, last); nullptr when
// there is none.
const nlohmann::ordered_json* find_daemonset(const std::vector<nlohmann::ordered_json>& objects);

// "/api/v1/namespaces/ns/configmaps" or "/apis/rbac.authorization.k8s.io/v1/clusterroles".
// Throws planton::Error for an unknown kind.
std::string collection_path(const std::string& api_version, const std::string& kind,
                            const std::string& namespace_);
// collection_path + "/" + name.
std::string object_path(const ResourceRef& ref);

// kubectl's spelling of an object in messages: "daemonset.apps/fluentd",
// "configmap/fluentd-config", "clusterrole.rbac.authorization.k8s.io/logging-fluentd".
std::string display_name(const ResourceRef& ref);

// Percent-encodes a query parameter value.
std::string url_encode(const std::string& value);

}  // namespace planton::kube
