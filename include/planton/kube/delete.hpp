#pragma once
// The delete of cli.md: the rendered objects in reverse order, a missing object being
// fine, and optionally a wait until they are all gone.
//
// Requests:
//  1. One DELETE per object, last rendered first: the DaemonSet with
//     propagationPolicy=Foreground (its pods go before it does), the others without a
//     policy. A 404 means already gone. A 409 of a Namespace that is already
//     terminating means its deletion is under way.
//  2. With wait: a GET of each object that was still there, every poll_interval, until
//     each answers 404 (or, for an object that was re-created meanwhile, a new uid).
//
// The Namespace is considered only when it is among the objects (create_namespace:
// true), and deleted only when namespace_claim.hpp says it is the manifest's to delete:
// a GET of it first (its mark), then, unless delete_namespace, what else it holds. A
// namespace that stays is reported Kept, with the reason.
//
// With dry_run every DELETE carries dryRun=All: nothing is deleted, the lines say what
// would be, and there is no wait.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/clock.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

struct DeleteOptions {
    bool wait = false;                                           // --wait
    bool dry_run = false;                                        // --dry-run server
    bool delete_namespace = false;  // --delete-namespace: a marked namespace goes even when not empty
    std::chrono::milliseconds timeout{kDefaultWaitTimeout};      // --timeout, for the wait
    std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
    Clock* clock = nullptr;  // nullptr: system_clock()
};

enum class DeleteOutcome {
    Deleted,      // the DELETE was accepted (the object may still be finishing)
    AlreadyGone,  // 404
    Terminating,  // a Namespace whose deletion was already under way
    Kept,         // a Namespace that is not the manifest's to delete (see `reason`)
};

struct DeletedObject {
    ResourceRef ref;
    DeleteOutcome outcome;
    std::string reason;  // Kept: why, e.g. "it holds configmap/grafana-dashboards"
    // Kept for what else it holds (or might hold): --delete-namespace would remove it.
    bool kept_for_contents = false;
};

// "daemonset.apps/fluentd deleted" (+ " (server dry run)"), "configmap/fluentd-config
// already gone", "namespace/logging already terminating", "namespace/monitoring kept: it
// holds configmap/grafana-dashboards".
std::string delete_line(const DeletedObject& object, bool dry_run = false);

using DeleteCallback = std::function<void(const DeletedObject&)>;

struct DeleteResult {
    std::vector<DeletedObject> deleted;  // in the order of the requests
    std::optional<Failure> failure;      // why the run stopped (TimedOut: --wait ran out)
    bool ok() const { return !failure; }
};

// Deletes `objects` (render's output, objects.md order) in reverse order. A failure
// stops the run; with wait, running out of `timeout` is a failure that names the
// objects still there.
DeleteResult delete_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                            const DeleteOptions& options, const DeleteCallback& on_deleted = {});

// Deletes one object: the DaemonSet with Foreground propagation. Shared with prune.
CallResult delete_object(Client& client, const ResourceRef& ref, bool dry_run = false);

// A deleted object to wait for. `uid` is the deleted instance's (empty: not known): an
// object answering with another uid was re-created meanwhile, and the deleted one is gone.
struct PendingDeletion {
    ResourceRef ref;
    std::string uid;
};

struct GoneWait {
    std::vector<ResourceRef> still_there;  // when the time ran out; empty when all are gone
    std::optional<Failure> failure;        // a GET that failed
};

// Polls a GET of each pending object every `poll_interval` until each answers 404 (or
// another uid), for at most `timeout`. Shared with apply --replace-on-immutable.
GoneWait wait_until_gone(Client& client, std::vector<PendingDeletion> pending,
                         std::chrono::milliseconds timeout, std::chrono::milliseconds poll_interval,
                         Clock& clock);

}  // namespace planton::kube
