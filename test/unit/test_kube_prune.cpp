#include <catch2/catch.hpp>

#include <map>

#include "planton/kube/prune.hpp"

#include "failure_support.hpp"
#include "fake_transport.hpp"

using nlohmann::json;
using nlohmann::ordered_json;
using planton::kube::Client;
using planton::kube::prune_line;
using planton::kube::prune_objects;
using planton::kube::PruneResult;
using planton::test::FakeTransport;
using planton::test::kind_of;
using planton::test::message_of;

namespace {

const json kLabels = {{"app.kubernetes.io/name", "fluentd"},
                      {"app.kubernetes.io/managed-by", "planton-ds"},
                      {"planton.ai/name", "fluentd"}};

ordered_json daemonset() {
    ordered_json ds = ordered_json::parse(R"({"apiVersion":"apps/v1","kind":"DaemonSet",
      "metadata":{"name":"fluentd","namespace":"logging"},
      "spec":{"template":{"spec":{"serviceAccountName":"fluentd",
        "imagePullSecrets":[{"name":"regcred"}],
        "containers":[{"name":"fluentd","env":[{"name":"A","valueFrom":{"secretKeyRef":{"name":"api","key":"k"}}}],
                        "envFrom":[{"configMapRef":{"name":"env-cm"}}]}],
        "volumes":[{"name":"c","configMap":{"name":"fluentd-config"}},{"name":"s","secret":{"secretName":"certs"}},
                   {"name":"p","projected":{"sources":[{"secret":{"name":"proj"}}]}}]}}}})");
    ds["metadata"]["labels"] = kLabels;
    return ds;
}

ordered_json config_map(const std::string& name) {
    ordered_json cm = {{"apiVersion", "v1"},
                       {"kind", "ConfigMap"},
                       {"metadata", {{"name", name}, {"namespace", "logging"}}}};
    cm["metadata"]["labels"] = kLabels;
    return cm;
}

json item(const std::string& name, const json& labels, const std::string& ns = "logging") {
    json i = {{"metadata", {{"name", name}, {"labels", labels}}}};
    if (!ns.empty()) i["metadata"]["namespace"] = ns;
    return i;
}

std::string list_of(const std::vector<json>& items) {
    return json({{"kind", "List"}, {"items", items}}).dump();
}

const std::string kSelector =
    "?labelSelector=planton.ai%2Fname%3Dfluentd%2Capp.kubernetes.io%2Fmanaged-by%3Dplanton-ds";

// A server holding `lists` (path without query -> items); DELETE answers 200.
void serve(FakeTransport& fake, std::map<std::string, std::vector<json>> lists) {
    fake.handler = [lists](const planton::kube::HttpRequest& r) {
        if (r.method == "DELETE") return FakeTransport::answer(200, "{}");
        const std::string path = r.path.substr(0, r.path.find('?'));
        auto it = lists.find(path);
        return FakeTransport::answer(200, list_of(it == lists.end() ? std::vector<json>{} : it->second));
    };
}

std::vector<std::string> requests_of(const FakeTransport& fake) {
    std::vector<std::string> out;
    for (const auto& r : fake.requests) out.push_back(r.method + " " + r.path);
    return out;
}

std::vector<std::string> lines_of(const PruneResult& result, bool dry_run) {
    std::vector<std::string> out;
    for (const auto& o : result.objects) out.push_back(prune_line(o, dry_run));
    return out;
}

}  // namespace

TEST_CASE("prune lists each kind by both labels and deletes what is no longer rendered", "[kube][prune]") {
    json other_owner = kLabels;
    other_owner["planton.ai/name"] = "fluent-bit";
    json unmanaged = kLabels;
    unmanaged.erase("app.kubernetes.io/managed-by");
    FakeTransport fake;
    serve(fake,
          {
              {"/api/v1/namespaces/logging/configmaps",
               {item("fluentd-config", kLabels), item("old-config", kLabels),
                item("lookalike", unmanaged),  // the server's selector is not trusted alone
                item("fluent-bit-config", other_owner)}},
              {"/apis/rbac.authorization.k8s.io/v1/clusterroles",
               {item("logging-fluentd", kLabels, ""), item("other-ns-fluentd", kLabels, "")}},
              {"/apis/rbac.authorization.k8s.io/v1/namespaces/logging/roles", {item("fluentd", kLabels)}},
          });
    Client client(fake);
    const PruneResult result = prune_objects(client, {config_map("fluentd-config"), daemonset()}, false);
    REQUIRE(result.ok());
    CHECK(requests_of(fake) ==
          std::vector<std::string>{
              "GET /api/v1/namespaces/logging/secrets" + kSelector,
              "GET /api/v1/namespaces/logging/configmaps" + kSelector,
              "DELETE /api/v1/namespaces/logging/configmaps/old-config",
              "GET /apis/rbac.authorization.k8s.io/v1/namespaces/logging/rolebindings" + kSelector,
              "GET /apis/rbac.authorization.k8s.io/v1/namespaces/logging/roles" + kSelector,
              "DELETE /apis/rbac.authorization.k8s.io/v1/namespaces/logging/roles/fluentd",
              "GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings" + kSelector,
              "GET /apis/rbac.authorization.k8s.io/v1/clusterroles" + kSelector,
              "DELETE /apis/rbac.authorization.k8s.io/v1/clusterroles/logging-fluentd",
              "GET /api/v1/namespaces/logging/serviceaccounts" + kSelector,
          });
    CHECK(lines_of(result, false) == std::vector<std::string>{
                                         "configmap/old-config pruned",
                                         "role.rbac.authorization.k8s.io/fluentd pruned",
                                         "clusterrole.rbac.authorization.k8s.io/logging-fluentd pruned",
                                     });
}

TEST_CASE("prune --dry-run server only lists", "[kube][prune]") {
    FakeTransport fake;
    serve(fake, {{"/api/v1/namespaces/logging/configmaps", {item("old-config", kLabels)}}});
    Client client(fake);
    const PruneResult result = prune_objects(client, {daemonset()}, true);
    REQUIRE(result.ok());
    for (const auto& r : fake.requests) CHECK(r.method == "GET");
    CHECK(lines_of(result, true) == std::vector<std::string>{"configmap/old-config pruned (server dry run)"});
}

TEST_CASE("prune keeps what the DaemonSet still refers to", "[kube][prune]") {
    FakeTransport fake;
    serve(fake, {
                    {"/api/v1/namespaces/logging/secrets",
                     {item("regcred", kLabels), item("api", kLabels), item("certs", kLabels),
                      item("proj", kLabels), item("fluentd-env-secrets", kLabels)}},
                    {"/api/v1/namespaces/logging/configmaps",
                     {item("fluentd-config", kLabels), item("env-cm", kLabels)}},
                    {"/api/v1/namespaces/logging/serviceaccounts", {item("fluentd", kLabels)}},
                });
    Client client(fake);
    const PruneResult result = prune_objects(client, {daemonset()}, false);
    REQUIRE(result.ok());
    CHECK(lines_of(result, false) ==
          std::vector<std::string>{
              "secret/regcred kept: no longer rendered, but the DaemonSet still refers to it",
              "secret/api kept: no longer rendered, but the DaemonSet still refers to it",
              "secret/certs kept: no longer rendered, but the DaemonSet still refers to it",
              "secret/proj kept: no longer rendered, but the DaemonSet still refers to it",
              "secret/fluentd-env-secrets pruned",
              "configmap/fluentd-config kept: no longer rendered, but the DaemonSet still refers to it",
              "configmap/env-cm kept: no longer rendered, but the DaemonSet still refers to it",
              "serviceaccount/fluentd kept: no longer rendered, but the DaemonSet still refers to it",
          });
    std::vector<std::string> deletes;
    for (const auto& r : fake.requests)
        if (r.method == "DELETE") deletes.push_back(r.path);
    CHECK(deletes == std::vector<std::string>{"/api/v1/namespaces/logging/secrets/fluentd-env-secrets"});
}

TEST_CASE("prune: failures stop it; 404 on delete is already gone", "[kube][prune]") {
    FakeTransport fake;
    fake.push(200, list_of({item("old", kLabels)}));
    fake.push(404, R"({"kind":"Status","code":404})");
    fake.push(403, R"({"kind":"Status","code":403,"message":"configmaps is forbidden"})");
    Client client(fake);
    const PruneResult result = prune_objects(client, {daemonset()}, false);
    CHECK(lines_of(result, false) == std::vector<std::string>{"secret/old already gone"});
    CHECK(kind_of(result.failure) == "refused");
    CHECK(message_of(result.failure) ==
          "cannot list configmaps in namespace logging: forbidden (403): configmaps is forbidden");
}
