// validate::check, where pods may run: node selector, tolerations, node affinity.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::check_cases;
using test::spec_doc;
using test::validate_messages;

// One toleration per line from line 7: `- {<fields>}` (fields from column 8).
std::string tolerations(std::initializer_list<std::string_view> lines) {
    std::string body = "  tolerations:\n";
    for (std::string_view line : lines) body += "    - {" + std::string(line) + "}\n";
    return spec_doc(body);
}

TEST_CASE("node selector", "[validate][scheduling]") {
    check_cases({
        {"valid", spec_doc("  node_selector:\n    kubernetes.io/os: linux\n    gpu: \"\"\n"), {}},
        {"an invalid key and value",
         spec_doc("  node_selector:\n    \"has space\": x\n    pool: \"a b\"\n"),
         {"7:5 error [invalid-label-key] (spec.node_selector[\"has space\"])",
          "8:11 error [invalid-label-value] (spec.node_selector.pool)"}},
    });
}

TEST_CASE("tolerations", "[validate][scheduling]") {
    check_cases({
        {"valid tolerations",
         tolerations(
             {"key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule",
              "key: dedicated, operator: Equal, value: gpu, effect: NoExecute, toleration_seconds: 60",
              "key: dedicated, value: gpu", "operator: Exists"}),
         {}},
        {"Exists with a value",
         tolerations({"key: k, operator: Exists, value: v"}),
         {"7:41 error [toleration-value-with-exists] (spec.tolerations[0].value)"}},
        {"an empty key with Equal",
         tolerations({"operator: Equal, value: v"}),
         {"7:7 error [toleration-key-required] (spec.tolerations[0].key)"}},
        {"an empty key, operator left out",
         tolerations({"effect: NoSchedule"}),
         {"7:7 error [toleration-key-required] (spec.tolerations[0].key)"}},
        {"toleration_seconds without NoExecute",
         tolerations(
             {"key: k, effect: NoSchedule, toleration_seconds: 30", "key: k, toleration_seconds: 30"}),
         {"7:56 error [toleration-seconds-needs-no-execute] (spec.tolerations[0].toleration_seconds)",
          "8:36 error [toleration-seconds-needs-no-execute] (spec.tolerations[1].toleration_seconds)"}},
        {"an invalid operator makes no further errors",
         tolerations({"operator: In, value: v"}),
         {"7:18 error [invalid-toleration-operator] (spec.tolerations[0].operator)"}},
        {"a key that is no label key",
         tolerations({"key: \"bad key\", operator: Exists"}),
         {"7:13 error [invalid-label-key] (spec.tolerations[0].key)"}},
    });
    CHECK(
        validate_messages(tolerations({"key: k, operator: Exists, value: v"})) ==
        test::Lines{
            "[toleration-value-with-exists] a toleration with operator Exists matches any value; leave value "
            "out"});
    CHECK(
        validate_messages(tolerations({"operator: Equal, value: v"})) ==
        test::Lines{"[toleration-key-required] a toleration without a key must use operator: Exists (it then "
                    "tolerates every taint)"});
    CHECK(validate_messages(tolerations({"key: k, toleration_seconds: 30"})) ==
          test::Lines{
              "[toleration-seconds-needs-no-execute] toleration_seconds applies only to effect: NoExecute"});
}

// One match expression on line 9 (fields from column 31).
std::string expression(std::string_view fields) {
    return spec_doc("  affinity:\n    node_affinity:\n      required:\n        - match_expressions: [{" +
                    std::string(fields) + "}]\n");
}

TEST_CASE("node affinity", "[validate][scheduling]") {
    check_cases({
        {"every operator",
         spec_doc(
             "  affinity:\n    node_affinity:\n      required:\n        - match_expressions:\n"
             "            - {key: zone, operator: In, values: [a, b]}\n"
             "            - {key: pool, operator: NotIn, values: [spot]}\n"
             "            - {key: gpu, operator: Exists}\n            - {key: old, operator: DoesNotExist}\n"
             "            - {key: cores, operator: Gt, values: [\"4\"]}\n"
             "            - {key: cores, operator: Lt, values: [-1]}\n"
             "      preferred:\n        - {weight: 1, term: {match_expressions: [{key: a, operator: "
             "Exists}]}}\n"
             "        - {weight: 100, term: {match_expressions: [{key: b, operator: Exists}]}}\n"),
         {}},
        {"In without values",
         expression("key: zone, operator: In"),
         {"9:31 error [invalid-match-expression] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].values)"}},
        {"Exists with values",
         expression("key: zone, operator: Exists, values: [a]"),
         {"9:69 error [invalid-match-expression] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].values)"}},
        {"Gt with two values",
         expression("key: n, operator: Gt, values: [\"1\", \"2\"]"),
         {"9:62 error [invalid-match-expression] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].values)"}},
        {"Lt with text",
         expression("key: n, operator: Lt, values: [many]"),
         {"9:62 error [invalid-match-expression] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].values)"}},
        {"a key that is no label key",
         expression("key: \"a b\", operator: Exists"),
         {"9:37 error [invalid-label-key] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].key)"}},
        {"no terms, an empty term",
         spec_doc("  affinity:\n    node_affinity:\n      required: []\n      preferred: [{weight: 1, term: "
                  "{}}]\n"),
         {"8:17 error [empty-list] (spec.affinity.node_affinity.required)",
          "9:37 error [empty-list] (spec.affinity.node_affinity.preferred[0].term.match_expressions)"}},
        {"weights 0 and 101",
         spec_doc("  affinity:\n    node_affinity:\n      preferred:\n"
                  "        - {weight: 0, term: {match_expressions: [{key: a, operator: Exists}]}}\n"
                  "        - {weight: 101, term: {match_expressions: [{key: a, operator: Exists}]}}\n"),
         {"9:20 error [invalid-weight] (spec.affinity.node_affinity.preferred[0].weight)",
          "10:20 error [invalid-weight] (spec.affinity.node_affinity.preferred[1].weight)"}},
    });
    CHECK(validate_messages(expression("key: n, operator: Gt, values: [many]")) ==
          test::Lines{"[invalid-match-expression] operator Gt needs exactly one value, an integer"});
}

}  // namespace
}  // namespace planton::validate
