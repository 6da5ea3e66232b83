#include "cli/status_report.hpp"

#include <algorithm>
#include <vector>

#include "cli/stack_outputs.hpp"

namespace planton::cli {
namespace {

std::string ready_text(const kube::PodSummary& pod) {
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

std::string status_text(const kube::DaemonSetStatus& status) {
    const nlohmann::ordered_json outputs = stack_outputs(status.daemonset);
    const kube::RolloutCounts& c = status.counts;
    std::string out = "daemonset.apps/" + outputs["daemonset_name"].get<std::string>() + " in namespace " +
                      outputs["namespace"].get<std::string>() + "\n";
    out += "  generation " + std::to_string(c.generation) + ", observed " +
           std::to_string(c.observed_generation);
    if (c.observed_generation < c.generation) out += " (the controller has not seen the last change yet)";
    out += "\n  desired " + std::to_string(c.desired) + ", current " + std::to_string(c.current) +
           ", updated " + std::to_string(c.updated) + ", ready " + std::to_string(c.ready) + ", available " +
           std::to_string(c.available) + ", unavailable " + std::to_string(c.unavailable);
    if (c.misscheduled > 0) out += ", misscheduled " + std::to_string(c.misscheduled);
    out += "\n\n";
    if (status.pods.empty()) {
        out += "no pods\n";
    } else {
        std::vector<std::vector<std::string>> rows{{"NODE", "POD", "PHASE", "READY", "RESTARTS", "REASON"}};
        for (const kube::PodSummary& pod : status.pods) {
            rows.push_back({pod.node.empty() ? "<none>" : pod.node, pod.name, pod.phase, ready_text(pod),
                            std::to_string(pod.restarts), kube::pod_reason(pod)});
        }
        out += table(rows);
    }
    return out + "\n" + stack_outputs_text(outputs);
}

nlohmann::ordered_json status_json(const kube::DaemonSetStatus& status) {
    nlohmann::ordered_json out = stack_outputs(status.daemonset);
    const kube::RolloutCounts& c = status.counts;
    out["updated_number_scheduled"] = c.updated;
    out["number_available"] = c.available;
    out["number_unavailable"] = c.unavailable;
    out["number_misscheduled"] = c.misscheduled;
    out["generation"] = c.generation;
    out["observed_generation"] = c.observed_generation;
    out["pods"] = nlohmann::ordered_json::array();
    for (const kube::PodSummary& pod : status.pods) {
        out["pods"].push_back({{"node", pod.node},
                               {"name", pod.name},
                               {"phase", pod.phase},
                               {"ready", ready_text(pod)},
                               {"restarts", pod.restarts},
                               {"reason", kube::pod_reason(pod)}});
    }
    return out;
}

}  // namespace planton::cli
