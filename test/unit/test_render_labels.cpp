// objects.md "Labels and annotations": the same labels and annotations on every object.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

const char* const kEverything =
    "  create_namespace: true\n  create_service_account: true\n"
    "  config_maps: {conf: x}\n"
    "  rbac:\n    cluster_rules: [{api_groups: [\"\"], resources: [pods], verbs: [get]}]\n"
    "    namespace_rules: [{api_groups: [\"\"], resources: [pods], verbs: [get]}]\n";
const char* const kLiteralSecret = "      env: {secrets: {TOKEN: abc}}\n";

}  // namespace

TEST_CASE("the five labels first, then id/org/env, then the manifest's labels", "[render][labels]") {
    Object ds = daemonset_of(manifest_yaml(
        "", "", "  id: k8sds-1\n  org: acme\n  env: prod\n  labels: {team: platform, tier: \"1\"}\n"));
    CHECK(ds["metadata"]["labels"] == Object::parse(R"({
        "app.kubernetes.io/name": "agent",
        "app.kubernetes.io/managed-by": "planton-ds",
        "planton.ai/resource": "true",
        "planton.ai/kind": "KubernetesDaemonSet",
        "planton.ai/name": "agent",
        "planton.ai/id": "k8sds-1",
        "planton.ai/organization": "acme",
        "planton.ai/environment": "prod",
        "team": "platform",
        "tier": "1"})"));
    CHECK(keys(ds["metadata"]["labels"]) ==
          std::vector<std::string>{"app.kubernetes.io/name", "app.kubernetes.io/managed-by",
                                   "planton.ai/resource", "planton.ai/kind", "planton.ai/name",
                                   "planton.ai/id", "planton.ai/organization", "planton.ai/environment",
                                   "team", "tier"});
}

TEST_CASE("id, org and env labels only when set", "[render][labels]") {
    Object labels = daemonset_of(manifest_yaml())["metadata"]["labels"];
    CHECK(labels.size() == 5);
    CHECK_FALSE(labels.contains("planton.ai/id"));
}

TEST_CASE("every object carries the labels and annotations; keys in conventional order", "[render][labels]") {
    auto objects =
        render_ok(manifest_yaml(kEverything, kLiteralSecret, "  annotations: {owner: sre, note: \"yes\"}\n"),
                  planton::render::Options{std::string("{}")});
    REQUIRE(objects.size() == 10);
    const Object expected_labels = objects.back()["metadata"]["labels"];
    for (const Object& o : objects) {
        INFO(o["kind"]);
        CHECK(keys(o).at(0) == "apiVersion");
        CHECK(keys(o).at(1) == "kind");
        CHECK(keys(o).at(2) == "metadata");
        CHECK(o["metadata"]["labels"] == expected_labels);
        CHECK(o["metadata"]["annotations"] == Object::parse(R"({"owner": "sre", "note": "yes"})"));
        const bool cluster_wide =
            o["kind"] == "Namespace" || o["kind"] == "ClusterRole" || o["kind"] == "ClusterRoleBinding";
        CHECK(keys(o["metadata"]) ==
              (cluster_wide ? std::vector<std::string>{"name", "labels", "annotations"}
                            : std::vector<std::string>{"name", "namespace", "labels", "annotations"}));
        if (!cluster_wide) CHECK(o["metadata"]["namespace"] == "ops");
    }
}

TEST_CASE("the manifest cannot override the five labels: validate refuses, nothing renders",
          "[render][labels]") {
    auto result = render_result(manifest_yaml(
        "", "", "  labels: {app.kubernetes.io/name: other, planton.ai/name: other, team: a}\n"));
    CHECK(result.objects.empty());
    std::vector<std::string> ids;
    for (const auto& d : result.diagnostics)
        if (d.severity == planton::manifest::Severity::error) ids.push_back(d.id + " " + d.path);
    CHECK(ids == std::vector<std::string>{"reserved-label metadata.labels[\"app.kubernetes.io/name\"]",
                                          "reserved-label metadata.labels[\"planton.ai/name\"]"});
}

TEST_CASE("the pod template: the labels, pod_annotations and the config hash", "[render][labels]") {
    Object ds = daemonset_of(manifest_yaml("  pod_annotations: {prometheus.io/scrape: \"true\"}\n", "",
                                           "  annotations: {owner: sre}\n  labels: {team: platform}\n"));
    Object meta = ds["spec"]["template"]["metadata"];
    CHECK(keys(meta) == std::vector<std::string>{"labels", "annotations"});
    CHECK(meta["labels"] == ds["metadata"]["labels"]);
    CHECK(keys(meta["annotations"]) ==
          std::vector<std::string>{"prometheus.io/scrape", "planton.ai/config-hash"});
    CHECK(meta["annotations"]["prometheus.io/scrape"] == "true");
    // metadata.annotations belong to the objects, not to the pods.
    CHECK_FALSE(meta["annotations"].contains("owner"));
}
