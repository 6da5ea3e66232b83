#pragma once
// The rollout wait's state, shared by rollout.cpp (looking, judging, polling, limits)
// and rollout_watch.cpp (the watches of the DaemonSet, its pods and its events). Not
// part of the public interface: rollout.hpp is.
#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "planton/kube/pods.hpp"
#include "planton/kube/rollout.hpp"
#include "planton/kube/watch.hpp"

namespace planton::kube::rollout_wait {

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
          clock_(clock_or_system(options.clock)) {}

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


}  // namespace planton::kube::rollout_wait
