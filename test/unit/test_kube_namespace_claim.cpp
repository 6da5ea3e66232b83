// Whose namespace is it: the mark apply sets on a namespace it creates, and what delete
// needs to see before it removes one (namespace_claim.hpp).
#include <catch2/catch.hpp>

#include "planton/kube/namespace_claim.hpp"

#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::ApiResource;
using planton::kube::Client;
using planton::kube::NamespaceHoldings;
using planton::test::FakeTransport;

namespace {

const char* kMark = "planton-ds.io/created-for";

ordered_json rendered_namespace() {
    return ordered_json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"logging",
      "labels":{"app.kubernetes.io/name":"fluentd","planton.ai/name":"fluentd"}}})");
}

json live_namespace(const std::string& mark = "") {
    json ns = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "logging"}, {"uid", "u1"}}}};
    if (!mark.empty()) ns["metadata"]["annotations"] = {{kMark, mark}, {"team", "logs"}};
    return ns;
}

std::vector<ordered_json> rendered() {
    auto object = [](const char* api_version, const char* kind, const char* name) {
        return ordered_json{{"apiVersion", api_version},
                            {"kind", kind},
                            {"metadata", {{"name", name}, {"namespace", "logging"}}}};
    };
    return {rendered_namespace(), object("v1", "ServiceAccount", "fluentd"),
            object("v1", "ConfigMap", "fluentd-config"), object("apps/v1", "DaemonSet", "fluentd")};
}

const ApiResource kConfigMaps{"v1", "ConfigMap", "configmaps"};
const ApiResource kSecrets{"v1", "Secret", "secrets"};
const ApiResource kServiceAccounts{"v1", "ServiceAccount", "serviceaccounts"};
const ApiResource kPods{"v1", "Pod", "pods"};
const ApiResource kRevisions{"apps/v1", "ControllerRevision", "controllerrevisions"};
const ApiResource kDeployments{"apps/v1", "Deployment", "deployments"};

json item(const std::string& name, const json& extra = json::object()) {
    json out = {{"metadata", {{"name", name}, {"namespace", "logging"}}}};
    out.merge_patch(extra);
    return out;
}

std::vector<std::string> paths_of(const FakeTransport& fake) {
    std::vector<std::string> out;
    for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
    return out;
}

}  // namespace

TEST_CASE("apply marks only a namespace it creates, and keeps a mark as it is", "[kube][namespace]") {
    const ordered_json created = planton::kube::namespace_to_apply(rendered_namespace(), json());
    CHECK(created["metadata"]["annotations"] == ordered_json{{kMark, "fluentd"}});
    CHECK(created["metadata"]["labels"] == rendered_namespace()["metadata"]["labels"]);

    // Existing, unmarked: sent as rendered, so that nothing claims it.
    CHECK(planton::kube::namespace_to_apply(rendered_namespace(), live_namespace()) == rendered_namespace());
    // Existing, marked (by this manifest or another): the mark goes back unchanged, so a
    // re-apply neither removes nor rewrites it; other annotations are not planton-ds's.
    for (const char* mark : {"fluentd", "fluent-bit"}) {
        const ordered_json again = planton::kube::namespace_to_apply(rendered_namespace(), live_namespace(mark));
        CHECK(again["metadata"]["annotations"] == ordered_json{{kMark, mark}});
    }
}

TEST_CASE("only a namespace marked for this manifest is its to delete", "[kube][namespace]") {
    CHECK(planton::kube::claim_refusal(live_namespace("fluentd"), "fluentd").empty());
    CHECK(planton::kube::claim_refusal(live_namespace(), "fluentd") == "planton-ds did not create it");
    CHECK(planton::kube::claim_refusal(live_namespace("fluent-bit"), "fluentd") ==
          "planton-ds created it for manifest fluent-bit");
    // A manifest without a name (no planton.ai/name label) claims nothing, not even an
    // unmarked namespace.
    CHECK(planton::kube::claim_refusal(live_namespace(), "") == "planton-ds did not create it");
    json odd = live_namespace();
    odd["metadata"]["annotations"] = {{kMark, 7}};
    CHECK(planton::kube::claim_refusal(odd, "fluentd") == "planton-ds did not create it");
}

TEST_CASE("discovery: the namespaced resources that hold objects", "[kube][namespace]") {
    const json list = json::parse(R"({"kind":"APIResourceList","groupVersion":"v1","resources":[
      {"name":"pods","namespaced":true,"kind":"Pod","verbs":["get","list","delete"]},
      {"name":"pods/log","namespaced":true,"kind":"Pod","verbs":["get"]},
      {"name":"bindings","namespaced":true,"kind":"Binding","verbs":["create"]},
      {"name":"nodes","namespaced":false,"kind":"Node","verbs":["get","list"]},
      {"name":"events","namespaced":true,"kind":"Event","verbs":["get","list"]},
      {"name":"secrets","namespaced":true,"kind":"Secret","verbs":["list"]},
      {"namespaced":true,"kind":"Odd","verbs":["list"]}, "not an object"]})");
    const std::vector<ApiResource> found = planton::kube::listable_namespaced(list);
    REQUIRE(found.size() == 2);
    CHECK(found[0].plural == "pods");
    CHECK(found[0].kind == "Pod");
    CHECK(found[0].group_version == "v1");
    CHECK(found[1].plural == "secrets");
    CHECK(planton::kube::listable_namespaced(json::parse(R"({"resources":[]})")).empty());
}

TEST_CASE("what goes with the namespace and what is someone else's", "[kube][namespace]") {
    using planton::kube::goes_with_namespace;
    const auto objects = rendered();
    struct Case {
        const char* what;
        ApiResource resource;
        json item;
        bool goes;
    };
    const json token_of = [](const char* account) {
        return json{{"type", "kubernetes.io/service-account-token"},
                    {"metadata", {{"annotations", {{"kubernetes.io/service-account.name", account}}}}}};
    }("default");
    const std::vector<Case> cases = {
        {"the root CA ConfigMap", kConfigMaps, item("kube-root-ca.crt"), true},
        {"another ConfigMap", kConfigMaps, item("grafana-dashboards"), false},
        {"the manifest's ConfigMap", kConfigMaps, item("fluentd-config"), true},
        {"the default ServiceAccount", kServiceAccounts, item("default"), true},
        {"the manifest's ServiceAccount", kServiceAccounts, item("fluentd"), true},
        {"another ServiceAccount", kServiceAccounts, item("ci-bot"), false},
        {"a token of the default ServiceAccount", kSecrets, item("default-token-abcde", token_of), true},
        {"a token of the manifest's ServiceAccount", kSecrets,
         item("fluentd-token-abcde",
              {{"type", "kubernetes.io/service-account-token"},
               {"metadata", {{"annotations", {{"kubernetes.io/service-account.name", "fluentd"}}}}}}),
         true},
        {"a token of another ServiceAccount", kSecrets,
         item("ci-bot-token",
              {{"type", "kubernetes.io/service-account-token"},
               {"metadata", {{"annotations", {{"kubernetes.io/service-account.name", "ci-bot"}}}}}}),
         false},
        {"an Opaque Secret named like a token", kSecrets, item("default-token-abcde"), false},
        {"a pod of the DaemonSet", kPods,
         item("fluentd-x1", {{"metadata", {{"ownerReferences",
                                            {{{"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"name", "fluentd"}}}}}}}),
         true},
        {"a revision of the DaemonSet", kRevisions,
         item("fluentd-7c9", {{"metadata", {{"ownerReferences",
                                             {{{"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"name", "fluentd"}}}}}}}),
         true},
        {"a pod of another DaemonSet", kPods,
         item("fluent-bit-x1",
              {{"metadata", {{"ownerReferences",
                              {{{"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"name", "fluent-bit"}}}}}}}),
         false},
        {"a pod of nobody", kPods, item("debug"), false},
        {"a Deployment named like the DaemonSet", kDeployments, item("fluentd"), false},
        {"a ConfigMap named kube-root-ca.crt of another group", {"example.com/v1", "ConfigMap", "configmaps"},
         item("kube-root-ca.crt"), false},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CHECK(goes_with_namespace(c.resource, c.item, objects) == c.goes);
    }
}

TEST_CASE("the reason a namespace is kept", "[kube][namespace]") {
    using planton::kube::holdings_refusal;
    NamespaceHoldings none;
    CHECK(holdings_refusal(none).empty());
    NamespaceHoldings one;
    one.found = {{"v1", "ConfigMap", "grafana-dashboards", "monitoring"}};
    one.count = 1;
    CHECK(holdings_refusal(one) == "it holds configmap/grafana-dashboards");
    NamespaceHoldings many;
    many.found = {{"v1", "ConfigMap", "a", "m"}, {"v1", "Secret", "b", "m"}, {"apps/v1", "Deployment", "c", "m"}};
    many.count = 7;
    CHECK(holdings_refusal(many) == "it holds configmap/a, secret/b, deployment.apps/c and 4 more");
    NamespaceHoldings unknown;
    unknown.unknown = "cannot list secrets in namespace m: forbidden (403)";
    CHECK(holdings_refusal(unknown) ==
          "cannot tell what else it holds (cannot list secrets in namespace m: forbidden (403))");
}

TEST_CASE("namespace_holdings: discovery, then every namespaced LIST", "[kube][namespace]") {
    FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest& request) {
        const std::string& p = request.path;
        if (p == "/api/v1")
            return FakeTransport::answer(200, R"({"groupVersion":"v1","resources":[
              {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["list"]},
              {"name":"secrets","namespaced":true,"kind":"Secret","verbs":["list"]},
              {"name":"events","namespaced":true,"kind":"Event","verbs":["list"]}]})");
        if (p == "/apis")
            return FakeTransport::answer(200, R"({"groups":[
              {"name":"apps","preferredVersion":{"groupVersion":"apps/v1"}},
              {"name":"metrics.k8s.io","preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1"}}]})");
        if (p == "/apis/apps/v1")
            return FakeTransport::answer(200, R"({"groupVersion":"apps/v1","resources":[
              {"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["list"]}]})");
        if (p == "/api/v1/namespaces/logging/configmaps?limit=500")
            return FakeTransport::answer(
                200, R"({"metadata":{"continue":"p2"},"items":[{"metadata":{"name":"kube-root-ca.crt"}}]})");
        if (p == "/api/v1/namespaces/logging/configmaps?limit=500&continue=p2")
            return FakeTransport::answer(200, R"({"metadata":{},"items":[{"metadata":{"name":"grafana-dashboards"}},
              {"metadata":{"name":"fluentd-config"}}]})");
        if (p == "/api/v1/namespaces/logging/secrets?limit=500")
            return FakeTransport::answer(200, R"({"metadata":{},"items":[]})");
        if (p == "/apis/apps/v1/namespaces/logging/deployments?limit=500")
            return FakeTransport::answer(200, R"({"metadata":{},"items":[{"metadata":{"name":"web"}}]})");
        return FakeTransport::answer(500, "{}");
    };
    Client client(fake);
    const NamespaceHoldings holdings = planton::kube::namespace_holdings(client, "logging", rendered());
    CHECK(holdings.unknown.empty());
    CHECK(holdings.count == 2);
    CHECK(planton::kube::holdings_refusal(holdings) == "it holds configmap/grafana-dashboards, deployment.apps/web");
    // Neither events nor metrics.k8s.io are read.
    CHECK(paths_of(fake) == std::vector<std::string>{
                                "GET /api/v1", "GET /apis", "GET /apis/apps/v1",
                                "GET /api/v1/namespaces/logging/configmaps?limit=500",
                                "GET /api/v1/namespaces/logging/configmaps?limit=500&continue=p2",
                                "GET /api/v1/namespaces/logging/secrets?limit=500",
                                "GET /apis/apps/v1/namespaces/logging/deployments?limit=500"});

    SECTION("a LIST that is refused leaves the contents unknown") {
        FakeTransport refused;
        refused.handler = [&fake](const planton::kube::HttpRequest& request) {
            if (request.path.find("/secrets") != std::string::npos)
                return FakeTransport::answer(403, R"({"kind":"Status","code":403,"message":"no"})");
            return fake.handler(request);
        };
        Client c(refused);
        const NamespaceHoldings h = planton::kube::namespace_holdings(c, "logging", rendered());
        CHECK(h.unknown == "cannot list secrets in namespace logging: forbidden (403): no");
    }
    SECTION("a page that repeats its continue token ends the listing") {
        FakeTransport looping;
        looping.handler = [](const planton::kube::HttpRequest& request) {
            if (request.path == "/api/v1")
                return FakeTransport::answer(200, R"({"groupVersion":"v1","resources":[
                  {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["list"]}]})");
            if (request.path == "/apis") return FakeTransport::answer(200, R"({"groups":[]})");
            return FakeTransport::answer(200, R"({"metadata":{"continue":"again"},"items":[]})");
        };
        Client c(looping);
        const NamespaceHoldings h = planton::kube::namespace_holdings(c, "logging", rendered());
        CHECK_FALSE(h.unknown.empty());
        CHECK(looping.requests.size() == 4);
    }
}
