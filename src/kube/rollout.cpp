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
#include "rollout_wait.hpp"

namespace planton::kube {
namespace {

std::string of_n(long long count, long long total) {
    return std::to_string(count) + "/" + std::to_string(total);
}

}  // namespace

namespace rollout_wait {
namespace {

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

}  // namespace

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

}  // namespace rollout_wait

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
    return rollout_wait::Wait(client, daemonset, options, on_progress).go();
}

}  // namespace planton::kube
