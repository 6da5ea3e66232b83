#include <catch2/catch.hpp>

#include "planton/kube/status.hpp"

#include "failure_support.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using planton::kube::Client;
using planton::kube::pod_reason;
using planton::kube::read_status;
using planton::kube::StatusRead;
using planton::test::FakeClock;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;

namespace {

const char* kDaemonSet = R"({"apiVersion":"apps/v1","kind":"DaemonSet",
  "metadata":{"name":"fluentd","namespace":"logging","uid":"ds-uid","generation":3},
  "spec":{"selector":{"matchLabels":{"app.kubernetes.io/name":"fluentd"}}},
  "status":{"observedGeneration":2,"desiredNumberScheduled":3,"currentNumberScheduled":3,
            "updatedNumberScheduled":1,"numberReady":2,"numberAvailable":2,"numberUnavailable":1}})";

json pod(const std::string& name, const std::string& node, const std::string& owner_uid) {
    return {{"metadata",
             {{"name", name},
              {"ownerReferences",
               json::array({{{"kind", "DaemonSet"}, {"uid", owner_uid}, {"controller", true}}})}}},
            {"spec", {{"nodeName", node}, {"containers", json::array({{{"name", "fluentd"}}})}}},
            {"status", {{"phase", "Running"}, {"containerStatuses", json::array({{{"ready", true}}})}}}};
}

}  // namespace

TEST_CASE("status: reads the DaemonSet and its own pods by its selector", "[kube][status]") {
    FakeTransport fake;
    fake.push(200, kDaemonSet);
    fake.push(200, json({{"kind", "PodList"},
                         {"items",
                          {pod("fluentd-b", "worker-2", "ds-uid"), pod("other", "worker-1", "x"),
                           pod("fluentd-a", "worker-1", "ds-uid")}}})
                       .dump());
    Client client(fake);
    const StatusRead read = read_status(client, "logging", "fluentd");
    REQUIRE(read.ok());
    REQUIRE(read.status);
    REQUIRE(fake.requests.size() == 2);
    CHECK(fake.requests[0].path == "/apis/apps/v1/namespaces/logging/daemonsets/fluentd");
    CHECK(fake.requests[1].path ==
          "/api/v1/namespaces/logging/pods?labelSelector=app.kubernetes.io%2Fname%3Dfluentd");
    CHECK(read.status->counts.desired == 3);
    CHECK(read.status->counts.unavailable == 1);
    REQUIRE(read.status->pods.size() == 2);
    CHECK(read.status->pods[0].name == "fluentd-a");
    CHECK(read.status->pods[0].ready_containers == 1);
    CHECK(read.status->pods[0].containers == 1);
    CHECK(read.status->pods[1].name == "fluentd-b");
}

TEST_CASE("status: a DaemonSet that does not exist, and failures", "[kube][status]") {
    FakeTransport fake;
    fake.push(404, R"({"kind":"Status","code":404})");
    Client client(fake);
    const StatusRead missing = read_status(client, "logging", "fluentd");
    CHECK(missing.ok());
    CHECK_FALSE(missing.status);
    CHECK(planton::kube::not_found_message("logging", "fluentd") ==
          "daemonset.apps/fluentd not found in namespace logging (not applied yet? run planton-ds apply -f "
          "with "
          "this manifest)");

    fake.push_transport_error("cannot connect to https://fake.test:6443: connection refused");
    const StatusRead down = read_status(client, "logging", "fluentd");
    CHECK(kind_of(down.failure) == "unreachable");
    CHECK(message_of(down.failure) ==
          "cannot get daemonset.apps/fluentd: cannot connect to https://fake.test:6443: connection refused");

    fake.push(200, kDaemonSet);
    fake.push(403, R"({"kind":"Status","code":403,"message":"pods is forbidden"})");
    const StatusRead forbidden = read_status(client, "logging", "fluentd");
    CHECK(kind_of(forbidden.failure) == "refused");
    CHECK(message_of(forbidden.failure) ==
          "cannot list pods in namespace logging: forbidden (403): pods is forbidden");
}

TEST_CASE("status: the reason shown for a pod", "[kube][status]") {
    struct Case {
        const char* name;
        const char* pod;
        const char* reason;
    };
    const Case cases[] = {
        {"a waiting container",
         R"({"status":{"phase":"Running","containerStatuses":[{"ready":false,"restartCount":4,
           "state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})",
         "CrashLoopBackOff"},
        {"the pod's reason", R"({"status":{"phase":"Failed","reason":"Evicted"}})", "Evicted"},
        {"being deleted",
         R"({"metadata":{"deletionTimestamp":"2024-01-01T00:00:00Z"},"status":{"phase":"Running",
           "containerStatuses":[{"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}})",
         "Terminating"},
        {"running normally",
         R"({"status":{"phase":"Running","containerStatuses":[{"ready":true,"state":{"running":{}}}]}})", ""},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            CHECK(pod_reason(planton::kube::summarize_pod(json::parse(c.pod))) == c.reason);
        }
    }
}

TEST_CASE("status --watch reads every interval until stopped", "[kube][status]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.path.find("/pods") != std::string::npos)
            return FakeTransport::answer(200, R"({"items":[]})");
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
        CHECK(read.status->counts.ready == 2);
        ++shown;
    });
    CHECK(shown == 3);
    CHECK(fake.requests.size() == 6);
    // Two full intervals, each slept in slices of at most 100 ms.
    using std::chrono::milliseconds;
    CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(100), milliseconds(100), milliseconds(50),
                                                    milliseconds(100), milliseconds(100), milliseconds(50)});
}
