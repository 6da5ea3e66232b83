// validate::check, the rules the field table states: required fields (Planton's own
// messages for the image), required lists with an entry, and the fixed enum values.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::spec_doc;
using test::validate_lines;
using test::validate_messages;

// A complete manifest without apiVersion: kind on line 1, the image on line 8.
constexpr std::string_view kNoApiVersion = R"(kind: KubernetesDaemonSet
metadata:
  name: agent
spec:
  namespace: agents
  container:
    app:
      image: {repo: agent, tag: "1.0"}
)";

TEST_CASE("top-level fields", "[validate][fields]") {
    check_cases({
        {"a complete manifest", spec_doc(""), {}},
        {"apiVersion left out", std::string(kNoApiVersion), {"1:1 error [missing-field] (api_version)"}},
        {"another apiVersion",
         "apiVersion: kubernetes.project-planton.org/v2\n" + std::string(kNoApiVersion),
         {"1:13 error [invalid-api-version] (api_version)"}},
        {"a kind close to KubernetesDaemonSet",
         "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonset\nmetadata: {name: a}\n"
         "spec: {namespace: a, container: {app: {image: {repo: a, tag: b}}}}\n",
         {"2:7 error [invalid-kind] (kind)"}},
        {"metadata and spec left out",
         "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\n",
         {"1:1 error [missing-field] (metadata)", "1:1 error [missing-field] (spec)"}},
        {"metadata without a name, spec without namespace and container",
         "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  id: x\n"
         "spec:\n  create_namespace: true\n",
         {"4:3 error [missing-field] (metadata.name)", "6:3 error [missing-field] (spec.namespace)",
          "6:3 error [missing-field] (spec.container)"}},
        {"container without app",
         "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
         "agent\n"
         "spec:\n  namespace: agents\n  container: {sidecars: []}\n",
         {"7:14 error [missing-field] (spec.container.app)"}},
    });
}

TEST_CASE("the image: Planton's messages for repo and tag", "[validate][fields]") {
    const std::string header =
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: agent\n"
        "spec:\n  namespace: agents\n  container:\n    app:\n";
    check_cases({
        {"image left out",
         header + "      command: [x]\n",
         {"9:7 error [missing-field] (spec.container.app.image)"}},
        {"repo and tag left out",
         header + "      image:\n        pull_secret_name: regcred\n",
         {"10:9 error [image-repo-required] (spec.container.app.image.repo)",
          "10:9 error [image-tag-required] (spec.container.app.image.tag)"}},
        {"repo and tag empty",
         header + "      image:\n        repo: \"\"\n        tag: ''\n",
         {"10:15 error [image-repo-required] (spec.container.app.image.repo)",
          "11:14 error [image-tag-required] (spec.container.app.image.tag)"}},
        {"a tag of the wrong type is the parser's problem only",
         header + "      image: {repo: a, tag: [1]}\n",
         {}},
    });
    CHECK(validate_messages(header + "      image: {pull_secret_name: regcred}\n") ==
          test::Lines{"[image-repo-required] Image repo is required",
                      "[image-tag-required] Image tag is required"});
}

TEST_CASE("required fields deeper down, and empty required strings", "[validate][fields]") {
    check_cases({
        {"a port with a name only",
         app_doc("      ports:\n        - name: http\n"),
         {"11:11 error [missing-field] (spec.container.app.ports[0].container_port)",
          "11:11 error [missing-field] (spec.container.app.ports[0].network_protocol)"}},
        {"an empty protocol",
         app_doc("      ports: [{name: http, container_port: 80, network_protocol: \"\"}]\n"),
         {"10:66 error [missing-field] (spec.container.app.ports[0].network_protocol)"}},
        {"a sidecar port needs no protocol",
         spec_doc("").append("    sidecars:\n      - name: s\n        image: s:1\n"
                             "        ports: [{name: http, container_port: 80}]\n"),
         {}},
        {"a sidecar without image",
         spec_doc("").append("    sidecars:\n      - name: s\n"),
         {"11:9 error [missing-field] (spec.container.sidecars[0].image)"}},
        {"a secret_ref without key",
         app_doc("      env:\n        secrets:\n          T: {secret_ref: {name: s}}\n"),
         {"12:27 error [missing-field] (spec.container.app.env.secrets.T.secret_ref.key)"}},
        {"a mount without name",
         app_doc("      volume_mounts: [{mount_path: /d, empty_dir: {}}]\n"),
         {"10:23 error [missing-field] (spec.container.app.volume_mounts[0].name)"}},
        {"a nested host path without path",
         app_doc("      volume_mounts:\n        - name: d\n          mount_path: /d\n"
                 "          host_path: {type: Directory}\n"),
         {"13:22 error [missing-field] (spec.container.app.volume_mounts[0].host_path.path)"}},
        {"a match expression without operator",
         spec_doc("  affinity:\n    node_affinity:\n      required: [{match_expressions: [{key: zone, "
                  "values: [a]}]}]\n"),
         {"8:39 error [missing-field] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].operator)"}},
        {"a preferred term without weight and term",
         spec_doc("  affinity:\n    node_affinity:\n      preferred: [{}]\n"),
         {"8:19 error [missing-field] (spec.affinity.node_affinity.preferred[0].weight)",
          "8:19 error [missing-field] (spec.affinity.node_affinity.preferred[0].term)"}},
    });
}

TEST_CASE("required lists need an entry", "[validate][fields]") {
    check_cases({
        {"rbac rule lists left out and empty",
         spec_doc("  create_service_account: true\n  rbac:\n    cluster_rules:\n      - api_groups: []\n"
                  "        resources: [pods]\n"),
         {"9:9 error [missing-field] (spec.rbac.cluster_rules[0].verbs)",
          "9:21 error [empty-list] (spec.rbac.cluster_rules[0].api_groups)"}},
        {"the core api group \"\" is an entry",
         spec_doc("  create_service_account: true\n  rbac:\n    namespace_rules:\n"
                  "      - {api_groups: [\"\"], resources: [pods], verbs: [get]}\n"),
         {}},
        {"an exec probe without a command",
         app_doc("      readiness_probe: {exec: {command: []}}\n"),
         {"10:41 error [empty-list] (spec.container.app.readiness_probe.exec.command)"}},
    });
}

TEST_CASE("fields with fixed values", "[validate][fields]") {
    check_cases({
        {"protocol in lower case",
         app_doc("      ports: [{name: http, container_port: 80, network_protocol: tcp}]\n"),
         {"10:66 error [invalid-protocol] (spec.container.app.ports[0].network_protocol)"}},
        {"every protocol",
         app_doc("      ports:\n        - {name: a, container_port: 1, network_protocol: TCP}\n"
                 "        - {name: b, container_port: 1, network_protocol: UDP}\n"
                 "        - {name: c, container_port: 1, network_protocol: SCTP}\n"),
         {}},
        {"a sidecar protocol",
         spec_doc("").append("    sidecars:\n      - name: s\n        image: s:1\n"
                             "        ports: [{name: http, container_port: 80, protocol: HTTP}]\n"),
         {"13:60 error [invalid-protocol] (spec.container.sidecars[0].ports[0].protocol)"}},
        {"toleration operator and effect",
         spec_doc("  tolerations: [{key: k, operator: In, effect: NoRun}]\n"),
         {"6:36 error [invalid-toleration-operator] (spec.tolerations[0].operator)",
          "6:48 error [invalid-toleration-effect] (spec.tolerations[0].effect)"}},
        {"update strategy type",
         spec_doc("  update_strategy: {type: Recreate}\n"),
         {"6:27 error [invalid-update-strategy-type] (spec.update_strategy.type)"}},
        {"dns policy",
         spec_doc("  dns_policy: Sometimes\n"),
         {"6:15 error [invalid-value] (spec.dns_policy)"}},
        {"an empty dns policy is left out", spec_doc("  dns_policy: \"\"\n"), {}},
        {"host path types, flat and nested",
         app_doc(
             "      volume_mounts:\n        - {name: a, mount_path: /a, host_path: /a, host_path_type: Dir}\n"
             "        - {name: b, mount_path: /b, host_path: {path: /b, type: file}}\n"
             "        - {name: c, mount_path: /c, host_path: /c, host_path_type: \"\"}\n"),
         {"11:68 error [invalid-value] (spec.container.app.volume_mounts[0].host_path_type)",
          "12:65 error [invalid-value] (spec.container.app.volume_mounts[1].host_path.type)"}},
        {"mount propagation, scheme, medium",
         app_doc("      volume_mounts: [{name: a, mount_path: /a, mount_propagation: Shared, empty_dir: "
                 "{medium: memory}}]\n"
                 "      readiness_probe: {http_get: {port_number: 80, scheme: http}}\n"),
         {"10:68 error [invalid-value] (spec.container.app.volume_mounts[0].mount_propagation)",
          "10:96 error [invalid-value] (spec.container.app.volume_mounts[0].empty_dir.medium)",
          "11:61 error [invalid-value] (spec.container.app.readiness_probe.http_get.scheme)"}},
        {"node selector operator",
         spec_doc("  affinity: {node_affinity: {required: [{match_expressions: [{key: k, operator: Equals, "
                  "values: [a]}]}]}}\n"),
         {"6:81 error [invalid-value] "
          "(spec.affinity.node_affinity.required[0].match_expressions[0].operator)"}},
    });
}

TEST_CASE("messages of fixed values", "[validate][fields]") {
    CHECK(
        validate_messages(
            spec_doc("  tolerations: [{key: k, operator: In, effect: NoRun}]\n  update_strategy: {type: x}\n"
                     "  dns_policy: Sometimes\n  priority_class_name: system-node-critical\n"),
            test::Show::all) ==
        test::Lines{
            "[no-control-plane-toleration] no node_selector and no toleration of the taint "
            "node-role.kubernetes.io/control-plane:NoSchedule, so control-plane nodes will get no pod",
            R"([invalid-toleration-operator] The operator must be one of "Exists" or "Equal".)",
            R"([invalid-toleration-effect] The effect must be one of "NoSchedule", "PreferNoSchedule", or "NoExecute".)",
            R"([invalid-update-strategy-type] The update strategy type must be one of "RollingUpdate" or "OnDelete".)",
            R"([invalid-value] dns_policy must be one of "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None", not "Sometimes")",
            "[no-readiness-probe] no readiness probe: rollouts cannot tell a broken pod from a working one",
            "[default-resources] resources are left out, so the defaults apply (limits cpu 1000m, memory "
            "1Gi; "
            "requests cpu 50m, memory 100Mi)",
        });
    CHECK(validate_messages(app_doc("      ports: [{name: http, container_port: 80, network_protocol: tcp}]\n"
                                    "      readiness_probe: {tcp_socket: {port_name: http}}\n"
                                    "      resources: {}\n"),
                            test::Show::all) ==
          test::Lines{
              "[no-control-plane-toleration] no node_selector and no toleration of the taint "
              "node-role.kubernetes.io/control-plane:NoSchedule, so control-plane nodes will get no pod",
              "[no-priority-class] no priority_class_name: node agents are evicted first under resource "
              "pressure "
              "(system-node-critical keeps them)",
              R"([invalid-protocol] The network protocol must be one of "SCTP", "TCP", or "UDP".)",
          });
}

}  // namespace
}  // namespace planton::validate
