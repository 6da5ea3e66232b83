// Tolerations, node affinity and the update strategy, with Kubernetes' int-or-string
// rules that the OpenAPI schema does not carry: a percentage is a string, a plain
// number a number (the API server rejects the string "1").
#include <catch2/catch.hpp>

#include "planton/render/emit.hpp"

#include "render/objects.hpp"
#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers
using planton::render::detail::int_or_percent;

namespace {

Object strategy_of(const std::string& spec) {
    return daemonset_of(manifest_yaml(spec))["spec"]["updateStrategy"];
}

}  // namespace

TEST_CASE("int_or_percent: digits are a number, a percentage a string", "[render][scheduling]") {
    CHECK(int_or_percent("1") == Object(1));
    CHECK(int_or_percent("1").is_number_integer());
    CHECK(int_or_percent("0") == Object(0));
    CHECK(int_or_percent("25%") == Object("25%"));
    CHECK(int_or_percent("25%").is_string());
    CHECK(int_or_percent("100%").is_string());
}

TEST_CASE("maxUnavailable: 1 renders as a number, in JSON and in YAML", "[render][scheduling]") {
    for (const char* written : {"1", "\"1\""}) {
        INFO(written);
        auto objects = render_ok(manifest_yaml(std::string("  update_strategy:\n    rolling_update:\n"
                                                           "      max_unavailable: ") +
                                               written + "\n"));
        Object strategy = find_object(objects, "DaemonSet")["spec"]["updateStrategy"];
        CHECK(strategy ==
              Object::parse(R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}})"));
        CHECK(strategy["rollingUpdate"]["maxUnavailable"].is_number_integer());
        const std::string yaml = planton::render::to_yaml(objects);
        CHECK(yaml.find("      maxUnavailable: 1\n") != std::string::npos);
        CHECK(yaml.find("\"1\"") == std::string::npos);
    }
}

TEST_CASE("a percentage renders as a string", "[render][scheduling]") {
    Object strategy =
        strategy_of("  update_strategy: {type: RollingUpdate, rolling_update: {max_unavailable: 25%}}\n");
    CHECK(strategy["rollingUpdate"]["maxUnavailable"] == "25%");
    CHECK(strategy["rollingUpdate"]["maxUnavailable"].is_string());
}

TEST_CASE("only maxSurge given: maxUnavailable 0 is rendered (Kubernetes defaults it to 1)",
          "[render][scheduling]") {
    CHECK(
        strategy_of("  update_strategy: {rolling_update: {max_surge: 1}}\n") ==
        Object::parse(R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}})"));
    CHECK(strategy_of("  update_strategy: {rolling_update: {max_surge: 10%}}\n") ==
          Object::parse(
              R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": "10%"}})"));
    CHECK(
        strategy_of("  update_strategy: {rolling_update: {max_surge: 1, max_unavailable: 0}}\n") ==
        Object::parse(R"({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}})"));
}

TEST_CASE("OnDelete and a bare type", "[render][scheduling]") {
    CHECK(strategy_of("  update_strategy: {type: OnDelete}\n") == Object::parse(R"({"type": "OnDelete"})"));
    CHECK(strategy_of("  update_strategy: {type: RollingUpdate}\n") ==
          Object::parse(R"({"type": "RollingUpdate"})"));
}

TEST_CASE("tolerations: only the fields that are set", "[render][scheduling]") {
    Object pod =
        pod_spec_of(manifest_yaml("  tolerations:\n    - {operator: Exists}\n"
                                  "    - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}\n"
                                  "    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: "
                                  "NoExecute, toleration_seconds: 30}\n"
                                  "    - {key: plain, value: v}\n"));
    CHECK(pod["tolerations"] == Object::parse(R"([
        {"operator": "Exists"},
        {"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 30},
        {"key": "plain", "value": "v"}])"));
}

TEST_CASE("node affinity: required terms and weighted preferences", "[render][scheduling]") {
    Object pod = pod_spec_of(
        manifest_yaml("  affinity:\n    node_affinity:\n"
                      "      required:\n        - match_expressions:\n"
                      "            - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n"
                      "            - {key: gpu, operator: Exists}\n"
                      "      preferred:\n        - weight: 20\n          term:\n"
                      "            match_expressions: [{key: mem, operator: Gt, values: [\"16000\"]}]\n"));
    CHECK(pod["affinity"] == Object::parse(R"({"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64", "arm64"]},
            {"key": "gpu", "operator": "Exists"}]}]},
        "preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 20, "preference": {"matchExpressions": [{"key": "mem", "operator": "Gt", "values": ["16000"]}]}}]
        }})"));
    CHECK_FALSE(pod_spec_of(manifest_yaml()).contains("affinity"));
}
