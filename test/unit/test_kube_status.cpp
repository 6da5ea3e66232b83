#include <catch2/catch.hpp>

#include <set>

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

const char* kNodes = R"({"kind":"NodeList","items":[
  {"metadata":{"name":"worker-1"}},{"metadata":{"name":"worker-2"}},
  {"metadata":{"name":"db-1"},"spec":{"taints":[{"key":"dedicated","value":"db","effect":"NoExecute"}]}}]})";

json event(const std::string& name, const std::string& kind, const std::string& object, const std::string& uid,
           const std::string& reason, const std::string& last_seen, const std::string& type = "Warning") {
    return {{"metadata", {{"name", name}, {"creationTimestamp", last_seen}}},
            {"involvedObject", {{"kind", kind}, {"name", object}, {"uid", uid}}},
            {"type", type},
            {"reason", reason},
            {"message", reason + " of " + object},
            {"count", 1},
            {"firstTimestamp", last_seen},
            {"lastTimestamp", last_seen}};
}

TEST_CASE("status: reads the DaemonSet, its own pods, the nodes and the Warning events", "[kube][status]") {
    FakeTransport fake;
    fake.push(200, kDaemonSet);
    json pod_b = pod("fluentd-b", "worker-2", "ds-uid");
    pod_b["metadata"]["uid"] = "pod-b";
    pod_b["metadata"]["labels"] = {{"pod-template-generation", "2"}};
    pod_b["spec"]["containers"][0]["image"] = "fluent/fluentd:v1.16";
    fake.push(200, json({{"kind", "PodList"},
                         {"items",
                          {pod_b, pod("other", "worker-1", "x"), pod("fluentd-a", "worker-1", "ds-uid")}}})
                       .dump());
    fake.push(200, kNodes);
    fake.push(200, json({{"kind", "EventList"},
                         {"items",
                          {event("e1", "Pod", "fluentd-b", "pod-b", "BackOff", "2024-05-01T11:00:00Z"),
                           event("e2", "Pod", "other", "other-uid", "BackOff", "2024-05-01T11:00:01Z"),
                           event("e3", "DaemonSet", "fluentd", "ds-uid", "FailedCreate", "2024-05-01T10:00:00Z")}}})
                       .dump());
    Client client(fake);
    const StatusRead read = read_status(client, "logging", "fluentd");
    REQUIRE(read.ok());
    REQUIRE(read.status);
    REQUIRE(fake.requests.size() == 4);
    CHECK(fake.requests[0].path == "/apis/apps/v1/namespaces/logging/daemonsets/fluentd");
    CHECK(fake.requests[1].path ==
          "/api/v1/namespaces/logging/pods?labelSelector=app.kubernetes.io%2Fname%3Dfluentd");
    CHECK(fake.requests[2].path == "/api/v1/nodes?limit=500");
    CHECK(fake.requests[3].path == "/api/v1/namespaces/logging/events?fieldSelector=type%3DWarning");
    CHECK(read.status->counts.desired == 3);
    CHECK(read.status->counts.unavailable == 1);
    REQUIRE(read.status->pods.size() == 2);
    CHECK(read.status->pods[0].name == "fluentd-a");
    CHECK(read.status->pods[0].ready_containers == 1);
    CHECK(read.status->pods[0].containers == 1);
    CHECK(read.status->pods[1].name == "fluentd-b");
    CHECK(read.status->pods[1].images == std::vector<std::string>{"fluent/fluentd:v1.16"});
    REQUIRE(read.status->coverage);
    CHECK(read.status->coverage->total == 3);
    CHECK(read.status->coverage->matching == 2);
    CHECK(read.status->notes.empty());
    // The DaemonSet's and its pods' events, oldest first; not the other pod's.
    REQUIRE(read.status->events.size() == 2);
    CHECK(read.status->events[0].object == "daemonset/fluentd");
    CHECK(read.status->events[1].object == "pod/fluentd-b");
    CHECK(read.status->events[1].message == "BackOff of fluentd-b");
}

TEST_CASE("status: a 403 on the nodes or the events skips that part with a note", "[kube][status]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.path.find("/daemonsets/") != std::string::npos) return FakeTransport::answer(200, kDaemonSet);
        if (request.path.find("/pods") != std::string::npos) return FakeTransport::answer(200, R"({"items":[]})");
        return FakeTransport::answer(403, R"({"kind":"Status","code":403,"message":"forbidden here"})");
    };
    Client client(fake);
    const StatusRead read = read_status(client, "logging", "fluentd");
    REQUIRE(read.ok());
    REQUIRE(read.status);
    CHECK_FALSE(read.status->coverage);
    CHECK(read.status->events.empty());
    CHECK(read.status->notes ==
          std::vector<std::string>{
              "the node coverage is skipped: cannot list nodes: forbidden (403): forbidden here",
              "the Warning events are skipped: cannot list events in namespace logging: forbidden (403): "
              "forbidden here"});
}

TEST_CASE("status: the Warning events kept", "[kube][status]") {
    const std::set<std::string> uids{"ds-uid", "pod-a"};
    SECTION("the most recent ones, oldest first, only of the DaemonSet and its pods, only Warnings") {
        json items = json::array();
        for (int i = 0; i < 8; ++i) {
            items.push_back(event("e" + std::to_string(i), "Pod", "fluentd-a", "pod-a", "R" + std::to_string(i),
                                  "2024-05-01T11:00:0" + std::to_string(8 - i) + "Z"));
        }
        items.push_back(event("n", "Pod", "fluentd-a", "pod-a", "Pulled", "2024-05-01T12:00:00Z", "Normal"));
        items.push_back(event("o", "Pod", "other", "other", "BackOff", "2024-05-01T12:00:00Z"));
        const auto events = planton::kube::warning_events({{"items", items}}, uids, 3);
        REQUIRE(events.size() == 3);
        CHECK(events[0].reason == "R2");
        CHECK(events[1].reason == "R1");
        CHECK(events[2].reason == "R0");
    }
    SECTION("times: lastTimestamp, else eventTime (MicroTime), else creation; count at least 1; one line") {
        json recent = event("a", "DaemonSet", "fluentd", "ds-uid", "FailedCreate", "");
        recent.erase("firstTimestamp");
        recent.erase("lastTimestamp");
        recent.erase("count");
        recent["eventTime"] = "2024-05-01T11:00:05.123456Z";
        recent["message"] = "line one\nline two";
        json older = event("b", "Pod", "fluentd-a", "pod-a", "BackOff", "");
        older["lastTimestamp"] = nullptr;
        older["firstTimestamp"] = nullptr;
        older["metadata"]["creationTimestamp"] = "2024-05-01T11:00:04Z";
        const auto events = planton::kube::warning_events({{"items", {recent, older}}}, uids);
        REQUIRE(events.size() == 2);
        CHECK(events[0].reason == "BackOff");
        CHECK(events[0].first_seen == "2024-05-01T11:00:04Z");
        CHECK(events[0].last_seen == "2024-05-01T11:00:04Z");
        CHECK(events[1].last_seen == "2024-05-01T11:00:05.123456Z");
        CHECK(events[1].count == 1);
        CHECK(events[1].message == "line one line two");
    }
}

TEST_CASE("status: what is missing before the current generation counts as rolled out", "[kube][status]") {
    auto status_of = [](const char* counts, std::vector<std::pair<std::string, bool>> pods = {}) {
        const json daemonset = json::parse(counts);
        planton::kube::DaemonSetStatus status{daemonset, planton::kube::rollout_counts(daemonset), {},
                                              std::nullopt, {}, {}};
        for (const auto& [generation, terminating] : pods) {
            json object = {{"metadata", {{"labels", {{"pod-template-generation", generation}}}}}};
            if (terminating) object["metadata"]["deletionTimestamp"] = "2024-05-01T11:00:00Z";
            status.pods.push_back(planton::kube::status_pod(object, "2"));
        }
        return planton::kube::rollout_gaps(status);
    };
    using Gaps = std::vector<std::string>;
    const char* done = R"({"metadata":{"generation":2},"status":{"observedGeneration":2,"desiredNumberScheduled":2,
        "updatedNumberScheduled":2,"numberReady":2,"numberAvailable":2}})";
    CHECK(status_of(done, {{"2", false}, {"2", false}}).empty());
    // An old pod being deleted is on its way out; one that stays is not rolled out.
    CHECK(status_of(done, {{"2", false}, {"2", false}, {"1", true}}).empty());
    CHECK(status_of(done, {{"2", false}, {"1", false}}) == Gaps{"1 pod runs an older template"});
    CHECK(status_of(R"({"metadata":{"generation":3},"status":{"observedGeneration":2}})") ==
          Gaps{"generation 3 not observed yet"});
    CHECK(status_of(R"({"metadata":{"generation":1},"status":{"observedGeneration":1,"desiredNumberScheduled":0}})")
              .empty());
    CHECK(status_of(R"({"metadata":{"generation":2},"status":{"observedGeneration":2,"desiredNumberScheduled":3,
        "updatedNumberScheduled":1,"numberReady":3,"numberAvailable":2}})",
                    {{"1", false}, {"1", false}, {"2", false}}) ==
          Gaps{"1/3 updated", "2/3 available", "2 pods run an older template"});
    CHECK(status_of(R"({"metadata":{"generation":2},"status":{"observedGeneration":2,"desiredNumberScheduled":2,
        "updatedNumberScheduled":2,"numberReady":1,"numberAvailable":1}})") == Gaps{"1/2 ready", "1/2 available"});
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

    // A server that keeps failing could not be read: unreachable, as status's exit 3 says.
    fake.push(503, R"({"kind":"Status","code":503,"message":"etcd is down"})");
    CHECK(kind_of(read_status(client, "logging", "fluentd").failure) == "unreachable");
    fake.push(200, kDaemonSet);
    fake.push(200, R"({"items":[]})");
    fake.push(500, R"({"kind":"Status","code":500})");
    CHECK(kind_of(read_status(client, "logging", "fluentd").failure) == "unreachable");

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
        if (request.path.find("/daemonsets/") != std::string::npos) return FakeTransport::answer(200, kDaemonSet);
        return FakeTransport::answer(200, R"({"items":[]})");
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
    CHECK(fake.requests.size() == 10);  // DaemonSet, pods, events; the nodes once (a minute apart)
    // Two full intervals, each slept in slices of at most 100 ms.
    using std::chrono::milliseconds;
    CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(100), milliseconds(100), milliseconds(50),
                                                    milliseconds(100), milliseconds(100), milliseconds(50)});
}

TEST_CASE("status --watch lists the nodes every nodes_interval and the coverage at every read", "[kube][status]") {
    FakeTransport fake;
    json daemonset = json::parse(kDaemonSet);
    int reads = 0;
    fake.handler = [&](const planton::kube::HttpRequest& request) {
        if (request.path.find("/daemonsets/") != std::string::npos) {
            ++reads;
            // From the third read on, the DaemonSet selects ssd nodes only.
            if (reads == 3) daemonset["spec"]["template"]["spec"]["nodeSelector"] = {{"disk", "ssd"}};
            return FakeTransport::answer(200, daemonset.dump());
        }
        if (request.path == "/api/v1/nodes?limit=500")
            return FakeTransport::answer(200, R"({"items":[{"metadata":{"name":"a","labels":{"disk":"ssd"},
                "annotations":{"big":"dropped"}},"status":{"images":[{"names":["x"]}]}},{"metadata":{"name":"b"}}]})");
        return FakeTransport::answer(200, R"({"items":[]})");
    };
    FakeClock clock;
    Client client(fake);
    planton::kube::WatchOptions options;
    options.interval = std::chrono::milliseconds(200);
    options.nodes_interval = std::chrono::milliseconds(500);
    options.clock = &clock;
    std::vector<long long> matching;
    options.stop_requested = [&matching] { return matching.size() == 5; };
    planton::kube::watch_status(client, "logging", "fluentd", options, [&](const StatusRead& read) {
        REQUIRE(read.status);
        REQUIRE(read.status->coverage);
        matching.push_back(read.status->coverage->matching);
    });
    // Reads at 0, 200, 400, 600, 800 ms: the nodes listed at 0 and 600.
    std::vector<size_t> node_lists;
    for (size_t i = 0; i < fake.requests.size(); ++i) {
        if (fake.requests[i].path == "/api/v1/nodes?limit=500") node_lists.push_back(i);
    }
    CHECK(node_lists == std::vector<size_t>{2, 12});
    // The DaemonSet's change shows at once, from the list read before it.
    CHECK(matching == std::vector<long long>{2, 2, 1, 1, 1});
}
