// parse_text: what the model holds for every spelling and shorthand of manifest.md,
// document kinds, positions and paths, and the shipped examples.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>

#include "manifest_support.hpp"
#include "source_dir.hpp"

namespace planton::manifest {
namespace {

using nlohmann::ordered_json;
using test::diagnostic_lines;
using test::model_json;
using test::parse;

// Lines 1-5; the spec body starts on line 6.
std::string with_spec(std::string_view body) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "x\nspec:\n" +
           std::string(body);
}

const Manifest& only_manifest(const ParseResult& result) {
    REQUIRE(result.documents.size() == 1);
    return result.documents[0].manifest;
}

// A manifest that writes every field in snake_case; user keys have no lower-case
// snake_case words, so that the camelCase twin can be made by rewriting keys.
constexpr std::string_view kSnakeManifest = R"(apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesDaemonSet
metadata:
  name: agent
  id: k8sds-1
  org: acme
  env: prod
  labels: {team: obs}
  annotations: {note: "x"}
spec:
  target_cluster: {cluster_kind: gke, cluster_name: c1}
  namespace: {value: agents}
  create_namespace: true
  node_selector: {kubernetes.io/os: linux}
  tolerations:
    - {key: k, operator: Equal, value: v, effect: NoExecute, toleration_seconds: 30}
  update_strategy: {type: RollingUpdate, rolling_update: {max_unavailable: 1, max_surge: "0"}}
  min_ready_seconds: 5
  create_service_account: true
  service_account_name: agent-sa
  config_maps: {agent-config: "a=1\n"}
  rbac:
    cluster_rules: [{api_groups: [""], resources: [pods], verbs: [get], resource_names: [p1]}]
    namespace_rules: [{api_groups: [apps], resources: [leases], verbs: [update]}]
  host_network: true
  host_pid: false
  host_ipc: false
  dns_policy: ClusterFirstWithHostNet
  priority_class_name: system-node-critical
  revision_history_limit: 3
  termination_grace_period_seconds: 10
  pod_annotations: {prometheus.io/scrape: "true"}
  affinity:
    node_affinity:
      required: [{match_expressions: [{key: zone, operator: In, values: [a, b]}]}]
      preferred: [{weight: 10, term: {match_expressions: [{key: gpu, operator: Exists}]}}]
  init_containers:
    - {name: init, image: "busybox:1", command: [sh], args: [-c, "true"], volume_mounts: [{name: data, mount_path: /d}]}
  container:
    app:
      image: {repo: r.example/agent, tag: "1.0", pull_secret_name: regcred}
      resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: 1, memory: 64Mi}}
      env:
        variables: {LOG_LEVEL: info, FROM: {value_from: {kind: KubernetesSecret, env: prod, name: n, field_path: spec.x}}}
        secrets: {TOKEN: {secret_ref: {name: s, key: k, namespace: agents}}}
      ports: [{name: http, container_port: 8080, network_protocol: TCP, host_port: 0}]
      volume_mounts:
        - {name: data, mount_path: /data, read_only: true, sub_path: sub, mount_propagation: None, host_path: /var/data, host_path_type: Directory}
        - {name: cfg, mount_path: /cfg, config_map: {name: c, key: k, path: p, default_mode: 0644}}
        - {name: sec, mount_path: /sec, secret: {name: s, default_mode: 420}}
        - {name: tmp, mount_path: /tmp, empty_dir: {medium: Memory, size_limit: 1Gi}}
        - {name: pv, mount_path: /pv, pvc: {claim_name: claim, read_only: false}}
      liveness_probe: {http_get: {path: /h, port_name: http, host: h, scheme: HTTPS, http_headers: [{name: X-A, value: b}]}, initial_delay_seconds: 1, period_seconds: 2, timeout_seconds: 3, success_threshold: 1, failure_threshold: 4}
      readiness_probe: {tcp_socket: {port_number: 8080, host: h}}
      startup_probe: {grpc: {port: 9090, service: s}}
      command: [agent]
      args: [--v=2]
      security_context: {privileged: true, run_as_user: 0, run_as_group: 0, run_as_non_root: false, read_only_root_filesystem: true, allow_privilege_escalation: false, capabilities: {add: [NET_ADMIN], drop: [ALL]}}
    sidecars:
      - name: proxy
        image: envoy:1
        ports: [{name: admin, container_port: 9901, protocol: UDP}]
        resources: {limits: {cpu: 100m}}
        env: [{name: A, value: b}]
        command: [envoy]
        args: [-c]
        volume_mounts: [{name: data, mount_path: /data}]
)";

// The forms kSnakeManifest cannot hold at the same time.
constexpr std::string_view kSnakeExtras = R"(kind: KubernetesDaemonSet
spec:
  namespace: {value_from: {kind: KubernetesNamespace, env: e, name: n, field_path: metadata.name}}
  dns_config: {nameservers: [1.1.1.1], searches: [svc.example], options: [{name: ndots, value: "2"}]}
  container:
    app:
      env:
        variables: {PLAIN: {value: x}}
        secrets: {LITERAL: {value: y}}
      liveness_probe: {exec: {command: [check]}}
      readiness_probe: {http_get: {port_number: 80}, tcp_socket: {port_name: http}}
)";

// Records which fields of which types a model dump shows.
void covered_fields(const ObjectType& type, const ordered_json& object,
                    std::set<std::pair<std::string_view, std::string_view>>& out) {
    for (const Field& field : type.fields) {
        if (!object.contains(std::string(field.name))) continue;
        out.emplace(type.name, field.name);
        const ordered_json& value = object.at(std::string(field.name));
        switch (field.kind) {
            case FieldKind::object:
            case FieldKind::string_or_value:
            case FieldKind::host_path:
                covered_fields(*field.type, value, out);
                break;
            case FieldKind::object_list:
            case FieldKind::env_variables:
            case FieldKind::env_secrets:
                for (const auto& item : value) covered_fields(*field.type, item, out);
                break;
            default:
                break;
        }
    }
}

std::string camel_twin(std::string_view snake) {
    static const std::regex snake_key("([a-z]+(_[a-z]+)+):");
    std::string text(snake);
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), snake_key);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        out += text.substr(last, static_cast<std::size_t>(it->position()) - last);
        out += to_camel_case((*it)[1].str()) + ":";
        last = static_cast<std::size_t>(it->position() + it->length());
    }
    return out + text.substr(last);
}

TEST_CASE("every field is read in snake_case and in lowerCamelCase alike", "[manifest][parser]") {
    const std::string camel = camel_twin(kSnakeManifest);
    REQUIRE(camel.find("containerPort: 8080") != std::string::npos);
    REQUIRE(camel.find("LOG_LEVEL: info") != std::string::npos);
    const ParseResult snake_result = parse(kSnakeManifest);
    const ParseResult camel_result = parse(camel);
    CHECK(diagnostic_lines(snake_result.diagnostics).empty());
    CHECK(diagnostic_lines(camel_result.diagnostics).empty());
    const ordered_json snake_model = model_json(only_manifest(snake_result));
    CHECK(snake_model == model_json(only_manifest(camel_result)));
    const ParseResult extras = parse(kSnakeExtras);
    const ParseResult camel_extras = parse(camel_twin(kSnakeExtras));
    CHECK(diagnostic_lines(extras.diagnostics).empty());
    CHECK(diagnostic_lines(camel_extras.diagnostics).empty());
    CHECK(model_json(only_manifest(extras)) == model_json(only_manifest(camel_extras)));

    // Together they write every field of every manifest type: so every field (and,
    // through the twin, its camelCase spelling) is read into the model.
    std::set<std::pair<std::string_view, std::string_view>> covered;
    covered_fields(manifest_type(), snake_model, covered);
    covered_fields(manifest_type(), model_json(only_manifest(extras)), covered);
    for (const ObjectType* type : all_object_types()) {
        if (type == &stack_input_type() || type->open) continue;
        for (const Field& field : type->fields) {
            if (field.kind == FieldKind::ignored || field.kind == FieldKind::host_path_type) continue;
            INFO(type->name << "." << field.name);
            CHECK(covered.count({type->name, field.name}) == 1);
        }
    }
    // Every field of the table was present, so the dump shows them all; spot-check
    // values that need conversion.
    const ordered_json& app = snake_model["spec"]["container"]["app"];
    CHECK(app["volume_mounts"][1]["config_map"]["default_mode"] == 420);
    CHECK(app["volume_mounts"][2]["secret"]["default_mode"] == 420);
    CHECK(app["volume_mounts"][0]["host_path"] ==
          ordered_json({{"path", "/var/data"}, {"type", "Directory"}, {"nested", false}}));
    CHECK(app["resources"]["requests"]["cpu"] == "1");
    CHECK(app["env"]["variables"]["FROM"]["value_from"]["field_path"] == "spec.x");
    CHECK(snake_model["spec"]["update_strategy"]["rolling_update"] ==
          ordered_json({{"max_unavailable", "1"}, {"max_surge", "0"}}));
    // Sidecar ports spell it `protocol` (the dump shows table names); the model field
    // is network_protocol.
    CHECK(snake_model["spec"]["container"]["sidecars"][0]["ports"][0] ==
          ordered_json({{"name", "admin"}, {"container_port", 9901}, {"protocol", "UDP"}}));
    const Port& port = only_manifest(snake_result).spec.container.sidecars.items.at(0).ports.items.at(0);
    CHECK(port.network_protocol.value == "UDP");
    CHECK(port.network_protocol.path == "spec.container.sidecars[0].ports[0].protocol");
    CHECK(snake_model["spec"]["target_cluster"]["cluster_name"] == "c1");
}

struct ShorthandCase {
    const char* name;
    const char* spec_body;
    const char* pointer;  // JSON pointer into the model dump
    ordered_json expected;
};

TEST_CASE("shorthand forms are expanded", "[manifest][parser]") {
    const std::vector<ShorthandCase> cases = {
        {"namespace as a plain string", "  namespace: logging\n", "/spec/namespace", {{"value", "logging"}}},
        {"namespace as {value}",
         "  namespace: {value: logging}\n",
         "/spec/namespace",
         {{"value", "logging"}}},
        {"namespace as {value_from}",
         "  namespace: {value_from: {name: ns-ref}}\n",
         "/spec/namespace",
         {{"value_from", {{"name", "ns-ref"}}}}},
        {"env values: plain, number, boolean, {value}, {value_from}",
         "  container:\n    app:\n      env:\n        variables:\n          A: text\n          PORT: 9200\n"
         "          DEBUG: true\n          RATIO: 0.50\n          B: {value: x}\n"
         "          C: {value_from: {kind: KubernetesPostgres, env: e, name: db, field_path: status.host}}\n",
         "/spec/container/app/env/variables",
         {{"A", {{"value", "text"}}},
          {"PORT", {{"value", "9200"}}},
          {"DEBUG", {{"value", "true"}}},
          {"RATIO", {{"value", "0.50"}}},
          {"B", {{"value", "x"}}},
          {"C",
           {{"value_from",
             {{"kind", "KubernetesPostgres"},
              {"env", "e"},
              {"name", "db"},
              {"field_path", "status.host"}}}}}}},
        {"env secrets: plain, {value}, {secret_ref}",
         "  container:\n    app:\n      env:\n        secrets:\n          A: s3cret\n          B: {value: "
         "x}\n"
         "          C: {secret_ref: {name: n, key: k, namespace: ns}}\n",
         "/spec/container/app/env/secrets",
         {{"A", {{"value", "s3cret"}}},
          {"B", {{"value", "x"}}},
          {"C", {{"secret_ref", {{"name", "n"}, {"key", "k"}, {"namespace", "ns"}}}}}}},
        {"user map keys kept exactly and in order, values as written",
         "  node_selector:\n    zeta: 'z'\n    kubernetes.io/os: linux\n    Alpha_Key: 1\n    on: yes\n",
         "/spec/node_selector",
         {{"zeta", "z"}, {"kubernetes.io/os", "linux"}, {"Alpha_Key", "1"}, {"on", "yes"}}},
        {"config_maps content as text",
         "  config_maps:\n    my-config: |\n      a: 1\n    numbers: 12\n",
         "/spec/config_maps",
         {{"my-config", "a: 1\n"}, {"numbers", "12"}}},
        {"flat host_path without type",
         "  container:\n    app:\n      volume_mounts:\n        - {name: a, mount_path: /a, host_path: "
         "/var/log}\n",
         "/spec/container/app/volume_mounts/0/host_path",
         {{"path", "/var/log"}, {"nested", false}}},
        {"flat host_path with host_path_type",
         "  container:\n    app:\n      volume_mounts:\n        - {name: a, mount_path: /a, hostPathType: "
         "Socket, hostPath: /s}\n",
         "/spec/container/app/volume_mounts/0/host_path",
         {{"path", "/s"}, {"type", "Socket"}, {"nested", false}}},
        {"nested host_path",
         "  container:\n    app:\n      volume_mounts:\n        - {name: a, mount_path: /a, host_path: "
         "{path: /d, type: Directory}}\n",
         "/spec/container/app/volume_mounts/0/host_path",
         {{"path", "/d"}, {"type", "Directory"}, {"nested", true}}},
        {"default_mode octal, 0o octal, decimal, quoted",
         "  container:\n    app:\n      volume_mounts:\n        - {config_map: {default_mode: 0644}}\n"
         "        - {config_map: {default_mode: 0o755}}\n        - {config_map: {default_mode: 420}}\n"
         "        - {config_map: {default_mode: \"0400\"}}\n        - {config_map: {default_mode: 0}}\n",
         "/spec/container/app/volume_mounts",
         {{{"config_map", {{"default_mode", 420}}}},
          {{"config_map", {{"default_mode", 493}}}},
          {{"config_map", {{"default_mode", 420}}}},
          {{"config_map", {{"default_mode", 256}}}},
          {{"config_map", {{"default_mode", 0}}}}}},
        {"integers: quoted, signed, hex, 0o, leading zero decimal",
         "  container:\n    app:\n      ports:\n        - {container_port: \"8080\", host_port: +80}\n"
         "        - {container_port: 0x1F, host_port: 0o10}\n        - {container_port: 010, host_port: "
         "-2147483648}\n",
         "/spec/container/app/ports",
         {{{"container_port", 8080}, {"host_port", 80}},
          {{"container_port", 31}, {"host_port", 8}},
          {{"container_port", 10}, {"host_port", -2147483648LL}}}},
        {"max_unavailable / max_surge as integer, quoted integer, percentage",
         "  update_strategy:\n    rolling_update: {max_unavailable: 1, max_surge: \"25%\"}\n",
         "/spec/update_strategy/rolling_update",
         {{"max_unavailable", "1"}, {"max_surge", "25%"}}},
        {"sidecar image is a string, ports spell protocol",
         "  container:\n    sidecars:\n      - name: s\n        image: nginx:1.27\n"
         "        ports: [{name: p, containerPort: 80, protocol: TCP}]\n",
         "/spec/container/sidecars/0",
         {{"name", "s"},
          {"image", "nginx:1.27"},
          {"ports", {{{"name", "p"}, {"container_port", 80}, {"protocol", "TCP"}}}}}},
        {"booleans in the YAML 1.2 core forms",
         "  host_network: True\n  host_pid: FALSE\n  create_namespace: true\n",
         "/spec",
         {{"create_namespace", true}, {"host_network", true}, {"host_pid", false}}},
        {"null counts as not given",
         "  dns_policy:\n  host_ipc: ~\n  tolerations: null\n  namespace: n\n",
         "/spec",
         {{"namespace", {{"value", "n"}}}}},
        {"metadata and top-level extras are accepted and ignored",
         "  namespace: n\nstatus: {phase: x}\n",
         "/spec",
         {{"namespace", {{"value", "n"}}}}},
    };
    for (const ShorthandCase& c : cases) {
        INFO(c.name);
        const ParseResult result = parse(with_spec(c.spec_body));
        CHECK(diagnostic_lines(result.diagnostics).empty());
        const ordered_json model = model_json(only_manifest(result));
        CHECK(model.at(ordered_json::json_pointer(c.pointer)) == c.expected);
    }
}

TEST_CASE("metadata extras (slug, tags, group, version, relationships) are ignored", "[manifest][parser]") {
    const ParseResult result = parse(
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: x\n"
        "  slug: s\n  tags: [a]\n  group: g\n  version: {id: v1, message: m}\n  relationships: [{kind: "
        "K}]\n");
    CHECK(diagnostic_lines(result.diagnostics).empty());
    CHECK(model_json(only_manifest(result))["metadata"] == ordered_json({{"name", "x"}}));
}

TEST_CASE("positions and canonical paths of present values", "[manifest][parser]") {
    const ParseResult result =
        parse(with_spec("  namespace: logging\n"          // 6
                        "  nodeSelector:\n"               // 7
                        "    kubernetes.io/os: linux\n"   // 8
                        "  container:\n"                  // 9
                        "    app:\n"                      // 10
                        "      env:\n"                    // 11
                        "        variables:\n"            // 12
                        "          LOG_LEVEL: info\n"     // 13
                        "          my-var: {value: x}\n"  // 14
                        "      ports:\n"                  // 15
                        "        - name: a\n"             // 16
                        "        - containerPort: 80\n"   // 17
                        "          name: b\n"));          // 18
    REQUIRE(result.diagnostics.empty());
    const ordered_json model = model_json(only_manifest(result), true);
    CHECK(model["spec"]["namespace"]["value"] == "logging @6:14 spec.namespace");
    CHECK(model["spec"]["node_selector"]["kubernetes.io/os"] ==
          "linux @8:23 spec.node_selector[\"kubernetes.io/os\"]");
    CHECK(model["spec"]["container"]["app"]["env"]["variables"]["LOG_LEVEL"]["value"] ==
          "info @13:22 spec.container.app.env.variables.LOG_LEVEL");
    CHECK(model["spec"]["container"]["app"]["env"]["variables"]["my-var"]["value"] ==
          "x @14:27 spec.container.app.env.variables[\"my-var\"].value");
    CHECK(model["spec"]["container"]["app"]["ports"][1] ==
          ordered_json({{"name", "b @18:17 spec.container.app.ports[1].name"},
                        {"container_port", "80 @17:26 spec.container.app.ports[1].container_port"}}));
    const Manifest& m = only_manifest(result);
    const EnvVariable& var = m.spec.container.app.env.variables.items.at(0);
    CHECK(var.name.value == "LOG_LEVEL");
    CHECK((var.name.line == 13 && var.name.column == 11));
    CHECK(m.spec.node_selector.entries.at(0).key.path == "spec.node_selector[\"kubernetes.io/os\"]");
    CHECK((m.spec.container.app.ports.line == 16 && m.spec.container.app.ports.column == 9));
}

TEST_CASE("absent fields carry the position of the mapping that should hold them", "[manifest][parser]") {
    const ParseResult result =
        parse(with_spec("  namespace: n\n"           // 6
                        "  container:\n"             // 7
                        "    app:\n"                 // 8
                        "      image:\n"             // 9
                        "        repo: busybox\n"    // 10
                        "        tag:\n"             // 11
                        "      ports:\n"             // 12
                        "        - name: http\n"));  // 13
    REQUIRE(result.diagnostics.empty());
    const Manifest& m = only_manifest(result);
    const auto position = [](const Node& n) {
        return std::to_string(n.line) + ":" + std::to_string(n.column) + " " + n.path +
               (n.present ? " present" : "");
    };
    CHECK(position(m.spec.container.app.image.tag) == "11:9 spec.container.app.image.tag");  // null: its key
    CHECK(position(m.spec.container.app.image.pull_secret_name) ==
          "10:9 spec.container.app.image.pull_secret_name");
    CHECK(position(m.spec.container.app.ports.items.at(0).container_port) ==
          "13:11 spec.container.app.ports[0].container_port");
    // A whole absent object: its fields get the position of the nearest written mapping.
    CHECK(position(m.spec.container.app.resources) == "9:7 spec.container.app.resources");
    CHECK(position(m.spec.container.app.resources.limits.cpu) ==
          "9:7 spec.container.app.resources.limits.cpu");
    CHECK(position(m.spec.update_strategy.rolling_update.max_surge) ==
          "6:3 spec.update_strategy.rolling_update.max_surge");
    CHECK(position(m.spec.namespace_.value_from.name) == "6:14 spec.namespace.value_from.name");
    CHECK(position(m.metadata.labels) == "4:3 metadata.labels");
    CHECK(position(m.spec.container.sidecars) == "8:5 spec.container.sidecars");
}

TEST_CASE("an empty list item keeps the position of its dash", "[manifest][parser]") {
    const ParseResult result = parse(with_spec("  tolerations:\n    -\n    - key: a\n"));
    REQUIRE(result.diagnostics.empty());
    const auto& items = only_manifest(result).spec.tolerations.items;
    REQUIRE(items.size() == 2);
    CHECK(!items[0].present);
    CHECK((items[0].line == 7 && items[0].column == 5));
    CHECK(items[0].key.path == "spec.tolerations[0].key");
    CHECK(items[1].key.value == "a");
}

TEST_CASE("stack inputs: target, docker_config_json and provider_config", "[manifest][parser]") {
    const ParseResult result = parse(
        "target:\n"
        "  apiVersion: kubernetes.project-planton.org/v1\n"
        "  kind: KubernetesDaemonSet\n"
        "  metadata: {name: x}\n"
        "  spec: {namespace: n}\n"
        "dockerConfigJson: '{\"auths\":{}}'\n"
        "provider_config:\n"
        "  digital_ocean_doks:\n"
        "    kube_config: |\n"
        "      apiVersion: v1\n");
    CHECK(diagnostic_lines(result.diagnostics).empty());
    REQUIRE(result.documents.size() == 1);
    const Document& doc = result.documents[0];
    CHECK(doc.kind == DocumentKind::stack_input);
    CHECK(doc.manifest.metadata.name.value == "x");
    CHECK(doc.manifest.metadata.name.path == "target.metadata.name");
    CHECK(doc.manifest.path == "target");
    CHECK(doc.docker_config_json.value == "{\"auths\":{}}");
    CHECK(doc.docker_config_json.path == "docker_config_json");
    CHECK(doc.provider_name.value == "digital_ocean_doks");
    CHECK((doc.provider_name.line == 8 && doc.provider_name.column == 3));
    CHECK(doc.provider_kube_config.value == "apiVersion: v1\n");
    CHECK(doc.provider_kube_config.path == "provider_config.digital_ocean_doks.kube_config");

    const ParseResult other =
        parse("target: {kind: KubernetesDaemonSet}\nprovider_config:\n  aws_eks: {region: x}\n");
    CHECK(diagnostic_lines(other.diagnostics).empty());
    CHECK(other.documents.at(0).provider_name.value == "aws_eks");
    CHECK(!other.documents.at(0).provider_kube_config.present);
    CHECK(other.documents.at(0).provider_kube_config.path ==
          "provider_config.digital_ocean_doks.kube_config");
}

TEST_CASE("document kinds", "[manifest][parser]") {
    struct Case {
        const char* yaml;
        DocumentKind kind;
    };
    const std::vector<Case> cases = {
        {"apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\n",
         DocumentKind::daemonset},
        {"apiVersion: kubernetes.project-planton.org/v1\nkind: kubernetesdaemonset\n",
         DocumentKind::daemonset},
        {"apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDeamonSet\n",
         DocumentKind::daemonset},
        {"apiVersion: kubernetes.project-planton.org/v1\nkind: DaemonSet\n", DocumentKind::daemonset},
        {"apiVersion: kubernetes.project-planton.org/v1\nkind: [x]\n", DocumentKind::daemonset},
        {"apiVersion: kubernetes.project-planton.org/v1\nmetadata: {name: x}\n", DocumentKind::daemonset},
        {"apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDeployment\n", DocumentKind::other},
        {"kind: KubernetesDaemonSet\n", DocumentKind::daemonset},
        {"metadata: {name: x}\nspec:\n  container: {}\n", DocumentKind::daemonset},
        {"target: {}\n", DocumentKind::stack_input},
        {"apiVersion: apps/v1\nkind: DaemonSet\nspec: {container: x}\n", DocumentKind::other},
        {"name: CI\non: [push]\njobs: {}\n", DocumentKind::other},
        {"spec: {replicas: 1}\n", DocumentKind::other},
        {"- a\n- b\n", DocumentKind::other},
        {"just text\n", DocumentKind::other},
    };
    for (const Case& c : cases) {
        INFO(c.yaml);
        const ParseResult result = parse(c.yaml);
        REQUIRE(result.documents.size() == 1);
        CHECK(result.documents[0].kind == c.kind);
        if (c.kind == DocumentKind::other || c.kind == DocumentKind::invalid)
            CHECK(result.diagnostics.empty());
    }
}

TEST_CASE("multi-document files: index, start line, empty documents skipped", "[manifest][parser]") {
    const ParseResult result = parse(
        "# leading comment\n"          // 1
        "---\n"                        // 2
        "---\n"                        // 3
        "kind: KubernetesDaemonSet\n"  // 4
        "---   # comment only\n"       // 5
        "# nothing here\n"             // 6
        "---\n"                        // 7
        "a: 1\n"                       // 8
        "...\n"                        // 9
        "b: 2\n"                       // 10
        "--- {c: 3}\n");               // 11
    CHECK(result.diagnostics.empty());
    REQUIRE(result.documents.size() == 4);
    const std::vector<int> lines = {result.documents[0].line, result.documents[1].line,
                                    result.documents[2].line, result.documents[3].line};
    CHECK(lines == std::vector<int>{3, 7, 10, 11});
    CHECK(result.documents[0].kind == DocumentKind::daemonset);
    CHECK(result.documents[3].index == 3);
    CHECK(result.documents[3].file == "test.yaml");
}

TEST_CASE("empty input and comment-only input have no documents and no diagnostics", "[manifest][parser]") {
    for (const char* text : {"", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "%YAML 1.2\n---\n"}) {
        INFO(text);
        const ParseResult result = parse(text);
        CHECK(result.documents.empty());
        CHECK(result.diagnostics.empty());
    }
}

TEST_CASE("a byte order mark and CRLF line ends are read", "[manifest][parser]") {
    const ParseResult result = parse("\xEF\xBB\xBFkind: KubernetesDaemonSet\r\nspec:\r\n  namespace: n\r\n");
    CHECK(result.diagnostics.empty());
    REQUIRE(result.documents.size() == 1);
    CHECK(result.documents[0].manifest.spec.namespace_.value.value == "n");
    CHECK((result.documents[0].manifest.kind.line == 1 && result.documents[0].manifest.kind.column == 7));
}

TEST_CASE("every example manifest parses without a diagnostic", "[manifest][parser][examples]") {
    const std::filesystem::path folder = std::filesystem::path(planton::test::source_dir()) / "manifests" / "examples";
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().extension() != ".yaml") continue;
        ++files;
        INFO(entry.path().string());
        const ParseResult result = parse_file(entry.path().string());
        CHECK(diagnostic_lines(result.diagnostics).empty());
        REQUIRE(result.documents.size() == 1);
        const Document& doc = result.documents[0];
        CHECK((doc.kind == DocumentKind::daemonset || doc.kind == DocumentKind::stack_input));
        CHECK(doc.manifest.metadata.name.present);
        CHECK(doc.manifest.spec.container.app.image.present);
    }
    CHECK(files >= 11);
}

}  // namespace
}  // namespace planton::manifest
