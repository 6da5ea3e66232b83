#include "planton/kube/rollout.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include "planton/kube/apply.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/pods.hpp"
#include "planton/kube/retry.hpp"
#include "planton/kube/watch.hpp"

namespace planton::kube {
namespace {

std::string of_n(long long count, long long total) {
    return std::to_string(count) + "/" + std::to_string(total);
}

// "worker-2 (pod fluentd-x7k2p: not ready, ContainerCreating)" for each node whose pod
// of the current template is missing or not ready, sorted by node.
std::vector<std::string> lagging_nodes(const std::vector<PodSummary>& pods, const std::string& generation) {
    std::map<std::string, std::vector<const PodSummary*>> by_node;
    for (const auto& pod : pods) by_node[pod.node.empty() ? "(unscheduled)" : pod.node].push_back(&pod);
    std::vector<std::string> out;
    for (const auto& [node, on_node] : by_node) {
        auto current = std::find_if(on_node.begin(), on_node.end(),
                                    [&](const PodSummary* pod) { return of_template(*pod, generation); });
        if (current == on_node.end()) {
            out.push_back(node + " (pod " + on_node.front()->name + ": previous template, not yet replaced)");
        } else if (!(*current)->ready) {
            const PodSummary& pod = **current;
            out.push_back(node + " (pod " + pod.name + ": not ready" +
                          (pod.reason.empty() ? "" : ", " + pod.reason) + ")");
        }
    }
    return out;
}

// The three watches of the wait, by their index in Wait::watches_.
enum Watched { kDaemonSetWatch = 0, kPodsWatch = 1, kEventsWatch = 2 };

struct WatchSlot {
    bool active = false;  // listed and watched (pods and events may be unreadable)
    std::string resource_version;
    std::unique_ptr<Watcher> watcher;
    int quiet_ends = 0;  // streams in a row that ended without a line
    std::optional<std::chrono::steady_clock::time_point> restart_at;
};

// The events the wait watches: every Warning in the namespace, for the DaemonSet's own
// (the controller refused) and its pods' (the kubelet cannot start one).
constexpr const char* kWarningEvents = "type=Warning";

// After an answer of the watches: go on, the wait is over, or poll instead.
enum class Next { Go, Ended, Poll };

class Wait {
public:
    Wait(Client& client, const ResourceRef& ref, const RolloutOptions& options,
         const ProgressCallback& on_progress)
        : client_(client),
          ref_(ref),
          options_(options),
          on_progress_(on_progress),
          clock_(options.clock != nullptr ? *options.clock : system_clock()) {}

    RolloutResult go();

private:
    // One poll; returns true when the wait ends (result_ says how).
    bool poll();
    // Takes the DaemonSet as read: progress, and whether the rollout ended.
    bool judge_daemonset(nlohmann::json daemonset);
    // Ends the wait when `pod` runs the current template `generation` and cannot start.
    bool judge_pod(const PodSummary& pod, const std::string& generation);
    // Ends the wait with the Warning event `event` (the controller refused).
    bool refused(const nlohmann::json& event);
    bool deleted();
    // The LIST of the DaemonSet's pods (of template `generation` when not empty);
    // logs once when it cannot be read.
    std::optional<CallResult> pod_list(const std::string& generation);
    // The pods of the DaemonSet (only those of its current template when
    // `current_only`), or nullopt when they cannot be listed.
    std::optional<std::vector<PodSummary>> list_pods(bool current_only);
    // The LIST of Warning events (`field_selector`); logs once when it cannot be read.
    std::optional<CallResult> list_events(const std::string& field_selector);
    // The Warning events of the list recorded or counted again since the first look
    // (see rollout.hpp), in the list's order.
    std::vector<nlohmann::json> new_warnings(const nlohmann::json& list);
    // Whether the counts moved forward since the last look (progress_timeout).
    bool progressed(const RolloutCounts& counts);
    bool end(RolloutEnd how, std::optional<Failure> failure = std::nullopt) {
        result_.end = how;
        result_.failure = std::move(failure);
        return true;
    }
    std::string timeout_message(const std::string& why);
    // Ends the wait when a limit has passed at `now`.
    bool past_limit(std::chrono::steady_clock::time_point now);
    // How long from `now` until a limit passes, at most `cap`.
    std::chrono::milliseconds until_limit(std::chrono::steady_clock::time_point now,
                                          std::chrono::milliseconds cap);

    // The watches (see rollout.hpp).
    Next watch();
    Next list_watched(int which);
    void start_watch(int which);
    void stop_watches();
    Next on_line(int which, const std::string& line);
    Next on_end(int which, const StreamResult& result);
    // A Warning event seen: of the DaemonSet, the controller refused; of one of its pods,
    // the pods are watched from now on.
    Next on_warning(const nlohmann::json& event);
    std::string watched_path(int which) const;
    std::string watched_what(int which) const;

    Client& client_;
    const ResourceRef& ref_;
    const RolloutOptions& options_;
    const ProgressCallback& on_progress_;
    Clock& clock_;
    RolloutResult result_;
    std::string last_text_;
    bool pods_unreadable_logged_ = false;
    bool events_unreadable_logged_ = false;
    // Warning events of the DaemonSet by name, with the resourceVersion seen; nullopt
    // before the first look.
    std::optional<std::map<std::string, std::string>> events_seen_;
    std::optional<RolloutCounts> best_;  // the highest counts seen, for progress
    std::chrono::steady_clock::time_point deadline_;
    std::chrono::steady_clock::time_point last_progress_;
    // The queue outlives the watchers that feed it.
    WatchQueue queue_;
    std::array<WatchSlot, 3> watches_;
    int watchers_started_ = 0;
    std::string pods_generation_;  // the template generation the pod watch selects
};

std::optional<CallResult> Wait::list_events(const std::string& field_selector) {
    CallResult list = client_.list("v1", "Event", ref_.namespace_, "", field_selector);
    if (!list.ok()) {
        if (!events_unreadable_logged_) {
            spdlog::debug("cannot list the events of {} ({}); refusals of its pods are not detected early",
                          display_name(ref_),
                          list.transport_failed() ? list.response.transport_error
                                                  : "HTTP " + std::to_string(list.response.status));
            events_unreadable_logged_ = true;
        }
        return std::nullopt;
    }
    return list;
}

std::vector<nlohmann::json> Wait::new_warnings(const nlohmann::json& list) {
    const bool first_look = !events_seen_;
    if (first_look) events_seen_.emplace();
    std::vector<nlohmann::json> found;
    for (const auto& event : array_at(list, "items")) {
        if (!event.is_object() || string_at(event, "type") != "Warning") continue;
        const std::string name = metadata_string(event, "name");
        const std::string version = metadata_string(event, "resourceVersion");
        auto [seen, inserted] = events_seen_->emplace(name, version);
        const bool changed = !inserted && seen->second != version;
        seen->second = version;
        if (!first_look && (inserted || changed)) found.push_back(event);
    }
    return found;
}

bool Wait::progressed(const RolloutCounts& counts) {
    if (!best_) {
        best_ = counts;
        return false;
    }
    const bool moved = counts.updated > best_->updated || counts.available > best_->available ||
                       counts.observed_generation > best_->observed_generation;
    best_->updated = std::max(best_->updated, counts.updated);
    best_->available = std::max(best_->available, counts.available);
    best_->observed_generation = std::max(best_->observed_generation, counts.observed_generation);
    return moved;
}

std::optional<CallResult> Wait::pod_list(const std::string& generation) {
    CallResult list = list_daemonset_pods(client_, ref_.namespace_, result_.daemonset, generation);
    if (!list.ok()) {
        if (!pods_unreadable_logged_) {
            spdlog::debug("cannot list the pods of {} ({}); failing pods are not detected early",
                          display_name(ref_),
                          list.transport_failed() ? list.response.transport_error
                                                  : "HTTP " + std::to_string(list.response.status));
            pods_unreadable_logged_ = true;
        }
        return std::nullopt;
    }
    return list;
}

std::optional<std::vector<PodSummary>> Wait::list_pods(bool current_only) {
    // While waiting, only the pods of the current template matter: on a large cluster
    // that keeps each answer small until the rollout has made progress.
    const auto list = pod_list(current_only ? template_generation(result_.daemonset) : "");
    if (!list) return std::nullopt;
    return owned_pods(list->body, metadata_string(result_.daemonset, "uid"));
}

bool Wait::deleted() {
    return end(RolloutEnd::Failed, Failure{FailureKind::NotConverged,
                                           display_name(ref_) + " in namespace " + ref_.namespace_ +
                                               " was deleted while waiting for its rollout"});
}

bool Wait::judge_daemonset(nlohmann::json daemonset) {
    // Objects in a list carry no kind; the caller gets the DaemonSet as a GET gives it.
    if (!daemonset.contains("kind")) {
        daemonset["kind"] = ref_.kind;
        daemonset["apiVersion"] = ref_.api_version;
    }
    result_.daemonset = std::move(daemonset);
    const RolloutCounts counts = rollout_counts(result_.daemonset);
    result_.counts = counts;
    if (progressed(counts)) last_progress_ = clock_.now();
    const std::string text = progress_text(ref_.name, counts);
    if (text != last_text_) {
        last_text_ = text;
        if (on_progress_) on_progress_(text, counts);
    }

    if (counts.observed_generation >= counts.generation) {
        if (counts.desired == 0) {
            result_.note =
                "no node matches " + display_name(ref_) +
                " (check its node selector, affinity and tolerations against the nodes' labels and "
                "taints), so it runs no pod";
            return end(RolloutEnd::NoNodes);
        }
        if (counts.on_delete) {
            result_.note =
                display_name(ref_) +
                " uses the OnDelete update strategy: its pods are updated only when they are deleted";
            return end(RolloutEnd::OnDelete);
        }
        if (counts.updated >= counts.desired && counts.available >= counts.desired &&
            counts.ready >= counts.desired) {
            return end(RolloutEnd::Done);
        }
    }
    return false;
}

bool Wait::judge_pod(const PodSummary& pod, const std::string& generation) {
    if (!of_template(pod, generation) || !is_fatal_reason(pod.reason)) return false;
    return end(RolloutEnd::PodFailed,
               Failure{FailureKind::NotConverged,
                       "pod " + pod.name + " on node " + (pod.node.empty() ? "(none)" : pod.node) + " is in " +
                           pod.reason + (pod.message.empty() ? "" : ": " + pod.message) +
                           (pod.init_container ? " (init container " : " (container ") + pod.container +
                           "); the rollout of " + display_name(ref_) + " in namespace " + ref_.namespace_ +
                           " cannot finish until that is fixed"});
}

bool Wait::refused(const nlohmann::json& event) {
    std::string source = string_at(object_at(event, "source"), "component");
    if (source.empty()) source = string_at(event, "reportingComponent");
    return end(RolloutEnd::ControllerRefused,
               Failure{FailureKind::NotConverged,
                       "the rollout of " + display_name(ref_) + " in namespace " + ref_.namespace_ +
                           " cannot finish: " + (source.empty() ? "the cluster" : source) + " reported " +
                           string_at(event, "reason") + ": " + string_at(event, "message")});
}

bool Wait::poll() {
    CallResult got = client_.get(ref_);
    if (got.not_found()) return deleted();
    if (!got.ok()) {
        return end(RolloutEnd::Failed, call_failure(got, ref_, "get", client_.transport().server()));
    }
    if (judge_daemonset(std::move(got.body))) return true;
    if (const auto pods = list_pods(true)) {
        const std::string generation = template_generation(result_.daemonset);
        for (const auto& pod : *pods) {
            if (judge_pod(pod, generation)) return true;
        }
    }
    const std::string uid = metadata_string(result_.daemonset, "uid");
    if (uid.empty()) return false;
    if (const auto list = list_events("involvedObject.uid=" + uid + ",type=Warning")) {
        const auto events = new_warnings(list->body);
        if (!events.empty()) return refused(events.front());
    }
    return false;
}

std::string Wait::watched_path(int which) const {
    switch (which) {
        case kDaemonSetWatch:
            return list_path(ref_.api_version, ref_.kind, ref_.namespace_, "", "metadata.name=" + ref_.name);
        case kPodsWatch:
            return list_path("v1", "Pod", ref_.namespace_, daemonset_pods_selector(result_.daemonset, pods_generation_));
        default:
            return list_path("v1", "Event", ref_.namespace_, "", kWarningEvents);
    }
}

std::string Wait::watched_what(int which) const {
    switch (which) {
        case kDaemonSetWatch:
            return display_name(ref_);
        case kPodsWatch:
            return "the pods of " + display_name(ref_);
        default:
            return "the Warning events in namespace " + ref_.namespace_;
    }
}

// Lists what watch `which` follows and judges it; the watch then starts from the list's
// resourceVersion. Unreadable pods or events are not watched (as when polling, failing
// pods or refusals are then not seen early).
Next Wait::list_watched(int which) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    slot.watcher.reset();
    slot.active = false;
    if (which == kDaemonSetWatch) {
        CallResult list = client_.list(ref_.api_version, ref_.kind, ref_.namespace_, "", "metadata.name=" + ref_.name);
        if (list.transport_failed() || list.response.status == 401) {
            end(RolloutEnd::Failed, call_failure(list, ref_, "list", client_.transport().server()));
            return Next::Ended;
        }
        if (!list.ok()) {
            spdlog::debug("cannot list {} (HTTP {}); polling instead of watching", display_name(ref_),
                          list.response.status);
            return Next::Poll;
        }
        const nlohmann::json* found = nullptr;
        for (const auto& item : array_at(list.body, "items")) {
            if (metadata_string(item, "name") == ref_.name) found = &item;
        }
        if (found == nullptr) return deleted() ? Next::Ended : Next::Go;
        slot.resource_version = metadata_string(list.body, "resourceVersion");
        slot.active = true;
        return judge_daemonset(*found) ? Next::Ended : Next::Go;
    }
    if (which == kPodsWatch) {
        pods_generation_ = template_generation(result_.daemonset);
        const auto list = pod_list(pods_generation_);
        if (!list) return Next::Go;
        slot.resource_version = metadata_string(list->body, "resourceVersion");
        slot.active = true;
        for (const auto& pod : owned_pods(list->body, metadata_string(result_.daemonset, "uid"))) {
            if (judge_pod(pod, pods_generation_)) return Next::Ended;
        }
        return Next::Go;
    }
    const auto list = list_events(kWarningEvents);
    if (!list) return Next::Go;
    slot.resource_version = metadata_string(list->body, "resourceVersion");
    slot.active = true;
    for (const auto& event : new_warnings(list->body)) {
        const Next next = on_warning(event);
        if (next != Next::Go) return next;
    }
    return Next::Go;
}

void Wait::start_watch(int which) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    slot.watcher.reset();
    slot.restart_at.reset();
    if (!slot.active) return;
    HttpRequest request{"GET", watch_path(watched_path(which), slot.resource_version, options_.watch_timeout_seconds),
                        "", ""};
    slot.watcher = std::make_unique<Watcher>(client_.transport(), std::move(request), queue_, ++watchers_started_,
                                             options_.thread_context);
}

void Wait::stop_watches() {
    // Ask every stream to stop first, so that they end together.
    for (auto& slot : watches_) {
        if (slot.watcher) slot.watcher->stop();
    }
    for (auto& slot : watches_) slot.watcher.reset();
}

Next Wait::on_line(int which, const std::string& line) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    auto event = decode_watch_event(line);
    if (!event) {
        spdlog::debug("ignored a line of the watch of {} that is no watch event", watched_what(which));
        return Next::Go;
    }
    if (event->type == WatchEventType::Error) {
        // 410 Expired (the resourceVersion left the server's window) or another refusal
        // to go on from there: list again, and watch from the new list.
        spdlog::debug("the watch of {} ended with {} ({}); listing again", watched_what(which), event->code(),
                      string_at(event->object, "message"));
        slot.watcher->stop();
        const Next next = list_watched(which);
        if (next == Next::Go) start_watch(which);
        return next;
    }
    const std::string version = event->resource_version();
    if (!version.empty()) slot.resource_version = version;
    if (event->type == WatchEventType::Bookmark) return Next::Go;
    slot.quiet_ends = 0;
    const nlohmann::json& object = event->object;
    const bool gone = event->type == WatchEventType::Deleted;
    if (which == kDaemonSetWatch) {
        if (metadata_string(object, "name") != ref_.name) return Next::Go;
        if (gone) return deleted() ? Next::Ended : Next::Go;
        if (judge_daemonset(object)) return Next::Ended;
        if (template_generation(result_.daemonset) == pods_generation_ || !watches_[kPodsWatch].watcher)
            return Next::Go;
        // A new template: its pods have another pod-template-generation label.
        watches_[kPodsWatch].watcher.reset();
        const Next next = list_watched(kPodsWatch);
        if (next == Next::Go) start_watch(kPodsWatch);
        return next;
    }
    if (which == kPodsWatch) {
        if (gone) return Next::Go;
        const PodSummary pod = summarize_pod(object);
        if (pod.owner_uid != metadata_string(result_.daemonset, "uid")) return Next::Go;
        return judge_pod(pod, pods_generation_) ? Next::Ended : Next::Go;
    }
    const std::string name = metadata_string(object, "name");
    if (gone) {
        if (events_seen_) events_seen_->erase(name);
        return Next::Go;
    }
    if (string_at(object, "type") != "Warning") return Next::Go;
    // Whatever a watch delivers happened after its list: a new event, or one counted again.
    if (events_seen_) (*events_seen_)[name] = version;
    return on_warning(object);
}

Next Wait::on_warning(const nlohmann::json& event) {
    const nlohmann::json& involved = object_at(event, "involvedObject");
    const std::string uid = metadata_string(result_.daemonset, "uid");
    if (!uid.empty() && string_at(involved, "uid") == uid) return refused(event) ? Next::Ended : Next::Go;
    // The DaemonSet controller names its pods <name>-<random>; the kubelet reports a pod
    // that cannot start (Failed, BackOff) with a Warning.
    const std::string pod = string_at(involved, "name");
    if (string_at(involved, "kind") != "Pod" || pod.rfind(ref_.name + "-", 0) != 0) return Next::Go;
    if (watches_[kPodsWatch].watcher) return Next::Go;
    spdlog::debug("pod {} reported {}: watching the pods of {}", pod, string_at(event, "reason"), display_name(ref_));
    const Next next = list_watched(kPodsWatch);
    if (next == Next::Go) start_watch(kPodsWatch);
    return next;
}

Next Wait::on_end(int which, const StreamResult& result) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    const std::string what = watched_what(which);
    const long status = result.response.status;
    switch (result.end) {
        case StreamEnd::Stopped:
            return Next::Go;
        case StreamEnd::Closed:
            // The server's timeout, or a closed connection: resume from the last version
            // seen. A stream that ended with nothing in it again waits a little first.
            slot.quiet_ends = result.lines == 0 ? slot.quiet_ends + 1 : 0;
            spdlog::debug("the watch of {} ended; resuming from resourceVersion {}", what, slot.resource_version);
            if (slot.quiet_ends > 1) {
                slot.watcher.reset();
                slot.restart_at =
                    clock_.now() + backoff_delay(RetryPolicy{}, slot.quiet_ends - 1, clock_.random_fraction());
                return Next::Go;
            }
            start_watch(which);
            return Next::Go;
        case StreamEnd::HttpError:
            if (status == 410) {
                spdlog::debug("the watch of {} expired (410 Gone); listing again", what);
                const Next next = list_watched(which);
                if (next == Next::Go) start_watch(which);
                return next;
            }
            spdlog::debug("cannot watch {} (HTTP {}{}); polling instead", what, status,
                          status == 403 ? ": the credentials may not watch" : "");
            return Next::Poll;
        case StreamEnd::Failed:
            if (status >= 200 && status < 300) {
                spdlog::debug("the watch of {} broke ({}); resuming from resourceVersion {}", what,
                              result.response.transport_error, slot.resource_version);
                start_watch(which);
                return Next::Go;
            }
            break;
    }
    CallResult failed;
    failed.response = result.response;
    end(RolloutEnd::Failed, call_failure(failed, ref_, "watch", client_.transport().server()));
    return Next::Ended;
}

Next Wait::watch() {
    for (int which : {kDaemonSetWatch, kPodsWatch, kEventsWatch}) {
        const Next next = list_watched(which);
        if (next != Next::Go) return next;
    }
    // The pods are watched only once one of them reports a Warning: their events would
    // be most of what the wait receives on a large cluster (a few KB per pod and change).
    for (int which : {kDaemonSetWatch, kEventsWatch}) start_watch(which);
    while (true) {
        auto now = clock_.now();
        if (past_limit(now)) return Next::Ended;
        auto step = until_limit(now, std::chrono::seconds(1));
        for (int which : {kDaemonSetWatch, kPodsWatch, kEventsWatch}) {
            WatchSlot& slot = watches_[static_cast<size_t>(which)];
            if (!slot.restart_at) continue;
            if (now >= *slot.restart_at) {
                start_watch(which);
            } else {
                step = std::min(step, std::chrono::duration_cast<std::chrono::milliseconds>(*slot.restart_at - now));
            }
        }
        std::optional<WatchItem> item = queue_.pop(std::max(step, std::chrono::milliseconds(1)));
        if (!item) continue;
        int which = -1;
        for (int i : {kDaemonSetWatch, kPodsWatch, kEventsWatch}) {
            const auto& watcher = watches_[static_cast<size_t>(i)].watcher;
            if (watcher && watcher->id() == item->watcher) which = i;
        }
        if (which < 0) continue;  // from a stream stopped since
        const Next next = item->ended ? on_end(which, item->result) : on_line(which, item->line);
        if (next != Next::Go) return next;
    }
}

std::string Wait::timeout_message(const std::string& why) {
    std::string message = "the rollout of " + display_name(ref_) + " in namespace " + ref_.namespace_ + " " +
                          why + "\n  last status: " + counts_text(result_.counts);
    const RolloutCounts& counts = result_.counts;
    if (counts.observed_generation < counts.generation) {
        message += "\n  the DaemonSet controller has not yet observed generation " +
                   std::to_string(counts.generation);
    }
    const auto pods = list_pods(false);
    if (!pods) {
        message += "\n  (its pods could not be listed, so the lagging nodes are not known)";
        return message;
    }
    const std::vector<std::string> lagging = lagging_nodes(*pods, template_generation(result_.daemonset));
    if (!lagging.empty()) {
        message += "\n  nodes whose new pods are not yet available:";
        for (const auto& line : lagging) message += "\n    " + line;
    }
    std::set<std::string> nodes_with_pod;
    for (const auto& pod : *pods) nodes_with_pod.insert(pod.node);
    const long long without_pod = counts.desired - static_cast<long long>(nodes_with_pod.size());
    if (without_pod > 0) {
        message += "\n  " + std::to_string(without_pod) + (without_pod == 1 ? " node has" : " nodes have") +
                   " no pod yet";
    }
    if (lagging.empty() && without_pod <= 0 && counts.available < counts.desired) {
        message +=
            "\n  every pod is ready; the DaemonSet counts a pod available once it has been ready for "
            "minReadySeconds";
    }
    return message;
}

bool Wait::past_limit(std::chrono::steady_clock::time_point now) {
    if (options_.timeout.count() > 0 && now >= deadline_) {
        return end(RolloutEnd::TimedOut,
                   Failure{FailureKind::TimedOut,
                           timeout_message("did not finish within " + format_duration(options_.timeout))});
    }
    if (options_.progress_timeout.count() > 0 && now >= last_progress_ + options_.progress_timeout) {
        return end(RolloutEnd::TimedOut,
                   Failure{FailureKind::TimedOut,
                           timeout_message("made no progress for " + format_duration(options_.progress_timeout) +
                                           " (no pod of the current template became available and no old "
                                           "pod was replaced; --progress-timeout)")});
    }
    return false;
}

std::chrono::milliseconds Wait::until_limit(std::chrono::steady_clock::time_point now,
                                            std::chrono::milliseconds cap) {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    auto step = cap;
    if (options_.timeout.count() > 0) step = std::min(step, duration_cast<milliseconds>(deadline_ - now));
    if (options_.progress_timeout.count() > 0)
        step = std::min(step, duration_cast<milliseconds>(last_progress_ + options_.progress_timeout - now));
    return step;
}

RolloutResult Wait::go() {
    using std::chrono::milliseconds;
    const auto start = clock_.now();
    deadline_ = start + options_.timeout;
    last_progress_ = start;
    if (options_.watch) {
        const Next next = watch();
        stop_watches();
        if (next == Next::Ended) return result_;
    }
    auto wait = std::max(options_.poll_interval, milliseconds(1));
    while (!poll()) {
        const auto now = clock_.now();
        if (past_limit(now)) break;
        clock_.sleep_for(until_limit(now, wait));
        wait = std::min(wait * 2, std::max(options_.max_poll_interval, options_.poll_interval));
    }
    return result_;
}

}  // namespace

RolloutCounts rollout_counts(const nlohmann::json& daemonset) {
    RolloutCounts counts;
    const nlohmann::json& status = object_at(daemonset, "status");
    counts.generation = integer_at(object_at(daemonset, "metadata"), "generation");
    counts.observed_generation = integer_at(status, "observedGeneration");
    counts.desired = integer_at(status, "desiredNumberScheduled");
    counts.current = integer_at(status, "currentNumberScheduled");
    counts.updated = integer_at(status, "updatedNumberScheduled");
    counts.ready = integer_at(status, "numberReady");
    counts.available = integer_at(status, "numberAvailable");
    counts.unavailable = integer_at(status, "numberUnavailable");
    counts.misscheduled = integer_at(status, "numberMisscheduled");
    const nlohmann::json& strategy = object_at(object_at(daemonset, "spec"), "updateStrategy");
    counts.on_delete = string_at(strategy, "type") == "OnDelete";
    return counts;
}

std::string progress_text(const std::string& name, const RolloutCounts& counts) {
    if (counts.observed_generation < counts.generation) {
        return "rolling out " + name + ": waiting for generation " + std::to_string(counts.generation) +
               " to be observed";
    }
    return "rolling out " + name + ": " + of_n(counts.updated, counts.desired) + " updated, " +
           of_n(counts.available, counts.desired) + " available";
}

std::string counts_text(const RolloutCounts& counts) {
    return "generation " + std::to_string(counts.generation) + " (observed " +
           std::to_string(counts.observed_generation) + "), desired " + std::to_string(counts.desired) +
           ", current " + std::to_string(counts.current) + ", updated " + std::to_string(counts.updated) +
           ", ready " + std::to_string(counts.ready) + ", available " + std::to_string(counts.available);
}

RolloutResult wait_for_rollout(Client& client, const ResourceRef& daemonset, const RolloutOptions& options,
                               const ProgressCallback& on_progress) {
    return Wait(client, daemonset, options, on_progress).go();
}

}  // namespace planton::kube
