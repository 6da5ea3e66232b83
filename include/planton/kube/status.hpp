#pragma once
// The status of cli.md: a DaemonSet's counts, its pods per node and the stack outputs,
// read with two requests, and shown as text or JSON.
//
// Requests:
//  1. GET /apis/apps/v1/namespaces/<ns>/daemonsets/<name> (404: not found).
//  2. GET /api/v1/namespaces/<ns>/pods?labelSelector=<the DaemonSet's selector>; only
//     pods the DaemonSet owns (an ownerReference with its uid) are shown.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/kube/client.hpp"
#include "planton/kube/clock.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

struct PodStatus {
    std::string node;   // spec.nodeName; empty while unscheduled
    std::string name;
    std::string phase;  // status.phase ("Pending", "Running", …)
    int ready_containers = 0;
    int containers = 0;
    int restarts = 0;    // summed over the containers
    std::string reason;  // why it is not running normally: a container's waiting or
                         // terminated reason, the pod's reason, or "Terminating"
    bool ready() const { return containers > 0 && ready_containers == containers; }
};

struct DaemonSetStatus {
    std::string namespace_;
    std::string name;
    long long generation = 0;
    long long observed_generation = 0;
    long long desired = 0;      // desiredNumberScheduled
    long long current = 0;      // currentNumberScheduled
    long long updated = 0;      // updatedNumberScheduled
    long long ready = 0;        // numberReady
    long long available = 0;    // numberAvailable
    long long unavailable = 0;  // numberUnavailable
    long long misscheduled = 0; // numberMisscheduled
    std::vector<PodStatus> pods;  // sorted by node, then name
};

// The counts of a DaemonSet object (absent fields are 0, as Go's omitempty leaves them).
DaemonSetStatus status_of(const nlohmann::json& daemonset);

// One pod's line of the table.
PodStatus pod_status_of(const nlohmann::json& pod);

struct StatusRead {
    std::optional<DaemonSetStatus> status;  // nullopt: the DaemonSet does not exist (or error)
    std::string error;                      // describe_failure's text; empty when the reads worked
    int exit_code = 0;                      // exit_code_for the failed call
    bool ok() const { return error.empty(); }
};

// Reads the DaemonSet `name` in `namespace_` and its pods.
StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name);

// Planton's stack outputs, in this order: namespace, daemonset_name,
// desired_number_scheduled, current_number_scheduled, number_ready.
nlohmann::ordered_json stack_outputs(const DaemonSetStatus& status);

// The JSON of `status -o json`: the stack outputs, then updated_number_scheduled,
// number_available, number_unavailable, number_misscheduled, generation,
// observed_generation, and pods: [{node, name, phase, ready ("1/1"), restarts, reason}].
nlohmann::ordered_json status_json(const DaemonSetStatus& status);

// The text of `status`: a heading, the counts, a table of pods per node (NODE, POD,
// PHASE, READY, RESTARTS, REASON) and the stack outputs.
std::string status_text(const DaemonSetStatus& status);

// "daemonset.apps/fluentd not found in namespace logging" (and what to do about it).
std::string not_found_message(const std::string& namespace_, const std::string& name);

struct WatchOptions {
    std::chrono::milliseconds interval{std::chrono::seconds(2)};
    Clock* clock = nullptr;               // nullptr: system_clock()
    std::function<bool()> stop_requested;  // polled before each read and during sleeps
};

// Reads the status every `interval` until stop_requested() says so, calling `show`
// with each read (also failed and not-found ones: a watch survives a deleted
// DaemonSet and a passing network error). Sleeps in slices of at most 100 ms so that
// a stop request is seen promptly.
void watch_status(Client& client, const std::string& namespace_, const std::string& name,
                  const WatchOptions& options, const std::function<void(const StatusRead&)>& show);

}  // namespace planton::kube
