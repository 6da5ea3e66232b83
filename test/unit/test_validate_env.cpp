// validate::check, the app container's env: names, value_from, secret references.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::validate_messages;

// `variables` lines from line 12; or `secrets` lines from line 12.
std::string variables(std::string_view lines) {
    return app_doc("      env:\n        variables:\n" + std::string(lines));
}
std::string secrets(std::string_view lines) {
    return app_doc("      env:\n        secrets:\n" + std::string(lines));
}

TEST_CASE("env variable names", "[validate][env]") {
    check_cases({
        {"valid names",
         variables("          LOG_LEVEL: info\n          my.setting: x\n          -dash: x\n"
                   "          _under: x\n          PORT: 9200\n"),
         {}},
        {"invalid names",
         variables("          1ST: x\n          \"A B\": x\n          \".\": x\n          \"..\": x\n"),
         {"12:11 error [invalid-env-name] (spec.container.app.env.variables[\"1ST\"])",
          "13:11 error [invalid-env-name] (spec.container.app.env.variables[\"A B\"])",
          "14:11 error [invalid-env-name] (spec.container.app.env.variables[\".\"])",
          "15:11 error [invalid-env-name] (spec.container.app.env.variables[\"..\"])"}},
        {"secret names too",
         secrets("          \"API KEY\": x\n"),
         {"12:11 error [invalid-env-name] (spec.container.app.env.secrets[\"API KEY\"])"}},
        {"a name in variables and secrets",
         app_doc("      env:\n        variables: {TOKEN: a}\n        secrets: {TOKEN: b}\n"),
         {"12:19 error [duplicate-env-name] (spec.container.app.env.secrets.TOKEN)"}},
    });
    CHECK(
        validate_messages(variables("          1ST: x\n")) ==
        test::Lines{
            R"([invalid-env-name] environment variable name "1ST" must consist of letters, digits, "_", "-" )"
            R"(and ".", and must not start with a digit)"});
    CHECK(validate_messages(
              app_doc("      env:\n        variables: {TOKEN: a}\n        secrets: {TOKEN: b}\n")) ==
          test::Lines{
              R"([duplicate-env-name] environment variable "TOKEN" is given in secrets and in variables )"
              "(line 11)"});
}

TEST_CASE("value_from is reported as render reports it", "[validate][env]") {
    check_cases({
        {"literal values", variables("          A: x\n          B: {value: y}\n"), {}},
        {"value_from",
         variables("          DB_HOST: {value_from: {kind: KubernetesPostgres, name: db}}\n"),
         {"12:33 error [value-from] (spec.container.app.env.variables.DB_HOST.value_from)"}},
        {"value and value_from",
         variables("          A: {value: x, value_from: {name: db}}\n"),
         {"12:37 error [conflicting-fields] (spec.container.app.env.variables.A.value_from)"}},
    });
    CHECK(validate_messages(variables("          DB_HOST: {valueFrom: {name: db}}\n")) ==
          test::Lines{
              "[value-from] Environment variable DB_HOST uses value_from, a reference that only the Planton "
              "orchestrator can resolve; give a literal value"});
}

TEST_CASE("secret references", "[validate][env]") {
    check_cases({
        {"literal and referenced secrets",
         secrets("          A: x\n          B: {value: y}\n          C: {secret_ref: {name: creds, key: "
                 "api-key}}\n"
                 "          D: {secret_ref: {name: creds, key: tls.key, namespace: agents}}\n"),
         {}},
        {"a Secret in another namespace",
         secrets("          C: {secret_ref: {name: creds, key: k, namespace: shared}}\n"),
         {"12:60 error [cross-namespace-secret] (spec.container.app.env.secrets.C.secret_ref.namespace)"}},
        {"an invalid Secret name and key",
         secrets("          C: {secret_ref: {name: Creds_1, key: a/b}}\n"),
         {"12:34 error [invalid-name] (spec.container.app.env.secrets.C.secret_ref.name)",
          "12:48 error [invalid-key] (spec.container.app.env.secrets.C.secret_ref.key)"}},
        {"value and secret_ref",
         secrets("          C: {value: x, secret_ref: {name: creds, key: k}}\n"),
         {"12:37 error [conflicting-fields] (spec.container.app.env.secrets.C.secret_ref)"}},
    });
    CHECK(
        validate_messages(secrets("          C: {secret_ref: {name: creds, key: k, namespace: shared}}\n")) ==
        test::Lines{
            "[cross-namespace-secret] Secret creds for C is in namespace shared, but the DaemonSet runs in "
            "agents: a pod cannot read a Secret from another namespace"});
    // With a namespace only the orchestrator knows, there is nothing to compare with.
    const std::string unknown_namespace =
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
        "agent\nspec:\n"
        "  namespace: {value_from: {name: ns}}\n  container:\n    app:\n      image: {repo: agent, tag: "
        "\"1.0\"}\n"
        "      env: {secrets: {C: {secret_ref: {name: creds, key: k, namespace: shared}}}}\n";
    CHECK(test::validate_lines(unknown_namespace) ==
          test::Lines{"6:27 error [value-from] (spec.namespace.value_from)"});
}

}  // namespace
}  // namespace planton::validate
