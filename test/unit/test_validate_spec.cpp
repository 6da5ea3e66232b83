// validate::check, spec's own fields: namespace, service account and RBAC, ConfigMaps,
// pod-level names and numbers; and stack input documents.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::check_cases;
using test::spec_doc;
using test::validate_lines;
using test::validate_messages;

// spec.namespace written as `text` on line 6.
std::string namespace_doc(std::string_view text) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "agent\n"
           "spec:\n  namespace: " +
           std::string(text) + "\n  container: {app: {image: {repo: agent, tag: \"1.0\"}}}\n";
}

TEST_CASE("spec.namespace: a literal DNS-1123 label", "[validate][spec]") {
    check_cases({
        {"plain string", namespace_doc("logging"), {}},
        {"value form", namespace_doc("{value: logging}"), {}},
        {"63 characters", namespace_doc(std::string(63, 'n')), {}},
        {"64 characters",
         namespace_doc(std::string(64, 'n')),
         {"6:14 error [invalid-name] (spec.namespace)"}},
        {"upper case", namespace_doc("Logging"), {"6:14 error [invalid-name] (spec.namespace)"}},
        {"a dot",
         namespace_doc("{value: kube.system}"),
         {"6:22 error [invalid-name] (spec.namespace.value)"}},
        {"empty", namespace_doc("\"\""), {"6:14 error [missing-field] (spec.namespace)"}},
        {"a mapping without value",
         namespace_doc("{}"),
         {"6:14 error [missing-field] (spec.namespace.value)"}},
        {"value_from",
         namespace_doc("{value_from: {kind: KubernetesNamespace, name: shared}}"),
         {"6:27 error [value-from] (spec.namespace.value_from)"}},
        {"value_from without name",
         namespace_doc("{value_from: {kind: KubernetesNamespace}}"),
         {"6:27 error [missing-field] (spec.namespace.value_from.name)",
          "6:27 error [value-from] (spec.namespace.value_from)"}},
        {"value and value_from",
         namespace_doc("{value: a, value_from: {name: b}}"),
         {"6:37 error [conflicting-fields] (spec.namespace.value_from)"}},
    });
    CHECK(validate_messages(namespace_doc("{valueFrom: {name: shared}}")) ==
          test::Lines{"[value-from] spec.namespace uses value_from, a reference that only the Planton "
                      "orchestrator can resolve; give a literal value ({value: NAME})"});
    CHECK(validate_messages(namespace_doc("Logging")) ==
          test::Lines{
              R"([invalid-name] namespace "Logging" must consist of lowercase letters, digits and "-", )"
              "and start and end with a letter or digit (a DNS-1123 label)"});
}

// spec.namespace `name` with create_namespace written as `create` on line 7.
std::string create_namespace_doc(std::string_view name, std::string_view create) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "agent\n"
           "spec:\n  namespace: " +
           std::string(name) + "\n  create_namespace: " + std::string(create) +
           "\n  container: {app: {image: {repo: agent, tag: \"1.0\"}}}\n";
}

TEST_CASE("create_namespace: never for the namespaces every cluster has", "[validate][spec]") {
    check_cases({
        {"a namespace of its own", create_namespace_doc("logging", "true"), {}},
        {"default", create_namespace_doc("default", "true"),
         {"7:21 error [reserved-namespace] (spec.create_namespace)"}},
        {"kube-system", create_namespace_doc("kube-system", "true"),
         {"7:21 error [reserved-namespace] (spec.create_namespace)"}},
        {"kube-public", create_namespace_doc("kube-public", "true"),
         {"7:21 error [reserved-namespace] (spec.create_namespace)"}},
        {"kube-node-lease", create_namespace_doc("kube-node-lease", "true"),
         {"7:21 error [reserved-namespace] (spec.create_namespace)"}},
        {"running in kube-system without creating it", create_namespace_doc("kube-system", "false"), {}},
        {"a name that only starts like one", create_namespace_doc("kube-system-agents", "true"), {}},
    });
    CHECK(validate_messages(create_namespace_doc("default", "true")) ==
          test::Lines{"[reserved-namespace] create_namespace: true for namespace default, which every cluster "
                      "has from the start: planton-ds never creates or deletes it; remove create_namespace"});
}

TEST_CASE("service account and RBAC rules", "[validate][spec]") {
    const std::string rules =
        "  rbac:\n    cluster_rules: [{api_groups: [\"\"], resources: [pods], verbs: [get]}]\n";
    check_cases({
        {"rules with a created service account", spec_doc("  create_service_account: true\n" + rules), {}},
        {"rules with a named service account", spec_doc("  service_account_name: agent-sa\n" + rules), {}},
        {"rules without a service account",
         spec_doc(rules),
         {"7:5 error [rbac-without-service-account] (spec.rbac)"}},
        {"create_service_account false",
         spec_doc("  create_service_account: false\n" + rules),
         {"8:5 error [rbac-without-service-account] (spec.rbac)"}},
        {"an empty service account name",
         spec_doc("  service_account_name: \"\"\n" + rules),
         {"8:5 error [rbac-without-service-account] (spec.rbac)"}},
        {"no rules, no service account", spec_doc("  rbac: {cluster_rules: [], namespace_rules: []}\n"), {}},
        {"create_service_account of the wrong type is the parser's problem",
         spec_doc("  create_service_account: \"yes\"\n" + rules),
         {}},
        {"a service account name that is no DNS-1123 subdomain",
         spec_doc("  service_account_name: Agent_SA\n"),
         {"6:25 error [invalid-name] (spec.service_account_name)"}},
    });
    CHECK(validate_messages(spec_doc(rules)) ==
          test::Lines{
              "[rbac-without-service-account] rbac rules need a service account: set create_service_account: "
              "true or name an existing one in service_account_name"});
}

TEST_CASE("ConfigMaps: names and the 1 MiB limit", "[validate][spec]") {
    const std::string one_mib(1024 * 1024, 'x');
    check_cases({
        {"valid names", spec_doc("  config_maps:\n    agent-config: a\n    agent.rules: b\n"), {}},
        {"a name that is no DNS-1123 subdomain",
         spec_doc("  config_maps:\n    Agent_Config: a\n"),
         {"7:5 error [invalid-name] (spec.config_maps.Agent_Config)"}},
        {"exactly 1 MiB", spec_doc("  config_maps:\n    big: " + one_mib + "\n"), {}},
        {"1 MiB and one byte",
         spec_doc("  config_maps:\n    big: " + one_mib + "y\n"),
         {"7:10 error [config-map-too-large] (spec.config_maps.big)"}},
    });
    CHECK(validate_messages(spec_doc("  config_maps:\n    big: " + one_mib + "y\n")) ==
          test::Lines{
              "[config-map-too-large] ConfigMap \"big\" holds 1048577 bytes; a ConfigMap holds at most 1 MiB "
              "(1048576 bytes)"});
}

TEST_CASE("pod-level numbers, priority class and pod annotations", "[validate][spec]") {
    check_cases({
        {"zeros",
         spec_doc(
             "  min_ready_seconds: 0\n  revision_history_limit: 0\n  termination_grace_period_seconds: 0\n"),
         {}},
        {"negative numbers",
         spec_doc("  min_ready_seconds: -1\n  revision_history_limit: -2\n  "
                  "termination_grace_period_seconds: -3\n"),
         {"6:22 error [negative-value] (spec.min_ready_seconds)",
          "7:27 error [negative-value] (spec.revision_history_limit)",
          "8:37 error [negative-value] (spec.termination_grace_period_seconds)"}},
        {"priority class", spec_doc("  priority_class_name: system-node-critical\n"), {}},
        {"a priority class that is no DNS-1123 subdomain",
         spec_doc("  priority_class_name: System\n"),
         {"6:24 error [invalid-name] (spec.priority_class_name)"}},
        {"pod annotations",
         spec_doc("  pod_annotations:\n    prometheus.io/scrape: \"true\"\n    \"bad key\": x\n"),
         {"8:5 error [invalid-annotation-key] (spec.pod_annotations[\"bad key\"])"}},
    });
    CHECK(validate_messages(spec_doc("  min_ready_seconds: -1\n"))[0] ==
          "[negative-value] min_ready_seconds must not be negative (it is -1)");
}

TEST_CASE("dns_config, and dns_policy None needs a nameserver", "[validate][spec]") {
    std::string searches = "  dns_config:\n    searches: [";
    for (int i = 0; i < 33; ++i) searches += (i ? ", s" : "s") + std::to_string(i) + ".example";
    searches += "]\n";
    check_cases({
        {"None with nameservers, searches and options",
         spec_doc("  dns_policy: None\n  dns_config:\n    nameservers: [1.1.1.1, \"2001:db8::53\"]\n"
                  "    searches: [svc.cluster.local, example.com.]\n"
                  "    options: [{name: ndots, value: \"2\"}, {name: edns0}]\n"),
         {}},
        {"dns_config without None", spec_doc("  dns_config: {options: [{name: ndots, value: \"1\"}]}\n"), {}},
        {"None without dns_config",
         spec_doc("  dns_policy: None\n"),
         {"6:15 error [invalid-dns-config] (spec.dns_policy)"}},
        {"None without a nameserver",
         spec_doc("  dns_policy: None\n  dns_config: {searches: [example.com]}\n"),
         {"7:15 error [invalid-dns-config] (spec.dns_config.nameservers)"}},
        {"more than 3 nameservers",
         spec_doc("  dns_config:\n    nameservers: [1.1.1.1, 1.0.0.1, 8.8.8.8, 8.8.4.4]\n"),
         {"7:18 error [invalid-dns-config] (spec.dns_config.nameservers)"}},
        {"a nameserver that is not an IP address",
         spec_doc("  dns_config:\n    nameservers: [dns.example, \"1.1.1.256\", \"::ffff:1.2.3.4\"]\n"),
         {"7:19 error [invalid-dns-config] (spec.dns_config.nameservers[0])",
          "7:32 error [invalid-dns-config] (spec.dns_config.nameservers[1])"}},
        {"a search that is not a domain",
         spec_doc("  dns_config:\n    searches: [Bad_Domain, ok.example.]\n"),
         {"7:16 error [invalid-dns-config] (spec.dns_config.searches[0])"}},
        {"more than 32 searches", spec_doc(searches), {"7:15 error [invalid-dns-config] (spec.dns_config.searches)"}},
        {"an option without a name",
         spec_doc("  dns_config:\n    options: [{value: \"2\"}]\n"),
         {"7:15 error [missing-field] (spec.dns_config.options[0].name)"}},
    });
    CHECK(validate_messages(spec_doc("  dns_policy: None\n")) ==
          test::Lines{"[invalid-dns-config] dns_policy None gives the pod no DNS settings of its own: give "
                      "dns_config with at least one nameserver"});
    CHECK(validate_messages(spec_doc("  dns_config:\n    nameservers: [dns.example]\n")) ==
          test::Lines{"[invalid-dns-config] nameserver \"dns.example\" is not an IPv4 or IPv6 address"});
}

// A stack input: the target's header on lines 1-4, docker_config_json on line 8.
std::string stack_input(std::string_view name, std::string_view docker_config) {
    return "target:\n  apiVersion: kubernetes.project-planton.org/v1\n  kind: KubernetesDaemonSet\n  "
           "metadata: {name: " +
           std::string(name) +
           "}\n  spec:\n    namespace: agents\n    container: {app: {image: {repo: agent, tag: \"1.0\"}}}\n"
           "docker_config_json: " +
           std::string(docker_config) + "\n";
}

TEST_CASE("stack inputs: the target is checked like a manifest", "[validate][spec]") {
    check_cases({
        {"valid", stack_input("agent", R"('{"auths": {"r.example": {"auth": "eDp5"}}}')"), {}},
        {"an invalid target, paths under target",
         stack_input("Agent", R"('{"auths": {}}')"),
         {"4:20 error [invalid-name] (target.metadata.name)"}},
        {"docker config that is not JSON",
         stack_input("agent", "not-json-s3cr3t"),
         {"8:21 error [invalid-docker-config-json] (docker_config_json)"}},
        {"docker config that is a JSON list",
         stack_input("agent", "'[]'"),
         {"8:21 error [invalid-docker-config-json] (docker_config_json)"}},
        {"docker config that is a JSON string",
         stack_input("agent", R"('"s3cr3t"')"),
         {"8:21 error [invalid-docker-config-json] (docker_config_json)"}},
        {"docker config without auths",
         stack_input("agent", R"('{"credsStore": "desktop"}')"),
         {"8:21 error [invalid-docker-config-json] (docker_config_json)"}},
        {"docker config whose auths is not an object",
         stack_input("agent", R"('{"auths": []}')"),
         {"8:21 error [invalid-docker-config-json] (docker_config_json)"}},
        {"no target", "target:\ndocker_config_json: '{\"auths\": {}}'\n", {"1:1 error [missing-field] (target)"}},
    });
    // The content is a credential: the message never quotes it.
    const test::Lines messages = validate_messages(stack_input("agent", "not-json-s3cr3t"), test::Show::all);
    REQUIRE(messages.size() == 5);
    for (const std::string& message : messages) CHECK(message.find("s3cr3t") == std::string::npos);
    CHECK(validate_messages(stack_input("agent", "'[]'"))[0] ==
          "[invalid-docker-config-json] docker_config_json is a JSON array, not an object; it must be the content "
          "of a .dockerconfigjson file, a JSON object with an \"auths\" object: {\"auths\": {\"REGISTRY\": "
          "{\"auth\": \"...\"}}}");
    CHECK(validate_messages(stack_input("agent", "'{}'"))[0] ==
          "[invalid-docker-config-json] docker_config_json has no \"auths\" object; it must be the content of a "
          ".dockerconfigjson file, a JSON object with an \"auths\" object: {\"auths\": {\"REGISTRY\": "
          "{\"auth\": \"...\"}}}");
}

}  // namespace
}  // namespace planton::validate
