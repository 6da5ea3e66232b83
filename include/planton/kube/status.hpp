#pragma once
// The reads behind `status` (cli.md): a DaemonSet's counts and its own pods, once or
// repeatedly for --watch.
//
// Requests per read:
//  1. GET /apis/apps/v1/namespaces/<ns>/daemonsets/<name> (404: not found).
//  2. GET /api/v1/namespaces/<ns>/pods?labelSelector=<the DaemonSet's selector>; only
//     pods the DaemonSet controls (ownerReference uid) are kept, sorted by node, name.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/clock.hpp"
#include "planton/kube/pods.hpp"
#include "planton/kube/rollout.hpp"

namespace planton::kube {

struct DaemonSetStatus {
    nlohmann::json daemonset;  // as read
    RolloutCounts counts;
    std::vector<PodSummary> pods;
};

struct StatusRead {
    std::optional<DaemonSetStatus> status;  // nullopt: not found (or a failed read)
    std::optional<Failure> failure;         // the failed call; nullopt when the reads worked
    bool ok() const { return !failure; }
};

StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name);

// What the REASON column shows for a pod: "Terminating" while it is being deleted, else
// the waiting reason of a container, else the pod's own reason ("Evicted").
std::string pod_reason(const PodSummary& pod);

// "daemonset.apps/fluentd not found in namespace logging (…)", with what to do.
std::string not_found_message(const std::string& namespace_, const std::string& name);

struct WatchOptions {
    std::chrono::milliseconds interval{std::chrono::seconds(2)};
    Clock* clock = nullptr;                // nullptr: system_clock()
    std::function<bool()> stop_requested;  // polled before each read and during sleeps
};

// Reads every `interval` until stop_requested() says so, calling `show` with each read
// (failed and not-found ones too: a watch survives a deleted DaemonSet and a passing
// network error). Sleeps in slices of at most 100 ms so that a stop is seen promptly.
void watch_status(Client& client, const std::string& namespace_, const std::string& name,
                  const WatchOptions& options, const std::function<void(const StatusRead&)>& show);

}  // namespace planton::kube
