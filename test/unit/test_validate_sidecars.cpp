// validate::check, sidecars and init containers: names unique across the pod, image
// references, ports, env lists, resources and mounts of the app container's volumes.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::validate_messages;

// The app container mounts volume "data" (line 10); `sidecars` lines start on line 12.
std::string with_sidecars(std::string_view sidecars) {
    return app_doc("      volume_mounts: [{name: data, mount_path: /data, empty_dir: {}}]\n    sidecars:\n" +
                   std::string(sidecars));
}

// One sidecar per line from line 12: `- {name: N, image: I<extra>}`.
std::string sidecar(std::string_view name, std::string_view image, std::string_view extra = "") {
    return "      - {name: " + std::string(name) + ", image: " + std::string(image) + std::string(extra) +
           "}\n";
}

TEST_CASE("container names and images", "[validate][sidecars]") {
    check_cases({
        {"a complete sidecar",
         with_sidecars(
             sidecar("trace-agent", "gcr.io/datadoghq/agent:7.52.0",
                     ", command: [trace-agent], ports: [{name: trace, container_port: 8126, protocol: TCP}], "
                     "env: [{name: A, value: x}], resources: {requests: {cpu: 10m}}, "
                     "volume_mounts: [{name: data, mount_path: /data, read_only: true}]")),
         {}},
        {"a name that is no DNS-1123 label",
         with_sidecars(sidecar("Trace_Agent", "busybox:1")),
         {"12:16 error [invalid-name] (spec.container.sidecars[0].name)"}},
        {"the app container's name",
         with_sidecars(sidecar("agent", "busybox:1")),
         {"12:16 error [duplicate-container-name] (spec.container.sidecars[0].name)"}},
        {"two sidecars of one name",
         with_sidecars(sidecar("helper", "busybox:1") + sidecar("helper", "busybox:1")),
         {"13:16 error [duplicate-container-name] (spec.container.sidecars[1].name)"}},
        {"an init container named like a sidecar",
         with_sidecars(sidecar("helper", "busybox:1")) +
             "  init_containers: [{name: helper, image: \"busybox:1\"}]\n",
         {"13:28 error [duplicate-container-name] (spec.init_containers[0].name)"}},
        {"valid references",
         with_sidecars(sidecar("a", "busybox") + sidecar("b", "registry.local:5000/tools/busybox:1.36") +
                       sidecar("c", "busybox@sha256:" + std::string(64, 'f'))),
         {}},
        {"invalid references",
         with_sidecars(sidecar("a", "Busybox:1") + sidecar("b", "\"busybox:\"") +
                       sidecar("c", "busybox@sha256:bad") + sidecar("d", "\"busybox:1.0 rc\"")),
         {"12:26 error [invalid-image] (spec.container.sidecars[0].image)",
          "13:26 error [invalid-image] (spec.container.sidecars[1].image)",
          "14:26 error [invalid-image] (spec.container.sidecars[2].image)",
          "15:26 error [invalid-image] (spec.container.sidecars[3].image)"}},
    });
    CHECK(validate_messages(with_sidecars(sidecar("agent", "busybox:1"))) ==
          test::Lines{
              R"([duplicate-container-name] container name "agent" is already used by the app container (it )"
              "is named after metadata.name)"});
    CHECK(
        validate_messages(with_sidecars(sidecar("helper", "busybox:1") + sidecar("helper", "busybox:1"))) ==
        test::Lines{
            R"([duplicate-container-name] container name "helper" is already used by the container on line 12)"});
    CHECK(validate_messages(with_sidecars(sidecar("a", "busybox@sha256:bad"))) ==
          test::Lines{
              R"([invalid-image] image "busybox@sha256:bad" must have a digest "sha256:<64 lowercase hex )"
              R"(digits>" after "@")"});
}

TEST_CASE("sidecar ports, env and resources", "[validate][sidecars]") {
    check_cases({
        {"port name and number",
         with_sidecars(sidecar("s", "busybox:1", ", ports: [{name: Trace, container_port: 0}]")),
         {"12:52 error [invalid-port-name] (spec.container.sidecars[0].ports[0].name)",
          "12:75 error [port-out-of-range] (spec.container.sidecars[0].ports[0].container_port)"}},
        {"env names",
         with_sidecars(sidecar("s", "busybox:1", ", env: [{name: A, value: x}, {name: A}, {name: 1X}]")),
         {"12:71 error [duplicate-env-name] (spec.container.sidecars[0].env[1].name)",
          "12:82 error [invalid-env-name] (spec.container.sidecars[0].env[2].name)"}},
        {"a request above its limit",
         with_sidecars(
             sidecar("s", "busybox:1", ", resources: {limits: {cpu: 100m}, requests: {cpu: 200m}}")),
         {"12:86 error [request-exceeds-limit] (spec.container.sidecars[0].resources.requests.cpu)"}},
        {"sidecars take no defaults",
         with_sidecars(sidecar("s", "busybox:1", ", resources: {requests: {cpu: 4, memory: 8Gi}}")),
         {}},
    });
}

TEST_CASE("sidecar and init container mounts borrow the app container's volumes", "[validate][sidecars]") {
    const auto mount = [](std::string_view fields) {
        return with_sidecars(sidecar("s", "busybox:1", ", volume_mounts: [{" + std::string(fields) + "}]"));
    };
    check_cases({
        {"a declared volume", mount("name: data, mount_path: /d"), {}},
        {"an undeclared volume",
         mount("name: cache, mount_path: /d"),
         {"12:60 error [unknown-volume] (spec.container.sidecars[0].volume_mounts[0].name)"}},
        {"a source of its own",
         mount("name: data, mount_path: /d, empty_dir: {}"),
         {"12:93 error [sidecar-volume-source] (spec.container.sidecars[0].volume_mounts[0].empty_dir)"}},
        {"Bidirectional",
         mount("name: data, mount_path: /d, mount_propagation: Bidirectional"),
         {"12:101 error [bidirectional-needs-privileged] "
          "(spec.container.sidecars[0].volume_mounts[0].mount_propagation)"}},
        {"a relative path, twice",
         mount("name: data, mount_path: d}, {name: data, mount_path: d"),
         {"12:78 error [path-not-absolute] (spec.container.sidecars[0].volume_mounts[0].mount_path)",
          "12:107 error [path-not-absolute] (spec.container.sidecars[0].volume_mounts[1].mount_path)",
          "12:107 error [duplicate-mount-path] (spec.container.sidecars[0].volume_mounts[1].mount_path)"}},
        {"init containers too",
         with_sidecars("") +
             "  init_containers: [{name: init, image: \"busybox:1\", volume_mounts: [{name: x, "
             "mount_path: /x}]}]\n",
         {"12:77 error [unknown-volume] (spec.init_containers[0].volume_mounts[0].name)"}},
    });
    CHECK(validate_messages(mount("name: cache, mount_path: /d")) ==
          test::Lines{R"([unknown-volume] volume "cache" is not declared by a mount of the app container)"});
    CHECK(
        validate_messages(mount("name: data, mount_path: /d, empty_dir: {}")) ==
        test::Lines{"[sidecar-volume-source] mounts of sidecars and init containers name a volume of the app "
                    "container; declare its empty_dir source on an app container mount"});
}

}  // namespace
}  // namespace planton::validate
