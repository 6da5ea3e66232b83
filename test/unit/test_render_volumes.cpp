// Volumes and mounts (objects.md): one volume per distinct mount name, in first-mention
// order, from the mount's source; readOnly only when true.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

Object pod_with_mounts(const std::string& mounts) {
    return pod_spec_of(manifest_yaml("", "      volume_mounts:\n" + mounts));
}

}  // namespace

TEST_CASE("every source type", "[render][volume]") {
    Object pod = pod_with_mounts(
        "        - {name: flat, mount_path: /a, host_path: /var/log}\n"
        "        - {name: flat-typed, mount_path: /b, host_path: /run/x.sock, host_path_type: Socket}\n"
        "        - {name: nested, mount_path: /c, host_path: {path: /etc/x, type: DirectoryOrCreate}}\n"
        "        - {name: nested-untyped, mount_path: /d, host_path: {path: /opt}}\n"
        "        - {name: cm, mount_path: /e, config_map: {name: conf}}\n"
        "        - {name: cm-key, mount_path: /f, config_map: {name: conf2, key: conf2, path: app.conf, "
        "default_mode: 0644}}\n"
        "        - {name: sec, mount_path: /g, secret: {name: tls, key: tls.key, default_mode: 256}}\n"
        "        - {name: scratch, mount_path: /h, empty_dir: {}}\n"
        "        - {name: ram, mount_path: /i, empty_dir: {medium: Memory, size_limit: 64Mi}}\n"
        "        - {name: claim, mount_path: /j, pvc: {claim_name: cache, read_only: true}}\n");
    CHECK(pod["volumes"] == Object::parse(R"([
        {"name": "flat", "hostPath": {"path": "/var/log"}},
        {"name": "flat-typed", "hostPath": {"path": "/run/x.sock", "type": "Socket"}},
        {"name": "nested", "hostPath": {"path": "/etc/x", "type": "DirectoryOrCreate"}},
        {"name": "nested-untyped", "hostPath": {"path": "/opt"}},
        {"name": "cm", "configMap": {"name": "conf"}},
        {"name": "cm-key", "configMap": {"name": "conf2", "items": [{"key": "conf2", "path": "app.conf"}],
                                         "defaultMode": 420}},
        {"name": "sec", "secret": {"secretName": "tls", "items": [{"key": "tls.key", "path": "tls.key"}],
                                   "defaultMode": 256}},
        {"name": "scratch", "emptyDir": {}},
        {"name": "ram", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
        {"name": "claim", "persistentVolumeClaim": {"claimName": "cache", "readOnly": true}}])"));
}

TEST_CASE("mounts: readOnly only when true, subPath and mountPropagation when given", "[render][volume]") {
    Object pod = pod_spec_of(manifest_yaml(
        "",
        "      security_context: {privileged: true}\n      volume_mounts:\n"
        "        - {name: a, mount_path: /a, host_path: /a, read_only: true}\n"
        "        - {name: b, mount_path: /b, host_path: /b, read_only: false, mount_propagation: "
        "Bidirectional}\n"
        "        - {name: c, mount_path: /etc/c.conf, sub_path: c.conf, config_map: {name: c}}\n"));
    CHECK(pod["containers"][0]["volumeMounts"] == Object::parse(R"([
        {"name": "a", "readOnly": true, "mountPath": "/a"},
        {"name": "b", "mountPath": "/b", "mountPropagation": "Bidirectional"},
        {"name": "c", "mountPath": "/etc/c.conf", "subPath": "c.conf"}])"));
}

TEST_CASE("one volume per name, in first-mention order", "[render][volume]") {
    Object pod = pod_with_mounts(
        "        - {name: logs, mount_path: /var/log, host_path: /var/log, read_only: true}\n"
        "        - {name: conf, mount_path: /etc/app, config_map: {name: app}}\n"
        "        - {name: logs, mount_path: /logs, host_path: /var/log}\n");
    CHECK(pod["volumes"] == Object::parse(R"([{"name": "logs", "hostPath": {"path": "/var/log"}},
                                              {"name": "conf", "configMap": {"name": "app"}}])"));
    CHECK(pod["containers"][0]["volumeMounts"].size() == 3);
}

TEST_CASE("no mounts, no volumes", "[render][volume]") {
    Object pod = pod_spec_of(manifest_yaml());
    CHECK_FALSE(pod.contains("volumes"));
    CHECK_FALSE(pod["containers"][0].contains("volumeMounts"));
}
