#include "planton/kube/resources.hpp"

#include <array>
#include <cctype>

#include "planton/error.hpp"
#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

constexpr std::array<KindInfo, 13> kKinds{{
    {"v1", "Namespace", "namespaces", false},
    {"v1", "ServiceAccount", "serviceaccounts", true},
    {"v1", "ConfigMap", "configmaps", true},
    {"v1", "Secret", "secrets", true},
    {"v1", "Pod", "pods", true},
    {"v1", "Node", "nodes", false},
    {"v1", "Event", "events", true},
    {"scheduling.k8s.io/v1", "PriorityClass", "priorityclasses", false},
    {"apps/v1", "DaemonSet", "daemonsets", true},
    {"rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false},
    {"rbac.authorization.k8s.io/v1", "Role", "roles", true},
    {"rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true},
}};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::optional<KindInfo> kind_info(const std::string& api_version, const std::string& kind) {
    for (const KindInfo& info : kKinds) {
        if (api_version == info.api_version && kind == info.kind) return info;
    }
    return std::nullopt;
}

ResourceRef ref_of(const nlohmann::ordered_json& object) {
    return {string_at(object, "apiVersion"), string_at(object, "kind"), metadata_string(object, "name"),
            metadata_string(object, "namespace")};
}

bool is_daemonset(const ResourceRef& ref) {
    return ref.api_version == "apps/v1" && ref.kind == "DaemonSet";
}

const nlohmann::ordered_json* find_daemonset(const std::vector<nlohmann::ordered_json>& objects) {
    for (auto it = objects.rbegin(); it != objects.rend(); ++it) {
        if (is_daemonset(ref_of(*it))) return &*it;
    }
    return nullptr;
}

std::string collection_path(const std::string& api_version, const std::string& kind,
                            const std::string& namespace_) {
    auto info = kind_info(api_version, kind);
    if (!info) throw Error(FailureKind::Invalid, "no REST path is known for " + api_version + " " + kind);
    std::string path =
        api_version.find('/') == std::string::npos ? "/api/" + api_version : "/apis/" + api_version;
    if (info->namespaced && !namespace_.empty()) path += "/namespaces/" + namespace_;
    return path + "/" + info->plural;
}

std::string object_path(const ResourceRef& ref) {
    return collection_path(ref.api_version, ref.kind, ref.namespace_) + "/" + ref.name;
}

std::string display_name(const ResourceRef& ref) {
    std::string kind = lower(ref.kind);
    auto slash = ref.api_version.find('/');
    if (slash != std::string::npos) kind += "." + ref.api_version.substr(0, slash);
    return kind + "/" + ref.name;
}

std::string url_encode(const std::string& value) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace planton::kube
