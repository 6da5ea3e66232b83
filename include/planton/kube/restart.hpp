#pragma once
// The restart of cli.md "Rollback, restart": new pods for a DaemonSet without a change
// to the manifest.
//
// RollingUpdate: one merge patch of the pod template annotation
//   planton-ds.io/restarted-at: <RFC 3339 time>
// (PATCH …/daemonsets/<name>?fieldManager=planton-ds-restart, application/merge-patch+json).
// The DaemonSet controller rolls the pods as for any template change; the caller then
// runs the rollout wait. The annotation belongs to the field manager planton-ds-restart,
// so a later `apply` (server-side apply under planton-ds, which does not send it) leaves
// it alone and rolls nothing.
//
// OnDelete: the controller replaces a pod only when it is deleted, so restart_pods
// deletes them itself, node by node in node order, and never has more than
// max_unavailable nodes without a ready pod: a pod that is not ready is deleted at once
// (it is down already, as the DaemonSet controller's rollingUpdate in
// pkg/controller/daemon/update.go does with unavailable old pods), a ready one only while
// fewer than max_unavailable nodes are down. It waits for each replacement (another pod
// on the node, not terminating) to be ready, and fails fast like the rollout wait when a
// replacement is in ImagePullBackOff, ErrImagePull, CrashLoopBackOff,
// CreateContainerConfigError or InvalidImageName.
//
// Requests of restart_pods, per poll: GET of the DaemonSet, one LIST of its pods (its
// selector), then one DELETE per pod taken down.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/clock.hpp"
#include "planton/kube/pods.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

inline constexpr std::string_view kRestartedAtAnnotation = "planton-ds.io/restarted-at";
// The field manager of the restart patch: not apply's, so that apply leaves the annotation.
inline constexpr std::string_view kRestartFieldManager = "planton-ds-restart";

// The merge patch that restarts a RollingUpdate DaemonSet's pods at `time` (RFC 3339).
std::string restart_patch(const std::string& time);

// Sends restart_patch(time) to the DaemonSet `daemonset`.
CallResult patch_restarted_at(Client& client, const ResourceRef& daemonset, const std::string& time);

// `time` as RFC 3339 in UTC, to the second: "2026-12-04T05:01:02Z".
std::string rfc3339(std::chrono::system_clock::time_point time);

// How many nodes may be without a ready pod at once: the DaemonSet's
// spec.updateStrategy.rollingUpdate.maxUnavailable (a number, or a percentage of
// `desired` rounded up, as the controller scales it), else 1 (the Kubernetes default);
// never less than 1.
long long max_unavailable_of(const nlohmann::json& daemonset, long long desired);

struct PodRestartOptions {
    bool outdated_only = false;  // --outdated-only: only pods of an older template
    std::chrono::milliseconds timeout{kDefaultWaitTimeout};  // --timeout: overall; 0: none
    // --progress-timeout: the longest without a replacement becoming ready; 0: none.
    std::chrono::milliseconds progress_timeout{kDefaultWaitTimeout};
    std::chrono::milliseconds poll_interval{std::chrono::milliseconds(500)};
    Clock* clock = nullptr;  // nullptr: system_clock()
};

// What restart_pods is doing, for the lines of the CLI.
struct RestartEvent {
    enum Kind { Deleted, Replaced } kind;
    std::string node;
    std::string pod;          // the pod deleted
    std::string replacement;  // Replaced: the new, ready pod
};
using RestartCallback = std::function<void(const RestartEvent&)>;

struct PodRestartResult {
    std::vector<std::string> restarted;  // nodes whose pod was replaced, in the order it happened
    long long max_unavailable = 1;       // the limit that was kept
    std::optional<Failure> failure;
    bool ok() const { return !failure; }
};

// Restarts the pods of the OnDelete DaemonSet `daemonset` (see the top of this file).
PodRestartResult restart_pods(Client& client, const ResourceRef& daemonset, const PodRestartOptions& options,
                              const RestartCallback& on_event = {});

// One step of the OnDelete restart, without I/O: which pods to delete now. `pods` are the
// DaemonSet's; `todo` maps each node still to restart to the pod to delete there;
// `in_flight` maps each node whose pod was deleted to that pod's name. A node is down when
// it has no ready pod that is not terminating.
std::vector<std::string> pods_to_delete(const std::vector<PodSummary>& pods,
                                        const std::map<std::string, std::string>& todo,
                                        const std::map<std::string, std::string>& in_flight,
                                        long long max_unavailable);

// The pod that replaced `deleted` on `node`: another pod there, not terminating; nullptr
// when there is none yet.
const PodSummary* replacement_on(const std::vector<PodSummary>& pods, const std::string& node,
                                 const std::string& deleted);

}  // namespace planton::kube
