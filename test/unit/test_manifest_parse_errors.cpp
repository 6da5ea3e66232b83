// parse_text: the exact diagnostics of what the YAML reading itself finds: unknown and
// repeated fields, wrong types, syntax errors, and what the model keeps afterwards.
#include <catch2/catch.hpp>

#include "manifest_support.hpp"

namespace planton::manifest {
namespace {

using test::diagnostic_lines;
using test::parse;
using Lines = std::vector<std::string>;

// Lines 1-5; the spec body starts on line 6.
std::string with_spec(std::string_view body) {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "x\nspec:\n" +
           std::string(body);
}

struct Case {
    const char* name;
    std::string yaml;
    Lines expected;
};

void check_cases(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
        INFO(c.name);
        const ParseResult result = parse(c.yaml);
        CHECK(diagnostic_lines(result.diagnostics) == c.expected);
        for (const Diagnostic& d : result.diagnostics) {
            CHECK(d.file == "test.yaml");
            CHECK(d.severity == Severity::error);
        }
    }
}

TEST_CASE("unknown fields, with and without a suggestion", "[manifest][diagnostics]") {
    check_cases({
        {"snake_case typo suggests the snake_case name",
         with_spec("  container:\n    app:\n      volume_mount: []\n"),
         {"8:7 [unknown-field] unknown field \"volume_mount\"; did you mean \"volume_mounts\"? "
          "(spec.container.app.volume_mount)"}},
        {"camelCase typo suggests the camelCase name",
         with_spec("  container:\n    app:\n      ports:\n        - contanerPort: 80\n"),
         {"9:11 [unknown-field] unknown field \"contanerPort\"; did you mean \"containerPort\"? "
          "(spec.container.app.ports[0].contanerPort)"}},
        {"swapped letters",
         with_spec("  nmaespace: x\n"),
         {"6:3 [unknown-field] unknown field \"nmaespace\"; did you mean \"namespace\"? (spec.nmaespace)"}},
        {"a longer field name containing the unknown one",
         with_spec("  container:\n    app:\n      ports:\n        - protocol: TCP\n"),
         {"9:11 [unknown-field] unknown field \"protocol\"; did you mean \"network_protocol\"? "
          "(spec.container.app.ports[0].protocol)"}},
        {"nothing close",
         with_spec("  replicas: 3\n"),
         {"6:3 [unknown-field] unknown field \"replicas\" (spec.replicas)"}},
        {"a key that is not an identifier is bracketed in the path",
         with_spec("  app.kubernetes.io/x: 1\n"),
         {"6:3 [unknown-field] unknown field \"app.kubernetes.io/x\" (spec[\"app.kubernetes.io/x\"])"}},
        {"top level",
         "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetdata: {}\n",
         {"3:1 [unknown-field] unknown field \"metdata\"; did you mean \"metadata\"? (metdata)"}},
        {"a merge key",
         with_spec("  <<: {namespace: a}\n"),
         {"6:3 [unknown-field] merge keys (\"<<\") are not supported; write the fields out (spec[\"<<\"])"}},
        {"stack input level",
         "target: {}\ndocker_config: x\n",
         {"2:1 [unknown-field] unknown field \"docker_config\"; did you mean \"docker_config_json\"? "
          "(docker_config)"}},
    });
}

TEST_CASE("repeated fields and keys, in either spelling", "[manifest][diagnostics]") {
    check_cases({
        {"same spelling twice",
         with_spec("  namespace: a\n  namespace: b\n"),
         {"7:3 [duplicate-field] duplicate field \"namespace\": already given on line 6 (spec.namespace)"}},
        {"both spellings",
         with_spec("  create_namespace: true\n  createNamespace: false\n"),
         {"7:3 [duplicate-field] duplicate field \"createNamespace\": already given as \"create_namespace\" "
          "on line 6 "
          "(spec.create_namespace)"}},
        {"camelCase first",
         with_spec("  container:\n    app:\n      ports:\n        - containerPort: 1\n          "
                   "container_port: 2\n"),
         {"10:11 [duplicate-field] duplicate field \"container_port\": already given as \"containerPort\" on "
          "line 9 "
          "(spec.container.app.ports[0].container_port)"}},
        {"a repeated user key",
         with_spec("  node_selector:\n    a: 1\n    b: 2\n    a: 3\n"),
         {"9:5 [duplicate-key] duplicate key \"a\": already given on line 7 (spec.node_selector.a)"}},
        {"a repeated env variable",
         with_spec("  container:\n    app:\n      env:\n        variables:\n          A: 1\n          A: "
                   "{value: 2}\n"),
         {"11:11 [duplicate-key] duplicate key \"A\": already given on line 10 "
          "(spec.container.app.env.variables.A)"}},
        {"a repeated label key with a dot",
         "metadata:\n  labels:\n    app.kubernetes.io/name: a\n    app.kubernetes.io/name: b\nkind: "
         "KubernetesDaemonSet\n",
         {"4:5 [duplicate-key] duplicate key \"app.kubernetes.io/name\": already given on line 3 "
          "(metadata.labels[\"app.kubernetes.io/name\"])"}},
    });
    // The first occurrence wins.
    const ParseResult result =
        parse(with_spec("  namespace: a\n  namespace: b\n  node_selector: {k: 1, k: 2}\n"));
    const Spec& spec = result.documents.at(0).manifest.spec;
    CHECK(spec.namespace_.value.value == "a");
    REQUIRE(spec.node_selector.entries.size() == 1);
    CHECK(spec.node_selector.entries[0].value.value == "1");
}

TEST_CASE("values of the wrong type", "[manifest][diagnostics]") {
    check_cases({
        {"a list for a mapping",
         with_spec("  container: []\n"),
         {"6:14 [wrong-type] expected a mapping, got a list (spec.container)"}},
        {"a scalar for a mapping",
         with_spec("  container:\n    app:\n      image: nginx:1.27\n"),
         {"8:14 [wrong-type] expected a mapping, got \"nginx:1.27\" (spec.container.app.image)"}},
        {"a mapping for a list",
         with_spec("  tolerations: {key: a}\n"),
         {"6:16 [wrong-type] expected a list, got a mapping (spec.tolerations)"}},
        {"a scalar for a list of strings",
         with_spec("  container:\n    app:\n      command: /bin/sh\n"),
         {"8:16 [wrong-type] expected a list, got \"/bin/sh\" (spec.container.app.command)"}},
        {"a mapping in a list of strings",
         with_spec("  container:\n    app:\n      args: [a, {b: c}]\n"),
         {"8:17 [wrong-type] expected a string, got a mapping (spec.container.app.args[1])"}},
        {"a scalar in a list of objects",
         with_spec("  tolerations: [a]\n"),
         {"6:17 [wrong-type] expected a mapping, got \"a\" (spec.tolerations[0])"}},
        {"text for an integer",
         with_spec("  min_ready_seconds: abc\n"),
         {"6:22 [wrong-type] expected an integer, got \"abc\" (spec.min_ready_seconds)"}},
        {"a float for an integer",
         with_spec("  min_ready_seconds: \"1.5\"\n"),
         {"6:22 [wrong-type] expected an integer, got \"1.5\" (spec.min_ready_seconds)"}},
        {"32-bit overflow",
         with_spec("  min_ready_seconds: 4294967296\n"),
         {"6:22 [wrong-type] integer 4294967296 is out of range (32-bit) (spec.min_ready_seconds)"}},
        {"32-bit overflow, negative",
         with_spec("  min_ready_seconds: -2147483649\n"),
         {"6:22 [wrong-type] integer -2147483649 is out of range (32-bit) (spec.min_ready_seconds)"}},
        {"huge integer",
         with_spec("  min_ready_seconds: 99999999999999999999999\n"),
         {"6:22 [wrong-type] integer 99999999999999999999999 is out of range (32-bit) "
          "(spec.min_ready_seconds)"}},
        {"a list for an integer",
         with_spec("  min_ready_seconds: [1]\n"),
         {"6:22 [wrong-type] expected an integer, got a list (spec.min_ready_seconds)"}},
        {"bad octal file mode",
         with_spec("  container:\n    app:\n      volume_mounts:\n        - secret: {default_mode: 0648}\n"),
         {"9:34 [wrong-type] \"0648\" is not an octal number (a leading 0 means octal) "
          "(spec.container.app.volume_mounts[0].secret.default_mode)"}},
        {"yes for a boolean",
         with_spec("  host_network: yes\n"),
         {"6:17 [wrong-type] expected true or false, got \"yes\"; YAML 1.1 booleans (yes/no, on/off, y/n) "
          "are "
          "not accepted: write true (spec.host_network)"}},
        {"on for a boolean",
         with_spec("  create_namespace: on\n"),
         {"6:21 [wrong-type] expected true or false, got \"on\"; YAML 1.1 booleans (yes/no, on/off, y/n) are "
          "not accepted: write true (spec.create_namespace)"}},
        {"Off and N for booleans",
         with_spec("  host_pid: Off\n  host_ipc: N\n"),
         {"6:13 [wrong-type] expected true or false, got \"Off\"; YAML 1.1 booleans (yes/no, on/off, y/n) "
          "are "
          "not accepted: write false (spec.host_pid)",
          "7:13 [wrong-type] expected true or false, got \"N\"; YAML 1.1 booleans (yes/no, on/off, y/n) are "
          "not accepted: write false (spec.host_ipc)"}},
        {"a quoted boolean",
         with_spec("  host_network: \"true\"\n"),
         {"6:17 [wrong-type] expected true or false without quotes, got \"true\" (spec.host_network)"}},
        {"a number for a boolean",
         with_spec("  host_network: 1\n"),
         {"6:17 [wrong-type] expected true or false, got \"1\" (spec.host_network)"}},
        {"a list for a string",
         with_spec("  service_account_name: [a]\n"),
         {"6:25 [wrong-type] expected a string, got a list (spec.service_account_name)"}},
        {"a list for namespace",
         with_spec("  namespace: [a]\n"),
         {"6:14 [wrong-type] expected a string or a mapping with \"value\", got a list (spec.namespace)"}},
        {"a list for an env variable",
         with_spec("  container:\n    app:\n      env:\n        variables:\n          A: [1]\n"),
         {"10:14 [wrong-type] expected a string or a mapping with \"value\" or \"value_from\", got a list "
          "(spec.container.app.env.variables.A)"}},
        {"a list for an env secret",
         with_spec("  container:\n    app:\n      env:\n        secrets:\n          A: [1]\n"),
         {"10:14 [wrong-type] expected a string or a mapping with \"value\" or \"secret_ref\", got a list "
          "(spec.container.app.env.secrets.A)"}},
        {"a list for host_path",
         with_spec("  container:\n    app:\n      volume_mounts:\n        - host_path: [a]\n"),
         {"9:22 [wrong-type] expected a path or a mapping with \"path\" and \"type\", got a list "
          "(spec.container.app.volume_mounts[0].host_path)"}},
        {"a mapping for a user map value",
         with_spec("  node_selector:\n    a: {b: c}\n"),
         {"7:8 [wrong-type] expected a string, got a mapping (spec.node_selector.a)"}},
        {"a list for a user map",
         with_spec("  config_maps: [a]\n"),
         {"6:16 [wrong-type] expected a mapping, got a list (spec.config_maps)"}},
        {"a scalar for provider_config",
         "target: {}\nprovider_config: doks\n",
         {"2:18 [wrong-type] expected a mapping, got \"doks\" (provider_config)"}},
        {"a long value is cut in the message",
         with_spec("  host_pid: " + std::string(100, 'a') + "\n"),
         {"6:13 [wrong-type] expected true or false, got \"" + std::string(60, 'a') +
          "...\" (spec.host_pid)"}},
    });
}

TEST_CASE("a field of the wrong type is left absent with type_error set", "[manifest][diagnostics]") {
    const ParseResult result = parse(with_spec(
        "  min_ready_seconds: abc\n  container:\n    app:\n      image: nginx\n      ports: [x]\n"));
    REQUIRE(result.diagnostics.size() == 3);
    const Spec& spec = result.documents.at(0).manifest.spec;
    CHECK(!spec.min_ready_seconds.present);
    CHECK(spec.min_ready_seconds.type_error);
    CHECK((spec.min_ready_seconds.line == 6 && spec.min_ready_seconds.column == 22));
    CHECK(!spec.container.app.image.present);
    CHECK(spec.container.app.image.type_error);
    CHECK(spec.container.app.image.repo.path == "spec.container.app.image.repo");
    CHECK((spec.container.app.image.repo.line == 9 && spec.container.app.image.repo.column == 14));
    // The item stays in the list so that indices match the manifest.
    REQUIRE(spec.container.app.ports.items.size() == 1);
    CHECK(spec.container.app.ports.items[0].type_error);
    CHECK(spec.container.app.ports.items[0].name.path == "spec.container.app.ports[0].name");
}

// What an alias brings in is placed at the alias (where the user used it), not at its
// anchor: the anchored value itself may be fine where it was first written.
TEST_CASE("a problem met through an alias is placed at the alias", "[manifest][diagnostics]") {
    check_cases({
        {"a mapping anchored for labels, used as a command",
         with_spec(
             "  node_selector: &l {a: b}\n  namespace: n\n  container:\n    app:\n      image: {repo: r, "
             "tag: t}\n      command: *l\n"),
         {"11:16 [wrong-type] expected a list, got a mapping (spec.container.app.command)"}},
        {"an anchored list of ports used where a mapping is expected",
         with_spec("  tolerations: &t [{operator: Exists}]\n  update_strategy: *t\n"),
         {"7:20 [wrong-type] expected a mapping, got a list (spec.update_strategy)"}},
        {"an unknown field inside an aliased mapping",
         with_spec("  node_selector: &m {a: b}\n  affinity: *m\n"),
         {"7:13 [unknown-field] unknown field \"a\" (spec.affinity.a)"}},
    });
    // Values read through an alias carry the alias's position, so that the rules of
    // validate point there too.
    const ParseResult result =
        parse(with_spec("  service_account_name: &n agent\n  priority_class_name: *n\n  namespace: n\n"));
    const Spec& spec = result.documents.at(0).manifest.spec;
    CHECK((spec.service_account_name.line == 6 && spec.service_account_name.column == 25));
    CHECK((spec.priority_class_name.line == 7 && spec.priority_class_name.column == 24));
    CHECK(spec.priority_class_name.value == "agent");
}

TEST_CASE("host_path_type next to the nested host_path form", "[manifest][diagnostics]") {
    check_cases({
        {"snake_case",
         with_spec("  container:\n    app:\n      volume_mounts:\n        - host_path_type: File\n"
                   "          host_path: {path: /a, type: Socket}\n"),
         {"9:11 [conflicting-fields] \"host_path_type\" cannot be used with the nested host_path form; write "
          "the type "
          "as host_path.type (spec.container.app.volume_mounts[0].host_path_type)"}},
        {"camelCase",
         with_spec("  container:\n    app:\n      volume_mounts:\n        - hostPath: {path: /a}\n          "
                   "hostPathType: File\n"),
         {"10:11 [conflicting-fields] \"hostPathType\" cannot be used with the nested hostPath form; write "
          "the type "
          "as hostPath.type (spec.container.app.volume_mounts[0].host_path_type)"}},
    });
    const ParseResult result =
        parse(with_spec("  container:\n    app:\n      volume_mounts:\n        - host_path_type: File\n"
                        "          host_path: {path: /a, type: Socket}\n"));
    CHECK(result.documents.at(0).manifest.spec.container.app.volume_mounts.items.at(0).host_path.type.value ==
          "Socket");
}

TEST_CASE("YAML syntax errors, readable and positioned", "[manifest][diagnostics]") {
    check_cases({
        {"tab in indentation",
         "kind: KubernetesDaemonSet\nspec:\n\tnamespace: x\n",
         {"3:1 [yaml-syntax] tab character in indentation; YAML indents with spaces only"}},
        {"mismatched brackets",
         "kind: KubernetesDaemonSet\nspec: {a: [1, 2}\n",
         {"2:16 [yaml-syntax] unexpected \"}\": the brackets before it do not match"}},
        {"unclosed flow mapping",
         "kind: KubernetesDaemonSet\nspec: {a: 1\n",
         {"3:1 [yaml-syntax] missing \"}\" to close the flow mapping"}},
        {"unclosed flow list",
         "kind: KubernetesDaemonSet\nspec: [1, 2\n",
         {"3:1 [yaml-syntax] missing \"]\" to close the flow list"}},
        {"unclosed double quote",
         "kind: KubernetesDaemonSet\nspec:\n  namespace: \"abc\n  x: 1\n",
         {"3:14 [yaml-syntax] the quoted string that starts here is not closed (missing \")"}},
        {"unclosed single quote at the very end",
         "kind: KubernetesDaemonSet\nspec:\n  namespace: 'abc",
         {"3:18 [yaml-syntax] a quoted string is not closed before the end of the document (missing closing "
          "quote)"}},
        {"key: value inside a value",
         "kind: KubernetesDaemonSet\nspec: a: b\n",
         {"2:8 [yaml-syntax] a \"key: value\" is not allowed here (check the indentation, or quote a value "
          "that "
          "contains \": \")"}},
        {"bad indentation",
         "kind: KubernetesDaemonSet\nspec:\n  a: 1\n   b: 2\n",
         {"4:5 [yaml-syntax] a \"key: value\" is not allowed here (check the indentation, or quote a value "
          "that "
          "contains \": \")"}},
        {"a list item where a mapping continues",
         "kind: KubernetesDaemonSet\nspec:\n  a: 1\n  - b\n",
         {"4:3 [yaml-syntax] this line does not fit the mapping above it (check the indentation)"}},
        {"a top-level list continued as a mapping",
         "- a\nkind: KubernetesDaemonSet\n",
         {"2:1 [yaml-syntax] this line does not fit the structure above it (check the indentation)"}},
        {"undefined alias",
         "kind: KubernetesDaemonSet\nspec: *nope\n",
         {"2:7 [yaml-syntax] alias *nope refers to an anchor that is not defined before it"}},
        {"reserved character",
         "kind: KubernetesDaemonSet\nspec: @x\n",
         {"2:7 [yaml-syntax] a value cannot start with \"@\"; quote it"}},
        {"unknown escape",
         "kind: KubernetesDaemonSet\nspec: \"a\\qb\"\n",
         {"2:9 [yaml-syntax] unknown escape sequence \"\\q\" in a double-quoted string (use single quotes, "
          "or write "
          "\\\\)"}},
    });
    const ParseResult result = parse("kind: KubernetesDaemonSet\nspec: {a: [1, 2}\n");
    REQUIRE(result.documents.size() == 1);
    CHECK(result.documents[0].kind == DocumentKind::invalid);
    CHECK(result.documents[0].line == 1);
}

TEST_CASE("a broken document does not hide the others", "[manifest][diagnostics]") {
    const ParseResult result = parse(
        "kind: KubernetesDaemonSet\n"      // 1
        "spec: {namespace: a}\n"           // 2
        "---\n"                            // 3
        "kind: KubernetesDaemonSet\n"      // 4
        "spec: {namespace: \"b}\n"         // 5
        "---\n"                            // 6
        "kind: KubernetesDaemonSet\n"      // 7
        "spec: {namespace: c, nope: 1}\n"  // 8
        "---\n"                            // 9
        "kind: ConfigMap\n"                // 10
        "data: {a: [}\n");                 // 11
    CHECK(diagnostic_lines(result.diagnostics) ==
          Lines{"5:19 [yaml-syntax] the quoted string that starts here is not closed (missing \")",
                "8:22 [unknown-field] unknown field \"nope\" (spec.nope)",
                "11:12 [yaml-syntax] unexpected \"}\": the brackets before it do not match"});
    REQUIRE(result.documents.size() == 4);
    CHECK(result.documents[0].kind == DocumentKind::daemonset);
    CHECK(result.documents[0].manifest.spec.namespace_.value.value == "a");
    CHECK(result.documents[1].kind == DocumentKind::invalid);
    CHECK(result.documents[1].line == 3);
    CHECK(result.documents[2].kind == DocumentKind::daemonset);
    CHECK(result.documents[2].manifest.spec.namespace_.value.value == "c");
    CHECK(result.documents[2].index == 2);
    CHECK(result.documents[3].kind == DocumentKind::invalid);
}

TEST_CASE("other kinds and plain YAML get no diagnostics", "[manifest][diagnostics]") {
    const ParseResult result = parse(
        "apiVersion: apps/v1\nkind: Deployment\nspec: {a: 1, a: 2, replicas: many}\n---\n"
        "name: ci\non: {push: {}}\njobs: {build: {runs-on: x, runs-on: y}}\n");
    CHECK(result.diagnostics.empty());
    REQUIRE(result.documents.size() == 2);
    CHECK(result.documents[0].kind == DocumentKind::other);
    CHECK(result.documents[1].kind == DocumentKind::other);
}

}  // namespace
}  // namespace planton::manifest
