#include "cli/status_report.hpp"

#include <algorithm>
#include <vector>

#include "cli/age.hpp"
#include "cli/stack_outputs.hpp"

namespace planton::cli {
namespace {

std::string ready_text(const kube::PodSummary& pod) {
    return std::to_string(pod.ready_containers) + "/" + std::to_string(pod.containers);
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
    return out;
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

std::string pods_table(const std::vector<kube::StatusPod>& pods, std::chrono::system_clock::time_point now) {
    if (pods.empty()) return "no pods\n";
    std::vector<std::vector<std::string>> rows{
        {"NODE", "POD", "PHASE", "READY", "RESTARTS", "AGE", "IMAGE", "TEMPLATE", "REASON"}};
    for (const kube::StatusPod& pod : pods) {
        rows.push_back({pod.node.empty() ? "<none>" : pod.node, pod.name, pod.phase, ready_text(pod),
                        std::to_string(pod.restarts), age_since(pod.created, now), joined(pod.images, ","),
                        pod.current_template ? "current" : "older", kube::pod_reason(pod)});
    }
    return table(rows);
}

// kubectl's LAST SEEN of an event recorded more than once: "12s (x5 over 3m)".
std::string last_seen(const kube::WarningEvent& event, std::chrono::system_clock::time_point now) {
    std::string text = age_since(event.last_seen, now);
    if (event.count > 1)
        text += " (x" + std::to_string(event.count) + " over " + age_since(event.first_seen, now) + ")";
    return text;
}

std::string events_table(const std::vector<kube::WarningEvent>& events, std::chrono::system_clock::time_point now) {
    if (events.empty()) return "no Warning events\n";
    std::vector<std::vector<std::string>> rows{{"LAST SEEN", "REASON", "OBJECT", "MESSAGE"}};
    for (const kube::WarningEvent& event : events)
        rows.push_back({last_seen(event, now), event.reason, event.object, event.message});
    return "Warning events (the last " + std::to_string(kube::kStatusWarningEvents) + " at most):\n" + table(rows);
}

}  // namespace

std::string status_text(const kube::DaemonSetStatus& status, std::chrono::system_clock::time_point now) {
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
    const std::vector<std::string> gaps = kube::rollout_gaps(status);
    out += gaps.empty() ? "\n  rolled out and ready" : "\n  not rolled out: " + joined(gaps, ", ");
    const bool older_pods = std::any_of(status.pods.begin(), status.pods.end(), [](const kube::StatusPod& pod) {
        return !pod.current_template && !pod.terminating;
    });
    if (c.on_delete && older_pods)
        out += "\n  note: updateStrategy OnDelete: pods update only when deleted; `planton-ds restart "
               "--outdated-only` replaces the older ones node by node";
    if (status.coverage) out += "\n  " + kube::coverage_text(*status.coverage);
    for (const auto& note : status.notes) out += "\n  note: " + note;
    out += "\n\n" + pods_table(status.pods, now);
    out += "\n" + events_table(status.events, now);
    return out + "\n" + stack_outputs_text(outputs);
}

nlohmann::ordered_json status_json(const kube::DaemonSetStatus& status) {
    nlohmann::ordered_json out = stack_outputs(status.daemonset);
    if (status.coverage) {
        const nlohmann::json coverage = kube::coverage_json(*status.coverage);
        for (const char* key : {"nodes_total", "nodes_matching", "nodes_excluded"}) out[key] = coverage.at(key);
    }
    const kube::RolloutCounts& c = status.counts;
    const std::vector<std::string> gaps = kube::rollout_gaps(status);
    out["rolled_out"] = gaps.empty();
    out["rollout_gaps"] = gaps;
    out["updated_number_scheduled"] = c.updated;
    out["number_available"] = c.available;
    out["number_unavailable"] = c.unavailable;
    out["number_misscheduled"] = c.misscheduled;
    out["generation"] = c.generation;
    out["observed_generation"] = c.observed_generation;
    out["template_generation"] = kube::template_generation(status.daemonset);
    out["pods"] = nlohmann::ordered_json::array();
    for (const kube::StatusPod& pod : status.pods) {
        out["pods"].push_back({{"node", pod.node},
                               {"name", pod.name},
                               {"phase", pod.phase},
                               {"ready", ready_text(pod)},
                               {"restarts", pod.restarts},
                               {"reason", kube::pod_reason(pod)},
                               {"created", pod.created},
                               {"images", pod.images},
                               {"template_generation", pod.template_generation},
                               {"current_template", pod.current_template}});
    }
    out["warning_events"] = nlohmann::ordered_json::array();
    for (const kube::WarningEvent& event : status.events) {
        out["warning_events"].push_back({{"reason", event.reason},
                                         {"object", event.object},
                                         {"message", event.message},
                                         {"count", event.count},
                                         {"first_seen", event.first_seen},
                                         {"last_seen", event.last_seen}});
    }
    if (!status.notes.empty()) out["notes"] = status.notes;
    return out;
}

}  // namespace planton::cli
