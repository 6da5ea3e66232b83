#include "planton/kube/prune.hpp"

#include <set>
#include <tuple>

#include "planton/kube/delete.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/manifest/labels.hpp"

namespace planton::kube {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

using manifest::kManagedByLabel;
using manifest::kManagedByValue;
using manifest::kPlantonNameLabel;

struct PrunableKind {
    const char* api_version;
    const char* kind;
};

// Reverse objects.md order: what refers to something goes before it.
constexpr PrunableKind kPrunable[] = {
    {"v1", "Secret"},
    {"v1", "ConfigMap"},
    {"rbac.authorization.k8s.io/v1", "RoleBinding"},
    {"rbac.authorization.k8s.io/v1", "Role"},
    {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"},
    {"rbac.authorization.k8s.io/v1", "ClusterRole"},
    {"v1", "ServiceAccount"},
};

using Key = std::tuple<std::string, std::string, std::string>;  // kind, namespace, name

Key key_of(const std::string& kind, const std::string& namespace_, const std::string& name) {
    return {kind, namespace_, name};
}

void add_name(std::set<Key>& refs, const char* kind, const std::string& namespace_, const json& object,
              const char* field) {
    const std::string name = string_at(object, field);
    if (!name.empty()) refs.insert(key_of(kind, namespace_, name));
}

// The ConfigMaps, Secrets and service account a pod spec refers to, wherever in it.
void collect_references(const json& node, const std::string& namespace_, std::set<Key>& refs) {
    if (node.is_array()) {
        for (const json& item : node) collect_references(item, namespace_, refs);
        return;
    }
    if (!node.is_object()) return;
    for (const auto& [key, value] : node.items()) {
        if (key == "configMap" || key == "configMapKeyRef" || key == "configMapRef") {
            add_name(refs, "ConfigMap", namespace_, value, "name");
        } else if (key == "secret") {
            add_name(refs, "Secret", namespace_, value, "secretName");  // a volume
            add_name(refs, "Secret", namespace_, value, "name");        // a projected source
        } else if (key == "secretKeyRef" || key == "secretRef") {
            add_name(refs, "Secret", namespace_, value, "name");
        } else if (key == "imagePullSecrets" && value.is_array()) {
            for (const json& item : value) add_name(refs, "Secret", namespace_, item, "name");
        } else if (key == "serviceAccountName" || key == "serviceAccount") {
            if (value.is_string())
                refs.insert(key_of("ServiceAccount", namespace_, value.get<std::string>()));
        }
        collect_references(value, namespace_, refs);
    }
}

}  // namespace

std::string prune_selector(const std::string& name) {
    return std::string(kPlantonNameLabel) + "=" + name + "," + std::string(kManagedByLabel) + "=" +
           std::string(kManagedByValue);
}

std::string prune_line(const PrunedObject& object, bool dry_run) {
    switch (object.outcome) {
        case PruneOutcome::Pruned:
            return display_name(object.ref) + " pruned" + (dry_run ? " (server dry run)" : "");
        case PruneOutcome::AlreadyGone:
            return display_name(object.ref) + " already gone";
        case PruneOutcome::Kept:
            return display_name(object.ref) +
                   " kept: no longer rendered, but the DaemonSet still refers to it";
    }
    return "";
}

PruneResult prune_objects(Client& client, const std::vector<ordered_json>& objects, bool dry_run,
                          const PruneCallback& on_object) {
    PruneResult result;
    std::set<Key> rendered;
    for (const ordered_json& object : objects) {
        const ResourceRef ref = ref_of(object);
        rendered.insert(key_of(ref.kind, ref.namespace_, ref.name));
    }
    const ordered_json* daemonset = find_daemonset(objects);
    if (daemonset == nullptr) return result;
    const json ds = json(*daemonset);
    const ResourceRef ds_ref = ref_of(*daemonset);
    std::string name = label_of(ds, kPlantonNameLabel);
    if (name.empty()) name = ds_ref.name;
    const std::string& namespace_ = ds_ref.namespace_;
    std::set<Key> referenced;
    collect_references(object_at(object_at(object_at(ds, "spec"), "template"), "spec"), namespace_,
                       referenced);

    const std::string selector = prune_selector(name);
    const std::string server = client.transport().server();
    for (const PrunableKind& kind : kPrunable) {
        const bool namespaced = kind_info(kind.api_version, kind.kind)->namespaced;
        const CallResult list =
            client.list(kind.api_version, kind.kind, namespaced ? namespace_ : "", selector);
        if (!list.ok()) {
            result.failure = list_failure(list, kind.api_version, kind.kind, namespace_, server);
            return result;
        }
        for (const json& item : array_at(list.body, "items")) {
            if (label_of(item, kPlantonNameLabel) != name ||
                label_of(item, kManagedByLabel) != kManagedByValue)
                continue;
            // A list item without a namespace is in the namespace listed.
            const std::string item_namespace = metadata_string(item, "namespace");
            const ResourceRef ref{kind.api_version, kind.kind, metadata_string(item, "name"),
                                  !namespaced              ? ""
                                  : item_namespace.empty() ? namespace_
                                                           : item_namespace};
            if (ref.name.empty()) continue;
            if (namespaced && ref.namespace_ != namespace_) continue;
            if (!namespaced && ref.name != namespace_ + "-" + name) continue;
            const Key key = key_of(ref.kind, ref.namespace_, ref.name);
            if (rendered.count(key) != 0) continue;
            PruneOutcome outcome = PruneOutcome::Pruned;
            if (referenced.count(key) != 0) {
                outcome = PruneOutcome::Kept;
            } else if (!dry_run) {
                const CallResult deleted = delete_object(client, ref);
                if (deleted.not_found()) {
                    outcome = PruneOutcome::AlreadyGone;
                } else if (!deleted.ok()) {
                    result.failure = call_failure(deleted, ref, "delete", server);
                    return result;
                }
            }
            result.objects.push_back({ref, outcome});
            if (on_object) on_object(result.objects.back());
        }
    }
    return result;
}

}  // namespace planton::kube
