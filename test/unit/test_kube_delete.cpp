#include <catch2/catch.hpp>

#include "planton/kube/delete.hpp"

#include "failure_support.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::Client;
using planton::kube::delete_line;
using planton::kube::delete_objects;
using planton::kube::DeletedObject;
using planton::kube::DeleteOptions;
using planton::kube::DeleteResult;
using planton::test::FakeClock;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;

namespace {

ordered_json object(const std::string& api_version, const std::string& kind, const std::string& name,
                    const std::string& ns = "logging") {
    ordered_json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
    if (!ns.empty()) o["metadata"]["namespace"] = ns;
    return o;
}

std::vector<ordered_json> rendered() {
    return {object("v1", "Namespace", "logging", ""), object("v1", "ServiceAccount", "fluentd"),
            object("rbac.authorization.k8s.io/v1", "ClusterRole", "logging-fluentd", ""),
            object("v1", "ConfigMap", "fluentd-config"), object("apps/v1", "DaemonSet", "fluentd")};
}

std::string with_uid(const std::string& uid) {
    return json({{"kind", "X"}, {"metadata", {{"uid", uid}}}}).dump();
}

std::vector<std::string> requests_of(const FakeTransport& fake) {
    std::vector<std::string> out;
    for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
    return out;
}

struct Lines {
    std::vector<std::string> lines;
    planton::kube::DeleteCallback callback() {
        return [this](const DeletedObject& o) { lines.push_back(delete_line(o)); };
    }
};

const char* kNotFound = R"({"kind":"Status","code":404,"reason":"NotFound"})";

}  // namespace

TEST_CASE("delete: reverse order, Foreground for the DaemonSet, 404 is already gone", "[kube][delete]") {
    FakeTransport fake;
    fake.push(200, with_uid("ds-1"));
    fake.push(404, kNotFound);
    fake.push(200, with_uid("cr-1"));
    fake.push(200, with_uid("sa-1"));
    fake.push(200, with_uid("ns-1"));
    Client client(fake);
    Lines lines;
    const DeleteResult result = delete_objects(client, rendered(), {}, lines.callback());
    REQUIRE(result.ok());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{
              "DELETE /apis/apps/v1/namespaces/logging/daemonsets/fluentd?propagationPolicy=Foreground",
              "DELETE /api/v1/namespaces/logging/configmaps/fluentd-config",
              "DELETE /apis/rbac.authorization.k8s.io/v1/clusterroles/logging-fluentd",
              "DELETE /api/v1/namespaces/logging/serviceaccounts/fluentd",
              "DELETE /api/v1/namespaces/logging",
          });
    CHECK(lines.lines == std::vector<std::string>{
                             "daemonset.apps/fluentd deleted",
                             "configmap/fluentd-config already gone",
                             "clusterrole.rbac.authorization.k8s.io/logging-fluentd deleted",
                             "serviceaccount/fluentd deleted",
                             "namespace/logging deleted",
                         });
}

TEST_CASE("delete: a terminating namespace is not an error", "[kube][delete]") {
    FakeTransport fake;
    fake.push(409,
              R"({"kind":"Status","code":409,"reason":"Conflict","message":"namespace is terminating"})");
    Client client(fake);
    Lines lines;
    const DeleteResult result =
        delete_objects(client, {object("v1", "Namespace", "logging", "")}, {}, lines.callback());
    CHECK(result.ok());
    CHECK(lines.lines == std::vector<std::string>{"namespace/logging already terminating"});
}

TEST_CASE("delete: a refusal stops the run", "[kube][delete]") {
    FakeTransport fake;
    fake.push(200, with_uid("ds-1"));
    fake.push(
        403,
        R"({"kind":"Status","code":403,"message":"configmaps \"fluentd-config\" is forbidden: User \"viewer\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"logging\""})");
    Client client(fake);
    const DeleteResult result = delete_objects(client, rendered(), {});
    CHECK(kind_of(result.failure) == "refused");
    CHECK(message_of(result.failure) ==
          "cannot delete configmap/fluentd-config: forbidden (403): configmaps \"fluentd-config\" is "
          "forbidden: "
          "User \"viewer\" cannot delete resource \"configmaps\" in API group \"\" in the namespace "
          "\"logging\"");
    CHECK(result.deleted.size() == 1);
    CHECK(fake.requests.size() == 2);
}

TEST_CASE("delete --wait polls until every deleted object answers 404", "[kube][delete]") {
    FakeTransport fake;
    FakeClock clock;
    const std::vector<ordered_json> objects = {object("v1", "ConfigMap", "fluentd-config"),
                                               object("apps/v1", "DaemonSet", "fluentd")};
    fake.push(200, with_uid("ds-1"));  // DELETE daemonset
    fake.push(404, kNotFound);         // DELETE configmap: already gone, not waited for
    fake.push(200, with_uid("ds-1"));  // GET: still finishing
    fake.push(200, with_uid("ds-1"));  // GET: still finishing
    fake.push(404, kNotFound);         // GET: gone
    Client client(fake);
    DeleteOptions options;
    options.wait = true;
    options.clock = &clock;
    options.poll_interval = std::chrono::milliseconds(500);
    const DeleteResult result = delete_objects(client, objects, options);
    REQUIRE(result.ok());
    CHECK(requests_of(fake).back() == "GET /apis/apps/v1/namespaces/logging/daemonsets/fluentd");
    CHECK(fake.requests.size() == 5);
    CHECK(clock.sleeps == std::vector<std::chrono::milliseconds>(2, std::chrono::milliseconds(500)));

    SECTION("an object re-created meanwhile (another uid) counts as gone") {
        FakeTransport again;
        again.push(200, with_uid("ds-1"));
        again.push(200, with_uid("ds-2"));
        Client c(again);
        CHECK(delete_objects(c, {object("apps/v1", "DaemonSet", "fluentd")}, options).ok());
        CHECK(again.requests.size() == 2);
    }
}

TEST_CASE("delete --wait fails after the timeout, naming what is still there", "[kube][delete]") {
    FakeTransport fake;
    FakeClock clock;
    fake.handler = [](const planton::kube::HttpRequest&) {
        return FakeTransport::answer(200, with_uid("u"));
    };
    Client client(fake);
    DeleteOptions options;
    options.wait = true;
    options.clock = &clock;
    options.timeout = std::chrono::seconds(3);
    const DeleteResult result = delete_objects(
        client, {object("v1", "Namespace", "logging", ""), object("apps/v1", "DaemonSet", "fluentd")},
        options);
    CHECK(kind_of(result.failure) == "timed out");
    CHECK(message_of(result.failure) ==
          "still there after 3s (--timeout): daemonset.apps/fluentd, namespace/logging");
    CHECK(clock.sleeps.size() == 3);
}
