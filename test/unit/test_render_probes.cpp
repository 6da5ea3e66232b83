// Probes (objects.md: only when given): all four handlers, ports by number or name,
// the timings that are set.
#include <catch2/catch.hpp>

#include "render_support.hpp"

using namespace planton::test;  // NOLINT: test helpers

namespace {

const char* const kPorts = "      ports: [{name: http, container_port: 8080, network_protocol: TCP}]\n";

Object probe_of(const std::string& probe_yaml, const char* which = "readinessProbe") {
    return app_container_of(manifest_yaml("", std::string(kPorts) + probe_yaml))[which];
}

}  // namespace

TEST_CASE("no probe unless given", "[render][probe]") {
    Object c = app_container_of(manifest_yaml());
    CHECK_FALSE(c.contains("livenessProbe"));
    CHECK_FALSE(c.contains("readinessProbe"));
    CHECK_FALSE(c.contains("startupProbe"));
}

TEST_CASE("httpGet by port name and by port number, with host, scheme and headers", "[render][probe]") {
    CHECK(probe_of("      readiness_probe: {http_get: {path: /ready, port_name: http}}\n") ==
          Object::parse(R"({"httpGet": {"path": "/ready", "port": "http"}})"));
    CHECK(probe_of("      readiness_probe:\n        http_get:\n          path: /healthz\n          "
                   "port_number: 8080\n"
                   "          host: 127.0.0.1\n          scheme: HTTPS\n"
                   "          http_headers: [{name: X-Probe, value: \"1\"}]\n") ==
          Object::parse(
              R"({"httpGet": {"path": "/healthz", "port": 8080, "host": "127.0.0.1", "scheme": "HTTPS",
                            "httpHeaders": [{"name": "X-Probe", "value": "1"}]}})"));
}

TEST_CASE("tcpSocket by name and by number; grpc; exec", "[render][probe]") {
    CHECK(probe_of("      liveness_probe: {tcp_socket: {port_name: http}}\n", "livenessProbe") ==
          Object::parse(R"({"tcpSocket": {"port": "http"}})"));
    CHECK(probe_of("      liveness_probe: {tcp_socket: {port_number: 8080, host: localhost}}\n",
                   "livenessProbe") ==
          Object::parse(R"({"tcpSocket": {"port": 8080, "host": "localhost"}})"));
    CHECK(probe_of("      startup_probe: {grpc: {port: 9090, service: health}}\n", "startupProbe") ==
          Object::parse(R"({"grpc": {"port": 9090, "service": "health"}})"));
    CHECK(probe_of("      readiness_probe: {grpc: {port: 9090}}\n") ==
          Object::parse(R"({"grpc": {"port": 9090}})"));
    CHECK(probe_of("      readiness_probe: {exec: {command: [cat, /tmp/ready]}}\n") ==
          Object::parse(R"({"exec": {"command": ["cat", "/tmp/ready"]}})"));
}

TEST_CASE("timings in the order of the Probe type; zero means the default and is left out",
          "[render][probe]") {
    Object p = probe_of(
        "      readiness_probe:\n        failure_threshold: 3\n        success_threshold: 2\n"
        "        period_seconds: 5\n        timeout_seconds: 0\n        initial_delay_seconds: 10\n"
        "        exec: {command: [\"true\"]}\n");
    CHECK(keys(p) == std::vector<std::string>{"exec", "initialDelaySeconds", "periodSeconds",
                                              "successThreshold", "failureThreshold"});
    CHECK(p["initialDelaySeconds"] == 10);
    CHECK(p["periodSeconds"] == 5);
    CHECK(p["successThreshold"] == 2);
    CHECK(p["failureThreshold"] == 3);
}
