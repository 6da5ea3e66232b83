#include <catch2/catch.hpp>

#include "planton/kube/adopt.hpp"

#include "fake_transport.hpp"

using nlohmann::json;
using planton::kube::adopt;
using planton::kube::apply_managers_overridden;
using planton::kube::Client;
using planton::test::FakeTransport;

namespace {

const planton::kube::ResourceRef kRef{"v1", "ConfigMap", "cfg", "logging"};
const std::string kPath = "/api/v1/namespaces/logging/configmaps/cfg";

// A ConfigMap as `kubectl apply` (client-side) leaves it, at resourceVersion `rv`.
json client_side(const std::string& rv) {
    return json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"logging",
      "resourceVersion":")" + rv + R"(","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"},
      "managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"v1",
        "time":"t","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}]},"data":{"a":"1"}})");
}

const char* kAdopted = R"([{"manager":"planton-ds","operation":"Apply","apiVersion":"v1","time":"t",
  "fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}}])";

}  // namespace

TEST_CASE("adopt: one JSON patch of managedFields, guarded by the resourceVersion read", "[kube][adopt]") {
    FakeTransport fake;
    fake.push(200, R"({"kind":"ConfigMap","metadata":{"resourceVersion":"8"}})");
    Client client(fake);
    const auto adoption = adopt(client, kRef, client_side("7"), "planton-ds", false);
    CHECK_FALSE(adoption.failure);
    CHECK(adoption.from == std::vector<std::string>{"kubectl-client-side-apply"});
    REQUIRE(fake.requests.size() == 1);
    CHECK(fake.requests[0].method == "PATCH");
    CHECK(fake.requests[0].path == kPath + "?fieldManager=planton-ds");
    CHECK(fake.requests[0].content_type == "application/json-patch+json");
    CHECK(json::parse(fake.requests[0].body) ==
          json::array({{{"op", "replace"}, {"path", "/metadata/managedFields"}, {"value", json::parse(kAdopted)}},
                       {{"op", "replace"}, {"path", "/metadata/resourceVersion"}, {"value", "7"}}}));
}

TEST_CASE("adopt: a write in between (409) reads the object again and tries again", "[kube][adopt]") {
    FakeTransport fake;
    fake.push(409, R"({"kind":"Status","code":409,"reason":"Conflict"})");
    fake.push(200, client_side("9").dump());
    fake.push(200, R"({"kind":"ConfigMap"})");
    Client client(fake);
    const auto adoption = adopt(client, kRef, client_side("7"), "planton-ds", false);
    CHECK_FALSE(adoption.failure);
    REQUIRE(fake.requests.size() == 3);
    CHECK(fake.requests[1].method == "GET");
    CHECK(json::parse(fake.requests[2].body)[1]["value"] == "9");
}

TEST_CASE("adopt: nothing to move, a dry run, or a refusal", "[kube][adopt]") {
    FakeTransport fake;
    Client client(fake);
    json applied = client_side("7");
    applied["metadata"]["managedFields"] = json::parse(kAdopted);
    CHECK(adopt(client, kRef, applied, "planton-ds", false).from.empty());
    CHECK(adopt(client, kRef, nullptr, "planton-ds", false).from.empty());
    const auto dry = adopt(client, kRef, client_side("7"), "planton-ds", true);
    CHECK(dry.from == std::vector<std::string>{"kubectl-client-side-apply"});
    CHECK(fake.requests.empty());

    fake.push(403, R"({"kind":"Status","code":403,"message":"configmaps \"cfg\" is forbidden"})");
    const auto refused = adopt(client, kRef, client_side("7"), "planton-ds", false);
    REQUIRE(refused.failure);
    CHECK(refused.failure->message == "cannot adopt configmap/cfg: forbidden (403): configmaps \"cfg\" is forbidden");
}

TEST_CASE("force: the Apply managers whose fields were taken", "[kube][adopt]") {
    const json before = json::parse(R"({"metadata":{"managedFields":[
      {"manager":"pulumi-kubernetes-2f8c","operation":"Apply","fieldsV1":{"f:spec":{"f:a":{},"f:b":{}}}},
      {"manager":"other","operation":"Apply","fieldsV1":{"f:spec":{"f:c":{}}}},
      {"manager":"kubectl-edit","operation":"Update","fieldsV1":{"f:spec":{"f:d":{}}}}]}})");
    const json after = json::parse(R"({"metadata":{"managedFields":[
      {"manager":"planton-ds","operation":"Apply","fieldsV1":{"f:spec":{"f:a":{},"f:d":{}}}},
      {"manager":"pulumi-kubernetes-2f8c","operation":"Apply","fieldsV1":{"f:spec":{"f:b":{}}}},
      {"manager":"other","operation":"Apply","fieldsV1":{"f:spec":{"f:c":{}}}}]}})");
    CHECK(apply_managers_overridden(before, after, "planton-ds") ==
          std::vector<std::string>{"pulumi-kubernetes-2f8c"});
    CHECK(apply_managers_overridden(after, after, "planton-ds").empty());
}

TEST_CASE("409 from a client-side manager suggests --adopt; from an Apply manager it does not", "[kube][adopt]") {
    for (const char* manager : {"kubectl-client-side-apply", "kubectl-edit", "before-first-apply"}) {
        FakeTransport fake;
        fake.push(409, std::string(R"({"kind":"Status","code":409,"details":{"causes":[{"reason":"FieldManagerConflict",
          "field":".data.a","message":"conflict with \")") + manager + R"(\" using v1"}]}})");
        Client client(fake);
        const auto result = client.apply({{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                          {"metadata", {{"name", "cfg"}, {"namespace", "logging"}}}}, {});
        CHECK(planton::kube::describe_failure(result, kRef, "apply", fake.server()) ==
              "cannot apply configmap/cfg: conflict (409): fields owned by another manager:\n"
              "  .data.a: conflict with \"" + std::string(manager) + "\" using v1\n\"" + manager +
              "\" wrote them with kubectl (client-side): --adopt moves their fields to planton-ds, as kubectl apply "
              "--server-side does, so the manifest owns them from now on\n"
              "--force-conflicts takes these fields over");
    }
    FakeTransport fake;
    fake.push(409, R"({"kind":"Status","code":409,"details":{"causes":[{"reason":"FieldManagerConflict",
      "field":".data.a","message":"conflict with \"pulumi-kubernetes-2f8c\""}]}})");
    Client client(fake);
    const auto result = client.apply({{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                      {"metadata", {{"name", "cfg"}, {"namespace", "logging"}}}}, {});
    CHECK(planton::kube::describe_failure(result, kRef, "apply", fake.server()).find("--adopt") == std::string::npos);
}
