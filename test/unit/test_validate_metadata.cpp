// validate::check, metadata: the name, the Planton ids that become labels, labels and
// annotations.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::check_cases;
using test::validate_messages;

// `body` (metadata fields, indented by two) starts on line 4.
std::string metadata_doc(std::string_view body) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n" +
           std::string(body) +
           "spec:\n  namespace: agents\n  container: {app: {image: {repo: agent, tag: \"1.0\"}}}\n";
}

std::string named(std::string_view name) {
    return metadata_doc("  name: " + std::string(name) + "\n");
}

TEST_CASE("metadata.name is a DNS-1123 subdomain of at most 63 characters, without dots",
          "[validate][metadata]") {
    check_cases({
        {"63 characters", named(std::string(63, 'a')), {}},
        {"64 characters", named(std::string(64, 'a')), {"4:9 error [invalid-name] (metadata.name)"}},
        {"one character", named("a"), {}},
        {"digits and hyphens", named("node-exporter-2"), {}},
        {"upper case", named("Agent"), {"4:9 error [invalid-name] (metadata.name)"}},
        {"leading hyphen", named("\"-agent\""), {"4:9 error [invalid-name] (metadata.name)"}},
        {"trailing hyphen", named("agent-"), {"4:9 error [invalid-name] (metadata.name)"}},
        {"underscore", named("node_agent"), {"4:9 error [invalid-name] (metadata.name)"}},
        {"a dot: a subdomain, but not a container name",
         named("node.agent"),
         {"4:9 error [invalid-name] (metadata.name)"}},
        {"empty", named("\"\""), {"4:9 error [missing-field] (metadata.name)"}},
    });
    CHECK(validate_messages(named(std::string(64, 'a')))[0] ==
          "[invalid-name] name \"" + std::string(60, 'a') +
              "...\" must be at most 63 characters long (it has 64) (a DNS-1123 subdomain)");
    CHECK(
        validate_messages(named("Agent"))[0] ==
        R"([invalid-name] name "Agent" must consist of lowercase letters, digits, "-" and ".", and start and end )"
        R"(with a letter or digit (a DNS-1123 subdomain))");
    CHECK(
        validate_messages(named("node.agent"))[0] ==
        R"([invalid-name] name "node.agent" must not contain ".": the app container is named after it, and )"
        "container names are DNS-1123 labels");
}

TEST_CASE("metadata id, org and env become label values", "[validate][metadata]") {
    check_cases({
        {"valid values",
         metadata_doc("  name: a\n  id: k8sds-01HXYZ\n  org: Acme_Corp\n  env: prod.eu\n"),
         {}},
        {"63 and 64 characters",
         metadata_doc("  name: a\n  id: " + std::string(63, 'x') + "\n  org: " + std::string(64, 'x') + "\n"),
         {"6:8 error [invalid-label-value] (metadata.org)"}},
        {"spaces and a trailing dot",
         metadata_doc("  name: a\n  env: production eu\n  id: x.\n"),
         {"5:8 error [invalid-label-value] (metadata.env)", "6:7 error [invalid-label-value] (metadata.id)"}},
    });
}

TEST_CASE("metadata labels and annotations", "[validate][metadata]") {
    check_cases({
        {"valid labels",
         metadata_doc(
             "  name: a\n  labels:\n    team: observability\n    app.kubernetes.io/part-of: logging\n"
             "    example.com/empty: \"\"\n"),
         {}},
        {"bad label keys",
         metadata_doc(
             "  name: a\n  labels:\n    \"bad key\": x\n    a/b/c: x\n    /x: x\n    Example.COM/x: x\n"
             "    x/: x\n"),
         {"6:5 error [invalid-label-key] (metadata.labels[\"bad key\"])",
          "7:5 error [invalid-label-key] (metadata.labels[\"a/b/c\"])",
          "8:5 error [invalid-label-key] (metadata.labels[\"/x\"])",
          "9:5 error [invalid-label-key] (metadata.labels[\"Example.COM/x\"])",
          "10:5 error [invalid-label-key] (metadata.labels[\"x/\"])"}},
        {"a label name part of 63 and 64 characters",
         metadata_doc("  name: a\n  labels:\n    example.com/" + std::string(63, 'n') + ": x\n    " +
                      std::string(64, 'n') + ": x\n"),
         {"7:5 error [invalid-label-key] (metadata.labels." + std::string(64, 'n') + ")"}},
        {"bad label values",
         metadata_doc("  name: a\n  labels:\n    team: \"two words\"\n    tier: -x\n"),
         {"6:11 error [invalid-label-value] (metadata.labels.team)",
          "7:11 error [invalid-label-value] (metadata.labels.tier)"}},
        {"labels planton-ds sets itself",
         metadata_doc("  name: a\n  labels:\n    app.kubernetes.io/name: other\n    planton.ai/kind: x\n"
                      "    planton.ai/id: fine\n"),
         {"6:5 error [reserved-label] (metadata.labels[\"app.kubernetes.io/name\"])",
          "7:5 error [reserved-label] (metadata.labels[\"planton.ai/kind\"])"}},
        {"annotations: keys are checked, values are free",
         metadata_doc("  name: a\n  annotations:\n    example.com/note: \"anything: at all, even spaces\"\n"
                      "    \"not a key\": x\n"),
         {"7:5 error [invalid-annotation-key] (metadata.annotations[\"not a key\"])"}},
    });
    CHECK(
        validate_messages(metadata_doc("  name: a\n  labels:\n    planton.ai/name: b\n"))[0] ==
        R"([reserved-label] label "planton.ai/name" is set by planton-ds on every object and cannot be given )"
        "in metadata.labels");
    CHECK(validate_messages(metadata_doc("  name: a\n  labels:\n    a/b/c: x\n"))[0] ==
          R"([invalid-label-key] label key "a/b/c" must contain at most one "/")");
}

// Kubernetes refuses an object whose annotation keys and values add up to more than
// 256 KiB (apimachinery's TotalAnnotationSizeLimitB).
TEST_CASE("annotations: at most 256 KiB in all, per object", "[validate][metadata]") {
    const std::string under(262144 - 2, 'x');  // "a" + value + "b" + "" = 262143 bytes
    const std::string over(262144, 'x');       // "a" + value = 262145 bytes
    check_cases({
        {"just under", metadata_doc("  name: agent\n  annotations: {a: " + under + ", b: \"\"}\n"), {}},
        {"over",
         metadata_doc("  name: agent\n  annotations: {a: " + over + "}\n"),
         {"5:16 error [annotations-too-large] (metadata.annotations)"}},
        {"pod annotations over",
         metadata_doc("  name: agent\n") + "  pod_annotations: {a: " + over + "}\n",
         {"8:20 error [annotations-too-large] (spec.pod_annotations)"}},
    });
    CHECK(validate_messages(metadata_doc("  name: agent\n  annotations: {a: " + over + "}\n")) ==
          test::Lines{"[annotations-too-large] the annotations add up to 262145 bytes (keys and values); "
                      "Kubernetes allows at most 262144 (256 KiB) per object"});
}

}  // namespace
}  // namespace planton::validate
