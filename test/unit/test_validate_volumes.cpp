// validate::check, volume mounts: targets, the one source, file modes, and mounts that
// share a volume.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::validate_messages;

// Mounts from line 11, one per line, each `- {<fields>}` (fields start at column 12).
std::string mounts(std::initializer_list<std::string_view> lines) {
    std::string body = "      volume_mounts:\n";
    for (std::string_view line : lines) body += "        - {" + std::string(line) + "}\n";
    return app_doc(body);
}

TEST_CASE("mount targets", "[validate][volumes]") {
    check_cases({
        {"every source",
         mounts({"name: a, mount_path: /a, host_path: /var/log, read_only: true",
                 "name: b, mount_path: /b, host_path: {path: /run/x.sock, type: Socket}",
                 "name: c, mount_path: /c, config_map: {name: cfg, key: app.yaml, path: conf/app.yaml, "
                 "default_mode: 0644}",
                 "name: d, mount_path: /d, secret: {name: tls, default_mode: 420}",
                 "name: e, mount_path: /e, empty_dir: {medium: Memory, size_limit: 64Mi}",
                 "name: f, mount_path: /f, pvc: {claim_name: cache, read_only: true}",
                 "name: g, mount_path: /g, sub_path: logs/app, empty_dir: {}"}),
         {}},
        {"a name that is no DNS-1123 label",
         mounts({"name: Data.1, mount_path: /d, empty_dir: {}"}),
         {"11:18 error [invalid-name] (spec.container.app.volume_mounts[0].name)"}},
        {"a relative mount path",
         mounts({"name: d, mount_path: data, empty_dir: {}"}),
         {"11:33 error [path-not-absolute] (spec.container.app.volume_mounts[0].mount_path)"}},
        {"sub paths that leave the volume",
         mounts({"name: d, mount_path: /d, sub_path: ../etc, empty_dir: {}",
                 "name: e, mount_path: /e, sub_path: /abs, empty_dir: {}",
                 "name: f, mount_path: /f, sub_path: a/../../b, empty_dir: {}"}),
         {"11:47 error [invalid-relative-path] (spec.container.app.volume_mounts[0].sub_path)",
          "12:47 error [invalid-relative-path] (spec.container.app.volume_mounts[1].sub_path)",
          "13:47 error [invalid-relative-path] (spec.container.app.volume_mounts[2].sub_path)"}},
        {"one mount path twice",
         mounts({"name: a, mount_path: /d, empty_dir: {}", "name: b, mount_path: /d, empty_dir: {}"}),
         {"12:33 error [duplicate-mount-path] (spec.container.app.volume_mounts[1].mount_path)"}},
        {"Bidirectional without privileged",
         mounts({"name: d, mount_path: /d, mount_propagation: Bidirectional, host_path: /mnt"}),
         {"11:56 error [bidirectional-needs-privileged] "
          "(spec.container.app.volume_mounts[0].mount_propagation)"}},
        {"Bidirectional, privileged",
         app_doc("      security_context: {privileged: true}\n      volume_mounts:\n        - {name: d, "
                 "mount_path: /d, "
                 "mount_propagation: Bidirectional, host_path: /mnt}\n"),
         {}},
        {"HostToContainer needs no privilege",
         mounts({"name: d, mount_path: /d, mount_propagation: HostToContainer, host_path: /mnt"}),
         {}},
    });
    CHECK(validate_messages(mounts({"name: d, mount_path: data, empty_dir: {}"})) ==
          test::Lines{R"([path-not-absolute] mount_path "data" must be an absolute path)"});
}

TEST_CASE("each mount has exactly one source", "[validate][volumes]") {
    check_cases({
        {"no source",
         mounts({"name: d, mount_path: /d, read_only: true"}),
         {"11:11 error [missing-volume-source] (spec.container.app.volume_mounts[0])"}},
        {"two sources",
         mounts({"name: d, mount_path: /d, host_path: /d, empty_dir: {}"}),
         {"11:63 error [multiple-volume-sources] (spec.container.app.volume_mounts[0].empty_dir)"}},
        {"host_path_type without host_path",
         mounts({"name: d, mount_path: /d, host_path_type: Directory"}),
         {"11:53 error [conflicting-fields] (spec.container.app.volume_mounts[0].host_path_type)"}},
        {"a source of the wrong type is the parser's problem",
         mounts({"name: d, mount_path: /d, config_map: cfg"}),
         {}},
        {"a relative host path",
         mounts({"name: d, mount_path: /d, host_path: var/log"}),
         {"11:48 error [path-not-absolute] (spec.container.app.volume_mounts[0].host_path)"}},
        {"a relative nested host path",
         mounts({"name: d, mount_path: /d, host_path: {path: var/log}"}),
         {"11:55 error [path-not-absolute] (spec.container.app.volume_mounts[0].host_path.path)"}},
    });
    CHECK(validate_messages(mounts({"name: d, mount_path: /d, host_path: /d, empty_dir: {}"})) ==
          test::Lines{
              "[multiple-volume-sources] a mount takes exactly one source, but host_path and empty_dir are "
              "both given"});
    CHECK(
        validate_messages(mounts({"name: d, mount_path: /d"})) ==
        test::Lines{
            "[missing-volume-source] a mount needs a source: one of host_path, config_map, secret, empty_dir "
            "or pvc"});
}

TEST_CASE("ConfigMap and Secret sources: names, keys, paths, file modes", "[validate][volumes]") {
    const auto mode = [](std::string_view m) {
        return mounts({"name: d, mount_path: /d, secret: {name: s, default_mode: " + std::string(m) + "}"});
    };
    check_cases({
        {"0777", mode("0777"), {}},
        {"01000",
         mode("01000"),
         {"11:69 error [invalid-file-mode] (spec.container.app.volume_mounts[0].secret.default_mode)"}},
        {"511", mode("511"), {}},
        {"512",
         mode("512"),
         {"11:69 error [invalid-file-mode] (spec.container.app.volume_mounts[0].secret.default_mode)"}},
        {"0", mode("0"), {}},
        {"-1",
         mode("-1"),
         {"11:69 error [invalid-file-mode] (spec.container.app.volume_mounts[0].secret.default_mode)"}},
        {"an invalid name, key and path",
         mounts({"name: d, mount_path: /d, config_map: {name: Cfg, key: \"a b\", path: ../x}"}),
         {"11:56 error [invalid-name] (spec.container.app.volume_mounts[0].config_map.name)",
          "11:66 error [invalid-key] (spec.container.app.volume_mounts[0].config_map.key)",
          "11:79 error [invalid-relative-path] (spec.container.app.volume_mounts[0].config_map.path)"}},
        {"a path without key",
         mounts({"name: d, mount_path: /d, config_map: {name: cfg, path: app.yaml}"}),
         {"11:49 error [missing-field] (spec.container.app.volume_mounts[0].config_map.key)"}},
        {"an empty dir size that is no quantity",
         mounts({"name: d, mount_path: /d, empty_dir: {size_limit: lots}"}),
         {"11:61 error [invalid-quantity] (spec.container.app.volume_mounts[0].empty_dir.size_limit)"}},
        {"a claim name that is no DNS-1123 subdomain",
         mounts({"name: d, mount_path: /d, pvc: {claim_name: Cache}"}),
         {"11:55 error [invalid-name] (spec.container.app.volume_mounts[0].pvc.claim_name)"}},
    });
    CHECK(validate_messages(mode("01000")) ==
          test::Lines{"[invalid-file-mode] default_mode 512 (octal 01000) is out of range; it must be "
                      "between 0 and 0777 "
                      "(decimal 511)"});
}

TEST_CASE("mounts that share a name mount one volume", "[validate][volumes]") {
    check_cases({
        {"the same volume twice",
         mounts({"name: cfg, mount_path: /etc/a.yaml, sub_path: a.yaml, config_map: {name: c}",
                 "name: cfg, mount_path: /etc/b.yaml, sub_path: b.yaml, config_map: {name: c}"}),
         {}},
        {"the same host path, flat and nested",
         mounts({"name: logs, mount_path: /a, host_path: /var/log, host_path_type: Directory",
                 "name: logs, mount_path: /b, host_path: {path: /var/log, type: Directory}"}),
         {}},
        {"two sources under one name",
         mounts({"name: data, mount_path: /a, host_path: /var/a",
                 "name: data, mount_path: /b, host_path: /var/b"}),
         {"12:18 error [conflicting-volume] (spec.container.app.volume_mounts[1].name)"}},
    });
    CHECK(validate_messages(mounts({"name: data, mount_path: /a, empty_dir: {}",
                                    "name: data, mount_path: /b, pvc: {claim_name: c}"})) ==
          test::Lines{
              R"([conflicting-volume] volume "data" is declared on line 11 with another source; mounts that )"
              "share a name must mount the same volume"});
}

}  // namespace
}  // namespace planton::validate
