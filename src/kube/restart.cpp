#include "planton/kube/restart.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

using nlohmann::json;

bool up(const PodSummary& pod) {
    return pod.ready && !pod.terminating;
}

std::string pod_state(const PodSummary& pod) {
    return "pod " + pod.name + ": " + (pod.ready ? "ready" : "not ready") +
           (pod.reason.empty() ? "" : ", " + pod.reason);
}

class PodRestart {
public:
    PodRestart(Client& client, const ResourceRef& ref, const PodRestartOptions& options,
               const RestartCallback& on_event)
        : client_(client),
          ref_(ref),
          options_(options),
          on_event_(on_event),
          clock_(clock_or_system(options.clock)) {}

    PodRestartResult go();

private:
    // The DaemonSet's pods, or false (with the failure set) when they cannot be listed.
    bool list_pods();
    // Takes note of replacements that became ready; false when one fails (fail fast).
    bool check_replacements();
    bool take_down(const std::string& pod);
    std::string where_it_stands() const;
    PodRestartResult fail(FailureKind kind, const std::string& message) {
        result_.failure = Failure{kind, message};
        return result_;
    }

    Client& client_;
    const ResourceRef& ref_;
    const PodRestartOptions& options_;
    const RestartCallback& on_event_;
    Clock& clock_;
    PodRestartResult result_;
    json daemonset_;
    std::vector<PodSummary> pods_;
    std::map<std::string, std::string> todo_;       // node -> pod to delete
    std::map<std::string, std::string> in_flight_;  // node -> pod deleted, replacement not ready
    std::chrono::steady_clock::time_point last_progress_;
};

bool PodRestart::list_pods() {
    const CallResult list = list_daemonset_pods(client_, ref_.namespace_, daemonset_);
    if (!list.ok()) {
        result_.failure = list_failure(list, "v1", "Pod", ref_.namespace_, client_.transport().server());
        return false;
    }
    pods_ = owned_pods(list.body, metadata_string(daemonset_, "uid"));
    return true;
}

bool PodRestart::check_replacements() {
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        const auto& [node, deleted] = *it;
        const PodSummary* replacement = replacement_on(pods_, node, deleted);
        if (replacement != nullptr && is_fatal_reason(replacement->reason)) {
            result_.failure = Failure{
                FailureKind::NotConverged,
                "pod " + replacement->name + " on node " + node + " is in " + replacement->reason +
                    (replacement->message.empty() ? "" : ": " + replacement->message) + " (container " +
                    replacement->container + "); the restart of " + display_name(ref_) + " in namespace " +
                    ref_.namespace_ + " stopped there" + where_it_stands()};
            return false;
        }
        if (replacement == nullptr || !replacement->ready) {
            ++it;
            continue;
        }
        result_.restarted.push_back(node);
        last_progress_ = clock_.now();
        if (on_event_) on_event_({RestartEvent::Replaced, node, deleted, replacement->name});
        it = in_flight_.erase(it);
    }
    return true;
}

bool PodRestart::take_down(const std::string& pod) {
    const CallResult deleted = client_.remove({"v1", "Pod", pod, ref_.namespace_});
    if (!deleted.ok() && !deleted.not_found()) {
        result_.failure = call_failure(deleted, {"v1", "Pod", pod, ref_.namespace_}, "delete",
                                       client_.transport().server());
        return false;
    }
    const auto it = std::find_if(todo_.begin(), todo_.end(), [&](const auto& entry) { return entry.second == pod; });
    if (it == todo_.end()) return true;
    if (on_event_) on_event_({RestartEvent::Deleted, it->first, pod, ""});
    in_flight_[it->first] = pod;
    todo_.erase(it);
    return true;
}

// "; waiting for worker-1 (pod fluentd-x: not ready, ContainerCreating); not yet
// restarted: worker-3, worker-4".
std::string PodRestart::where_it_stands() const {
    std::string out;
    std::string waiting;
    for (const auto& [node, deleted] : in_flight_) {
        const PodSummary* replacement = replacement_on(pods_, node, deleted);
        waiting += (waiting.empty() ? "" : ", ") + node + " (" +
                   (replacement != nullptr ? pod_state(*replacement) : "no new pod yet") + ")";
    }
    if (!waiting.empty()) out += "\n  waiting for: " + waiting;
    std::string left;
    for (const auto& entry : todo_) left += (left.empty() ? "" : ", ") + entry.first;
    if (!left.empty()) out += "\n  not yet restarted: " + left;
    out += "\n  restarted: " + std::to_string(result_.restarted.size()) + " node" +
           (result_.restarted.size() == 1 ? "" : "s");
    return out;
}

PodRestartResult PodRestart::go() {
    const CallResult got = client_.get(ref_);
    if (!got.ok()) return fail(failure_kind(got), describe_failure(got, ref_, "get", client_.transport().server()));
    daemonset_ = got.body;
    if (!list_pods()) return result_;
    const std::string generation = template_generation(daemonset_);
    for (const PodSummary& pod : pods_) {
        if (pod.node.empty() || pod.terminating || todo_.count(pod.node) != 0) continue;
        if (options_.outdated_only && of_template(pod, generation)) continue;
        todo_[pod.node] = pod.name;
    }
    if (todo_.empty()) return result_;
    long long desired = integer_at(object_at(daemonset_, "status"), "desiredNumberScheduled");
    if (desired <= 0) desired = static_cast<long long>(todo_.size());
    result_.max_unavailable = max_unavailable_of(daemonset_, desired);

    const auto start = clock_.now();
    last_progress_ = start;
    while (true) {
        if (!check_replacements()) return result_;
        if (todo_.empty() && in_flight_.empty()) return result_;
        for (const std::string& pod : pods_to_delete(pods_, todo_, in_flight_, result_.max_unavailable)) {
            if (!take_down(pod)) return result_;
        }
        const auto now = clock_.now();
        if (options_.timeout.count() > 0 && now - start >= options_.timeout) {
            return fail(FailureKind::TimedOut, "the restart of " + display_name(ref_) + " in namespace " +
                                                   ref_.namespace_ + " did not finish within " +
                                                   format_duration(options_.timeout) + " (--timeout)" +
                                                   where_it_stands());
        }
        if (options_.progress_timeout.count() > 0 && now - last_progress_ >= options_.progress_timeout) {
            return fail(FailureKind::TimedOut, "the restart of " + display_name(ref_) + " in namespace " +
                                                   ref_.namespace_ + ": no new pod became ready for " +
                                                   format_duration(options_.progress_timeout) +
                                                   " (--progress-timeout)" + where_it_stands());
        }
        clock_.sleep_for(options_.poll_interval);
        if (!list_pods()) return result_;
    }
}

}  // namespace

std::string restart_patch(const std::string& time) {
    json patch;
    patch["spec"]["template"]["metadata"]["annotations"][std::string(kRestartedAtAnnotation)] = time;
    return patch.dump();
}

CallResult patch_restarted_at(Client& client, const ResourceRef& daemonset, const std::string& time) {
    return client.patch(daemonset, "application/merge-patch+json", restart_patch(time),
                        std::string(kRestartFieldManager));
}

std::string rfc3339(std::chrono::system_clock::time_point time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

long long max_unavailable_of(const json& daemonset, long long desired) {
    const json& rolling =
        object_at(object_at(object_at(daemonset, "spec"), "updateStrategy"), "rollingUpdate");
    const json* value = detail::member_at(rolling, "maxUnavailable");
    long long limit = 1;
    if (value != nullptr && value->is_number_integer()) {
        limit = value->get<long long>();
    } else if (value != nullptr && value->is_string()) {
        const std::string text = value->get<std::string>();
        if (!text.empty() && text.back() == '%' && text.size() <= 4 &&
            text.find_first_not_of("0123456789") == text.size() - 1) {
            const long long percent = std::stoll(text.substr(0, text.size() - 1));
            limit = (percent * desired + 99) / 100;  // intstr.GetScaledValueFromIntOrPercent, rounded up
        }
    }
    return std::max(limit, 1LL);
}

const PodSummary* replacement_on(const std::vector<PodSummary>& pods, const std::string& node,
                                 const std::string& deleted) {
    for (const PodSummary& pod : pods) {
        if (pod.node == node && pod.name != deleted && !pod.terminating) return &pod;
    }
    return nullptr;
}

std::vector<std::string> pods_to_delete(const std::vector<PodSummary>& pods,
                                        const std::map<std::string, std::string>& todo,
                                        const std::map<std::string, std::string>& in_flight,
                                        long long max_unavailable) {
    std::set<std::string> nodes;
    for (const PodSummary& pod : pods)
        if (!pod.node.empty()) nodes.insert(pod.node);
    for (const auto& entry : in_flight) nodes.insert(entry.first);
    for (const auto& entry : todo) nodes.insert(entry.first);
    long long down = 0;
    for (const std::string& node : nodes) {
        const bool has_up = std::any_of(pods.begin(), pods.end(),
                                        [&](const PodSummary& pod) { return pod.node == node && up(pod); });
        if (!has_up) ++down;
    }
    std::vector<std::string> out;
    for (const auto& [node, name] : todo) {
        const auto pod = std::find_if(pods.begin(), pods.end(), [&wanted = name](const PodSummary& p) { return p.name == wanted; });
        if (pod == pods.end() || !up(*pod)) {
            out.push_back(name);  // down already: deleting it takes nothing more down
        } else if (down < max_unavailable) {
            out.push_back(name);
            ++down;
        }
    }
    return out;
}

PodRestartResult restart_pods(Client& client, const ResourceRef& daemonset, const PodRestartOptions& options,
                              const RestartCallback& on_event) {
    return PodRestart(client, daemonset, options, on_event).go();
}

}  // namespace planton::kube
