#include "planton/kube/status.hpp"

#include <algorithm>

#include "planton/kube/apply.hpp"

namespace planton::kube {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const json& field(const json& object, const char* key) {
    static const json null;
    if (!object.is_object()) return null;
    auto it = object.find(key);
    return it == object.end() ? null : *it;
}

long long number(const json& object, const char* key) {
    const json& value = field(object, key);
    return value.is_number_integer() ? value.get<long long>() : 0;
}

std::string text(const json& object, const char* key) {
    const json& value = field(object, key);
    return value.is_string() ? value.get<std::string>() : "";
}

// The waiting or terminated reason of the first container that has one.
std::string container_reason(const json& statuses) {
    if (!statuses.is_array()) return "";
    for (const char* state : {"waiting", "terminated"}) {
        for (const json& container : statuses) {
            const std::string reason = text(field(field(container, "state"), state), "reason");
            if (!reason.empty()) return reason;
        }
    }
    return "";
}

bool owned_by(const json& pod, const std::string& uid) {
    const json& owners = field(field(pod, "metadata"), "ownerReferences");
    if (!owners.is_array()) return false;
    return std::any_of(owners.begin(), owners.end(), [&uid](const json& o) { return text(o, "uid") == uid; });
}

std::string ready_text(const PodStatus& pod) {
    return std::to_string(pod.ready_containers) + "/" + std::to_string(pod.containers);
}

// Left-aligned columns two spaces apart, without trailing spaces.
std::string table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + "\n";
    }
    return out;
}

}  // namespace

DaemonSetStatus status_of(const json& daemonset) {
    DaemonSetStatus s;
    const json& metadata = field(daemonset, "metadata");
    const json& status = field(daemonset, "status");
    s.namespace_ = text(metadata, "namespace");
    s.name = text(metadata, "name");
    s.generation = number(metadata, "generation");
    s.observed_generation = number(status, "observedGeneration");
    s.desired = number(status, "desiredNumberScheduled");
    s.current = number(status, "currentNumberScheduled");
    s.updated = number(status, "updatedNumberScheduled");
    s.ready = number(status, "numberReady");
    s.available = number(status, "numberAvailable");
    s.unavailable = number(status, "numberUnavailable");
    s.misscheduled = number(status, "numberMisscheduled");
    return s;
}

PodStatus pod_status_of(const json& pod) {
    PodStatus p;
    const json& metadata = field(pod, "metadata");
    const json& status = field(pod, "status");
    p.name = text(metadata, "name");
    p.node = text(field(pod, "spec"), "nodeName");
    p.phase = text(status, "phase");
    const json& statuses = field(status, "containerStatuses");
    const json& containers = field(field(pod, "spec"), "containers");
    p.containers = static_cast<int>(containers.is_array() ? containers.size() : statuses.is_array() ? statuses.size() : 0);
    if (statuses.is_array()) {
        for (const json& c : statuses) {
            if (field(c, "ready") == true) ++p.ready_containers;
            p.restarts += static_cast<int>(number(c, "restartCount"));
        }
    }
    if (!field(metadata, "deletionTimestamp").is_null()) {
        p.reason = "Terminating";
    } else {
        p.reason = container_reason(field(status, "initContainerStatuses"));
        if (p.reason.empty()) p.reason = container_reason(statuses);
        if (p.reason.empty()) p.reason = text(status, "reason");
    }
    return p;
}

StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name) {
    StatusRead read;
    const ResourceRef ref{"apps/v1", "DaemonSet", name, namespace_};
    const CallResult got = client.get(ref);
    if (got.not_found()) return read;
    if (!got.ok()) {
        read.error = describe_failure(got, ref, "get", client.transport().server());
        read.exit_code = exit_code_for(got);
        return read;
    }
    DaemonSetStatus status = status_of(got.body);
    if (status.namespace_.empty()) status.namespace_ = namespace_;
    if (status.name.empty()) status.name = name;

    const json& selector = field(field(got.body, "spec"), "selector");
    const bool has_selector = !field(selector, "matchLabels").empty() || !field(selector, "matchExpressions").empty();
    const CallResult pods = client.list("v1", "Pod", namespace_, has_selector ? selector_text(selector) : "");
    if (!pods.ok()) {
        read.error = describe_list_failure(pods, "v1", "Pod", namespace_, client.transport().server());
        read.exit_code = exit_code_for(pods);
        return read;
    }
    const std::string uid = text(field(got.body, "metadata"), "uid");
    const json& items = field(pods.body, "items");
    if (items.is_array()) {
        for (const json& pod : items) {
            if (uid.empty() || owned_by(pod, uid)) status.pods.push_back(pod_status_of(pod));
        }
    }
    std::sort(status.pods.begin(), status.pods.end(), [](const PodStatus& a, const PodStatus& b) {
        return a.node != b.node ? a.node < b.node : a.name < b.name;
    });
    read.status = std::move(status);
    return read;
}

ordered_json stack_outputs(const DaemonSetStatus& status) {
    ordered_json out = ordered_json::object();
    out["namespace"] = status.namespace_;
    out["daemonset_name"] = status.name;
    out["desired_number_scheduled"] = status.desired;
    out["current_number_scheduled"] = status.current;
    out["number_ready"] = status.ready;
    return out;
}

ordered_json status_json(const DaemonSetStatus& status) {
    ordered_json out = stack_outputs(status);
    out["updated_number_scheduled"] = status.updated;
    out["number_available"] = status.available;
    out["number_unavailable"] = status.unavailable;
    out["number_misscheduled"] = status.misscheduled;
    out["generation"] = status.generation;
    out["observed_generation"] = status.observed_generation;
    out["pods"] = ordered_json::array();
    for (const PodStatus& pod : status.pods) {
        out["pods"].push_back({{"node", pod.node},
                               {"name", pod.name},
                               {"phase", pod.phase},
                               {"ready", ready_text(pod)},
                               {"restarts", pod.restarts},
                               {"reason", pod.reason}});
    }
    return out;
}

std::string status_text(const DaemonSetStatus& status) {
    std::string out = "daemonset.apps/" + status.name + " in namespace " + status.namespace_ + "\n";
    out += "  generation " + std::to_string(status.generation) + ", observed " +
           std::to_string(status.observed_generation) +
           (status.observed_generation < status.generation ? " (the controller has not seen the last change yet)" : "") +
           "\n";
    out += "  desired " + std::to_string(status.desired) + ", current " + std::to_string(status.current) +
           ", updated " + std::to_string(status.updated) + ", ready " + std::to_string(status.ready) +
           ", available " + std::to_string(status.available) + ", unavailable " +
           std::to_string(status.unavailable);
    if (status.misscheduled > 0) out += ", misscheduled " + std::to_string(status.misscheduled);
    out += "\n\n";
    if (status.pods.empty()) {
        out += "no pods\n";
    } else {
        std::vector<std::vector<std::string>> rows{{"NODE", "POD", "PHASE", "READY", "RESTARTS", "REASON"}};
        for (const PodStatus& pod : status.pods) {
            rows.push_back({pod.node.empty() ? "<none>" : pod.node, pod.name, pod.phase, ready_text(pod),
                            std::to_string(pod.restarts), pod.reason});
        }
        out += table(rows);
    }
    out += "\noutputs:\n";
    const ordered_json outputs = stack_outputs(status);
    for (const auto& [key, value] : outputs.items()) {
        out += "  " + key + ": " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n";
    }
    return out;
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
