// restart (restart.hpp): the RollingUpdate patch, and the OnDelete restart that deletes
// pods node by node within max_unavailable.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "planton/kube/restart.hpp"

#include "failure_support.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using planton::kube::Client;
using planton::kube::PodSummary;
using planton::test::FakeClock;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;

namespace {

PodSummary pod(const std::string& name, const std::string& node, bool ready, bool terminating = false) {
    PodSummary p;
    p.name = name;
    p.node = node;
    p.ready = ready;
    p.terminating = terminating;
    return p;
}

using Names = std::vector<std::string>;
using NodeMap = std::map<std::string, std::string>;

}  // namespace

TEST_CASE("restart: the RollingUpdate patch", "[kube][restart]") {
    CHECK(planton::kube::restart_patch("2026-12-04T05:01:02Z") ==
          R"({"spec":{"template":{"metadata":{"annotations":{"planton-ds.io/restarted-at":"2026-12-04T05:01:02Z"}}}}})");
    CHECK(planton::kube::rfc3339(std::chrono::system_clock::time_point(std::chrono::seconds(1700000000))) ==
          "2023-11-14T22:13:20Z");
    FakeTransport fake;
    fake.push(200, R"({"kind":"DaemonSet"})");
    Client client(fake);
    CHECK(planton::kube::patch_restarted_at(client, {"apps/v1", "DaemonSet", "fluentd", "logging"}, "T").ok());
    REQUIRE(fake.requests.size() == 1);
    CHECK(fake.requests[0].method == "PATCH");
    CHECK(fake.requests[0].path ==
          "/apis/apps/v1/namespaces/logging/daemonsets/fluentd?fieldManager=planton-ds-restart");
    CHECK(fake.requests[0].content_type == "application/merge-patch+json");
}

TEST_CASE("restart: max_unavailable of a DaemonSet", "[kube][restart]") {
    auto with = [](const json& value) {
        return json{{"spec", {{"updateStrategy", {{"rollingUpdate", {{"maxUnavailable", value}}}}}}}};
    };
    CHECK(planton::kube::max_unavailable_of(json::object(), 10) == 1);
    CHECK(planton::kube::max_unavailable_of(with(3), 10) == 3);
    CHECK(planton::kube::max_unavailable_of(with(0), 10) == 1);
    CHECK(planton::kube::max_unavailable_of(with("25%"), 10) == 3);  // rounded up
    CHECK(planton::kube::max_unavailable_of(with("100%"), 7) == 7);
    CHECK(planton::kube::max_unavailable_of(with("1%"), 3) == 1);
    CHECK(planton::kube::max_unavailable_of(with("x%"), 10) == 1);
    CHECK(planton::kube::max_unavailable_of(with(true), 10) == 1);
}

TEST_CASE("restart: which pods go now", "[kube][restart]") {
    using planton::kube::pods_to_delete;
    struct Case {
        const char* what;
        std::vector<PodSummary> pods;
        NodeMap todo;
        NodeMap in_flight;
        long long max_unavailable;
        Names expected;
    };
    const std::vector<Case> cases = {
        {"all up, one at a time",
         {pod("a", "n1", true), pod("b", "n2", true), pod("c", "n3", true)},
         {{"n1", "a"}, {"n2", "b"}, {"n3", "c"}},
         {},
         1,
         {"a"}},
        {"all up, two at a time",
         {pod("a", "n1", true), pod("b", "n2", true), pod("c", "n3", true)},
         {{"n1", "a"}, {"n2", "b"}, {"n3", "c"}},
         {},
         2,
         {"a", "b"}},
        {"a replacement not ready yet holds the slot",
         {pod("a2", "n1", false), pod("b", "n2", true)},
         {{"n2", "b"}},
         {{"n1", "a"}},
         1,
         {}},
        {"a replacement still terminating counts as down",
         {pod("a", "n1", true, true), pod("b", "n2", true)},
         {{"n2", "b"}},
         {{"n1", "a"}},
         1,
         {}},
        {"the replacement is ready: the next node",
         {pod("a2", "n1", true), pod("b", "n2", true)},
         {{"n2", "b"}},
         {},
         1,
         {"b"}},
        {"a pod that is down already goes without using the budget",
         {pod("a", "n1", false), pod("b", "n2", true), pod("c", "n3", true)},
         {{"n1", "a"}, {"n2", "b"}, {"n3", "c"}},
         {},
         1,
         {"a"}},
        {"another node down (not ours) uses the budget",
         {pod("x", "n0", false), pod("b", "n2", true)},
         {{"n2", "b"}},
         {},
         1,
         {}},
        {"a pod gone meanwhile is deleted (404) and waited for",
         {pod("b", "n2", true)},
         {{"n1", "a"}, {"n2", "b"}},
         {},
         1,
         {"a"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(pods_to_delete(c.pods, c.todo, c.in_flight, c.max_unavailable) == c.expected);
    }
}

TEST_CASE("restart: the replacement of a deleted pod", "[kube][restart]") {
    const std::vector<PodSummary> pods = {pod("a", "n1", true, true), pod("a2", "n1", false), pod("b", "n2", true)};
    const PodSummary* found = planton::kube::replacement_on(pods, "n1", "a");
    REQUIRE(found != nullptr);
    CHECK(found->name == "a2");
    CHECK(planton::kube::replacement_on(pods, "n2", "b") == nullptr);
    CHECK(planton::kube::replacement_on(pods, "n3", "c") == nullptr);
}

namespace {

// A small cluster for restart_pods: an OnDelete DaemonSet with a pod per node. A deleted
// pod is replaced at the next LIST by a pod that is not ready, which becomes ready at the
// LIST after (or never, on a node in `broken`).
struct Cluster {
    std::map<std::string, std::string> pod_on;  // node -> pod name
    std::map<std::string, bool> ready;          // pod -> ready
    std::set<std::string> broken;               // nodes whose new pods pull no image
    std::set<std::string> never_ready;          // nodes whose new pods never get ready, without a reason
    std::set<std::string> replace_next;         // nodes to get a pod at the next LIST
    int generation = 0;
    int max_down = 0;
    std::vector<std::string> deleted;
    json daemonset = json::parse(R"({"metadata":{"name":"agent","namespace":"ops","uid":"ds-uid",
      "annotations":{"deprecated.daemonset.template.generation":"2"}},
      "spec":{"selector":{"matchLabels":{"app":"agent"}},"updateStrategy":{"type":"OnDelete"}},
      "status":{"desiredNumberScheduled":4}})");

    Cluster() {
        for (int i = 1; i <= 4; ++i) {
            const std::string node = "n" + std::to_string(i);
            pod_on[node] = "agent-old-" + node;
            ready["agent-old-" + node] = true;
        }
    }
    int down() const {
        int n = 0;
        for (int i = 1; i <= 4; ++i) {
            auto it = pod_on.find("n" + std::to_string(i));
            if (it == pod_on.end() || !ready.at(it->second)) ++n;
        }
        return n;
    }
    json pod_json(const std::string& node, const std::string& name) const {
        json p = {{"metadata",
                   {{"name", name},
                    {"labels", {{"pod-template-generation", name.find("old") != std::string::npos ? "1" : "2"}}},
                    {"ownerReferences", {{{"controller", true}, {"uid", "ds-uid"}}}}}},
                  {"spec", {{"nodeName", node}}},
                  {"status", {{"conditions", {{{"type", "Ready"}, {"status", ready.at(name) ? "True" : "False"}}}}}}};
        if (broken.count(node) != 0 && name.find("old") == std::string::npos)
            p["status"]["containerStatuses"] = {
                {{"name", "agent"}, {"state", {{"waiting", {{"reason", "ImagePullBackOff"}}}}}}};
        return p;
    }
    planton::kube::HttpResponse answer(const planton::kube::HttpRequest& request) {
        if (request.method == "GET" && request.path.find("/pods") == std::string::npos)
            return FakeTransport::answer(200, daemonset.dump());
        if (request.method == "DELETE") {
            const std::string name = request.path.substr(request.path.rfind('/') + 1);
            deleted.push_back(name);
            for (auto it = pod_on.begin(); it != pod_on.end(); ++it) {
                if (it->second == name) {
                    replace_next.insert(it->first);
                    pod_on.erase(it);
                    break;
                }
            }
            max_down = std::max(max_down, down());
            return FakeTransport::answer(200, "{}");
        }
        // LIST of the pods: earlier replacements become ready, new ones appear.
        for (auto& [node, name] : pod_on)
            if (broken.count(node) == 0 && never_ready.count(node) == 0) ready[name] = true;
        for (const std::string& node : replace_next) {
            const std::string name = "agent-new-" + node + "-" + std::to_string(++generation);
            pod_on[node] = name;
            ready[name] = false;
        }
        replace_next.clear();
        max_down = std::max(max_down, down());
        json items = json::array();
        for (const auto& [node, name] : pod_on) items.push_back(pod_json(node, name));
        return FakeTransport::answer(200, json{{"items", items}}.dump());
    }
};

}  // namespace

TEST_CASE("restart_pods: node by node, within max_unavailable", "[kube][restart]") {
    for (const int limit : {1, 2}) {
        CAPTURE(limit);
        Cluster cluster;
        if (limit == 2) cluster.daemonset["spec"]["updateStrategy"]["rollingUpdate"] = {{"maxUnavailable", 2}};
        FakeTransport fake;
        fake.handler = [&cluster](const planton::kube::HttpRequest& r) { return cluster.answer(r); };
        FakeClock clock;
        Client client(fake);
        planton::kube::PodRestartOptions options;
        options.clock = &clock;
        std::vector<std::string> replaced;
        const auto result = planton::kube::restart_pods(
            client, {"apps/v1", "DaemonSet", "agent", "ops"}, options, [&](const planton::kube::RestartEvent& e) {
                if (e.kind == planton::kube::RestartEvent::Replaced) replaced.push_back(e.node);
            });
        REQUIRE(result.ok());
        CHECK(result.max_unavailable == limit);
        CHECK(result.restarted == std::vector<std::string>{"n1", "n2", "n3", "n4"});
        CHECK(replaced == result.restarted);
        CHECK(cluster.deleted ==
              std::vector<std::string>{"agent-old-n1", "agent-old-n2", "agent-old-n3", "agent-old-n4"});
        CHECK(cluster.max_down == limit);
        CHECK(cluster.down() == 0);
    }
}

TEST_CASE("restart_pods --outdated-only leaves the pods of the current template", "[kube][restart]") {
    Cluster cluster;
    cluster.pod_on["n2"] = "agent-new-n2-0";
    cluster.ready["agent-new-n2-0"] = true;
    FakeTransport fake;
    fake.handler = [&cluster](const planton::kube::HttpRequest& r) { return cluster.answer(r); };
    FakeClock clock;
    Client client(fake);
    planton::kube::PodRestartOptions options;
    options.clock = &clock;
    options.outdated_only = true;
    const auto result = planton::kube::restart_pods(client, {"apps/v1", "DaemonSet", "agent", "ops"}, options);
    REQUIRE(result.ok());
    CHECK(cluster.deleted == std::vector<std::string>{"agent-old-n1", "agent-old-n3", "agent-old-n4"});
}

TEST_CASE("restart_pods fails fast on a replacement that cannot start", "[kube][restart]") {
    Cluster cluster;
    cluster.broken = {"n2"};
    FakeTransport fake;
    fake.handler = [&cluster](const planton::kube::HttpRequest& r) { return cluster.answer(r); };
    FakeClock clock;
    Client client(fake);
    planton::kube::PodRestartOptions options;
    options.clock = &clock;
    const auto result = planton::kube::restart_pods(client, {"apps/v1", "DaemonSet", "agent", "ops"}, options);
    CHECK(kind_of(result.failure) == "not converged");
    CHECK(message_of(result.failure).find("on node n2 is in ImagePullBackOff") != std::string::npos);
    CHECK(message_of(result.failure).find("not yet restarted: n3, n4") != std::string::npos);
    CHECK(cluster.deleted == std::vector<std::string>{"agent-old-n1", "agent-old-n2"});

}

TEST_CASE("restart_pods: a replacement that never gets ready ends at --progress-timeout", "[kube][restart]") {
    Cluster cluster;
    cluster.never_ready = {"n1"};
    FakeTransport fake;
    fake.handler = [&cluster](const planton::kube::HttpRequest& r) { return cluster.answer(r); };
    FakeClock clock;
    Client client(fake);
    planton::kube::PodRestartOptions options;
    options.clock = &clock;
    options.progress_timeout = std::chrono::seconds(5);
    const auto result = planton::kube::restart_pods(client, {"apps/v1", "DaemonSet", "agent", "ops"}, options);
    CHECK(kind_of(result.failure) == "timed out");
    CHECK(message_of(result.failure) ==
          "the restart of daemonset.apps/agent in namespace ops: no new pod became ready for 5s "
          "(--progress-timeout)\n  waiting for: n1 (pod agent-new-n1-1: not ready)\n  not yet restarted: n2, n3, "
          "n4\n  restarted: 0 nodes");
    CHECK(cluster.deleted == std::vector<std::string>{"agent-old-n1"});
}
