#include <catch2/catch.hpp>

#include "cli/status_report.hpp"

#include "planton/kube/exec_plugin.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::DaemonSetStatus;

namespace {

// 2024-05-01T12:00:00Z: the pods below are 5m, 2d3h and 40s old at this time.
std::chrono::system_clock::time_point now() {
    return *planton::kube::parse_rfc3339("2024-05-01T12:00:00Z");
}

DaemonSetStatus example() {
    const json daemonset = json::parse(R"({"metadata":{"name":"fluentd","namespace":"logging","generation":3,
      "uid":"ds-uid","annotations":{"deprecated.daemonset.template.generation":"3"}},
      "status":{"observedGeneration":2,"desiredNumberScheduled":3,"currentNumberScheduled":3,
                "updatedNumberScheduled":1,"numberReady":2,"numberAvailable":2,"numberUnavailable":1}})");
    DaemonSetStatus status{daemonset, planton::kube::rollout_counts(daemonset), {}, std::nullopt, {}, {}};
    const char* pods[] = {
        R"({"metadata":{"name":"fluentd-c3","creationTimestamp":"2024-05-01T11:55:00Z",
            "labels":{"pod-template-generation":"2"}},
            "spec":{"nodeName":"control-plane-1","containers":[{"image":"fluent/fluentd:v1.15"},{"image":"busybox"}]},
            "status":{"phase":"Running","containerStatuses":[{"ready":true},{"ready":true}]}})",
        R"({"metadata":{"name":"fluentd-a1","creationTimestamp":"2024-04-29T09:00:00Z",
            "labels":{"pod-template-generation":"2"}},
            "spec":{"nodeName":"worker-1","containers":[{"image":"fluent/fluentd:v1.15"},{"image":"busybox"}]},
            "status":{"phase":"Running","containerStatuses":[{"ready":true,"restartCount":2},{"ready":true}]}})",
        R"({"metadata":{"name":"fluentd-b2","creationTimestamp":"2024-05-01T11:59:20Z",
            "labels":{"pod-template-generation":"3"}},
            "spec":{"nodeName":"worker-2","containers":[{"image":"fluent/fluentd:v1.16"},{"image":"busybox"}]},
            "status":{"phase":"Pending","containerStatuses":[{"ready":false,"state":{"waiting":{"reason":"ImagePullBackOff"}}},
                                                             {"ready":true}]}})",
    };
    for (const char* pod : pods) status.pods.push_back(planton::kube::status_pod(json::parse(pod), "3"));
    status.coverage = planton::kube::Coverage{
        4, 3, {{"db-1", "taint dedicated=db:NoExecute"}}};
    status.events = {
        {"BackOff", "pod/fluentd-b2", "Back-off pulling image \"fluent/fluentd:v1.16\"", 7,
         "2024-05-01T11:59:30Z", "2024-05-01T11:59:50Z"},
        {"FailedCreate", "daemonset/fluentd", "Error creating: pods \"fluentd-\" is forbidden", 1,
         "2024-05-01T11:59:55Z", "2024-05-01T11:59:55Z"},
    };
    return status;
}

}  // namespace

TEST_CASE("status text: counts, rollout, coverage, pods, events, stack outputs", "[cli][status]") {
    CHECK(planton::cli::status_text(example(), now()) ==
          "daemonset.apps/fluentd in namespace logging\n"
          "  generation 3, observed 2 (the controller has not seen the last change yet)\n"
          "  desired 3, current 3, updated 1, ready 2, available 2, unavailable 1\n"
          "  not rolled out: generation 3 not observed yet, 1/3 updated, 2/3 ready, 2/3 available, 2 pods run "
          "an older template\n"
          "  will run on 3 of 4 nodes; not on db-1 (taint dedicated=db:NoExecute)\n"
          "\n"
          "NODE             POD         PHASE    READY  RESTARTS  AGE   IMAGE                         TEMPLATE  "
          "REASON\n"
          "control-plane-1  fluentd-c3  Running  2/2    0         5m    fluent/fluentd:v1.15,busybox  older\n"
          "worker-1         fluentd-a1  Running  2/2    2         2d3h  fluent/fluentd:v1.15,busybox  older\n"
          "worker-2         fluentd-b2  Pending  1/2    0         40s   fluent/fluentd:v1.16,busybox  current   "
          "ImagePullBackOff\n"
          "\n"
          "Warning events (the last 5 at most):\n"
          "LAST SEEN          REASON        OBJECT             MESSAGE\n"
          "10s (x7 over 30s)  BackOff       pod/fluentd-b2     Back-off pulling image \"fluent/fluentd:v1.16\"\n"
          "5s                 FailedCreate  daemonset/fluentd  Error creating: pods \"fluentd-\" is forbidden\n"
          "\n"
          "outputs:\n"
          "  namespace: logging\n"
          "  daemonset_name: fluentd\n"
          "  desired_number_scheduled: 3\n"
          "  current_number_scheduled: 3\n"
          "  number_ready: 2\n");
}

TEST_CASE("status text: rolled out, no pods, no events, skipped parts", "[cli][status]") {
    const json daemonset = json::parse(R"({"metadata":{"name":"fluentd","namespace":"logging","generation":1},
      "status":{"observedGeneration":1}})");
    DaemonSetStatus empty{daemonset, planton::kube::rollout_counts(daemonset), {}, std::nullopt, {}, {}};
    empty.notes = {"the node coverage is skipped: cannot list nodes: forbidden (403)"};
    CHECK(planton::cli::status_text(empty, now()) ==
          "daemonset.apps/fluentd in namespace logging\n"
          "  generation 1, observed 1\n"
          "  desired 0, current 0, updated 0, ready 0, available 0, unavailable 0\n"
          "  rolled out and ready\n"
          "  note: the node coverage is skipped: cannot list nodes: forbidden (403)\n"
          "\n"
          "no pods\n"
          "\n"
          "no Warning events\n"
          "\n"
          "outputs:\n"
          "  namespace: logging\n"
          "  daemonset_name: fluentd\n"
          "  desired_number_scheduled: 0\n"
          "  current_number_scheduled: 0\n"
          "  number_ready: 0\n");
}

TEST_CASE("status text: an OnDelete DaemonSet with pods of an older template says how to replace them",
          "[cli][status]") {
    DaemonSetStatus status = example();
    status.daemonset["spec"]["updateStrategy"]["type"] = "OnDelete";
    status.counts = planton::kube::rollout_counts(status.daemonset);
    const std::string text = planton::cli::status_text(status, now());
    CHECK(text.find("2 pods run an older template\n"
                    "  note: updateStrategy OnDelete: pods update only when deleted; `planton-ds restart "
                    "--outdated-only` replaces the older ones node by node\n") != std::string::npos);
    CHECK(planton::cli::status_text(example(), now()).find("OnDelete") == std::string::npos);
}

TEST_CASE("status JSON: Planton's output keys first, coverage, then counts, pods and events", "[cli][status]") {
    const ordered_json out = planton::cli::status_json(example());
    CHECK(out.dump() == ordered_json::parse(R"({
        "namespace":"logging","daemonset_name":"fluentd","desired_number_scheduled":3,
        "current_number_scheduled":3,"number_ready":2,
        "nodes_total":4,"nodes_matching":3,"nodes_excluded":[{"node":"db-1","reason":"taint dedicated=db:NoExecute"}],
        "rolled_out":false,
        "rollout_gaps":["generation 3 not observed yet","1/3 updated","2/3 ready","2/3 available",
                        "2 pods run an older template"],
        "updated_number_scheduled":1,"number_available":2,
        "number_unavailable":1,"number_misscheduled":0,"generation":3,"observed_generation":2,
        "template_generation":"3",
        "pods":[{"node":"control-plane-1","name":"fluentd-c3","phase":"Running","ready":"2/2","restarts":0,"reason":"",
                 "created":"2024-05-01T11:55:00Z","images":["fluent/fluentd:v1.15","busybox"],
                 "template_generation":"2","current_template":false},
                {"node":"worker-1","name":"fluentd-a1","phase":"Running","ready":"2/2","restarts":2,"reason":"",
                 "created":"2024-04-29T09:00:00Z","images":["fluent/fluentd:v1.15","busybox"],
                 "template_generation":"2","current_template":false},
                {"node":"worker-2","name":"fluentd-b2","phase":"Pending","ready":"1/2","restarts":0,
                 "reason":"ImagePullBackOff","created":"2024-05-01T11:59:20Z",
                 "images":["fluent/fluentd:v1.16","busybox"],"template_generation":"3","current_template":true}],
        "warning_events":[
          {"reason":"BackOff","object":"pod/fluentd-b2","message":"Back-off pulling image \"fluent/fluentd:v1.16\"",
           "count":7,"first_seen":"2024-05-01T11:59:30Z","last_seen":"2024-05-01T11:59:50Z"},
          {"reason":"FailedCreate","object":"daemonset/fluentd","message":"Error creating: pods \"fluentd-\" is forbidden",
           "count":1,"first_seen":"2024-05-01T11:59:55Z","last_seen":"2024-05-01T11:59:55Z"}]})")
                            .dump());
}

TEST_CASE("status JSON: no coverage keys when the nodes could not be listed, and the notes", "[cli][status]") {
    DaemonSetStatus status = example();
    status.coverage.reset();
    status.notes = {"the node coverage is skipped: cannot list nodes: forbidden (403)"};
    const ordered_json out = planton::cli::status_json(status);
    CHECK_FALSE(out.contains("nodes_total"));
    CHECK_FALSE(out.contains("nodes_excluded"));
    CHECK(out["notes"] == ordered_json::array({"the node coverage is skipped: cannot list nodes: forbidden (403)"}));
}
