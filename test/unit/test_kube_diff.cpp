#include <catch2/catch.hpp>

#include "planton/kube/diff.hpp"

#include "failure_support.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::Client;
using planton::kube::diff_objects;
using planton::kube::DiffResult;
using planton::kube::object_diff;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;

namespace {

ordered_json config_map(const std::string& content) {
    ordered_json cm =
        ordered_json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fluentd-config",
      "namespace":"logging","labels":{"app.kubernetes.io/name":"fluentd"}},"data":{}})");
    cm["data"]["fluentd-config"] = content;
    return cm;
}

ordered_json secret(const std::string& api_key, const std::string& db) {
    ordered_json s =
        ordered_json::parse(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"fluentd-env-secrets",
      "namespace":"logging"},"type":"Opaque","data":{}})");
    s["data"]["API_KEY"] = api_key;
    if (!db.empty()) s["data"]["DB"] = db;
    return s;
}

// The server's copy: the object with server fields that the diff must leave out.
json served(const ordered_json& object) {
    json copy = json::parse(object.dump());
    copy["metadata"]["resourceVersion"] = "41";
    copy["metadata"]["uid"] = "0b6c";
    copy["metadata"]["generation"] = 3;
    copy["metadata"]["creationTimestamp"] = "2024-05-01T10:00:00Z";
    copy["metadata"]["managedFields"] = json::array({{{"manager", "planton-ds"}}});
    copy["status"] = {{"phase", "Active"}};
    return copy;
}

std::vector<std::string> requests_of(const FakeTransport& fake) {
    std::vector<std::string> out;
    for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
    return out;
}

const std::string kCmPath = "/api/v1/namespaces/logging/configmaps/fluentd-config";

}  // namespace

TEST_CASE("diff: an unchanged object gives no diff, server fields do not count", "[kube][diff]") {
    FakeTransport fake;
    fake.push(200, served(config_map("<source/>")).dump());
    json result = served(config_map("<source/>"));
    result["metadata"]["resourceVersion"] = "42";  // a dry run may answer a newer revision
    fake.push(200, result.dump());
    Client client(fake);
    const DiffResult diff = diff_objects(client, {config_map("<source/>")});
    REQUIRE(diff.ok());
    REQUIRE(diff.objects.size() == 1);
    CHECK(diff.objects[0].exists);
    CHECK(diff.objects[0].text.empty());
    CHECK_FALSE(diff.has_differences());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{"GET " + kCmPath,
                                   "PATCH " + kCmPath + "?fieldManager=planton-ds&dryRun=All"});
    CHECK(fake.requests[1].content_type == "application/apply-patch+yaml");
}

TEST_CASE("diff: a changed value shows as a hunk with context", "[kube][diff]") {
    FakeTransport fake;
    fake.push(200, served(config_map("a\nb\nc\n")).dump());
    fake.push(200, served(config_map("a\nB\nc\n")).dump());
    Client client(fake);
    const DiffResult diff = diff_objects(client, {config_map("a\nB\nc\n")}, {"ops", true});
    REQUIRE(diff.ok());
    CHECK(diff.has_differences());
    CHECK(diff.objects[0].text ==
          "--- live/v1.ConfigMap.logging.fluentd-config\n"
          "+++ result/v1.ConfigMap.logging.fluentd-config\n"
          "@@ -8,5 +8,5 @@\n"
          " data:\n"
          "   fluentd-config: |\n"
          "     a\n"
          "-    b\n"
          "+    B\n"
          "     c\n");
    CHECK(fake.requests[1].path == kCmPath + "?fieldManager=ops&force=true&dryRun=All");
}

TEST_CASE("diff: an object that does not exist shows all added", "[kube][diff]") {
    FakeTransport fake;
    fake.push(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
    fake.push(201, served(config_map("x")).dump());
    Client client(fake);
    const DiffResult diff = diff_objects(client, {config_map("x")});
    REQUIRE(diff.ok());
    CHECK_FALSE(diff.objects[0].exists);
    CHECK(diff.objects[0].text ==
          "--- live/v1.ConfigMap.logging.fluentd-config\n"
          "+++ result/v1.ConfigMap.logging.fluentd-config\n"
          "@@ -0,0 +1,9 @@\n"
          "+apiVersion: v1\n"
          "+kind: ConfigMap\n"
          "+metadata:\n"
          "+  name: fluentd-config\n"
          "+  namespace: logging\n"
          "+  labels:\n"
          "+    app.kubernetes.io/name: fluentd\n"
          "+data:\n"
          "+  fluentd-config: x\n");
}

TEST_CASE("diff: Secret values are masked, a changed one still shows as changed", "[kube][diff]") {
    // live: API_KEY=old, DB=same; result: API_KEY=new, DB=same.
    const json live = served(secret("b2xkLXZhbHVl", "c2FtZS12YWx1ZQ=="));
    const json result = served(secret("bmV3LXZhbHVl", "c2FtZS12YWx1ZQ=="));
    const std::string text = object_diff(live, result, secret("bmV3LXZhbHVl", "c2FtZS12YWx1ZQ=="));
    CHECK(text ==
          "--- live/v1.Secret.logging.fluentd-env-secrets\n"
          "+++ result/v1.Secret.logging.fluentd-env-secrets\n"
          "@@ -5,5 +5,5 @@\n"
          "   namespace: logging\n"
          " type: Opaque\n"
          " data:\n"
          "-  API_KEY: \"***\"\n"
          "+  API_KEY: \"*** (changed)\"\n"
          "   DB: \"***\"\n");
    CHECK(text.find("dmFs") == std::string::npos);

    SECTION("unchanged values give no diff") {
        CHECK(object_diff(live, live, secret("b2xkLXZhbHVl", "c2FtZS12YWx1ZQ==")).empty());
    }
    SECTION("an added and a removed key show as added and removed, masked") {
        const std::string added =
            object_diff(served(secret("b2xkLXZhbHVl", "")), live, secret("b2xkLXZhbHVl", "c2FtZS12YWx1ZQ=="));
        CHECK(added.find("+  DB: \"***\"\n") != std::string::npos);
        const std::string removed = object_diff(live, served(secret("b2xkLXZhbHVl", "")), secret("x", ""));
        CHECK(removed.find("-  DB: \"***\"\n") != std::string::npos);
        CHECK(removed.find("(changed)") == std::string::npos);
    }
    SECTION("a new Secret shows only masks") {
        const std::string created = object_diff(json(), result, secret("bmV3LXZhbHVl", "c2FtZS12YWx1ZQ=="));
        CHECK(created.find("+  API_KEY: \"***\"\n") != std::string::npos);
        CHECK(created.find("(changed)") == std::string::npos);
        CHECK(created.find("bmV3") == std::string::npos);
    }
}

TEST_CASE("diff: keys follow the rendered object, server additions come after, sorted", "[kube][diff]") {
    const ordered_json rendered = ordered_json::parse(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"c","namespace":"ns"},"data":{"z":"1","a":"2"}})");
    json result = json::parse(rendered.dump());
    result["immutable"] = false;
    result["binaryData"] = json::object({{"k", "AA=="}});
    const std::string text = object_diff(json(), result, rendered);
    CHECK(text.substr(text.find("@@ -0,0 +1,11 @@\n")) ==
          "@@ -0,0 +1,11 @@\n+apiVersion: v1\n+kind: ConfigMap\n+metadata:\n+  name: c\n+  namespace: ns\n"
          "+data:\n+  z: \"1\"\n+  a: \"2\"\n+binaryData:\n+  k: AA==\n+immutable: false\n");
}

TEST_CASE("diff: objects in a namespace still to be created are shown as rendered", "[kube][diff]") {
    FakeTransport fake;
    const ordered_json ns =
        ordered_json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"logging"}})");
    fake.push(404, R"({"kind":"Status","code":404})");
    fake.push(201, served(ns).dump());
    fake.push(404, R"({"kind":"Status","code":404})");
    Client client(fake);
    const DiffResult diff = diff_objects(client, {ns, config_map("x")});
    REQUIRE(diff.ok());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{"GET /api/v1/namespaces/logging",
                                   "PATCH /api/v1/namespaces/logging?fieldManager=planton-ds&dryRun=All",
                                   "GET " + kCmPath});
    REQUIRE(diff.objects.size() == 2);
    CHECK(diff.objects[1].text.find("+  fluentd-config: x\n") != std::string::npos);
}

TEST_CASE("diff: a failure stops the run and keeps what was found before", "[kube][diff]") {
    FakeTransport fake;
    fake.push(404, R"({"kind":"Status","code":404})");
    fake.push(201, served(config_map("x")).dump());
    fake.push(200, served(secret("eA==", "")).dump());
    fake.push(
        403,
        R"({"kind":"Status","code":403,"message":"secrets \"fluentd-env-secrets\" is forbidden: User \"viewer\" cannot patch resource \"secrets\" in API group \"\" in the namespace \"logging\""})");
    Client client(fake);
    const DiffResult diff = diff_objects(client, {config_map("x"), secret("eA==", "")});
    CHECK_FALSE(diff.ok());
    CHECK(message_of(diff.failure) ==
          "cannot dry-run apply secret/fluentd-env-secrets: forbidden (403): secrets \"fluentd-env-secrets\" "
          "is "
          "forbidden: User \"viewer\" cannot patch resource \"secrets\" in API group \"\" in the namespace "
          "\"logging\"");
    REQUIRE(diff.objects.size() == 1);
    CHECK(diff.has_differences());

    SECTION("a transport failure") {
        FakeTransport down;
        down.push_transport_error("cannot connect to https://fake.test:6443: connection refused");
        Client c(down);
        CHECK(message_of(diff_objects(c, {config_map("x")}).failure) ==
              "cannot get configmap/fluentd-config: cannot connect to https://fake.test:6443: connection "
              "refused");
    }
}
