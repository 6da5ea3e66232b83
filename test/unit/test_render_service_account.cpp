// objects.md row 2 and the pod's serviceAccountName: created or named, never invented.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

TEST_CASE("create_service_account renders a ServiceAccount named after the DaemonSet",
          "[render][service-account]") {
    auto objects = render_ok(manifest_yaml("  create_service_account: true\n"));
    REQUIRE(kinds_and_names(objects) == std::vector<std::string>{"ServiceAccount/agent", "DaemonSet/agent"});
    const Object& sa = objects[0];
    CHECK(sa["apiVersion"] == "v1");
    CHECK(keys(sa["metadata"]) == std::vector<std::string>{"name", "namespace", "labels"});
    CHECK(sa["metadata"]["namespace"] == "ops");
    CHECK(find_object(objects, "DaemonSet")["spec"]["template"]["spec"]["serviceAccountName"] == "agent");
}

TEST_CASE("service_account_name names the created ServiceAccount", "[render][service-account]") {
    auto objects =
        render_ok(manifest_yaml("  create_service_account: true\n  service_account_name: agent-sa\n"));
    CHECK(kinds_and_names(objects) == std::vector<std::string>{"ServiceAccount/agent-sa", "DaemonSet/agent"});
    CHECK(find_object(objects, "DaemonSet")["spec"]["template"]["spec"]["serviceAccountName"] == "agent-sa");
}

TEST_CASE("a named service account that is not created is used, not rendered", "[render][service-account]") {
    auto objects = render_ok(manifest_yaml("  service_account_name: existing-sa\n"));
    CHECK(kinds_and_names(objects) == std::vector<std::string>{"DaemonSet/agent"});
    CHECK(find_object(objects, "DaemonSet")["spec"]["template"]["spec"]["serviceAccountName"] ==
          "existing-sa");
}

TEST_CASE("no serviceAccountName when none is created or named (Planton's module sets one)",
          "[render][service-account]") {
    Object pod = pod_spec_of(manifest_yaml());
    CHECK_FALSE(pod.contains("serviceAccountName"));
    CHECK_FALSE(pod.contains("serviceAccount"));
    Object pod2 = pod_spec_of(manifest_yaml("  create_service_account: false\n"));
    CHECK_FALSE(pod2.contains("serviceAccountName"));
}
