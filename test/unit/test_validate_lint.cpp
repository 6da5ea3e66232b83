// validate::check, the lint warnings: each id of manifest.md's Lint table, the
// planton-ds.io/lint-ignore annotation, and --strict.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::check_cases;
using test::Show;
using test::validate_lines;
using test::validate_messages;

// A manifest that draws no warning. `app` (app container fields, indented by six)
// starts on line 14.
std::string quiet(std::string_view app = "") {
    return "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: "
           "agent\n"
           "spec:\n  namespace: agents\n  priority_class_name: system-node-critical\n"
           "  tolerations: [{operator: Exists}]\n  container:\n    app:\n      image: {repo: agent, tag: "
           "\"1.0\"}\n"
           "      resources: {requests: {cpu: 10m}}\n      readiness_probe: {exec: {command: [\"true\"]}}\n" +
           std::string(app);
}

// `doc` with the first `from` replaced by `to`.
std::string edited(std::string doc, std::string_view from, std::string_view to) {
    const std::size_t at = doc.find(from);
    REQUIRE(at != std::string::npos);
    return doc.replace(at, from.size(), to);
}

void check_warnings(const std::vector<test::Case>& cases) {
    test::check_cases(cases, Show::all);
}

TEST_CASE("the quiet manifest draws no warning", "[validate][lint]") {
    CHECK(validate_lines(quiet(), Show::all) == test::Lines{});
}

TEST_CASE("image-latest-tag", "[validate][lint]") {
    const std::string sidecars =
        "    sidecars:\n      - {name: a, image: busybox}\n      - {name: b, image: "
        "\"busybox:latest\"}\n      - {name: c, image: \"busybox:1.36\"}\n";
    check_warnings({
        {"latest",
         edited(quiet(), "tag: \"1.0\"", "tag: latest"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"a pinned tag", edited(quiet(), "tag: \"1.0\"", "tag: \"1.0-latest\""), {}},
        {"Latest",
         edited(quiet(), "tag: \"1.0\"", "tag: Latest"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"LATEST",
         edited(quiet(), "tag: \"1.0\"", "tag: LATEST"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"stable",
         edited(quiet(), "tag: \"1.0\"", "tag: stable"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"main",
         edited(quiet(), "tag: \"1.0\"", "tag: main"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"master",
         edited(quiet(), "tag: \"1.0\"", "tag: master"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"nightly",
         edited(quiet(), "tag: \"1.0\"", "tag: nightly"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"edge",
         edited(quiet(), "tag: \"1.0\"", "tag: edge"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"dev",
         edited(quiet(), "tag: \"1.0\"", "tag: dev"),
         {"11:33 warning [image-latest-tag] (spec.container.app.image.tag)"}},
        {"a version that merely starts like one", edited(quiet(), "tag: \"1.0\"", "tag: stable-1.2"), {}},
        {"a sidecar with a mutable tag, one with a digest and no tag",
         quiet("    sidecars:\n      - {name: a, image: \"busybox:Nightly\"}\n      - {name: b, image: "
               "\"busybox@sha256:" +
               std::string(64, 'a') +
               "\"}\n      - {name: c, image: \"busybox:edge@sha256:" + std::string(64, 'a') + "\"}\n"),
         {"15:26 warning [image-latest-tag] (spec.container.sidecars[0].image)"}},
        {"a digest", edited(quiet(), "tag: \"1.0\"", "tag: sha256:" + std::string(64, '0')), {}},
        {"sidecars without tag and with latest",
         quiet(sidecars),
         {"15:26 warning [image-latest-tag] (spec.container.sidecars[0].image)",
          "16:26 warning [image-latest-tag] (spec.container.sidecars[1].image)"}},
    });
    CHECK(validate_messages(quiet(sidecars), Show::all) ==
          test::Lines{
              R"([image-latest-tag] image "busybox" has no tag, which means "latest", not a pinned version)",
              R"([image-latest-tag] image "busybox:latest" uses the tag "latest", not a pinned version)"});
    CHECK(
        validate_messages(edited(quiet(), "tag: \"1.0\"", "tag: stable"), Show::all) ==
        test::Lines{
            R"([image-latest-tag] image tag "stable" is a mutable tag, not a pinned version; nodes pulling )"
            "at different times may run different images"});
}

TEST_CASE("privileged-without-drop", "[validate][lint]") {
    check_warnings({
        {"privileged, nothing dropped",
         quiet("      security_context: {privileged: true}\n"),
         {"14:38 warning [privileged-without-drop] (spec.container.app.security_context.privileged)"}},
        {"privileged, an empty drop list",
         quiet("      security_context: {privileged: true, capabilities: {drop: []}}\n"),
         {"14:38 warning [privileged-without-drop] (spec.container.app.security_context.privileged)"}},
        {"privileged, dropping",
         quiet("      security_context: {privileged: true, capabilities: {drop: [ALL]}}\n"),
         {}},
        {"not privileged", quiet("      security_context: {privileged: false}\n"), {}},
    });
}

TEST_CASE("writable-host-path and sensitive-host-path", "[validate][lint]") {
    const auto mount = [](std::string_view fields) {
        return quiet("      volume_mounts: [{name: h, mount_path: /h, " + std::string(fields) + "}]\n");
    };
    check_warnings({
        {"read-only", mount("host_path: /var/log, read_only: true"), {}},
        {"writable",
         mount("host_path: /var/log"),
         {"14:60 warning [writable-host-path] (spec.container.app.volume_mounts[0].host_path)"}},
        {"writable, read_only false",
         mount("host_path: {path: /var/lib/agent}, read_only: false"),
         {"14:60 warning [writable-host-path] (spec.container.app.volume_mounts[0].host_path)"}},
        {"the docker socket",
         mount("host_path: /var/run/docker.sock"),
         {"14:60 warning [sensitive-host-path] (spec.container.app.volume_mounts[0].host_path)"}},
        {"the containerd socket",
         mount("host_path: /run/containerd/containerd.sock"),
         {"14:60 warning [sensitive-host-path] (spec.container.app.volume_mounts[0].host_path)"}},
        {"/ and /etc/ and /proc and /sys",
         quiet("      volume_mounts:\n        - {name: a, mount_path: /a, host_path: /}\n"
               "        - {name: b, mount_path: /b, host_path: /etc/}\n"
               "        - {name: c, mount_path: /c, host_path: {path: /proc}}\n"
               "        - {name: d, mount_path: /d, host_path: /sys}\n"),
         {"15:48 warning [sensitive-host-path] (spec.container.app.volume_mounts[0].host_path)",
          "16:48 warning [sensitive-host-path] (spec.container.app.volume_mounts[1].host_path)",
          "17:48 warning [sensitive-host-path] (spec.container.app.volume_mounts[2].host_path)",
          "18:48 warning [sensitive-host-path] (spec.container.app.volume_mounts[3].host_path)"}},
        {"/etc read-only", mount("host_path: /etc, read_only: true"), {}},
        {"below /etc is not listed", mount("host_path: /etc/ssl, read_only: true"), {}},
        {"a sidecar writes to a volume the app mounts read-only",
         mount("host_path: /var/log, read_only: true") +
             "    sidecars: [{name: s, image: \"s:1\", volume_mounts: [{name: h, mount_path: /h}]}]\n",
         {"15:56 warning [writable-host-path] (spec.container.sidecars[0].volume_mounts[0])"}},
    });
    CHECK(
        validate_messages(mount("host_path: /var/run/docker.sock"), Show::all) ==
        test::Lines{
            R"([sensitive-host-path] host path "/var/run/docker.sock" is mounted writable, which gives the )"
            "container control over the node; add read_only: true"});
}

TEST_CASE("host-port", "[validate][lint]") {
    check_warnings({
        {"a host port",
         quiet("      ports: [{name: m, container_port: 9100, network_protocol: TCP, host_port: 9100}]\n"),
         {"14:81 warning [host-port] (spec.container.app.ports[0].host_port)"}},
        {"host port 0",
         quiet("      ports: [{name: m, container_port: 9100, network_protocol: TCP, host_port: 0}]\n"),
         {}},
    });
}

TEST_CASE("warnings about what is left out: probe, priority class, resources", "[validate][lint]") {
    check_warnings({
        {"no readiness probe",
         edited(quiet(), "      readiness_probe: {exec: {command: [\"true\"]}}\n", ""),
         {"11:7 warning [no-readiness-probe] (spec.container.app.readiness_probe)"}},
        {"a liveness probe is no readiness probe",
         edited(quiet(), "readiness_probe: {exec", "liveness_probe: {exec"),
         {"11:7 warning [no-readiness-probe] (spec.container.app.readiness_probe)"}},
        {"no priority class",
         edited(quiet(), "  priority_class_name: system-node-critical\n", ""),
         {"6:3 warning [no-priority-class] (spec.priority_class_name)"}},
        {"no resources",
         edited(quiet(), "      resources: {requests: {cpu: 10m}}\n", ""),
         {"11:7 warning [default-resources] (spec.container.app.resources)"}},
        {"empty resources are written out", edited(quiet(), "{requests: {cpu: 10m}}", "{}"), {}},
    });
}

TEST_CASE("on-delete-strategy", "[validate][lint]") {
    check_warnings({
        {"OnDelete",
         edited(quiet(), "  namespace: agents\n",
                "  namespace: agents\n  update_strategy: {type: OnDelete}\n"),
         {"7:27 warning [on-delete-strategy] (spec.update_strategy.type)"}},
        {"RollingUpdate",
         edited(quiet(), "  namespace: agents\n",
                "  namespace: agents\n  update_strategy: {type: RollingUpdate}\n"),
         {}},
    });
}

TEST_CASE("no-control-plane-toleration", "[validate][lint]") {
    const auto tolerations = [](std::string_view list) {
        return edited(quiet(), "[{operator: Exists}]", list);
    };
    check_warnings({
        {"no tolerations",
         edited(quiet(), "  tolerations: [{operator: Exists}]\n", ""),
         {"6:3 warning [no-control-plane-toleration] (spec.tolerations)"}},
        {"other tolerations",
         tolerations("[{key: gpu, operator: Exists}]"),
         {"8:16 warning [no-control-plane-toleration] (spec.tolerations)"}},
        {"the taint, Exists",
         tolerations("[{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]"),
         {}},
        {"the taint, Equal with no value",
         tolerations("[{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]"),
         {}},
        {"the taint, another effect",
         tolerations("[{key: node-role.kubernetes.io/control-plane, effect: NoExecute}]"),
         {"8:16 warning [no-control-plane-toleration] (spec.tolerations)"}},
        {"the taint, another value",
         tolerations("[{key: node-role.kubernetes.io/control-plane, value: x}]"),
         {"8:16 warning [no-control-plane-toleration] (spec.tolerations)"}},
        {"everything with NoSchedule", tolerations("[{operator: Exists, effect: NoSchedule}]"), {}},
        {"a node selector chooses the nodes",
         edited(quiet(), "  tolerations: [{operator: Exists}]\n",
                "  node_selector: {kubernetes.io/os: linux}\n"),
         {}},
    });
}

TEST_CASE("planton-ds.io/lint-ignore and --strict", "[validate][lint]") {
    const std::string noisy =
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\nmetadata:\n  name: agent\n"
        "  annotations:\n    planton-ds.io/lint-ignore: \"no-priority-class, "
        "default-resources,no-such-check\"\n"
        "spec:\n  namespace: agents\n  container:\n    app:\n      image: {repo: agent, tag: latest}\n";
    CHECK(validate_lines(noisy, Show::all) ==
          test::Lines{"6:32 warning [unknown-lint-id] (metadata.annotations[\"planton-ds.io/lint-ignore\"])",
                      "8:3 warning [no-control-plane-toleration] (spec.tolerations)",
                      "11:7 warning [no-readiness-probe] (spec.container.app.readiness_probe)",
                      "11:33 warning [image-latest-tag] (spec.container.app.image.tag)"});
    CHECK(
        validate_messages(noisy, Show::all)[0] ==
        R"([unknown-lint-id] lint-ignore names "no-such-check", which is not a lint check (see docs/diagnostics.md))");
    // --strict: the same diagnostics, as errors with the same ids.
    CHECK(validate_lines(noisy, Show::all, Options{true}) ==
          test::Lines{"6:32 error [unknown-lint-id] (metadata.annotations[\"planton-ds.io/lint-ignore\"])",
                      "8:3 error [no-control-plane-toleration] (spec.tolerations)",
                      "11:7 error [no-readiness-probe] (spec.container.app.readiness_probe)",
                      "11:33 error [image-latest-tag] (spec.container.app.image.tag)"});
    CHECK(validate_lines(quiet(), Show::all, Options{true}) == test::Lines{});
    // Ignoring every id, unknown-lint-id included, leaves nothing.
    const std::string all =
        edited(noisy, "no-such-check\"",
               "no-such-check,unknown-lint-id,no-control-plane-toleration,no-readiness-probe,"
               "image-latest-tag\"");
    CHECK(validate_lines(all, Show::all, Options{true}) == test::Lines{});
    // Errors are never ignored.
    CHECK(validate_lines(edited(all, "name: agent", "name: Agent"), Show::all) ==
          test::Lines{"4:9 error [invalid-name] (metadata.name)"});
}

TEST_CASE("stack inputs are linted like manifests", "[validate][lint]") {
    const std::string stack =
        "target:\n  apiVersion: kubernetes.project-planton.org/v1\n  kind: KubernetesDaemonSet\n"
        "  metadata: {name: agent, annotations: {planton-ds.io/lint-ignore: no-priority-class}}\n"
        "  spec:\n    namespace: agents\n    container: {app: {image: {repo: agent, tag: \"1\"}}}\n";
    CHECK(validate_lines(stack, Show::all) ==
          test::Lines{"6:5 warning [no-control-plane-toleration] (target.spec.tolerations)",
                      "7:22 warning [no-readiness-probe] (target.spec.container.app.readiness_probe)",
                      "7:22 warning [default-resources] (target.spec.container.app.resources)"});
}

}  // namespace
}  // namespace planton::validate
