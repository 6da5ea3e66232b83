#include <catch2/catch.hpp>

#include "planton/kube/client.hpp"

#include "fake_transport.hpp"

using planton::kube::Client;
using planton::test::FakeTransport;

TEST_CASE("REST paths of every rendered kind", "[kube][resources]") {
    using planton::kube::object_path;
    CHECK(object_path({"v1", "Namespace", "logging", ""}) == "/api/v1/namespaces/logging");
    CHECK(object_path({"v1", "ConfigMap", "cfg", "logging"}) == "/api/v1/namespaces/logging/configmaps/cfg");
    CHECK(object_path({"apps/v1", "DaemonSet", "fluentd", "logging"}) ==
          "/apis/apps/v1/namespaces/logging/daemonsets/fluentd");
    CHECK(object_path({"rbac.authorization.k8s.io/v1", "ClusterRole", "logging-fluentd", ""}) ==
          "/apis/rbac.authorization.k8s.io/v1/clusterroles/logging-fluentd");
    CHECK(planton::kube::display_name({"apps/v1", "DaemonSet", "fluentd", "logging"}) ==
          "daemonset.apps/fluentd");
    CHECK(planton::kube::display_name({"v1", "ConfigMap", "cfg", "logging"}) == "configmap/cfg");
}

TEST_CASE("apply sends one server-side apply PATCH", "[kube][client]") {
    FakeTransport fake;
    fake.push(201, R"({"kind":"ConfigMap"})");
    Client client(fake);
    nlohmann::ordered_json cm = {
        {"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "cfg"}, {"namespace", "ns"}}}};
    auto result = client.apply(cm, {"planton-ds", true, true});
    REQUIRE(fake.requests.size() == 1);
    CHECK(fake.requests[0].method == "PATCH");
    CHECK(fake.requests[0].path ==
          "/api/v1/namespaces/ns/configmaps/cfg?fieldManager=planton-ds&force=true&dryRun=All");
    CHECK(fake.requests[0].content_type == "application/apply-patch+yaml");
    CHECK(fake.requests[0].body == cm.dump());
    CHECK(result.ok());
}

TEST_CASE("409 names each conflicting field and --force-conflicts", "[kube][client]") {
    FakeTransport fake;
    fake.push(409,
              R"({"kind":"Status","code":409,"reason":"Conflict","message":"Apply failed with 1 conflict",
      "details":{"causes":[{"reason":"FieldManagerConflict","field":".spec.template.spec.containers[name=\"x\"].image",
      "message":"conflict with \"kubectl\" using apps/v1"}]}})");
    Client client(fake);
    auto result = client.apply(
        {{"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"metadata", {{"name", "x"}, {"namespace", "n"}}}},
        {});
    auto text =
        planton::kube::describe_failure(result, {"apps/v1", "DaemonSet", "x", "n"}, "apply", fake.server());
    CHECK(text ==
          "cannot apply daemonset.apps/x: conflict (409): fields owned by another manager:\n"
          "  .spec.template.spec.containers[name=\"x\"].image: conflict with \"kubectl\" using apps/v1\n"
          "--force-conflicts takes these fields over");
    CHECK(planton::kube::failure_kind(result) == planton::FailureKind::Refused);
}
