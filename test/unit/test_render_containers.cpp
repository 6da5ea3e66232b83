// The app container, sidecars and init containers (objects.md "The DaemonSet").
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

Object downward(const char* name, const char* path) {
    return Object{{"name", name}, {"valueFrom", {{"fieldRef", {{"fieldPath", path}}}}}};
}

std::vector<std::string> env_names(const Object& container) {
    std::vector<std::string> out;
    for (const Object& e : container["env"]) out.push_back(e["name"]);
    return out;
}

}  // namespace

TEST_CASE("the app container: named after the DaemonSet, image repo:tag", "[render][container]") {
    Object c = app_container_of(manifest_yaml());
    CHECK(keys(c) == std::vector<std::string>{"name", "image", "env", "resources"});
    CHECK(c["name"] == "agent");
    CHECK(c["image"] == "busybox:1.36");
}

TEST_CASE("a digest tag renders repo@sha256:...", "[render][container]") {
    const std::string digest = "sha256:" + std::string(64, 'a');
    Object c = app_container_of(replace_once(manifest_yaml(), kDefaultImage,
                                             "      image: {repo: ghcr.io/x/y, tag: \"" + digest + "\"}\n"));
    CHECK(c["image"] == "ghcr.io/x/y@" + digest);
}

TEST_CASE("env: downward API, then variables sorted, then secrets sorted", "[render][container][env]") {
    Object c = app_container_of(manifest_yaml(
        "",
        "      env:\n        variables: {ZED: z, ALPHA: a, PORT: 9200, DEBUG: true, MID: {value: m}}\n"
        "        secrets: {TOKEN: t, API_KEY: {secret_ref: {name: creds, key: api-key}}}\n"));
    Object expected = Object::array(
        {downward("K8S_NODE_NAME", "spec.nodeName"), downward("K8S_POD_NAME", "metadata.name"),
         downward("K8S_POD_NAMESPACE", "metadata.namespace"), downward("K8S_POD_IP", "status.podIP")});
    for (auto [name, value] : std::vector<std::pair<const char*, const char*>>{
             {"ALPHA", "a"}, {"DEBUG", "true"}, {"MID", "m"}, {"PORT", "9200"}, {"ZED", "z"}})
        expected.push_back(Object{{"name", name}, {"value", value}});
    expected.push_back(Object::parse(
        R"({"name": "API_KEY", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "api-key"}}})"));
    expected.push_back(Object::parse(
        R"({"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "agent-env-secrets", "key": "TOKEN"}}})"));
    CHECK(c["env"] == expected);
}

TEST_CASE("a user variable with a downward-API name takes its place", "[render][container][env]") {
    Object c = app_container_of(
        manifest_yaml("",
                      "      env:\n        variables: {K8S_POD_IP: 0.0.0.0, A: a}\n"
                      "        secrets: {K8S_NODE_NAME: {secret_ref: {name: s, key: k}}}\n"));
    CHECK(env_names(c) ==
          std::vector<std::string>{"K8S_NODE_NAME", "K8S_POD_NAME", "K8S_POD_NAMESPACE", "K8S_POD_IP", "A"});
    CHECK(c["env"][3] == Object::parse(R"({"name": "K8S_POD_IP", "value": "0.0.0.0"})"));
    CHECK(c["env"][0]["valueFrom"]["secretKeyRef"]["name"] == "s");
}

TEST_CASE("resources: defaults for every value left out", "[render][container]") {
    CHECK(
        app_container_of(manifest_yaml())["resources"] ==
        Object::parse(
            R"({"limits": {"cpu": "1000m", "memory": "1Gi"}, "requests": {"cpu": "50m", "memory": "100Mi"}})"));
    CHECK(
        app_container_of(manifest_yaml(
            "", "      resources: {limits: {memory: 2Gi}, requests: {cpu: 500m}}\n"))["resources"] ==
        Object::parse(
            R"({"limits": {"cpu": "1000m", "memory": "2Gi"}, "requests": {"cpu": "500m", "memory": "100Mi"}})"));
}

TEST_CASE("ports: hostPort only when non-zero", "[render][container]") {
    Object c = app_container_of(
        manifest_yaml("",
                      "      ports:\n        - {name: metrics, container_port: 9100, network_protocol: TCP, "
                      "host_port: 9100}\n"
                      "        - {name: dns, container_port: 53, network_protocol: UDP, host_port: 0}\n"));
    CHECK(c["ports"] == Object::parse(R"([
        {"name": "metrics", "hostPort": 9100, "containerPort": 9100, "protocol": "TCP"},
        {"name": "dns", "containerPort": 53, "protocol": "UDP"}])"));
}

TEST_CASE("command and args only when non-empty", "[render][container]") {
    Object c = app_container_of(manifest_yaml("", "      command: [/bin/agent]\n      args: [--v, \"2\"]\n"));
    CHECK(c["command"] == Object::parse(R"(["/bin/agent"])"));
    CHECK(c["args"] == Object::parse(R"(["--v", "2"])"));
    CHECK(keys(c) == std::vector<std::string>{"name", "image", "command", "args", "env", "resources"});
    Object empty = app_container_of(manifest_yaml("", "      command: []\n      args: []\n"));
    CHECK_FALSE(empty.contains("command"));
    CHECK_FALSE(empty.contains("args"));
}

TEST_CASE("securityContext: only the fields that are set", "[render][container][security]") {
    CHECK_FALSE(app_container_of(manifest_yaml()).contains("securityContext"));
    CHECK_FALSE(app_container_of(manifest_yaml("", "      security_context: {privileged: false}\n"))
                    .contains("securityContext"));
    Object sc = app_container_of(
        manifest_yaml("",
                      "      security_context:\n        privileged: true\n        run_as_user: 0\n"
                      "        run_as_group: 0\n        run_as_non_root: false\n"
                      "        read_only_root_filesystem: true\n        allow_privilege_escalation: true\n"
                      "        capabilities: {add: [NET_ADMIN], drop: [ALL]}\n"))["securityContext"];
    CHECK(sc == Object::parse(R"({"capabilities": {"add": ["NET_ADMIN"], "drop": ["ALL"]}, "privileged": true,
        "runAsUser": 0, "runAsGroup": 0, "runAsNonRoot": false, "readOnlyRootFilesystem": true,
        "allowPrivilegeEscalation": true})"));
    CHECK(keys(sc) == std::vector<std::string>{"capabilities", "privileged", "runAsUser", "runAsGroup",
                                               "runAsNonRoot", "readOnlyRootFilesystem",
                                               "allowPrivilegeEscalation"});
    Object drop_only =
        app_container_of(manifest_yaml("", "      security_context: {capabilities: {drop: [ALL]}}\n"));
    CHECK(drop_only["securityContext"] == Object::parse(R"({"capabilities": {"drop": ["ALL"]}})"));
}

TEST_CASE("sidecars follow the app container, in manifest order (Planton's module drops them)",
          "[render][container][sidecar]") {
    Object pod = pod_spec_of(manifest_yaml(
        "  init_containers:\n    - {name: setup, image: \"busybox:1.36\", command: [sh, -c, \"true\"],\n"
        "       volume_mounts: [{name: data, mount_path: /data}]}\n",
        "      volume_mounts: [{name: data, mount_path: /data, empty_dir: {}}]\n"
        "    sidecars:\n"
        "      - name: proxy\n        image: \"envoy:1.30\"\n        args: [--config, /etc/envoy.yaml]\n"
        "        ports: [{name: admin, container_port: 9901, protocol: TCP}]\n"
        "        env: [{name: LEVEL, value: info}]\n"
        "        resources: {requests: {cpu: 10m}}\n"
        "        volume_mounts: [{name: data, mount_path: /data, read_only: true}]\n"
        "      - {name: exporter, image: \"exporter:2\"}\n"));
    REQUIRE(pod["containers"].size() == 3);
    CHECK(pod["containers"][0]["name"] == "agent");
    CHECK(pod["containers"][1] == Object::parse(R"({"name": "proxy", "image": "envoy:1.30",
        "args": ["--config", "/etc/envoy.yaml"], "ports": [{"name": "admin", "containerPort": 9901, "protocol": "TCP"}],
        "env": [{"name": "LEVEL", "value": "info"}], "resources": {"requests": {"cpu": "10m"}},
        "volumeMounts": [{"name": "data", "readOnly": true, "mountPath": "/data"}]})"));
    CHECK(pod["containers"][2] == Object::parse(R"({"name": "exporter", "image": "exporter:2"})"));
    CHECK(pod["initContainers"] == Object::parse(R"([{"name": "setup", "image": "busybox:1.36",
        "command": ["sh", "-c", "true"], "volumeMounts": [{"name": "data", "mountPath": "/data"}]}])"));
    // The shared volume exists once.
    CHECK(pod["volumes"] == Object::parse(R"([{"name": "data", "emptyDir": {}}])"));
}
