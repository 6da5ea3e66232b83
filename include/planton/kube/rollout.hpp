#pragma once
// The rollout wait of cli.md: after apply, poll the DaemonSet (and its pods) until the
// rollout is done, fails, or the timeout passes.
//
// Done when status.observedGeneration >= metadata.generation and updatedNumberScheduled,
// numberAvailable and numberReady all reach desiredNumberScheduled (a missing status
// field counts as 0). Once the generation is observed:
// - desiredNumberScheduled 0 ends the wait with a warning that no node matches;
// - updateStrategy OnDelete ends it with a note that pods update only when deleted.
// A pod of the current revision whose container or init container waits in
// ImagePullBackOff, ErrImagePull, CrashLoopBackOff, CreateContainerConfigError or
// InvalidImageName fails at once. So does a Warning event of the DaemonSet that is
// recorded (or counted again) while the wait runs: the controller cannot create the pods
// (FailedCreate: admission refused them for a missing service account or PriorityClass,
// a quota, Pod Security, ...). Events already there when the wait starts are history
// unless counted again: the controller retries a failed create within seconds
// (workqueue backoff from 5 ms, doubling), and each retry counts the event again.
//
// Two limits: progress_timeout ends the wait when neither the updated nor the available
// count grew (and the generation was not newly observed) for that long; timeout is
// overall. Both end as TimedOut, with the last status and the lagging nodes.
//
// Requests: it watches instead of polling. A LIST of the DaemonSet (fieldSelector
// metadata.name=<name>), of the pods of its current revision (its selector plus
// pod-template-generation=<N>) and of the namespace's Warning events (fieldSelector
// type=Warning: the DaemonSet's, and its pods' from the kubelet), then a watch of the
// DaemonSet and of the events from their list's resourceVersion with allowWatchBookmarks,
// each on a thread of its own feeding one queue. The pods are watched too (listed again,
// then watched) from the first Warning event of one of them (a pod named <name>-…): on
// a large cluster their changes would be most of the bytes, and a pod that cannot start
// reports it with a Warning. A watch that ends (the server's timeout, a closed connection) is resumed from
// the last resourceVersion seen, bookmarks included; one answered 410 Gone (or an ERROR
// event) is listed again and watched anew; a new template generation re-lists the pods.
// A stream that cannot be started gets the transport's retries; when those fail too the
// wait fails. When the credentials may not watch (403), or a watch of the pods or events
// fails otherwise, the wait polls instead (noted at debug level): a GET of the
// DaemonSet, and while it is not done a LIST of the pods of its current revision and of
// its Warning events, at once and then after a wait that doubles from poll_interval to
// max_poll_interval. At a timeout, one LIST of all its pods for the lagging nodes. Pods
// of the current revision are those the DaemonSet owns whose pod-template-generation
// label equals the DaemonSet's deprecated.daemonset.template.generation annotation (both
// set by the DaemonSet controller); without that annotation every pod it owns counts.
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
#include "planton/kube/watch.hpp"

namespace planton::kube {

// The counts of a DaemonSet, missing fields as 0.
struct RolloutCounts {
    long long generation = 0;
    long long observed_generation = 0;
    long long desired = 0;       // desiredNumberScheduled
    long long current = 0;       // currentNumberScheduled
    long long updated = 0;       // updatedNumberScheduled
    long long ready = 0;         // numberReady
    long long available = 0;     // numberAvailable
    long long unavailable = 0;   // numberUnavailable
    long long misscheduled = 0;  // numberMisscheduled
    bool on_delete = false;      // spec.updateStrategy.type OnDelete
};

RolloutCounts rollout_counts(const nlohmann::json& daemonset);

// "rolling out fluentd: 3/5 updated, 2/5 available", or, before the controller has seen
// the change, "rolling out fluentd: waiting for generation 2 to be observed".
std::string progress_text(const std::string& name, const RolloutCounts& counts);

// "generation 2 (observed 2), desired 5, current 5, updated 3, ready 2, available 2".
std::string counts_text(const RolloutCounts& counts);

struct RolloutOptions {
    // --timeout: the overall limit; 0 (the default): none, since a large DaemonSet that
    // replaces one pod at a time may roll for hours.
    std::chrono::milliseconds timeout{0};
    // --progress-timeout: the longest time without progress; 0: no limit.
    std::chrono::milliseconds progress_timeout{kDefaultWaitTimeout};
    // The wait before the second poll; each later wait doubles, up to max_poll_interval,
    // so that a small rollout is seen finished quickly and a long one costs few requests.
    std::chrono::milliseconds poll_interval{std::chrono::milliseconds(250)};
    std::chrono::milliseconds max_poll_interval{std::chrono::seconds(2)};
    // Watch (see above); false: poll from the start, as when the credentials may not watch.
    bool watch = true;
    // The timeoutSeconds each watch asks for; the server ends the stream then and the
    // wait resumes it (client-go's reflectors ask for 5 to 10 minutes).
    int watch_timeout_seconds = 300;
    // Runs the body of each watch's thread: the CLI keeps the console scope of the
    // calling thread there, so that the request log of a watch gets its prefix.
    ThreadContext thread_context;
    Clock* clock = nullptr;  // nullptr: system_clock()
};

enum class RolloutEnd {
    Done,       // every desired pod updated, ready and available
    NoNodes,    // desired 0 after the generation was observed (warning in `note`)
    OnDelete,   // OnDelete strategy, generation observed (note in `note`)
    PodFailed,  // a pod of the current revision fails (error names pod, node, reason)
    // The DaemonSet controller reported a Warning event during the wait (FailedCreate:
    // admission refused the pods); the error gives the event's reason and message.
    ControllerRefused,
    // --timeout or --progress-timeout passed (error has the last status and the lagging nodes)
    TimedOut,
    Failed,     // a request failed, or the DaemonSet disappeared
};

struct RolloutResult {
    RolloutEnd end = RolloutEnd::Done;
    RolloutCounts counts;      // as last read
    nlohmann::json daemonset;  // the DaemonSet as last read (null if never read)
    std::string note;          // NoNodes' warning, OnDelete's note
    // Why the wait failed: NotConverged (PodFailed, ControllerRefused, the DaemonSet
    // deleted), TimedOut, or
    // the failure of a request. nullopt for Done, NoNodes and OnDelete.
    std::optional<Failure> failure;
    bool ok() const { return !failure; }
};

// Told each time the progress text changes (once per distinct line).
using ProgressCallback = std::function<void(const std::string& text, const RolloutCounts& counts)>;

// Waits for the rollout of the DaemonSet `daemonset` (see above). When polling, polls at
// once, then after each wait (see RolloutOptions); the last poll happens when the timeout
// is reached. Never throws for cluster answers.
RolloutResult wait_for_rollout(Client& client, const ResourceRef& daemonset, const RolloutOptions& options,
                               const ProgressCallback& on_progress = {});

}  // namespace planton::kube
