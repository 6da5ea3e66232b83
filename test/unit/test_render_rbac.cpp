// objects.md rows 3-6: ClusterRole/ClusterRoleBinding named <namespace>-<name>,
// Role/RoleBinding named <name>, bound to the service account.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

const char* const kRbac =
    "  create_service_account: true\n"
    "  rbac:\n"
    "    cluster_rules:\n"
    "      - {api_groups: [\"\"], resources: [pods, nodes], verbs: [get, list]}\n"
    "      - {api_groups: [apps], resources: [daemonsets], verbs: [watch], resource_names: [x]}\n"
    "    namespace_rules:\n"
    "      - {api_groups: [coordination.k8s.io], resources: [leases], verbs: [get, update]}\n";

}  // namespace

TEST_CASE("cluster and namespace rules render four objects in apply order", "[render][rbac]") {
    auto objects = render_ok(manifest_yaml(kRbac));
    CHECK(kinds_and_names(objects) == std::vector<std::string>{"ServiceAccount/agent",
                                                               "ClusterRole/ops-agent",
                                                               "ClusterRoleBinding/ops-agent", "Role/agent",
                                                               "RoleBinding/agent", "DaemonSet/agent"});
}

TEST_CASE("ClusterRole: cluster-wide, rules as written, resourceNames only when given", "[render][rbac]") {
    Object role = find_object(render_ok(manifest_yaml(kRbac)), "ClusterRole");
    CHECK(role["apiVersion"] == "rbac.authorization.k8s.io/v1");
    CHECK(keys(role) == std::vector<std::string>{"apiVersion", "kind", "metadata", "rules"});
    CHECK_FALSE(role["metadata"].contains("namespace"));
    CHECK(role["rules"] == Object::parse(R"([
        {"verbs": ["get", "list"], "apiGroups": [""], "resources": ["pods", "nodes"]},
        {"verbs": ["watch"], "apiGroups": ["apps"], "resources": ["daemonsets"], "resourceNames": ["x"]}])"));
}

TEST_CASE("bindings name the service account in the namespace and the role", "[render][rbac]") {
    auto objects = render_ok(manifest_yaml(
        "  create_service_account: true\n  service_account_name: reader\n"
        "  rbac:\n    cluster_rules: [{api_groups: [\"\"], resources: [pods], verbs: [get]}]\n"
        "    namespace_rules: [{api_groups: [\"\"], resources: [configmaps], verbs: [get]}]\n"));
    Object cluster_binding = find_object(objects, "ClusterRoleBinding");
    CHECK(keys(cluster_binding) ==
          std::vector<std::string>{"apiVersion", "kind", "metadata", "subjects", "roleRef"});
    CHECK_FALSE(cluster_binding["metadata"].contains("namespace"));
    CHECK(cluster_binding["subjects"] ==
          Object::parse(R"([{"kind": "ServiceAccount", "name": "reader", "namespace": "ops"}])"));
    CHECK(cluster_binding["roleRef"] ==
          Object::parse(
              R"({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "ops-agent"})"));
    Object binding = find_object(objects, "RoleBinding");
    CHECK(binding["metadata"]["namespace"] == "ops");
    CHECK(binding["subjects"][0]["name"] == "reader");
    CHECK(binding["roleRef"] ==
          Object::parse(R"({"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "agent"})"));
    Object role = find_object(objects, "Role");
    CHECK(role["metadata"]["namespace"] == "ops");
}

TEST_CASE("a named, not created, service account is bound too", "[render][rbac]") {
    auto objects = render_ok(manifest_yaml(
        "  service_account_name: existing\n"
        "  rbac:\n    namespace_rules: [{api_groups: [\"\"], resources: [pods], verbs: [get]}]\n"));
    CHECK(kinds_and_names(objects) ==
          std::vector<std::string>{"Role/agent", "RoleBinding/agent", "DaemonSet/agent"});
    CHECK(find_object(objects, "RoleBinding")["subjects"][0]["name"] == "existing");
}

TEST_CASE("one name in two namespaces gives two ClusterRoles", "[render][rbac]") {
    const char* spec =
        "  create_service_account: true\n"
        "  rbac:\n    cluster_rules: [{api_groups: [\"\"], resources: [pods], verbs: [get]}]\n";
    auto a = render_ok(manifest_yaml(spec, "", "", "agent", "team-a"));
    auto b = render_ok(manifest_yaml(spec, "", "", "agent", "team-b"));
    CHECK(find_object(a, "ClusterRole")["metadata"]["name"] == "team-a-agent");
    CHECK(find_object(b, "ClusterRole")["metadata"]["name"] == "team-b-agent");
    CHECK(find_object(b, "ClusterRoleBinding")["subjects"][0]["namespace"] == "team-b");
}

TEST_CASE("no rules, no RBAC objects", "[render][rbac]") {
    auto objects = render_ok(manifest_yaml("  create_service_account: true\n  rbac: {}\n"));
    CHECK(kinds_and_names(objects) == std::vector<std::string>{"ServiceAccount/agent", "DaemonSet/agent"});
}
