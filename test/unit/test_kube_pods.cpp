#include <catch2/catch.hpp>

#include "planton/kube/pods.hpp"

using nlohmann::json;
using planton::kube::PodSummary;

TEST_CASE("pods: a pod's node, readiness, restarts and waiting reason", "[kube][pods]") {
    const json pod = json::parse(R"({
      "metadata": {"name": "fluentd-x7k2p", "labels": {"pod-template-generation": "3"},
                   "ownerReferences": [{"kind": "Node", "uid": "n1"},
                                       {"kind": "DaemonSet", "uid": "ds-uid", "controller": true}]},
      "spec": {"nodeName": "worker-2"},
      "status": {"phase": "Running",
                 "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "False"}],
                 "initContainerStatuses": [{"name": "init", "restartCount": 1,
                                            "state": {"terminated": {"reason": "Completed"}}}],
                 "containerStatuses": [
                   {"name": "sidecar", "restartCount": 0, "state": {"running": {}}},
                   {"name": "fluentd", "restartCount": 4,
                    "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s"}}}]}})");
    const PodSummary s = planton::kube::summarize_pod(pod);
    CHECK(s.name == "fluentd-x7k2p");
    CHECK(s.node == "worker-2");
    CHECK(s.phase == "Running");
    CHECK_FALSE(s.ready);
    CHECK(s.restarts == 5);
    CHECK(s.reason == "CrashLoopBackOff");
    CHECK(s.message == "back-off 40s");
    CHECK(s.container == "fluentd");
    CHECK(s.template_generation == "3");
    CHECK(s.owner_uid == "ds-uid");
}

TEST_CASE("pods: a waiting init container is the reason before the main containers", "[kube][pods]") {
    const json pod = json::parse(R"({"metadata": {"name": "p"}, "status": {
      "initContainerStatuses": [{"name": "setup", "state": {"waiting": {"reason": "ErrImagePull"}}}],
      "containerStatuses": [{"name": "main", "state": {"waiting": {"reason": "PodInitializing"}}}]}})");
    const PodSummary s = planton::kube::summarize_pod(pod);
    CHECK(s.reason == "ErrImagePull");
    CHECK(s.container == "setup");
}

TEST_CASE("pods: malformed pods read as empty, never throw", "[kube][pods]") {
    for (const char* text : {R"(null)", R"([])", R"({"metadata": 5, "status": "x"})",
                             R"({"status": {"conditions": [1, {"type": 2}], "containerStatuses": {"a": 1}}})",
                             R"({"status": {"containerStatuses": [{"restartCount": "3", "state": []}]}})"}) {
        CAPTURE(text);
        const PodSummary s = planton::kube::summarize_pod(json::parse(text));
        CHECK(s.name.empty());
        CHECK_FALSE(s.ready);
        CHECK(s.restarts == 0);
        CHECK(s.reason.empty());
    }
}

TEST_CASE("pods: the pods a DaemonSet owns, by node and name", "[kube][pods]") {
    auto item = [](const std::string& name, const std::string& node, const std::string& owner) {
        return json{
            {"metadata", {{"name", name}, {"ownerReferences", {{{"uid", owner}, {"controller", true}}}}}},
            {"spec", {{"nodeName", node}}}};
    };
    const json list = {{"items",
                        {item("b", "worker-2", "ds"), item("c", "worker-1", "other"),
                         item("a2", "worker-1", "ds"), item("a1", "worker-1", "ds")}}};
    std::vector<std::string> names;
    for (const auto& pod : planton::kube::owned_pods(list, "ds")) names.push_back(pod.node + "/" + pod.name);
    CHECK(names == std::vector<std::string>{"worker-1/a1", "worker-1/a2", "worker-2/b"});
    CHECK(planton::kube::owned_pods(list, "").size() == 4);
    CHECK(planton::kube::owned_pods(json::parse(R"({"items": 3})"), "ds").empty());
}

TEST_CASE("pods: current template and fatal reasons", "[kube][pods]") {
    const json ds = {{"metadata", {{"annotations", {{"deprecated.daemonset.template.generation", "4"}}}}}};
    CHECK(planton::kube::template_generation(ds) == "4");
    CHECK(planton::kube::template_generation(json::object()).empty());
    PodSummary pod;
    pod.template_generation = "4";
    CHECK(planton::kube::of_template(pod, "4"));
    CHECK_FALSE(planton::kube::of_template(pod, "3"));
    CHECK(planton::kube::of_template(pod, ""));
    for (const char* fatal : {"ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
                              "CreateContainerConfigError", "InvalidImageName"})
        CHECK(planton::kube::is_fatal_reason(fatal));
    for (const char* transient : {"ContainerCreating", "PodInitializing", "", "imagepullbackoff"})
        CHECK_FALSE(planton::kube::is_fatal_reason(transient));
}
