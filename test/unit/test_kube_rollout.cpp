#include <catch2/catch.hpp>

#include <deque>
#include <map>
#include <mutex>
#include <optional>

#include "planton/kube/rollout.hpp"

#include "failure_support.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using planton::kube::Client;
using planton::kube::HttpRequest;
using planton::kube::HttpResponse;
using planton::kube::ResourceRef;
using planton::kube::RolloutCounts;
using planton::kube::RolloutEnd;
using planton::kube::RolloutOptions;
using planton::kube::RolloutResult;
using planton::test::FakeClock;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;
using std::chrono::milliseconds;

namespace {

const std::string kDsPath = "/apis/apps/v1/namespaces/logging/daemonsets/fluentd";
const std::string kAllPodsPath =
    "/api/v1/namespaces/logging/pods?labelSelector=app.kubernetes.io%2Fname%3Dfluentd";
// The pods of template generation 2.
const std::string kPodsPath = kAllPodsPath + "%2Cpod-template-generation%3D2";
const ResourceRef kRef{"apps/v1", "DaemonSet", "fluentd", "logging"};
const std::string kEventsPath =
    "/api/v1/namespaces/logging/events?fieldSelector=involvedObject.uid%3Dds-uid%2Ctype%3DWarning";

// A DaemonSet at `generation` (template generation `template_generation`) with `status`.
json daemonset(int generation, const json& status, const std::string& strategy = "RollingUpdate",
               int template_generation = 0) {
    return {{"apiVersion", "apps/v1"},
            {"kind", "DaemonSet"},
            {"metadata",
             {{"name", "fluentd"},
              {"namespace", "logging"},
              {"uid", "ds-uid"},
              {"generation", generation},
              {"annotations",
               {{"deprecated.daemonset.template.generation",
                 std::to_string(template_generation ? template_generation : generation)}}}}},
            {"spec",
             {{"selector", {{"matchLabels", {{"app.kubernetes.io/name", "fluentd"}}}}},
              {"updateStrategy", {{"type", strategy}}}}},
            {"status", status}};
}

json status(int observed, int desired, int updated, int available, int ready) {
    return {{"observedGeneration", observed},    {"desiredNumberScheduled", desired},
            {"currentNumberScheduled", desired}, {"updatedNumberScheduled", updated},
            {"numberAvailable", available},      {"numberReady", ready}};
}

// A pod of the DaemonSet on `node`, of template generation `generation`; `waiting` is
// the waiting reason of its container (empty: running and ready).
json pod(const std::string& name, const std::string& node, int generation, const std::string& waiting = "",
         const std::string& message = "", const std::string& owner = "ds-uid") {
    json container = {{"name", "fluentd"}, {"restartCount", 0}};
    if (waiting.empty()) {
        container["state"] = {{"running", json::object()}};
    } else {
        container["state"]["waiting"] = {{"reason", waiting}};
        if (!message.empty()) container["state"]["waiting"]["message"] = message;
    }
    return {
        {"metadata",
         {{"name", name},
          {"labels", {{"pod-template-generation", std::to_string(generation)}}},
          {"ownerReferences", json::array({{{"kind", "DaemonSet"}, {"uid", owner}, {"controller", true}}})}}},
        {"spec", {{"nodeName", node}}},
        {"status",
         {{"phase", waiting.empty() ? "Running" : "Pending"},
          {"conditions", json::array({{{"type", "Ready"}, {"status", waiting.empty() ? "True" : "False"}}})},
          {"containerStatuses", json::array({container})}}}};
}

// A Warning event of the DaemonSet as the DaemonSet controller records it.
json event(const std::string& name, const std::string& resource_version, const std::string& reason,
           const std::string& message) {
    return {{"metadata", {{"name", name}, {"namespace", "logging"}, {"resourceVersion", resource_version}}},
            {"involvedObject", {{"kind", "DaemonSet"}, {"name", "fluentd"}, {"uid", "ds-uid"}}},
            {"reason", reason},
            {"message", message},
            {"type", "Warning"},
            {"source", {{"component", "daemonset-controller"}}}};
}

json event_list(const std::vector<json>& events) {
    return {{"kind", "EventList"}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", "9"}}}, {"items", events}};
}

json pod_list(const std::vector<json>& pods) {
    return {
        {"kind", "PodList"}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", "9"}}}, {"items", pods}};
}

// The polling of the wait (as when the credentials may not watch): a cluster whose
// DaemonSet goes through `states`, one per GET (the last one stays),
// with the pods of `pods` (one list per GET of the DaemonSet, the last one stays).
struct Cluster {
    std::vector<json> states;
    std::vector<json> pods{pod_list({})};
    std::vector<json> events{event_list({})};  // one list per GET of the DaemonSet, the last one stays
    long pods_status = 200;
    size_t gets = 0;
    FakeTransport fake;

    Cluster() {
        fake.handler = [this](const HttpRequest& request) -> HttpResponse {
            if (request.method == "GET" && request.path == kDsPath) {
                const json& state = states[std::min(gets, states.size() - 1)];
                ++gets;
                return FakeTransport::answer(200, state.dump());
            }
            // The fake server ignores the label selector: the wait must filter itself.
            if (request.method == "GET" && request.path.rfind(kAllPodsPath, 0) == 0) {
                const json& list = pods[std::min(gets - 1, pods.size() - 1)];
                return FakeTransport::answer(pods_status,
                                             pods_status == 200 ? list.dump() : R"({"kind":"Status"})");
            }
            if (request.method == "GET" && request.path == kEventsPath) {
                return FakeTransport::answer(200, events[std::min(gets - 1, events.size() - 1)].dump());
            }
            return FakeTransport::answer(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
        };
    }

    std::vector<std::string> requests() const {
        std::vector<std::string> out;
        for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
        return out;
    }
};

struct Run {
    RolloutResult result;
    std::vector<std::string> progress;
    std::vector<milliseconds> sleeps;
};

Run wait(Cluster& cluster, milliseconds timeout = std::chrono::minutes(5),
         milliseconds progress_timeout = std::chrono::minutes(5)) {
    FakeClock clock;
    Client client(cluster.fake);
    RolloutOptions options;
    options.timeout = timeout;
    options.progress_timeout = progress_timeout;
    options.clock = &clock;
    options.watch = false;  // these cases are about polling; test_kube_rollout_watch.cpp watches
    Run run;
    run.result = planton::kube::wait_for_rollout(
        client, kRef, options,
        [&run](const std::string& text, const RolloutCounts&) { run.progress.push_back(text); });
    run.sleeps = clock.sleeps;
    return run;
}

}  // namespace

TEST_CASE("rollout: done once the generation is observed and every count reaches desired",
          "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(2, status(1, 3, 3, 3, 3)), daemonset(2, status(2, 3, 1, 1, 2)),
                      daemonset(2, status(2, 3, 2, 1, 2)), daemonset(2, status(2, 3, 3, 3, 2)),
                      daemonset(2, status(2, 3, 3, 3, 3))};
    const Run run = wait(cluster);
    CHECK(run.result.end == RolloutEnd::Done);
    CHECK(run.result.ok());
    CHECK(kind_of(run.result.failure) == "none");
    CHECK(run.result.note.empty());
    CHECK(run.progress ==
          std::vector<std::string>{"rolling out fluentd: waiting for generation 2 to be observed",
                                   "rolling out fluentd: 1/3 updated, 1/3 available",
                                   "rolling out fluentd: 2/3 updated, 1/3 available",
                                   "rolling out fluentd: 3/3 updated, 3/3 available"});
    // The poll wait starts short and doubles up to two seconds.
    CHECK(run.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(500), milliseconds(1000),
                                                  milliseconds(2000)});
    // Pods and Warning events are listed only while the rollout is not done.
    std::vector<std::string> expected;
    for (int i = 0; i < 4; ++i) {
        for (const std::string& path : {kDsPath, kPodsPath, kEventsPath}) expected.push_back("GET " + path);
    }
    expected.push_back("GET " + kDsPath);
    CHECK(cluster.requests() == expected);
    CHECK(run.result.counts.ready == 3);
    CHECK(run.result.daemonset == cluster.states.back());
}

TEST_CASE("rollout: missing status fields count as zero", "[kube][rollout]") {
    Cluster cluster;
    // numberAvailable and updatedNumberScheduled are omitted (Go's omitempty) when 0.
    cluster.states = {
        daemonset(1, {{"observedGeneration", 1}, {"desiredNumberScheduled", 2}, {"numberReady", 2}})};
    const Run run = wait(cluster, milliseconds(1000));
    CHECK(run.result.end == RolloutEnd::TimedOut);
    CHECK(run.progress == std::vector<std::string>{"rolling out fluentd: 0/2 updated, 0/2 available"});
    // A DaemonSet with no status at all has not been observed yet.
    CHECK(planton::kube::progress_text("x", planton::kube::rollout_counts(daemonset(1, json::object()))) ==
          "rolling out x: waiting for generation 1 to be observed");
}

TEST_CASE("rollout: no matching node ends the wait with a warning, once observed", "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(1, {{"desiredNumberScheduled", 0}}),
                      daemonset(1, {{"observedGeneration", 1}, {"desiredNumberScheduled", 0}})};
    const Run run = wait(cluster);
    CHECK(run.result.end == RolloutEnd::NoNodes);
    CHECK(run.result.ok());
    CHECK(run.result.note ==
          "no node matches daemonset.apps/fluentd (check its node selector, affinity and tolerations against "
          "the "
          "nodes' labels and taints), so it runs no pod");
    CHECK(cluster.gets == 2);
}

TEST_CASE("rollout: OnDelete ends once the generation is observed, with a note", "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(3, status(2, 2, 2, 2, 2), "OnDelete"),
                      daemonset(3, status(3, 2, 0, 2, 2), "OnDelete")};
    const Run run = wait(cluster);
    CHECK(run.result.end == RolloutEnd::OnDelete);
    CHECK(run.result.ok());
    CHECK(run.result.note ==
          "daemonset.apps/fluentd uses the OnDelete update strategy: its pods are updated only when they are "
          "deleted");
    CHECK(run.progress.back() == "rolling out fluentd: 0/2 updated, 2/2 available");
}

TEST_CASE("rollout: a failing pod of the current template fails at once, naming pod, node and reason",
          "[kube][rollout]") {
    const char* reason = GENERATE("ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff",
                                  "CreateContainerConfigError", "InvalidImageName");
    Cluster cluster;
    cluster.states = {daemonset(2, status(2, 2, 1, 1, 1))};
    cluster.pods = {pod_list(
        {pod("fluentd-b2c4d", "worker-1", 2), pod("fluentd-x7k2p", "worker-2", 2, reason, "it failed")})};
    const Run run = wait(cluster);
    CHECK(run.result.end == RolloutEnd::PodFailed);
    CHECK(kind_of(run.result.failure) == "not converged");
    CHECK(message_of(run.result.failure) ==
          "pod fluentd-x7k2p on node worker-2 is in " + std::string(reason) +
              ": it failed (container fluentd); the rollout of daemonset.apps/fluentd in namespace "
              "logging cannot finish until that is fixed");
    CHECK(run.sleeps.empty());
}

TEST_CASE("rollout: failing pods of an older template or another owner do not stop the wait",
          "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(3, status(3, 2, 1, 1, 1), "RollingUpdate", 2),
                      daemonset(3, status(3, 2, 2, 2, 2))};
    cluster.pods = {pod_list({pod("fluentd-old", "worker-1", 1, "CrashLoopBackOff"),
                              pod("fluentd-new", "worker-2", 2, "ContainerCreating"),
                              pod("other-pod", "worker-2", 2, "ImagePullBackOff", "", "other-uid")})};
    const Run run = wait(cluster);
    CHECK(run.result.end == RolloutEnd::Done);
}

TEST_CASE("rollout: the timeout prints the last status and the lagging nodes", "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(2, status(2, 4, 3, 1, 1))};
    cluster.pods = {pod_list({pod("fluentd-aaaaa", "worker-1", 2),
                              pod("fluentd-bbbbb", "worker-2", 2, "ContainerCreating"),
                              pod("fluentd-ccccc", "worker-3", 1)})};
    const Run run = wait(cluster, milliseconds(1000));
    CHECK(run.result.end == RolloutEnd::TimedOut);
    CHECK(kind_of(run.result.failure) == "timed out");
    CHECK(message_of(run.result.failure) ==
          "the rollout of daemonset.apps/fluentd in namespace logging did not finish within 1s\n"
          "  last status: generation 2 (observed 2), desired 4, current 4, updated 3, ready 1, available 1\n"
          "  nodes whose new pods are not yet available:\n"
          "    worker-2 (pod fluentd-bbbbb: not ready, ContainerCreating)\n"
          "    worker-3 (pod fluentd-ccccc: previous template, not yet replaced)\n"
          "  1 node has no pod yet");
    // The last wait is cut to the deadline, and the last poll happens at it.
    CHECK(run.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(500), milliseconds(250)});
    CHECK(cluster.gets == 4);
    // Each poll lists the pods of the current template; the message needs all of them.
    const auto requests = cluster.requests();
    CHECK(std::vector<std::string>(requests.end() - 4, requests.end()) ==
          std::vector<std::string>{"GET " + kDsPath, "GET " + kPodsPath, "GET " + kEventsPath,
                                   "GET " + kAllPodsPath});
}

TEST_CASE("rollout: a failing init container of the current template fails at once", "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(2, status(2, 1, 1, 0, 0))};
    json failing = pod("fluentd-x7k2p", "worker-2", 2, "PodInitializing");
    failing["status"]["initContainerStatuses"] = json::array(
        {{{"name", "install-cni"}, {"restartCount", 4},
          {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}, {"message", "back-off 40s"}}}}}}});
    cluster.pods = {pod_list({failing})};
    const Run run = wait(cluster);
    CHECK(run.result.end == RolloutEnd::PodFailed);
    CHECK(message_of(run.result.failure) ==
          "pod fluentd-x7k2p on node worker-2 is in CrashLoopBackOff: back-off 40s (init container "
          "install-cni); the rollout of daemonset.apps/fluentd in namespace logging cannot finish until that "
          "is fixed");
}

TEST_CASE("rollout: a Warning event of the DaemonSet during the wait ends it with the event's message",
          "[kube][rollout]") {
    const std::string refused =
        "Error creating: pods \"fluentd-\" is forbidden: error looking up service account logging/nope: "
        "serviceaccount \"nope\" not found";
    const json stuck = daemonset(1, status(1, 3, 0, 0, 0));

    SECTION("an event recorded during the wait") {
        Cluster cluster;
        cluster.states = {stuck};
        cluster.events = {event_list({}), event_list({}), event_list({event("fluentd.1", "50", "FailedCreate", refused)})};
        const Run run = wait(cluster);
        CHECK(run.result.end == RolloutEnd::ControllerRefused);
        CHECK(kind_of(run.result.failure) == "not converged");
        CHECK(message_of(run.result.failure) ==
              "the rollout of daemonset.apps/fluentd in namespace logging cannot finish: daemonset-controller "
              "reported FailedCreate: " +
                  refused);
        CHECK(cluster.gets == 3);
    }
    SECTION("an event there before the wait that is counted again (the controller retried)") {
        Cluster cluster;
        cluster.states = {stuck};
        cluster.events = {event_list({event("fluentd.1", "50", "FailedCreate", refused)}),
                          event_list({event("fluentd.1", "50", "FailedCreate", refused)}),
                          event_list({event("fluentd.1", "61", "FailedCreate", refused)})};
        const Run run = wait(cluster);
        CHECK(run.result.end == RolloutEnd::ControllerRefused);
        CHECK(cluster.gets == 3);
    }
    SECTION("old events that do not change are history: the progress timeout ends the wait") {
        Cluster cluster;
        cluster.states = {stuck};
        cluster.events = {event_list({event("fluentd.1", "50", "FailedCreate", refused)})};
        const Run run = wait(cluster, milliseconds(0), std::chrono::seconds(10));
        CHECK(run.result.end == RolloutEnd::TimedOut);
    }
    SECTION("Normal events do not end it") {
        Cluster cluster;
        cluster.states = {stuck, stuck, daemonset(1, status(1, 3, 3, 3, 3))};
        json normal = event("fluentd.2", "70", "SuccessfulCreate", "Created pod: fluentd-abcde");
        normal["type"] = "Normal";
        cluster.events = {event_list({}), event_list({normal})};
        CHECK(wait(cluster).result.end == RolloutEnd::Done);
    }
}

// What the wait says of a DaemonSet stuck for 3 s at one of two pods (worker-2's
// ContainerCreating), polling or watching.
const std::string kStuckForThreeSeconds =
    "the rollout of daemonset.apps/fluentd in namespace logging made no progress for 3s (no pod of "
    "the current template became available and no old pod was replaced; --progress-timeout)\n"
    "  last status: generation 2 (observed 2), desired 2, current 2, updated 1, ready 1, available 1\n"
    "  nodes whose new pods are not yet available:\n"
    "    worker-2 (pod fluentd-bbbbb: not ready, ContainerCreating)";

TEST_CASE("rollout: the progress timeout counts from the last progress; --timeout is overall",
          "[kube][rollout]") {
    SECTION("progress keeps the wait going past the progress timeout") {
        Cluster cluster;
        // One more pod updated and available every poll: the waits are 250 ms, 500 ms,
        // then 1 s each (capped by the 1 s progress timeout).
        for (int i = 0; i < 6; ++i) cluster.states.push_back(daemonset(1, status(1, 6, i, i, i)));
        cluster.states.push_back(daemonset(1, status(1, 6, 6, 6, 6)));
        const Run run = wait(cluster, milliseconds(0), std::chrono::seconds(1));
        CHECK(run.result.end == RolloutEnd::Done);
    }
    SECTION("no progress for that long fails, with the last status and the lagging nodes") {
        Cluster cluster;
        cluster.states = {daemonset(2, status(1, 2, 0, 0, 0)), daemonset(2, status(2, 2, 1, 1, 1))};
        cluster.pods = {pod_list({pod("fluentd-aaaaa", "worker-1", 2),
                                  pod("fluentd-bbbbb", "worker-2", 2, "ContainerCreating")})};
        const Run run = wait(cluster, milliseconds(0), std::chrono::seconds(3));
        CHECK(run.result.end == RolloutEnd::TimedOut);
        CHECK(kind_of(run.result.failure) == "timed out");
        CHECK(message_of(run.result.failure) == kStuckForThreeSeconds);
        // 250 ms after the first poll the generation is observed and a pod updated: the 3 s
        // count from there (500 + 1000 ms, then the last wait is cut to the deadline).
        CHECK(run.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(500), milliseconds(1000),
                                                      milliseconds(1500)});
    }
    SECTION("--timeout ends a wait that still progresses") {
        Cluster cluster;
        for (int i = 0; i < 100; ++i) cluster.states.push_back(daemonset(1, status(1, 100, i, i, i)));
        const Run run = wait(cluster, std::chrono::seconds(5), std::chrono::seconds(3));
        CHECK(run.result.end == RolloutEnd::TimedOut);
        CHECK(message_of(run.result.failure).rfind(
                  "the rollout of daemonset.apps/fluentd in namespace logging did not finish within 5s\n", 0) == 0);
    }
}

TEST_CASE("rollout: the timeout says when the generation was never observed", "[kube][rollout]") {
    Cluster cluster;
    cluster.states = {daemonset(5, status(4, 1, 1, 1, 1))};
    cluster.pods_status = 403;
    const Run run = wait(cluster, milliseconds(300));
    CHECK(message_of(run.result.failure) ==
          "the rollout of daemonset.apps/fluentd in namespace logging did not finish within 300ms\n"
          "  last status: generation 5 (observed 4), desired 1, current 1, updated 1, ready 1, available 1\n"
          "  the DaemonSet controller has not yet observed generation 5\n"
          "  (its pods could not be listed, so the lagging nodes are not known)");
}

TEST_CASE("rollout: no time limit with a zero timeout", "[kube][rollout]") {
    Cluster cluster;
    for (int i = 0; i < 8; ++i) cluster.states.push_back(daemonset(1, status(1, 1, 0, 0, 0)));
    cluster.states.push_back(daemonset(1, status(1, 1, 1, 1, 1)));
    const Run run = wait(cluster, milliseconds(0));
    CHECK(run.result.end == RolloutEnd::Done);
    CHECK(run.sleeps == std::vector<milliseconds>{milliseconds(250), milliseconds(500), milliseconds(1000),
                                                  milliseconds(2000), milliseconds(2000), milliseconds(2000),
                                                  milliseconds(2000), milliseconds(2000)});
}

TEST_CASE("rollout: a DaemonSet deleted or unreadable while waiting ends the wait", "[kube][rollout]") {
    struct Case {
        const char* name;
        long status;  // 0: a transport error
        const char* kind;
        const char* error;
    };
    const Case c = GENERATE(
        Case{"deleted", 404, "not converged",
             "daemonset.apps/fluentd in namespace logging was deleted while waiting for its rollout"},
        Case{"unreachable", 0, "unreachable",
             "cannot get daemonset.apps/fluentd: cannot connect to https://fake.test:6443: connection "
             "refused"});
    CAPTURE(c.name);
    FakeTransport fake;
    if (c.status != 0) {
        fake.push(c.status, R"({"kind":"Status","code":404,"reason":"NotFound"})");
    } else {
        fake.push_transport_error("cannot connect to https://fake.test:6443: connection refused");
    }
    FakeClock clock;
    Client client(fake);
    RolloutOptions options;
    options.clock = &clock;
    options.watch = false;
    const RolloutResult result = planton::kube::wait_for_rollout(client, kRef, options);
    CHECK(result.end == RolloutEnd::Failed);
    CHECK(kind_of(result.failure) == c.kind);
    CHECK(message_of(result.failure) == c.error);
    CHECK(fake.requests.size() == 1);
}

TEST_CASE("rollout: counts text", "[kube][rollout]") {
    const RolloutCounts counts = planton::kube::rollout_counts(daemonset(2, status(1, 5, 3, 2, 4)));
    CHECK(planton::kube::counts_text(counts) ==
          "generation 2 (observed 1), desired 5, current 5, updated 3, ready 4, available 2");
    CHECK(planton::kube::progress_text("fluentd",
                                       planton::kube::rollout_counts(daemonset(2, status(2, 5, 3, 2, 4)))) ==
          "rolling out fluentd: 3/5 updated, 2/5 available");
}

// ---- the watches ---------------------------------------------------------------------

namespace {

using planton::kube::LineCallback;
using planton::kube::StreamEnd;
using planton::kube::StreamResult;
using planton::kube::StreamStop;

const std::string kDsListPath = "/apis/apps/v1/namespaces/logging/daemonsets?fieldSelector=metadata.name%3Dfluentd";
const std::string kWatchQuery = "&allowWatchBookmarks=true&timeoutSeconds=300";
// The wait watches every Warning event of the namespace: its DaemonSet's and its pods'.
const std::string kWarningsPath = "/api/v1/namespaces/logging/events?fieldSelector=type%3DWarning";

std::string watch_line(const std::string& type, const json& object) {
    return json{{"type", type}, {"object", object}}.dump();
}

json with_version(json object, const std::string& version) {
    object["metadata"]["resourceVersion"] = version;
    return object;
}

json list_of(const std::string& kind, const std::string& version, const std::vector<json>& items) {
    return {{"kind", kind}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", version}}}, {"items", items}};
}

// One answer of a watch: its lines, then how it ends.
struct Script {
    std::vector<std::string> lines{};
    StreamEnd end = StreamEnd::Closed;
    long status = 200;
    std::string body{};
    bool idle = false;  // nothing at all: the stream lasts until it is stopped
};

// A cluster that answers the wait's lists and watches. Each kind has its lists (one per
// LIST, the last one stays) and its scripted watches (one per watch request; when they
// run out, a watch waits until it is stopped). Watches run on threads of their own.
struct WatchCluster {
    std::vector<json> daemonset_lists;
    std::vector<json> pod_lists{list_of("PodList", "20", {})};
    std::vector<json> event_lists{list_of("EventList", "30", {})};
    std::map<std::string, std::deque<Script>> scripts;  // by kind: daemonsets, pods, events
    std::map<std::string, size_t> lists;                // LISTs per kind
    json polled;                                        // the GET of the DaemonSet (polling)
    std::mutex mutex;
    FakeTransport fake;

    static std::string kind_of_path(const std::string& path) {
        for (const char* kind : {"daemonsets", "pods", "events"}) {
            if (path.find(std::string("/") + kind + "?") != std::string::npos) return kind;
        }
        return "";
    }

    WatchCluster() {
        fake.handler = [this](const HttpRequest& request) -> HttpResponse {
            if (request.path == kDsPath && polled.is_object()) return FakeTransport::answer(200, polled.dump());
            const std::string kind = kind_of_path(request.path);
            const std::vector<json>* answers = kind == "daemonsets" ? &daemonset_lists
                                               : kind == "pods"     ? &pod_lists
                                               : kind == "events"   ? &event_lists
                                                                    : nullptr;
            if (answers == nullptr || answers->empty())
                return FakeTransport::answer(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
            const size_t n = lists[kind]++;
            return FakeTransport::answer(200, (*answers)[std::min(n, answers->size() - 1)].dump());
        };
        fake.stream_handler = [this](const HttpRequest& request, const LineCallback& on_line,
                                     StreamStop& stop) -> StreamResult {
            std::optional<Script> script;
            {
                const std::lock_guard<std::mutex> lock(mutex);
                auto& queue = scripts[kind_of_path(request.path)];
                if (!queue.empty()) {
                    script = queue.front();
                    queue.pop_front();
                }
            }
            if (!script || script->idle) return FakeTransport::idle(stop);
            StreamResult result = FakeTransport::deliver(script->lines, on_line, script->end);
            if (result.end != StreamEnd::Stopped) {
                result.response.status = script->status;
                result.response.body = script->body;
            }
            return result;
        };
    }

    // The watch requests of one kind, in order.
    std::vector<std::string> watches(const std::string& kind) const {
        std::vector<std::string> out;
        for (const auto& r : fake.requests) {
            if (r.path.find("watch=1") != std::string::npos && kind_of_path(r.path) == kind) out.push_back(r.path);
        }
        return out;
    }
    size_t gets_of(const std::string& path) const {
        size_t n = 0;
        for (const auto& r : fake.requests) n += r.path == path ? 1 : 0;
        return n;
    }
};

// A clock that moves on by `step` each time the wait reads it, so that time passes while
// the wait watches quiet streams (the fake streams deliver at once, then stay quiet).
class TickingClock : public FakeClock {
public:
    milliseconds step{100};
    std::chrono::steady_clock::time_point now() override {
        advance(step);
        return steady;
    }
};

// With the default clock, which does not move while the wait watches, no limit.
Run watch_wait(WatchCluster& cluster, FakeClock* moving = nullptr, milliseconds progress_timeout = milliseconds(0)) {
    FakeClock still;
    FakeClock& clock = moving != nullptr ? *moving : still;
    Client client(cluster.fake);
    RolloutOptions options;
    options.timeout = milliseconds(0);
    options.progress_timeout = progress_timeout;
    options.clock = &clock;
    Run run;
    run.result = planton::kube::wait_for_rollout(
        client, kRef, options,
        [&run](const std::string& text, const RolloutCounts&) { run.progress.push_back(text); });
    run.sleeps = clock.sleeps;
    return run;
}

std::string ds_watch(const std::string& version) {
    return kDsListPath + "&watch=1&resourceVersion=" + version + kWatchQuery;
}

}  // namespace

TEST_CASE("rollout watch: lists once, then watches each from its list's resourceVersion until done",
          "[kube][rollout][watch]") {
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(2, status(1, 3, 3, 3, 3))})};
    cluster.scripts["daemonsets"] = {
        {{watch_line("MODIFIED", with_version(daemonset(2, status(2, 3, 1, 1, 1)), "11")),
          watch_line("MODIFIED", with_version(daemonset(2, status(2, 3, 3, 3, 3)), "12"))}}};
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::Done);
    CHECK(run.progress == std::vector<std::string>{"rolling out fluentd: waiting for generation 2 to be observed",
                                                   "rolling out fluentd: 1/3 updated, 1/3 available",
                                                   "rolling out fluentd: 3/3 updated, 3/3 available"});
    CHECK(cluster.lists == std::map<std::string, size_t>{{"daemonsets", 1}, {"events", 1}, {"pods", 1}});
    CHECK(cluster.watches("daemonsets") == std::vector<std::string>{ds_watch("10")});
    // The pods are listed (a failing one ends the wait at once) but not watched: no pod
    // reported a Warning.
    CHECK(cluster.watches("pods").empty());
    CHECK(cluster.watches("events") ==
          std::vector<std::string>{kWarningsPath + "&watch=1&resourceVersion=30" + kWatchQuery});
    CHECK(cluster.gets_of(kDsPath) == 0);  // no polling
    CHECK(run.sleeps.empty());
    CHECK(run.result.daemonset["kind"] == "DaemonSet");
    CHECK(run.result.counts.ready == 3);
}

TEST_CASE("rollout watch: done already in the list needs no watch", "[kube][rollout][watch]") {
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 2, 2, 2))})};
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::Done);
    CHECK(cluster.fake.requests.size() == 1);
}

TEST_CASE("rollout watch: an ended stream is resumed from the last resourceVersion, bookmarks included",
          "[kube][rollout][watch]") {
    const json going = daemonset(1, status(1, 2, 1, 1, 1));
    SECTION("the server ended the stream (its timeout)") {
        WatchCluster cluster;
        cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 0, 0, 0))})};
        cluster.scripts["daemonsets"] = {
            {{watch_line("MODIFIED", with_version(going, "11")),
              watch_line("BOOKMARK", {{"kind", "DaemonSet"}, {"metadata", {{"resourceVersion", "15"}}}})}},
            {{watch_line("MODIFIED", with_version(daemonset(1, status(1, 2, 2, 2, 2)), "16"))}}};
        const Run run = watch_wait(cluster);
        CHECK(run.result.end == RolloutEnd::Done);
        CHECK(cluster.watches("daemonsets") == std::vector<std::string>{ds_watch("10"), ds_watch("15")});
        CHECK(cluster.lists["daemonsets"] == 1);
    }
    SECTION("the connection broke mid-stream") {
        WatchCluster cluster;
        cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 0, 0, 0))})};
        cluster.scripts["daemonsets"] = {{{watch_line("MODIFIED", with_version(going, "11"))}, StreamEnd::Failed},
                                         {{watch_line("MODIFIED", with_version(daemonset(1, status(1, 2, 2, 2, 2)), "12"))}}};
        const Run run = watch_wait(cluster);
        CHECK(run.result.end == RolloutEnd::Done);
        CHECK(cluster.watches("daemonsets") == std::vector<std::string>{ds_watch("10"), ds_watch("11")});
        CHECK(cluster.lists["daemonsets"] == 1);
    }
    SECTION("streams that end empty are resumed from where they were") {
        WatchCluster cluster;
        cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 0, 0, 0))})};
        cluster.scripts["daemonsets"] = {
            {{}}, {{watch_line("MODIFIED", with_version(daemonset(1, status(1, 2, 2, 2, 2)), "12"))}}};
        const Run run = watch_wait(cluster);
        CHECK(run.result.end == RolloutEnd::Done);
        CHECK(cluster.watches("daemonsets") == std::vector<std::string>{ds_watch("10"), ds_watch("10")});
    }
}

TEST_CASE("rollout watch: 410 Gone lists again and watches from the new list", "[kube][rollout][watch]") {
    const std::string gone = R"({"kind":"Status","status":"Failure","reason":"Expired","code":410})";
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 0, 0, 0))}),
                               list_of("DaemonSetList", "40", {daemonset(1, status(1, 2, 1, 1, 1))})};
    SECTION("as the answer's status") {
        cluster.scripts["daemonsets"] = {{{}, StreamEnd::HttpError, 410, gone}};
    }
    SECTION("as an ERROR event") {
        cluster.scripts["daemonsets"] = {{{R"({"type":"ERROR","object":)" + gone + "}"}}};
    }
    cluster.scripts["daemonsets"].push_back(
        {{watch_line("MODIFIED", with_version(daemonset(1, status(1, 2, 2, 2, 2)), "41"))}});
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::Done);
    CHECK(cluster.lists["daemonsets"] == 2);
    CHECK(cluster.watches("daemonsets") == std::vector<std::string>{ds_watch("10"), ds_watch("40")});
    CHECK(run.progress == std::vector<std::string>{"rolling out fluentd: 0/2 updated, 0/2 available",
                                                   "rolling out fluentd: 1/2 updated, 1/2 available",
                                                   "rolling out fluentd: 2/2 updated, 2/2 available"});
}

TEST_CASE("rollout watch: a failing pod or a Warning event seen by a watch ends the wait",
          "[kube][rollout][watch]") {
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(2, status(2, 2, 0, 0, 0))})};
    SECTION("a pod of the current template in CrashLoopBackOff, watched once it reported a Warning") {
        json backoff = event("fluentd-a.1", "33", "BackOff", "Back-off restarting failed container fluentd");
        backoff["involvedObject"] = {{"kind", "Pod"}, {"name", "fluentd-a"}, {"uid", "pod-uid"}};
        backoff["source"] = {{"component", "kubelet"}};
        json other = backoff;
        other["involvedObject"]["name"] = "other-app-x";
        cluster.scripts["events"] = {{{watch_line("ADDED", other), watch_line("ADDED", backoff)}}};
        cluster.pod_lists = {list_of("PodList", "20", {}),
                             list_of("PodList", "34", {pod("fluentd-a", "worker-1", 2, "ContainerCreating")})};
        cluster.scripts["pods"] = {
            {{watch_line("ADDED", pod("fluentd-a", "worker-1", 2, "ContainerCreating")),
              watch_line("MODIFIED", pod("fluentd-old", "worker-2", 1, "CrashLoopBackOff")),
              watch_line("MODIFIED", pod("fluentd-a", "worker-1", 2, "CrashLoopBackOff", "back-off 10s"))}}};
        const Run run = watch_wait(cluster);
        CHECK(run.result.end == RolloutEnd::PodFailed);
        CHECK(message_of(run.result.failure) ==
              "pod fluentd-a on node worker-1 is in CrashLoopBackOff: back-off 10s (container fluentd); the "
              "rollout of daemonset.apps/fluentd in namespace logging cannot finish until that is fixed");
        CHECK(cluster.lists["pods"] == 2);
        CHECK(cluster.watches("pods") ==
              std::vector<std::string>{kPodsPath + "&watch=1&resourceVersion=34" + kWatchQuery});
    }
    SECTION("a FailedCreate event") {
        cluster.event_lists = {list_of("EventList", "30", {event("fluentd.1", "29", "FailedCreate", "old")})};
        cluster.scripts["events"] = {
            {{watch_line("MODIFIED", event("fluentd.1", "31", "FailedCreate", "pods \"fluentd-\" is forbidden"))}}};
        const Run run = watch_wait(cluster);
        CHECK(run.result.end == RolloutEnd::ControllerRefused);
        CHECK(message_of(run.result.failure) ==
              "the rollout of daemonset.apps/fluentd in namespace logging cannot finish: daemonset-controller "
              "reported FailedCreate: pods \"fluentd-\" is forbidden");
    }
}

TEST_CASE("rollout watch: a new template generation watches the pods of that generation",
          "[kube][rollout][watch]") {
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(2, status(2, 2, 0, 0, 0))})};
    cluster.pod_lists = {list_of("PodList", "20", {}), list_of("PodList", "50", {})};
    json unhealthy = event("fluentd-a.1", "33", "Unhealthy", "Readiness probe failed");
    unhealthy["involvedObject"] = {{"kind", "Pod"}, {"name", "fluentd-a"}};
    cluster.scripts["events"] = {{{watch_line("ADDED", unhealthy)}}};
    cluster.scripts["daemonsets"] = {{{watch_line("MODIFIED", with_version(daemonset(3, status(2, 2, 0, 0, 0)), "45"))}}};
    // Whichever comes first, the pods end up watched by the new generation's label, and
    // only that watch sees the failing pod.
    auto scripted = cluster.fake.stream_handler;
    cluster.fake.stream_handler = [&](const HttpRequest& request, const LineCallback& on_line, StreamStop& stop) {
        if (request.path.find("pod-template-generation%3D3") == std::string::npos)
            return scripted(request, on_line, stop);
        return FakeTransport::deliver({watch_line("ADDED", pod("fluentd-a", "worker-1", 3, "ErrImagePull"))}, on_line);
    };
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::PodFailed);
    const auto pod_watches = cluster.watches("pods");
    REQUIRE(!pod_watches.empty());
    CHECK(pod_watches.back() == kAllPodsPath + "%2Cpod-template-generation%3D3&watch=1&resourceVersion=50" + kWatchQuery);
}

TEST_CASE("rollout watch: when the credentials may not watch, the wait polls", "[kube][rollout][watch]") {
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 0, 0, 0))})};
    cluster.scripts["daemonsets"] = {
        {{}, StreamEnd::HttpError, 403, R"({"kind":"Status","reason":"Forbidden","code":403})"}};
    cluster.polled = daemonset(1, status(1, 2, 2, 2, 2));
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::Done);
    CHECK(cluster.gets_of(kDsPath) == 1);
}

TEST_CASE("rollout watch: a watch that cannot be started fails the wait", "[kube][rollout][watch]") {
    WatchCluster cluster;
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {daemonset(1, status(1, 2, 0, 0, 0))})};
    cluster.scripts["daemonsets"] = {{{}, StreamEnd::Failed, 0}};
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::Failed);
    CHECK(kind_of(run.result.failure) == "unreachable");
    CHECK(message_of(run.result.failure) ==
          "cannot watch daemonset.apps/fluentd: the connection to https://fake.test:6443 broke: reset");
}

TEST_CASE("rollout watch: the DaemonSet deleted while watching ends the wait", "[kube][rollout][watch]") {
    WatchCluster cluster;
    const json ds = daemonset(1, status(1, 2, 0, 0, 0));
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {ds})};
    cluster.scripts["daemonsets"] = {{{watch_line("DELETED", with_version(ds, "12"))}}};
    const Run run = watch_wait(cluster);
    CHECK(run.result.end == RolloutEnd::Failed);
    CHECK(message_of(run.result.failure) ==
          "daemonset.apps/fluentd in namespace logging was deleted while waiting for its rollout");
}

TEST_CASE("rollout watch: no progress for --progress-timeout fails the wait while it watches",
          "[kube][rollout][watch]") {
    WatchCluster cluster;
    const json stuck = daemonset(2, status(2, 2, 1, 1, 1));
    cluster.daemonset_lists = {list_of("DaemonSetList", "10", {stuck})};
    // A change that is no progress (the same counts), then bookmarks: no progress either.
    // The clock moves with every line the wait reads, so the limit is reached while lines
    // still come.
    Script stream{{watch_line("MODIFIED", with_version(stuck, "11"))}};
    for (int i = 0; i < 60; ++i) {
        stream.lines.push_back(watch_line(
            "BOOKMARK", {{"kind", "DaemonSet"}, {"apiVersion", "apps/v1"},
                         {"metadata", {{"resourceVersion", std::to_string(12 + i)}}}}));
    }
    // Were the limit not checked while watching, the resumed watch would end the wait
    // another way.
    cluster.scripts["daemonsets"] = {stream, Script{{watch_line("DELETED", with_version(stuck, "99"))}}};
    cluster.pod_lists = {list_of("PodList", "20", {pod("fluentd-aaaaa", "worker-1", 2),
                                                   pod("fluentd-bbbbb", "worker-2", 2, "ContainerCreating")})};
    TickingClock clock;
    const Run run = watch_wait(cluster, &clock, std::chrono::seconds(3));
    CHECK(run.result.end == RolloutEnd::TimedOut);
    CHECK(kind_of(run.result.failure) == "timed out");
    CHECK(message_of(run.result.failure) == kStuckForThreeSeconds);
    // It watched all along: the DaemonSet was never polled.
    CHECK(cluster.watches("daemonsets").size() == 1);
    CHECK(cluster.gets_of(kDsPath) == 0);
    CHECK(run.sleeps.empty());
}
