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

// The rendered Namespace of manifest fluentd, and the live one as the server has it.
ordered_json rendered_namespace() {
    ordered_json ns = object("v1", "Namespace", "logging", "");
    ns["metadata"]["labels"] = {{"planton.ai/name", "fluentd"}};
    return ns;
}

std::string live_namespace(const std::string& mark, bool terminating = false) {
    json ns = {{"kind", "Namespace"}, {"metadata", {{"name", "logging"}, {"uid", "ns-1"}}}};
    if (!mark.empty()) ns["metadata"]["annotations"] = {{"planton-ds.io/created-for", mark}};
    if (terminating) ns["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z";
    return ns.dump();
}

// A cluster whose namespace `logging` holds `configmaps` (JSON items) and nothing else.
void serve_contents(FakeTransport& fake, const std::string& configmaps) {
    fake.push(200, R"({"groupVersion":"v1","resources":[
      {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["list"]}]})");
    fake.push(200, R"({"groups":[]})");
    fake.push(200, R"({"metadata":{},"items":)" + configmaps + "}");
}

TEST_CASE("delete: reverse order, Foreground for the DaemonSet, 404 is already gone", "[kube][delete]") {
    FakeTransport fake;
    fake.push(200, with_uid("ds-1"));
    fake.push(404, kNotFound);
    fake.push(200, with_uid("cr-1"));
    fake.push(200, with_uid("sa-1"));
    fake.push(200, live_namespace("fluentd"));
    serve_contents(fake, R"([{"metadata":{"name":"kube-root-ca.crt"}}])");
    fake.push(200, with_uid("ns-1"));
    Client client(fake);
    Lines lines;
    std::vector<ordered_json> objects = rendered();
    objects[0] = rendered_namespace();
    const DeleteResult result = delete_objects(client, objects, {}, lines.callback());
    REQUIRE(result.ok());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{
              "DELETE /apis/apps/v1/namespaces/logging/daemonsets/fluentd?propagationPolicy=Foreground",
              "DELETE /api/v1/namespaces/logging/configmaps/fluentd-config",
              "DELETE /apis/rbac.authorization.k8s.io/v1/clusterroles/logging-fluentd",
              "DELETE /api/v1/namespaces/logging/serviceaccounts/fluentd",
              "GET /api/v1/namespaces/logging",
              "GET /api/v1",
              "GET /apis",
              "GET /api/v1/namespaces/logging/configmaps?limit=500",
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

TEST_CASE("delete: the namespace goes only when it is the manifest's and holds nothing else",
          "[kube][delete]") {
    struct Case {
        const char* what;
        std::string live;
        bool delete_namespace;
        bool lists;  // whether the contents are read
        std::string line;
        bool deleted;
    };
    const std::vector<Case> cases = {
        {"existed before apply", live_namespace(""), false, false,
         "namespace/logging kept: planton-ds did not create it", false},
        {"existed before apply, with --delete-namespace", live_namespace(""), true, false,
         "namespace/logging kept: planton-ds did not create it", false},
        {"created for another manifest", live_namespace("fluent-bit"), false, false,
         "namespace/logging kept: planton-ds created it for manifest fluent-bit", false},
        {"created for this manifest, holding another team's ConfigMap", live_namespace("fluentd"), false, true,
         "namespace/logging kept: it holds configmap/grafana-dashboards", false},
        {"the same with --delete-namespace", live_namespace("fluentd"), true, false, "namespace/logging deleted",
         true},
        {"already terminating", live_namespace("fluentd", true), false, false,
         "namespace/logging already terminating", false},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        FakeTransport fake;
        fake.push(200, c.live);
        if (c.lists) serve_contents(fake, R"([{"metadata":{"name":"grafana-dashboards"}}])");
        fake.push(200, with_uid("ns-1"));
        Client client(fake);
        Lines lines;
        DeleteOptions options;
        options.delete_namespace = c.delete_namespace;
        const DeleteResult result = delete_objects(client, {rendered_namespace()}, options, lines.callback());
        CHECK(result.ok());
        CHECK(lines.lines == std::vector<std::string>{c.line});
        const bool sent_delete = requests_of(fake).back() == "DELETE /api/v1/namespaces/logging";
        CHECK(sent_delete == c.deleted);
        REQUIRE(result.deleted.size() == 1);
        CHECK(result.deleted[0].kept_for_contents == (c.lists && !c.deleted));
    }
}

TEST_CASE("delete: a namespace that is gone already, or cannot be read", "[kube][delete]") {
    FakeTransport fake;
    fake.push(404, kNotFound);
    Client client(fake);
    Lines lines;
    CHECK(delete_objects(client, {rendered_namespace()}, {}, lines.callback()).ok());
    CHECK(lines.lines == std::vector<std::string>{"namespace/logging already gone"});
    CHECK(fake.requests.size() == 1);

    FakeTransport refused;
    refused.push(403, R"({"kind":"Status","code":403,"message":"namespaces \"logging\" is forbidden"})");
    Client c(refused);
    const DeleteResult result = delete_objects(c, {rendered_namespace()}, {});
    CHECK(message_of(result.failure) == "cannot get namespace/logging: forbidden (403): namespaces \"logging\" is forbidden");
    CHECK(refused.requests.size() == 1);
}

TEST_CASE("delete --dry-run server: every DELETE is a dry run, and nothing is waited for", "[kube][delete]") {
    FakeTransport fake;
    fake.push(200, with_uid("ds-1"));
    fake.push(200, with_uid("cm-1"));
    fake.push(200, live_namespace("fluentd"));
    serve_contents(fake, R"([{"metadata":{"name":"fluentd-config"}},{"metadata":{"name":"kube-root-ca.crt"}}])");
    fake.push(200, with_uid("ns-1"));
    Client client(fake);
    std::vector<std::string> lines;
    DeleteOptions options;
    options.dry_run = true;
    options.wait = true;
    const std::vector<ordered_json> objects = {rendered_namespace(), object("v1", "ConfigMap", "fluentd-config"),
                                               object("apps/v1", "DaemonSet", "fluentd")};
    const DeleteResult result = delete_objects(client, objects, options, [&lines](const DeletedObject& o) {
        lines.push_back(delete_line(o, true));
    });
    REQUIRE(result.ok());
    std::vector<std::string> deletes;
    for (const std::string& r : requests_of(fake))
        if (r.rfind("DELETE ", 0) == 0) deletes.push_back(r);
    CHECK(deletes == std::vector<std::string>{
                         "DELETE /apis/apps/v1/namespaces/logging/daemonsets/fluentd?propagationPolicy=Foreground&dryRun=All",
                         "DELETE /api/v1/namespaces/logging/configmaps/fluentd-config?dryRun=All",
                         "DELETE /api/v1/namespaces/logging?dryRun=All"});
    CHECK(requests_of(fake).back() == "DELETE /api/v1/namespaces/logging?dryRun=All");  // no GET of a wait
    CHECK(lines == std::vector<std::string>{"daemonset.apps/fluentd deleted (server dry run)",
                                            "configmap/fluentd-config deleted (server dry run)",
                                            "namespace/logging deleted (server dry run)"});
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
    // Everything answers and stays; the namespace is the manifest's and holds nothing else.
    fake.handler = [](const planton::kube::HttpRequest& request) {
        if (request.path == "/api/v1") return FakeTransport::answer(200, R"({"groupVersion":"v1","resources":[]})");
        if (request.path == "/apis") return FakeTransport::answer(200, R"({"groups":[]})");
        if (request.path == "/api/v1/namespaces/logging")
            return FakeTransport::answer(
                200, R"({"metadata":{"uid":"u","annotations":{"planton-ds.io/created-for":"fluentd"}}})");
        return FakeTransport::answer(200, with_uid("u"));
    };
    Client client(fake);
    DeleteOptions options;
    options.wait = true;
    options.clock = &clock;
    options.timeout = std::chrono::seconds(3);
    const DeleteResult result =
        delete_objects(client, {rendered_namespace(), object("apps/v1", "DaemonSet", "fluentd")}, options);
    CHECK(kind_of(result.failure) == "timed out");
    CHECK(message_of(result.failure) ==
          "still there after 3s (--timeout): daemonset.apps/fluentd, namespace/logging");
    CHECK(clock.sleeps.size() == 3);
}
