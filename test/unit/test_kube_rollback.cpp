#include <catch2/catch.hpp>

#include "planton/kube/rollback.hpp"

#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::capture_prior_state;
using planton::kube::Client;
using planton::kube::ObjectOutcome;
using planton::kube::Outcome;
using planton::kube::roll_back;
using planton::kube::rollback_line;
using planton::kube::rollback_summary;
using planton::test::FakeTransport;

namespace {

const std::string kCmPath = "/api/v1/namespaces/logging/configmaps/fluentd-config";
const std::string kSecretPath = "/api/v1/namespaces/logging/secrets/fluentd-token";
const std::string kDsPath = "/apis/apps/v1/namespaces/logging/daemonsets/fluentd";

std::vector<ordered_json> rendered() {
    return {ordered_json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fluentd-config",
              "namespace":"logging"},"data":{"fluent.conf":"new"}})"),
            ordered_json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"fluentd-token",
              "namespace":"logging"},"data":{"token":"bmV3"}})"),
            ordered_json::parse(R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"fluentd",
              "namespace":"logging"},"spec":{"template":{"spec":{"containers":[{"name":"app","image":"new"}]}}}})")};
}

// The ConfigMap before the run: planton-ds applied data.fluent.conf, someone else owns
// data.extra.
const char* kLiveConfigMap = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fluentd-config",
  "namespace":"logging","resourceVersion":"7","managedFields":[
   {"manager":"planton-ds","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1",
    "fieldsV1":{"f:data":{"f:fluent.conf":{}}}},
   {"manager":"ops","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1",
    "fieldsV1":{"f:data":{"f:extra":{}}}}]},
  "data":{"fluent.conf":"old","extra":"theirs"}})";

// The DaemonSet before the run, last written by another Apply manager only.
const char* kLiveDaemonSet = R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"fluentd",
  "namespace":"logging","managedFields":[{"manager":"pulumi-kubernetes-1a2b","operation":"Apply",
   "apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},"spec":{}})";

// What apply_objects reports for `object`.
ObjectOutcome outcome_of(const ordered_json& object, Outcome outcome) {
    ObjectOutcome out{planton::kube::ref_of(object), outcome, {}, {}};
    return out;
}

std::vector<std::string> requests_of(const FakeTransport& fake) {
    std::vector<std::string> out;
    for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
    return out;
}

}  // namespace

TEST_CASE("rollback: the captured configuration goes back, what the run created goes", "[kube][rollback]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.method == "GET" && request.path == kCmPath) return FakeTransport::answer(200, kLiveConfigMap);
        if (request.method == "GET" && request.path == kDsPath) {
            std::string ds = kLiveDaemonSet;
            json live = json::parse(ds);
            live["metadata"]["managedFields"][0]["manager"] = "planton-ds";
            live["metadata"]["managedFields"][0]["fieldsV1"] = json::parse(R"({"f:spec":{"f:paused":{}}})");
            live["spec"] = {{"paused", false}};
            return FakeTransport::answer(200, live.dump());
        }
        if (request.method == "PATCH" || request.method == "DELETE") return FakeTransport::answer(200, "{}");
        return FakeTransport::answer(404, R"({"kind":"Status","code":404})");
    };
    Client client(fake);
    const auto objects = rendered();
    const auto prior = capture_prior_state(client, objects, "planton-ds");
    REQUIRE(prior.ok());
    CHECK(requests_of(fake) == std::vector<std::string>{"GET " + kCmPath, "GET " + kSecretPath, "GET " + kDsPath});

    fake.requests.clear();
    const std::vector<ObjectOutcome> applied = {outcome_of(objects[0], Outcome::Configured),
                                                outcome_of(objects[1], Outcome::Created),
                                                outcome_of(objects[2], Outcome::Configured)};
    std::vector<std::string> lines;
    const auto result = roll_back(client, prior, applied, objects, planton::kube::ApplyOptions{},
                                  [&](const auto& action) { lines.push_back(rollback_line(action)); });
    CHECK(result.ok());
    CHECK(result.daemonset_restored);
    CHECK(requests_of(fake) == std::vector<std::string>{"PATCH " + kCmPath + "?fieldManager=planton-ds&force=true",
                                                        "PATCH " + kDsPath + "?fieldManager=planton-ds&force=true",
                                                        "DELETE " + kSecretPath + "?propagationPolicy=Background"});
    // Only planton-ds's own field, with its value from before the run.
    CHECK(json::parse(fake.requests[0].body) ==
          json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fluentd-config",
            "namespace":"logging"},"data":{"fluent.conf":"old"}})"));
    CHECK(fake.requests[0].content_type == "application/apply-patch+yaml");
    CHECK(lines == std::vector<std::string>{"configmap/fluentd-config restored", "daemonset.apps/fluentd restored",
                                            "secret/fluentd-token deleted (created by this run)"});
    CHECK(rollback_summary(result) ==
          "restored configmap/fluentd-config, daemonset.apps/fluentd; deleted secret/fluentd-token");
}

TEST_CASE("rollback: an object planton-ds never applied before is not restored, and says whose it was",
          "[kube][rollback]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.method == "GET" && request.path == kDsPath) return FakeTransport::answer(200, kLiveDaemonSet);
        return FakeTransport::answer(404, R"({"kind":"Status","code":404})");
    };
    Client client(fake);
    const auto objects = rendered();
    const auto prior = capture_prior_state(client, {objects[2]}, "planton-ds");
    fake.requests.clear();
    const auto result = roll_back(client, prior, {outcome_of(objects[2], Outcome::Configured)},
                                  objects, planton::kube::ApplyOptions{});
    CHECK(fake.requests.empty());
    CHECK_FALSE(result.daemonset_restored);
    REQUIRE(result.actions.size() == 1);
    CHECK(rollback_line(result.actions[0]) ==
          "daemonset.apps/fluentd not restored: planton-ds (field manager \"planton-ds\") had not applied it before "
          "this run, so there is no earlier configuration of its own to go back to; its fields belonged to "
          "\"pulumi-kubernetes-1a2b\"");
}

TEST_CASE("rollback: unchanged objects are left alone; a failed restore stops and says so", "[kube][rollback]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.method == "GET" && request.path == kCmPath) return FakeTransport::answer(200, kLiveConfigMap);
        if (request.method == "PATCH")
            return FakeTransport::answer(403, R"({"kind":"Status","code":403,"message":"configmaps is forbidden"})");
        return FakeTransport::answer(404, R"({"kind":"Status","code":404})");
    };
    Client client(fake);
    const auto objects = rendered();
    const auto prior = capture_prior_state(client, {objects[0]}, "planton-ds");
    fake.requests.clear();
    const auto untouched = roll_back(client, prior, {outcome_of(objects[0], Outcome::Unchanged)},
                                     objects, planton::kube::ApplyOptions{});
    CHECK(fake.requests.empty());
    CHECK(rollback_summary(untouched) == "restored nothing");
    const auto failed = roll_back(client, prior, {outcome_of(objects[0], Outcome::Configured)},
                                  objects, planton::kube::ApplyOptions{});
    REQUIRE(failed.failure);
    CHECK(failed.failure->message == "cannot restore configmap/fluentd-config: forbidden (403): configmaps is forbidden");
}

TEST_CASE("rollback: a GET that fails before the run is reported", "[kube][rollback]") {
    FakeTransport fake;
    fake.push(500, R"({"kind":"Status","code":500,"message":"etcd down"})");
    Client client(fake);
    const auto prior = capture_prior_state(client, {rendered()[0]}, "planton-ds");
    REQUIRE(prior.failure);
    CHECK(prior.failure->message.rfind("cannot read (to be able to roll back) configmap/fluentd-config: HTTP 500", 0) == 0);
}
