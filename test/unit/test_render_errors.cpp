// What render cannot render faithfully (manifest.md): value_from references and Secrets
// in another namespace. validate reports them, render stops on them: no object.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

std::vector<std::string> error_lines(const planton::render::Result& result) {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics)
        if (d.severity == planton::manifest::Severity::error) out.push_back(planton::manifest::to_text(d));
    return out;
}

}  // namespace

TEST_CASE("a value_from variable is an error at its position; nothing is rendered", "[render][errors]") {
    auto result = render_result(manifest_yaml(
        "",
        "      env:\n        variables:\n          DB_HOST:\n"
        "            value_from: {kind: KubernetesPostgres, name: db, field_path: status.outputs.host}\n"));
    CHECK(result.objects.empty());
    CHECK(error_lines(result) ==
          std::vector<std::string>{
              "test.yaml:13:25: error: [value-from] Environment variable DB_HOST uses value_from, "
              "a reference that only the Planton orchestrator can resolve; give a literal value "
              "(spec.container.app.env.variables.DB_HOST.value_from)"});
}

TEST_CASE("a value_from namespace is an error", "[render][errors]") {
    auto result = render_result(manifest_yaml("", "", "", "agent", "\n    value_from: {name: shared-ns}"));
    CHECK(result.objects.empty());
    REQUIRE(error_lines(result).size() == 1);
    CHECK(error_lines(result)[0] ==
          "test.yaml:7:17: error: [value-from] spec.namespace uses value_from, a reference that only the "
          "Planton "
          "orchestrator can resolve; give a literal value ({value: NAME}) (spec.namespace.value_from)");
}

TEST_CASE("a secret_ref into another namespace is an error", "[render][errors]") {
    auto result = render_result(manifest_yaml(
        "",
        "      env:\n        secrets:\n          TOKEN: {secret_ref: {name: t, key: k, namespace: "
        "vault}}\n"));
    CHECK(result.objects.empty());
    CHECK(error_lines(result) ==
          std::vector<std::string>{
              "test.yaml:12:60: error: [cross-namespace-secret] Secret t for TOKEN is in "
              "namespace vault, but the DaemonSet runs in ops: a pod cannot read a Secret "
              "from another namespace (spec.container.app.env.secrets.TOKEN.secret_ref.namespace)"});
}

TEST_CASE("a secret_ref naming the own namespace renders", "[render][errors]") {
    auto objects = render_ok(manifest_yaml(
        "", "      env: {secrets: {TOKEN: {secret_ref: {name: t, key: k, namespace: ops}}}}\n"));
    CHECK(find_object(objects, "DaemonSet")["spec"]["template"]["spec"]["containers"][0]["env"].back() ==
          Object::parse(R"({"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "t", "key": "k"}}})"));
}

TEST_CASE("every render error is reported, not only the first", "[render][errors]") {
    auto result = render_result(manifest_yaml(
        "",
        "      env:\n        variables: {A: {value_from: {name: x}}, B: {value_from: {name: y}}}\n"
        "        secrets: {C: {secret_ref: {name: t, key: k, namespace: other}}}\n"));
    CHECK(error_lines(result).size() == 3);
}

TEST_CASE("documents of other kinds render nothing and report nothing", "[render][errors]") {
    auto result = render_result("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    CHECK(result.objects.empty());
    CHECK(result.diagnostics.empty());
}
