#include <catch2/catch.hpp>

#include "planton/kube/status.hpp"

#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::Client;
using planton::kube::pod_status_of;
using planton::kube::read_status;
using planton::kube::StatusRead;
using planton::test::FakeClock;
using planton::test::FakeTransport;

namespace {

const char* kDaemonSet = R"({"apiVersion":"apps/v1","kind":"DaemonSet",
  "metadata":{"name":"fluentd","namespace":"logging","uid":"ds-uid","generation":3},
  "spec":{"selector":{"matchLabels":{"app.kubernetes.io/name":"fluentd"}}},
  "status":{"observedGeneration":2,"desiredNumberScheduled":3,"currentNumberScheduled":3,
            "updatedNumberScheduled":1,"numberReady":2,"numberAvailable":2,"numberUnavailable":1}})";

json pod(const std::string& name, const std::string& node, const std::string& owner_uid, const std::string& phase,
         const json& container_status) {
    return {{"metadata", {{"name", name}, {"ownerReferences", json::array({{{"kind", "DaemonSet"}, {"uid", owner_uid}}})}}},
            {"spec", {{"nodeName", node}, {"containers", json::array({{{"name", "fluentd"}}})}}},
            {"status", {{"phase", phase}, {"containerStatuses", json::array({container_status})}}}};
}

std::string pod_list() {
    const json items = json::array({
        pod("fluentd-b2", "worker-2", "ds-uid", "Pending",
            {{"ready", false}, {"restartCount", 0}, {"state", {{"waiting", {{"reason", "ImagePullBackOff"}}}}}}),
        pod("fluentd-a1", "worker-1", "ds-uid", "Running",
            {{"ready", true}, {"restartCount", 2}, {"state", {{"running", json::object()}}}}),
        pod("other-x", "worker-1", "someone-else", "Running", {{"ready", true}, {"restartCount", 0}}),
        pod("fluentd-c3", "control-plane-1", "ds-uid", "Running", {{"ready", true}, {"restartCount", 0}}),
    });
    return json({{"kind", "PodList"}, {"items", items}}).dump();
}

}  // namespace

TEST_CASE("status: counts and the DaemonSet's own pods per node", "[kube][status]") {
    FakeTransport fake;
    fake.push(200, kDaemonSet);
    fake.push(200, pod_list());
    Client client(fake);
    const StatusRead read = read_status(client, "logging", "fluentd");
    REQUIRE(read.ok());
    REQUIRE(read.status);
    CHECK(fake.requests.size() == 2);
    CHECK(fake.requests[0].path == "/apis/apps/v1/namespaces/logging/daemonsets/fluentd");
    CHECK(fake.requests[1].path == "/api/v1/namespaces/logging/pods?labelSelector=app.kubernetes.io%2Fname%3Dfluentd");
    CHECK(planton::kube::status_text(*read.status) ==
          "daemonset.apps/fluentd in namespace logging\n"
          "  generation 3, observed 2 (the controller has not seen the last change yet)\n"
          "  desired 3, current 3, updated 1, ready 2, available 2, unavailable 1\n"
          "\n"
          "NODE             POD         PHASE    READY  RESTARTS  REASON\n"
          "control-plane-1  fluentd-c3  Running  1/1    0\n"
          "worker-1         fluentd-a1  Running  1/1    2\n"
          "worker-2         fluentd-b2  Pending  0/1    0         ImagePullBackOff\n"
          "\n"
          "outputs:\n"
          "  namespace: logging\n"
          "  daemonset_name: fluentd\n"
          "  desired_number_scheduled: 3\n"
          "  current_number_scheduled: 3\n"
          "  number_ready: 2\n");
    CHECK(planton::kube::status_json(*read.status) == ordered_json::parse(R"({
        "namespace":"logging","daemonset_name":"fluentd","desired_number_scheduled":3,
        "current_number_scheduled":3,"number_ready":2,"updated_number_scheduled":1,"number_available":2,
        "number_unavailable":1,"number_misscheduled":0,"generation":3,"observed_generation":2,
        "pods":[{"node":"control-plane-1","name":"fluentd-c3","phase":"Running","ready":"1/1","restarts":0,"reason":""},
                {"node":"worker-1","name":"fluentd-a1","phase":"Running","ready":"1/1","restarts":2,"reason":""},
                {"node":"worker-2","name":"fluentd-b2","phase":"Pending","ready":"0/1","restarts":0,"reason":"ImagePullBackOff"}]})"));
}

TEST_CASE("status: a DaemonSet that does not exist, and failures", "[kube][status]") {
    FakeTransport fake;
    fake.push(404, R"({"kind":"Status","code":404})");
    Client client(fake);
    const StatusRead missing = read_status(client, "logging", "fluentd");
    CHECK(missing.ok());
    CHECK_FALSE(missing.status);
    CHECK(planton::kube::not_found_message("logging", "fluentd") ==
          "daemonset.apps/fluentd not found in namespace logging (not applied yet? run planton-ds apply -f with "
          "this manifest)");

    fake.push_transport_error("cannot connect to https://fake.test:6443: connection refused");
    const StatusRead down = read_status(client, "logging", "fluentd");
    CHECK(down.exit_code == 3);
    CHECK(down.error == "cannot get daemonset.apps/fluentd: cannot connect to https://fake.test:6443: connection refused");

    fake.push(200, kDaemonSet);
    fake.push(403, R"({"kind":"Status","code":403,"message":"pods is forbidden"})");
    const StatusRead forbidden = read_status(client, "logging", "fluentd");
    CHECK(forbidden.exit_code == 1);
    CHECK(forbidden.error == "cannot list pods in namespace logging: forbidden (403): pods is forbidden");
}

TEST_CASE("status: the reason of a pod", "[kube][status]") {
    struct Case {
        const char* name;
        const char* pod;
        const char* reason;
    };
    const Case cases[] = {
        {"crash loop", R"({"status":{"phase":"Running","containerStatuses":[{"ready":false,"restartCount":4,
           "state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"reason":"Error"}}}]}})",
         "CrashLoopBackOff"},
        {"an init container first", R"({"status":{"phase":"Pending","initContainerStatuses":[{"state":{"waiting":
           {"reason":"ErrImagePull"}}}],"containerStatuses":[{"state":{"waiting":{"reason":"PodInitializing"}}}]}})",
         "ErrImagePull"},
        {"terminated", R"({"status":{"phase":"Failed","containerStatuses":[{"state":{"terminated":{"reason":"OOMKilled"}}}]}})",
         "OOMKilled"},
        {"the pod's reason", R"({"status":{"phase":"Failed","reason":"Evicted"}})", "Evicted"},
        {"being deleted", R"({"metadata":{"deletionTimestamp":"2024-01-01T00:00:00Z"},"status":{"phase":"Running"}})",
         "Terminating"},
        {"running normally", R"({"status":{"phase":"Running","containerStatuses":[{"ready":true,"state":{"running":{}}}]}})",
         ""},
    };
    for (const Case& c : cases) {
        SECTION(c.name) { CHECK(pod_status_of(json::parse(c.pod)).reason == c.reason); }
    }
}

TEST_CASE("status --watch reads every interval until stopped", "[kube][status]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.path.find("/pods") != std::string::npos) return FakeTransport::answer(200, R"({"items":[]})");
        return FakeTransport::answer(200, kDaemonSet);
    };
    FakeClock clock;
    Client client(fake);
    int shown = 0;
    planton::kube::WatchOptions options;
    options.interval = std::chrono::milliseconds(250);
    options.clock = &clock;
    options.stop_requested = [&shown] { return shown == 3; };
    planton::kube::watch_status(client, "logging", "fluentd", options, [&shown](const StatusRead& read) {
        CHECK(read.status->ready == 2);
        ++shown;
    });
    CHECK(shown == 3);
    CHECK(fake.requests.size() == 6);
    // Two full intervals, each slept in slices of at most 100 ms.
    using std::chrono::milliseconds;
    CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(100), milliseconds(100), milliseconds(50),
                                                    milliseconds(100), milliseconds(100), milliseconds(50)});
}
