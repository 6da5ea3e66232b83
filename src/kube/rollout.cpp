#include "planton/kube/rollout.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include "planton/kube/apply.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/pods.hpp"

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
    // The pods of the DaemonSet (only those of its current template when
    // `current_only`), or nullopt when they cannot be listed.
    std::optional<std::vector<PodSummary>> list_pods(bool current_only);
    // The first Warning event of the DaemonSet recorded or counted again since the first
    // look (see rollout.hpp); nullopt when there is none or the events cannot be read.
    std::optional<nlohmann::json> new_warning_event();
    // Whether the counts moved forward since the last poll (progress_timeout).
    bool progressed(const RolloutCounts& counts);
    bool end(RolloutEnd how, std::optional<Failure> failure = std::nullopt) {
        result_.end = how;
        result_.failure = std::move(failure);
        return true;
    }
    std::string timeout_message(const std::string& why);

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
};

std::optional<nlohmann::json> Wait::new_warning_event() {
    const std::string uid = metadata_string(result_.daemonset, "uid");
    if (uid.empty()) return std::nullopt;
    CallResult list = client_.list("v1", "Event", ref_.namespace_, "", "involvedObject.uid=" + uid + ",type=Warning");
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
    const bool first_look = !events_seen_;
    if (first_look) events_seen_.emplace();
    std::optional<nlohmann::json> found;
    for (const auto& event : array_at(list.body, "items")) {
        if (!event.is_object() || string_at(event, "type") != "Warning") continue;
        const std::string name = metadata_string(event, "name");
        const std::string version = metadata_string(event, "resourceVersion");
        auto [seen, inserted] = events_seen_->emplace(name, version);
        const bool changed = !inserted && seen->second != version;
        seen->second = version;
        if (!first_look && (inserted || changed) && !found) found = event;
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

std::optional<std::vector<PodSummary>> Wait::list_pods(bool current_only) {
    // While waiting, only the pods of the current template matter: on a large cluster
    // that keeps each poll small until the rollout has made progress.
    CallResult list = list_daemonset_pods(client_, ref_.namespace_, result_.daemonset,
                                          current_only ? template_generation(result_.daemonset) : "");
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
    return owned_pods(list.body, metadata_string(result_.daemonset, "uid"));
}

bool Wait::poll() {
    CallResult got = client_.get(ref_);
    if (got.not_found()) {
        return end(RolloutEnd::Failed, Failure{FailureKind::NotConverged,
                                               display_name(ref_) + " in namespace " + ref_.namespace_ +
                                                   " was deleted while waiting for its rollout"});
    }
    if (!got.ok()) {
        return end(RolloutEnd::Failed, call_failure(got, ref_, "get", client_.transport().server()));
    }
    result_.daemonset = got.body;
    const RolloutCounts counts = rollout_counts(got.body);
    result_.counts = counts;
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

    if (const auto pods = list_pods(true)) {
        const std::string generation = template_generation(got.body);
        for (const auto& pod : *pods) {
            if (!of_template(pod, generation) || !is_fatal_reason(pod.reason)) continue;
            return end(
                RolloutEnd::PodFailed,
                Failure{FailureKind::NotConverged,
                        "pod " + pod.name + " on node " + (pod.node.empty() ? "(none)" : pod.node) +
                            " is in " + pod.reason + (pod.message.empty() ? "" : ": " + pod.message) +
                            (pod.init_container ? " (init container " : " (container ") + pod.container +
                            "); the rollout of " + display_name(ref_) + " in namespace " + ref_.namespace_ +
                            " cannot finish until that is fixed"});
        }
    }
    if (const auto event = new_warning_event()) {
        std::string source = string_at(object_at(*event, "source"), "component");
        if (source.empty()) source = string_at(*event, "reportingComponent");
        return end(RolloutEnd::ControllerRefused,
                   Failure{FailureKind::NotConverged,
                           "the rollout of " + display_name(ref_) + " in namespace " + ref_.namespace_ +
                               " cannot finish: " + (source.empty() ? "the cluster" : source) + " reported " +
                               string_at(*event, "reason") + ": " + string_at(*event, "message")});
    }
    return false;
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

RolloutResult Wait::go() {
    using std::chrono::milliseconds;
    const bool limited = options_.timeout.count() > 0;
    const bool progress_limited = options_.progress_timeout.count() > 0;
    const auto deadline = clock_.now() + options_.timeout;
    auto last_progress = clock_.now();
    auto wait = std::max(options_.poll_interval, milliseconds(1));
    while (!poll()) {
        const auto now = clock_.now();
        if (progressed(result_.counts)) last_progress = now;
        if (limited && now >= deadline) {
            end(RolloutEnd::TimedOut,
                Failure{FailureKind::TimedOut,
                        timeout_message("did not finish within " + format_duration(options_.timeout))});
            break;
        }
        const auto progress_deadline = last_progress + options_.progress_timeout;
        if (progress_limited && now >= progress_deadline) {
            end(RolloutEnd::TimedOut,
                Failure{FailureKind::TimedOut,
                        timeout_message("made no progress for " + format_duration(options_.progress_timeout) +
                                        " (no pod of the current template became available and no old "
                                        "pod was replaced; --progress-timeout)")});
            break;
        }
        auto step = wait;
        if (limited) step = std::min(step, std::chrono::duration_cast<milliseconds>(deadline - now));
        if (progress_limited)
            step = std::min(step, std::chrono::duration_cast<milliseconds>(progress_deadline - now));
        clock_.sleep_for(step);
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
