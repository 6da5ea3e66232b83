#pragma once
// apply --prune (cli.md "apply"): after a successful apply, delete the objects that an
// earlier apply of the same manifest name created and that the manifest no longer
// renders (a removed ConfigMap, RBAC rules turned off, a literal secret dropped).
//
// Requests: one LIST per kind, with the label selector
//   planton.ai/name=<name>,app.kubernetes.io/managed-by=planton-ds
// for Secret, ConfigMap, RoleBinding, Role and ServiceAccount in the manifest's
// namespace, and ClusterRoleBinding and ClusterRole cluster-wide; then one DELETE per
// object to prune (none with dry_run), in that order (bindings before their roles).
//
// What is never pruned:
//  - an object without both labels with exactly those values (checked again on each
//    item, not only trusted to the server's selector);
//  - a ClusterRole/ClusterRoleBinding not named <namespace>-<name>: those belong to a
//    DaemonSet of the same name in another namespace;
//  - an object the rendered DaemonSet still refers to (its service account, a
//    ConfigMap or Secret of a volume, env, envFrom or imagePullSecrets), e.g. a service
//    account that the manifest stopped creating but still names; it is reported as kept;
//  - the Namespace (pruning it would delete what was just applied into it) and the
//    DaemonSet (always rendered, under the one name the label allows).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

enum class PruneOutcome {
    Pruned,       // deleted (or, in a dry run, would be)
    AlreadyGone,  // listed, then 404 on DELETE
    Kept,         // not rendered any more, but the DaemonSet still refers to it
};

struct PrunedObject {
    ResourceRef ref;
    PruneOutcome outcome;
};

// "configmap/old-config pruned" (+ " (server dry run)"), "secret/x already gone",
// "serviceaccount/fluentd kept: the DaemonSet still refers to it".
std::string prune_line(const PrunedObject& object, bool dry_run);

using PruneCallback = std::function<void(const PrunedObject&)>;

struct PruneResult {
    std::vector<PrunedObject> objects;  // in the order handled
    std::optional<Failure> failure;     // why the run stopped; nullopt on success
    bool ok() const { return !failure; }
};

// Prunes what `objects` (render's output, with its DaemonSet) no longer holds. With
// dry_run only the LISTs are sent.
PruneResult prune_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects, bool dry_run,
                          const PruneCallback& on_object = {});

// The label selector of the objects planton-ds created for the manifest `name`.
std::string prune_selector(const std::string& name);

}  // namespace planton::kube
