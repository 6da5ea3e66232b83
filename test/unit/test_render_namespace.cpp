// objects.md row 1: the Namespace, only with create_namespace, cluster-scoped.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

TEST_CASE("no Namespace unless the manifest creates it", "[render][namespace]") {
    CHECK_FALSE(has_kind(render_ok(manifest_yaml()), "Namespace"));
    CHECK_FALSE(has_kind(render_ok(manifest_yaml("  create_namespace: false\n")), "Namespace"));
}

TEST_CASE("create_namespace renders the namespace first, without a namespace of its own",
          "[render][namespace]") {
    auto objects =
        render_ok(manifest_yaml("  create_namespace: true\n", "", "", "agent", "{value: monitoring}"));
    REQUIRE(kinds_and_names(objects) == std::vector<std::string>{"Namespace/monitoring", "DaemonSet/agent"});
    const Object& ns = objects[0];
    CHECK(keys(ns) == std::vector<std::string>{"apiVersion", "kind", "metadata"});
    CHECK(ns["apiVersion"] == "v1");
    CHECK(keys(ns["metadata"]) == std::vector<std::string>{"name", "labels"});
    CHECK(ns["metadata"]["labels"]["app.kubernetes.io/name"] == "agent");
}

TEST_CASE("the plain string and {value: NAME} forms of the namespace are the same", "[render][namespace]") {
    auto plain = render_ok(manifest_yaml("  create_namespace: true\n", "", "", "agent", "logging"));
    auto value =
        render_ok(manifest_yaml("  create_namespace: true\n", "", "", "agent", "\n    value: logging"));
    CHECK(plain == value);
    CHECK(find_object(plain, "DaemonSet")["metadata"]["namespace"] == "logging");
}
