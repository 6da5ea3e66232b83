#pragma once
// The diff of cli.md: what apply would change, object by object, as unified diffs of
// the live object against the server's dry-run result.
//
// Requests per object, in objects.md order:
//  1. GET of the object (404: it does not exist, the diff shows it all added).
//  2. PATCH with dryRun=All (Client::apply, the field manager, force only when asked).
//     An object in a namespace that the manifest creates and that does not exist yet
//     cannot be dry-run by the server; the rendered object stands in for the result
//     (with a warning), as in apply --dry-run server.
//
// Both sides are shown as YAML without the server's fields (normalize.hpp), keys in
// the rendered object's order (then the server's additions, sorted).
//
// Secrets: every value mask_secrets hides (Secret data and stringData values, the
// last-applied annotation, token/password-like keys anywhere) is "***" on both sides,
// so no value, nor anything derived from one, is ever shown. Whether a value changes
// stays visible without revealing it: a hidden value that differs between live and
// result reads "*** (changed)" on the result side, so the line shows as replaced; an
// unchanged hidden value reads "***" on both sides and stays a context line; an added
// or removed key shows as an added or removed "***" line.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

inline constexpr const char* kMaskedChanged = "*** (changed)";

struct DiffOptions {
    // The field manager and force of the dry-run apply, as apply would send them;
    // `apply.dry_run` is not read: diff always dry-runs.
    ApplyOptions apply;
};

struct ObjectDiff {
    ResourceRef ref;
    bool exists = false;  // the live object was found
    std::string text;     // the unified diff; empty when apply would change nothing
};

struct DiffResult {
    std::vector<ObjectDiff> objects;  // the objects compared so far, in order
    std::optional<Failure> failure;   // why the run stopped; nullopt when every object was compared
    bool ok() const { return !failure; }
    bool has_differences() const;
};

// Compares each of `objects` (render's output, objects.md order) with the cluster.
// Never throws for cluster answers: the first failure stops the run and is described in
// the result; the differences found before it are kept.
DiffResult diff_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                        const DiffOptions& options = {});

// kubectl diff's name of an object, used in the ---/+++ headers:
// "apps.v1.DaemonSet.logging.fluentd", "v1.ConfigMap.logging.fluentd-config",
// "rbac.authorization.k8s.io.v1.ClusterRole.logging-fluentd" (no namespace part for
// cluster-scoped kinds).
std::string diff_name(const ResourceRef& ref);

// The unified diff of one object ("--- live/<name>", "+++ result/<name>", 3 lines of
// context). `live` is null for an object that does not exist; `rendered` gives the key
// order. Server fields are left out and secrets masked as described above.
std::string object_diff(const nlohmann::json& live, const nlohmann::json& result,
                        const nlohmann::ordered_json& rendered);

}  // namespace planton::kube
