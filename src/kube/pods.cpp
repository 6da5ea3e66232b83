#include "planton/kube/pods.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "planton/kube/apply.hpp"
#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

bool condition_true(const nlohmann::json& status, const char* type) {
    for (const auto& condition : array_at(status, "conditions")) {
        if (string_at(condition, "type") == type) return string_at(condition, "status") == "True";
    }
    return false;
}

// Fills reason/message/container from the first waiting container of `statuses`;
// returns whether it found one.
bool take_waiting(const nlohmann::json& statuses, PodSummary& summary) {
    for (const auto& container : statuses) {
        const nlohmann::json& waiting = object_at(object_at(container, "state"), "waiting");
        const std::string reason = string_at(waiting, "reason");
        if (reason.empty()) continue;
        summary.reason = reason;
        summary.message = string_at(waiting, "message");
        summary.container = string_at(container, "name");
        return true;
    }
    return false;
}

}  // namespace

PodSummary summarize_pod(const nlohmann::json& pod) {
    PodSummary summary;
    const nlohmann::json& metadata = object_at(pod, "metadata");
    const nlohmann::json& status = object_at(pod, "status");
    summary.name = string_at(metadata, "name");
    summary.node = string_at(object_at(pod, "spec"), "nodeName");
    summary.phase = string_at(status, "phase");
    summary.ready = condition_true(status, "Ready");
    summary.template_generation = label_of(pod, kPodTemplateGenerationLabel);
    for (const auto& reference : array_at(metadata, "ownerReferences")) {
        if (bool_at(reference, "controller")) {
            summary.owner_uid = string_at(reference, "uid");
        }
    }
    for (const char* key : {"initContainerStatuses", "containerStatuses"}) {
        for (const auto& container : array_at(status, key)) {
            if (!container.is_object()) continue;
            summary.restarts += integer_at(container, "restartCount");
        }
    }
    summary.containers = static_cast<int>(array_at(object_at(pod, "spec"), "containers").size());
    for (const auto& container : array_at(status, "containerStatuses")) {
        if (bool_at(container, "ready")) ++summary.ready_containers;
    }
    summary.terminating = has_value_at(metadata, "deletionTimestamp");
    summary.pod_reason = string_at(status, "reason");
    if (take_waiting(array_at(status, "initContainerStatuses"), summary)) {
        summary.init_container = true;
    } else {
        take_waiting(array_at(status, "containerStatuses"), summary);
    }
    return summary;
}

std::string daemonset_pods_selector(const nlohmann::json& daemonset, const std::string& template_generation) {
    std::string selector = selector_text(object_at(object_at(daemonset, "spec"), "selector"));
    if (selector == "(no selector)") selector.clear();
    if (!template_generation.empty())
        selector += (selector.empty() ? "" : ",") + std::string(kPodTemplateGenerationLabel) + "=" +
                    template_generation;
    return selector;
}

CallResult list_daemonset_pods(Client& client, const std::string& namespace_, const nlohmann::json& daemonset,
                               const std::string& template_generation) {
    return client.list("v1", "Pod", namespace_, daemonset_pods_selector(daemonset, template_generation));
}

std::vector<PodSummary> owned_pods(const nlohmann::json& pod_list, const std::string& owner_uid) {
    std::vector<PodSummary> pods;
    for (const auto& item : array_at(pod_list, "items")) {
        PodSummary summary = summarize_pod(item);
        if (owner_uid.empty() || summary.owner_uid == owner_uid) pods.push_back(std::move(summary));
    }
    std::sort(pods.begin(), pods.end(), [](const PodSummary& a, const PodSummary& b) {
        return a.node != b.node ? a.node < b.node : a.name < b.name;
    });
    return pods;
}

std::string template_generation(const nlohmann::json& daemonset) {
    return string_at(object_at(object_at(daemonset, "metadata"), "annotations"),
                     kTemplateGenerationAnnotation);
}

bool of_template(const PodSummary& pod, const std::string& generation) {
    return generation.empty() || pod.template_generation == generation;
}

bool is_fatal_reason(const std::string& reason) {
    static constexpr std::array<std::string_view, 5> kFatal = {
        "ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff", "CreateContainerConfigError",
        "InvalidImageName"};
    return std::find(kFatal.begin(), kFatal.end(), reason) != kFatal.end();
}

}  // namespace planton::kube
