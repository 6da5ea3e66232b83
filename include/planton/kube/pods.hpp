#pragma once
// What a DaemonSet's pods say about a rollout: per pod its node, readiness, restarts and
// why a container waits, and which pods belong to the DaemonSet's current revision.
// Used by the rollout wait (fail fast, lagging nodes) and by status (pods per node).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/kube/client.hpp"

namespace planton::kube {

// The label the DaemonSet controller puts on each pod, and the annotation on the
// DaemonSet that says which value the current template has.
inline constexpr const char* kPodTemplateGenerationLabel = "pod-template-generation";
inline constexpr const char* kTemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

struct PodSummary {
    std::string name;
    std::string node;        // spec.nodeName; empty when not scheduled
    std::string phase;       // status.phase ("Pending", "Running", …)
    bool ready = false;      // the Ready condition is True
    long long restarts = 0;  // summed over the containers
    // Why a container is not running: the reason of the first container (init
    // containers first) that waits, "CrashLoopBackOff", "ContainerCreating", …
    // Empty when none waits.
    std::string reason;
    std::string message;              // the kubelet's message with that reason (may be empty)
    std::string container;            // the container the reason belongs to
    bool init_container = false;      // it is an init container (initContainerStatuses)
    std::string template_generation;  // the pod-template-generation label
    std::string owner_uid;            // uid of the controller ownerReference
    int containers = 0;               // app containers (spec.containers)
    int ready_containers = 0;         // of those, the ready ones ("1/2" in status)
    bool terminating = false;         // metadata.deletionTimestamp is set
    std::string pod_reason;           // status.reason of the pod ("Evicted", "NodeLost")
};

PodSummary summarize_pod(const nlohmann::json& pod);

// The label selector of the DaemonSet's pods ("" when it has none), narrowed to one
// pod-template-generation when `template_generation` is not empty.
std::string daemonset_pods_selector(const nlohmann::json& daemonset, const std::string& template_generation = "");

// The LIST of the pods in `namespace_` by the DaemonSet's selector (all pods of the
// namespace when it has none), narrowed to one pod-template-generation when
// `template_generation` is not empty; owned_pods picks the DaemonSet's own.
CallResult list_daemonset_pods(Client& client, const std::string& namespace_, const nlohmann::json& daemonset,
                               const std::string& template_generation = "");

// The summaries of the pods in a LIST body (a PodList) whose controller is the object
// with `owner_uid` (every pod when owner_uid is empty), sorted by node, then name.
std::vector<PodSummary> owned_pods(const nlohmann::json& pod_list, const std::string& owner_uid);

// The DaemonSet's deprecated.daemonset.template.generation annotation, or "" when absent.
std::string template_generation(const nlohmann::json& daemonset);

// Whether a pod runs the template `generation` names ("" matches every pod).
bool of_template(const PodSummary& pod, const std::string& generation);

// Whether a waiting reason means the pod will not come up without a change by the user:
// ImagePullBackOff, ErrImagePull, CrashLoopBackOff, CreateContainerConfigError,
// InvalidImageName.
bool is_fatal_reason(const std::string& reason);

}  // namespace planton::kube
