#include "planton/kube/status.hpp"

#include <algorithm>

#include "planton/kube/json_fields.hpp"

namespace planton::kube {

StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name) {
    StatusRead read;
    const ResourceRef ref{"apps/v1", "DaemonSet", name, namespace_};
    const CallResult got = client.get(ref);
    if (got.not_found()) return read;
    if (!got.ok()) {
        read.failure = call_failure(got, ref, "get", client.transport().server());
        return read;
    }
    const CallResult pods = list_daemonset_pods(client, namespace_, got.body);
    if (!pods.ok()) {
        read.failure = list_failure(pods, "v1", "Pod", namespace_, client.transport().server());
        return read;
    }
    read.status = DaemonSetStatus{got.body, rollout_counts(got.body),
                                  owned_pods(pods.body, metadata_string(got.body, "uid"))};
    return read;
}

std::string pod_reason(const PodSummary& pod) {
    if (pod.terminating) return "Terminating";
    return pod.reason.empty() ? pod.pod_reason : pod.reason;
}

std::string not_found_message(const std::string& namespace_, const std::string& name) {
    return "daemonset.apps/" + name + " not found in namespace " + namespace_ +
           " (not applied yet? run planton-ds apply -f with this manifest)";
}

void watch_status(Client& client, const std::string& namespace_, const std::string& name,
                  const WatchOptions& options, const std::function<void(const StatusRead&)>& show) {
    Clock& clock = options.clock != nullptr ? *options.clock : system_clock();
    auto stop = [&options] { return options.stop_requested && options.stop_requested(); };
    const std::chrono::milliseconds slice{100};
    while (!stop()) {
        show(read_status(client, namespace_, name));
        for (auto left = options.interval; left.count() > 0 && !stop(); left -= slice) {
            clock.sleep_for(std::min(left, slice));
        }
    }
}

}  // namespace planton::kube
