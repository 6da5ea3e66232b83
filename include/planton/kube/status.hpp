#pragma once
// The reads behind `status` (cli.md): a DaemonSet's counts, its own pods, the node
// coverage and the last Warning events of the DaemonSet and its pods, once or
// repeatedly for --watch.
//
// Requests per read:
//  1. GET /apis/apps/v1/namespaces/<ns>/daemonsets/<name> (404: not found).
//  2. GET /api/v1/namespaces/<ns>/pods?labelSelector=<the DaemonSet's selector>; only
//     pods the DaemonSet controls (ownerReference uid) are kept, sorted by node, name.
//  3. GET /api/v1/nodes?limit=500, page by page: the node coverage (coverage.hpp,
//     node_list.hpp), as preflight computes it.
//  4. GET /api/v1/namespaces/<ns>/events?fieldSelector=type=Warning: kept are those whose
//     involvedObject.uid is the DaemonSet's or one of its pods' (one request for the whole
//     namespace rather than one per pod).
// A 403 on 3 or 4 skips that part with a note (status needs only read access to the
// DaemonSet and its pods); any other failure is the read's failure, Unreachable when the
// server could not be reached, refused the credentials (401) or still answered 429 or
// 5xx after the retries, Refused otherwise (403). --watch lists the
// nodes less often (WatchOptions::nodes_interval): a node list of a large cluster is
// megabytes, and nodes change far less often than pods.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/clock.hpp"
#include "planton/kube/coverage.hpp"
#include "planton/kube/pods.hpp"
#include "planton/kube/rollout.hpp"

namespace planton::kube {

// A pod as status shows it: the rollout's summary plus what a person asks of a pod.
struct StatusPod : PodSummary {
    std::string uid;                  // metadata.uid (its events name it)
    std::vector<std::string> images;  // spec.containers[].image, in order
    std::string created;              // metadata.creationTimestamp (RFC 3339), may be empty
    // It runs the DaemonSet's current template: its pod-template-generation label equals
    // the DaemonSet's deprecated.daemonset.template.generation annotation (true when the
    // DaemonSet has none: nothing tells the pods apart).
    bool current_template = true;
};

// A Warning event of the DaemonSet or one of its pods.
struct WarningEvent {
    std::string reason;      // "FailedCreate", "BackOff", …
    std::string object;      // involvedObject as kubectl names it: "daemonset/fluentd", "pod/fluentd-x2"
    std::string message;     // on one line
    long long count = 1;     // how often it was recorded (at least 1)
    std::string first_seen;  // RFC 3339: firstTimestamp, else eventTime, else creationTimestamp
    std::string last_seen;   // RFC 3339: lastTimestamp, else eventTime, else first_seen
};

// How many Warning events status keeps: the most recent ones.
inline constexpr size_t kStatusWarningEvents = 5;

struct DaemonSetStatus {
    nlohmann::json daemonset;  // as read
    RolloutCounts counts;
    std::vector<StatusPod> pods;
    std::optional<Coverage> coverage;   // nullopt: the nodes could not be listed (a note says why)
    std::vector<WarningEvent> events;   // oldest first, at most kStatusWarningEvents
    std::vector<std::string> notes;     // parts skipped for lack of permission
};

struct StatusRead {
    std::optional<DaemonSetStatus> status;  // nullopt: not found (or a failed read)
    std::optional<Failure> failure;         // the failed call; nullopt when the reads worked
    bool ok() const { return !failure; }
};

StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name);

// The StatusPod of a pod object, judged against the DaemonSet's template generation
// (template_generation(daemonset); "" counts every pod as current).
StatusPod status_pod(const nlohmann::json& pod, const std::string& template_generation);

// The Warning events of an EventList whose involvedObject.uid is in `uids`, the `limit`
// most recently seen, oldest first (ties in the list's order).
std::vector<WarningEvent> warning_events(const nlohmann::json& event_list, const std::set<std::string>& uids,
                                         size_t limit = kStatusWarningEvents);

// Why the DaemonSet's current generation is not fully rolled out and ready, in words
// ("generation 3 not observed yet", "1/3 updated", "2/3 ready", "2/3 available",
// "2 pods run an older template"); empty when it is. The counts are the rollout wait's
// (cli.md "Rollout wait"); pods of an older template that are not being deleted count
// too, so an OnDelete DaemonSet whose pods were not replaced is not rolled out.
std::vector<std::string> rollout_gaps(const DaemonSetStatus& status);

// What the REASON column shows for a pod: "Terminating" while it is being deleted, else
// the waiting reason of a container, else the pod's own reason ("Evicted").
std::string pod_reason(const PodSummary& pod);

// "daemonset.apps/fluentd not found in namespace logging (…)", with what to do.
std::string not_found_message(const std::string& namespace_, const std::string& name);

struct WatchOptions {
    std::chrono::milliseconds interval{std::chrono::seconds(2)};
    // How often the watch lists the nodes: at the first read, then once this long has
    // passed. Every read computes the coverage afresh from the last list (name, labels,
    // taints, unschedulable of each node kept), so a change of the DaemonSet shows at once
    // and one of the nodes within this time.
    std::chrono::milliseconds nodes_interval{std::chrono::minutes(1)};
    Clock* clock = nullptr;                // nullptr: system_clock()
    std::function<bool()> stop_requested;  // polled before each read and during sleeps
};

// Reads every `interval` until stop_requested() says so, calling `show` with each read
// (failed and not-found ones too: a watch survives a deleted DaemonSet and a passing
// network error). Sleeps in slices of at most 100 ms so that a stop is seen promptly.
void watch_status(Client& client, const std::string& namespace_, const std::string& name,
                  const WatchOptions& options, const std::function<void(const StatusRead&)>& show);

}  // namespace planton::kube
