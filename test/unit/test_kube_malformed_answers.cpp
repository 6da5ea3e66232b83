// Every cluster operation, fed server answers with missing or mistyped fields — no
// metadata, metadata a string, status an array, items not a list, numbers as strings,
// Status bodies with odd details, bodies that are no JSON object or no JSON at all —
// through the in-memory transport: each ends with a result (ok, or a failure that says
// what went wrong) and never with an exception of nlohmann/json or any other.
#include <catch2/catch.hpp>

#include "planton/kube/apply.hpp"
#include "planton/kube/delete.hpp"
#include "planton/kube/diff.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/pods.hpp"
#include "planton/kube/prune.hpp"
#include "planton/kube/rollout.hpp"
#include "planton/kube/status.hpp"

#include "cli/stack_outputs.hpp"
#include "cli/status_report.hpp"
#include "failure_support.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::Client;
using planton::test::FakeClock;
using planton::test::FakeTransport;
using planton::test::message_of;

namespace {

// A pod list whose every field has another type than the API reference says.
const std::string kPodList =
    R"({"items":[{"metadata":{"name":[],"ownerReferences":[1,{"controller":"yes","uid":3},{"controller":true}],
        "labels":{"pod-template-generation":2}},"spec":{"nodeName":5,"containers":"x"},
      "status":{"phase":[],"reason":1,"conditions":[1,{"type":2,"status":true},{"type":"Ready","status":1}],
        "containerStatuses":[1,{"ready":"true","restartCount":"4","state":{"waiting":"x"}},
          {"name":3,"state":{"waiting":{"reason":7,"message":[]}}},
          {"state":{"waiting":{"reason":"CrashLoopBackOff","message":2}}}],
        "initContainerStatuses":"x"}}]})";

// Metadata and counts of the wrong types: numbers as strings and fractions.
const std::string kOddCounts =
    R"({"metadata":{"name":1,"namespace":[],"uid":{},"resourceVersion":7,"generation":"2","labels":"x",
        "annotations":[],"ownerReferences":{},"deletionTimestamp":5},
      "status":{"observedGeneration":"2","desiredNumberScheduled":"3","numberReady":1.5,"conditions":"x",
        "containerStatuses":{}}})";

const std::vector<std::string> kBodies = {
    "",
    "<html><body>502 Bad Gateway</body></html>",
    "null",
    "[]",
    R"("text")",
    "42",
    "{}",
    R"({"metadata":"x","spec":"x","status":"x","items":"x","details":"x"})",
    R"({"metadata":[],"spec":[],"status":[],"items":{}})",
    kOddCounts,
    R"({"metadata":{"generation":2,"uid":"u","annotations":{"deprecated.daemonset.template.generation":2}},
      "spec":{"selector":{"matchLabels":[],"matchExpressions":{}},"updateStrategy":"x","template":7},
      "status":{"observedGeneration":2,"desiredNumberScheduled":3}})",
    R"({"metadata":{"generation":1},"spec":{"selector":{"matchLabels":{"a":1,"b":null},
      "matchExpressions":[1,{"key":2,"operator":{},"values":"x"},{"key":"k","operator":"In","values":[1,"v"]}]}},
      "status":{"observedGeneration":1,"desiredNumberScheduled":2}})",
    R"({"metadata":{"resourceVersion":"12"},"items":[1,"x",null,[],{"metadata":5},
      {"metadata":{"labels":{"planton.ai/name":7}}},
      {"metadata":{"name":7,"labels":{"planton.ai/name":"fluentd","app.kubernetes.io/managed-by":"planton-ds"}}},
      {"metadata":{"name":"n","namespace":3,
        "labels":{"planton.ai/name":"fluentd","app.kubernetes.io/managed-by":"planton-ds"}}}]})",
    kPodList,
    R"({"kind":"Status","message":5,"details":"x"})",
    R"({"kind":"Status","message":"m","details":{"causes":"x","kind":1,"name":[],"uid":4}})",
    R"({"kind":"Status","details":{"causes":[1,null,{"field":2,"message":{}},{"field":"f"}]}})",
    R"({"kind":"Status","details":{"kind":"namespaces","name":3}})",
    R"({"kind":7,"message":"m","code":"409"})",
};

const long kStatuses[] = {200, 201, 202, 401, 403, 404, 409, 410, 422, 429, 500};

ordered_json object(const char* api_version, const char* kind, const char* name, bool namespaced = true) {
    ordered_json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
    if (namespaced) o["metadata"]["namespace"] = "logging";
    o["metadata"]["labels"] = {{"planton.ai/name", "fluentd"},
                               {"app.kubernetes.io/managed-by", "planton-ds"}};
    return o;
}

std::vector<ordered_json> rendered() {
    ordered_json ds = object("apps/v1", "DaemonSet", "fluentd");
    ds["spec"] = ordered_json::parse(R"({"selector":{"matchLabels":{"app.kubernetes.io/name":"fluentd"}},
      "template":{"spec":{"serviceAccountName":"fluentd","containers":[{"name":"fluentd","image":"f:1",
      "envFrom":[{"configMapRef":{"name":"fluentd-config"}}]}]}}})");
    return {object("v1", "Namespace", "logging", false), object("v1", "ServiceAccount", "fluentd"),
            object("v1", "ConfigMap", "fluentd-config"), ds};
}

// A failed result must say why; an ok one needs nothing more.
template <class Result>
void check_clean(const Result& result) {
    if (!result.ok()) CHECK_FALSE(message_of(result.failure).empty());
}

}  // namespace

TEST_CASE("every kube operation gives a result, never an exception, for any server answer",
          "[kube][malformed]") {
    const std::vector<ordered_json> objects = rendered();
    const planton::kube::ResourceRef ds_ref{"apps/v1", "DaemonSet", "fluentd", "logging"};
    for (const long status : kStatuses) {
        for (const std::string& body : kBodies) {
            CAPTURE(status, body);
            FakeTransport fake;
            fake.handler = [&](const planton::kube::HttpRequest&) {
                return FakeTransport::answer(status, body);
            };
            Client client(fake);
            FakeClock clock;

            for (const bool dry_run : {false, true}) {
                planton::kube::ApplyRunOptions apply;
                apply.apply.dry_run = dry_run;
                apply.replace_on_immutable = true;
                apply.timeout = std::chrono::seconds(3);
                apply.clock = &clock;
                CHECK_NOTHROW(check_clean(planton::kube::apply_objects(client, objects, apply)));
                CHECK_NOTHROW(check_clean(planton::kube::prune_objects(client, objects, dry_run)));
            }

            planton::kube::DeleteOptions deletion;
            deletion.wait = true;
            deletion.timeout = std::chrono::seconds(3);
            deletion.clock = &clock;
            CHECK_NOTHROW(check_clean(planton::kube::delete_objects(client, objects, deletion)));

            CHECK_NOTHROW(check_clean(planton::kube::diff_objects(client, objects)));

            planton::kube::RolloutOptions rollout;
            rollout.timeout = std::chrono::seconds(3);
            rollout.clock = &clock;
            CHECK_NOTHROW(check_clean(planton::kube::wait_for_rollout(client, ds_ref, rollout)));

            planton::kube::StatusRead read;
            CHECK_NOTHROW(read = planton::kube::read_status(client, "logging", "fluentd"));
            check_clean(read);
            if (read.status) {
                CHECK_NOTHROW(planton::cli::status_text(*read.status, std::chrono::system_clock::now()));
                CHECK_NOTHROW(planton::cli::status_json(*read.status).dump());
                CHECK_NOTHROW(planton::cli::stack_outputs(read.status->daemonset).dump());
            }

            int reads = 0;
            planton::kube::WatchOptions watch;
            watch.clock = &clock;
            watch.stop_requested = [&reads] { return reads >= 2; };
            CHECK_NOTHROW(planton::kube::watch_status(client, "logging", "fluentd", watch,
                                                      [&reads](const planton::kube::StatusRead& r) {
                                                          ++reads;
                                                          check_clean(r);
                                                      }));
        }
    }
}

TEST_CASE("the readers of pods, counts and outputs take any JSON", "[kube][malformed]") {
    for (const std::string& text : kBodies) {
        CAPTURE(text);
        const json body = json::parse(text, nullptr, false);
        CHECK_NOTHROW(planton::kube::owned_pods(body, ""));
        CHECK_NOTHROW(planton::kube::owned_pods(body, "u"));
        CHECK_NOTHROW(planton::kube::summarize_pod(body));
        CHECK_NOTHROW(planton::kube::status_pod(body, "1"));
        CHECK_NOTHROW(planton::kube::warning_events(body, {"u", ""}));
        CHECK_NOTHROW(planton::kube::rollout_counts(body));
        CHECK_NOTHROW(planton::kube::template_generation(body));
        CHECK_NOTHROW(planton::kube::selector_text(body));
        CHECK_NOTHROW(planton::cli::stack_outputs(body).dump());
        for (const json& item : planton::kube::array_at(body, "items")) {
            CHECK_NOTHROW(planton::kube::summarize_pod(item));
        }
    }
}

TEST_CASE("what malformed answers read as", "[kube][malformed]") {
    const json pods = json::parse(kPodList);
    const auto summaries = planton::kube::owned_pods(pods, "");
    REQUIRE(summaries.size() == 1);
    const planton::kube::PodSummary& pod = summaries[0];
    CHECK(pod.name.empty());
    CHECK(pod.node.empty());
    CHECK(pod.owner_uid.empty());  // a controller that is "yes" is no controller
    CHECK(pod.template_generation.empty());
    CHECK_FALSE(pod.ready);
    CHECK(pod.restarts == 0);  // "4" is no count
    CHECK(pod.reason == "CrashLoopBackOff");
    CHECK(pod.message.empty());

    const planton::kube::RolloutCounts counts = planton::kube::rollout_counts(json::parse(kOddCounts));
    CHECK(counts.generation == 0);
    CHECK(counts.desired == 0);
    CHECK(counts.ready == 0);

    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest&) { return FakeTransport::answer(200, "[]"); };
    Client client(fake);
    const auto read = planton::kube::read_status(client, "logging", "fluentd");
    CHECK(message_of(read.failure) ==
          "cannot get daemonset.apps/fluentd: the server answered HTTP 200 without a JSON object (a proxy in "
          "the way?)");
    CHECK(planton::test::kind_of(read.failure) == "refused");

    fake.handler = [](const planton::kube::HttpRequest&) {
        return FakeTransport::answer(
            409, R"({"kind":"Status","details":{"causes":[1,{"field":2,"message":"m"}]}})");
    };
    const auto applied = planton::kube::apply_objects(client, rendered(), {});
    CHECK(message_of(applied.failure) ==
          "cannot list daemonset.apps/fluentd: conflict (409): fields owned by another manager:\n"
          "  : m\n"
          "--force-conflicts takes these fields over");
}
