#include <catch2/catch.hpp>

#include "cli/status_report.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::DaemonSetStatus;

namespace {

DaemonSetStatus example() {
    const json daemonset = json::parse(R"({"metadata":{"name":"fluentd","namespace":"logging","generation":3},
      "status":{"observedGeneration":2,"desiredNumberScheduled":3,"currentNumberScheduled":3,
                "updatedNumberScheduled":1,"numberReady":2,"numberAvailable":2,"numberUnavailable":1}})");
    DaemonSetStatus status{daemonset, planton::kube::rollout_counts(daemonset), {}};
    const char* pods[] = {
        R"({"metadata":{"name":"fluentd-c3"},"spec":{"nodeName":"control-plane-1","containers":[{},{}]},
            "status":{"phase":"Running","containerStatuses":[{"ready":true},{"ready":true}]}})",
        R"({"metadata":{"name":"fluentd-a1"},"spec":{"nodeName":"worker-1","containers":[{},{}]},
            "status":{"phase":"Running","containerStatuses":[{"ready":true,"restartCount":2},{"ready":true}]}})",
        R"({"metadata":{"name":"fluentd-b2"},"spec":{"nodeName":"worker-2","containers":[{},{}]},
            "status":{"phase":"Pending","containerStatuses":[{"ready":false,"state":{"waiting":{"reason":"ImagePullBackOff"}}},
                                                             {"ready":true}]}})",
    };
    for (const char* pod : pods) status.pods.push_back(planton::kube::summarize_pod(json::parse(pod)));
    return status;
}

}  // namespace

TEST_CASE("status text: counts, pods per node, stack outputs", "[cli][status]") {
    CHECK(planton::cli::status_text(example()) ==
          "daemonset.apps/fluentd in namespace logging\n"
          "  generation 3, observed 2 (the controller has not seen the last change yet)\n"
          "  desired 3, current 3, updated 1, ready 2, available 2, unavailable 1\n"
          "\n"
          "NODE             POD         PHASE    READY  RESTARTS  REASON\n"
          "control-plane-1  fluentd-c3  Running  2/2    0\n"
          "worker-1         fluentd-a1  Running  2/2    2\n"
          "worker-2         fluentd-b2  Pending  1/2    0         ImagePullBackOff\n"
          "\n"
          "outputs:\n"
          "  namespace: logging\n"
          "  daemonset_name: fluentd\n"
          "  desired_number_scheduled: 3\n"
          "  current_number_scheduled: 3\n"
          "  number_ready: 2\n");
    DaemonSetStatus empty = example();
    empty.pods.clear();
    CHECK(planton::cli::status_text(empty).find("\n\nno pods\n\noutputs:\n") != std::string::npos);
}

TEST_CASE("status JSON: Planton's output keys first, then counts and pods", "[cli][status]") {
    const ordered_json out = planton::cli::status_json(example());
    CHECK(out.dump() == ordered_json::parse(R"({
        "namespace":"logging","daemonset_name":"fluentd","desired_number_scheduled":3,
        "current_number_scheduled":3,"number_ready":2,"updated_number_scheduled":1,"number_available":2,
        "number_unavailable":1,"number_misscheduled":0,"generation":3,"observed_generation":2,
        "pods":[{"node":"control-plane-1","name":"fluentd-c3","phase":"Running","ready":"2/2","restarts":0,"reason":""},
                {"node":"worker-1","name":"fluentd-a1","phase":"Running","ready":"2/2","restarts":2,"reason":""},
                {"node":"worker-2","name":"fluentd-b2","phase":"Pending","ready":"1/2","restarts":0,"reason":"ImagePullBackOff"}]})")
                            .dump());
}
