// validate::check, probes: exactly one handler, thresholds, ports by number or name.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::validate_messages;

// One port named "http" on line 10; `probe` (a `kind_probe: {...}` line) on line 11.
std::string probe(std::string_view line) {
    return app_doc("      ports: [{name: http, container_port: 8080, network_protocol: TCP}]\n      " +
                   std::string(line) + "\n");
}

TEST_CASE("a probe has exactly one handler", "[validate][probes]") {
    check_cases({
        {"http_get by number", probe("readiness_probe: {http_get: {path: /ready, port_number: 8080}}"), {}},
        {"http_get by name, with headers",
         probe("readiness_probe: {http_get: {port_name: http, http_headers: [{name: X-Probe, value: k}]}}"),
         {}},
        {"tcp_socket", probe("liveness_probe: {tcp_socket: {port_name: http}}"), {}},
        {"grpc", probe("startup_probe: {grpc: {port: 9090, service: health}}"), {}},
        {"exec", probe("liveness_probe: {exec: {command: [cat, /tmp/healthy]}}"), {}},
        {"no handler",
         probe("readiness_probe: {period_seconds: 5}"),
         {"11:24 error [missing-probe-handler] (spec.container.app.readiness_probe)"}},
        {"two handlers",
         probe("readiness_probe: {exec: {command: [true]}, tcp_socket: {port_number: 8080}}"),
         {"11:62 error [multiple-probe-handlers] (spec.container.app.readiness_probe.tcp_socket)"}},
        {"a handler of the wrong type is the parser's problem", probe("readiness_probe: {exec: [true]}"), {}},
    });
    CHECK(validate_messages(probe("liveness_probe: {}")) ==
          test::Lines{
              "[missing-probe-handler] a probe needs a handler: one of http_get, grpc, tcp_socket or exec"});
    CHECK(
        validate_messages(probe("readiness_probe: {exec: {command: [true]}, grpc: {port: 1}}")) ==
        test::Lines{
            "[multiple-probe-handlers] a probe takes exactly one handler, but exec and grpc are both given"});
}

TEST_CASE("probe numbers and success thresholds", "[validate][probes]") {
    const std::string exec = "exec: {command: [true]}";
    check_cases({
        {"zeros",
         probe("readiness_probe: {" + exec +
               ", initial_delay_seconds: 0, period_seconds: 0, timeout_seconds: 0, failure_threshold: 0}"),
         {}},
        {"negative numbers",
         probe("readiness_probe: {" + exec + ", period_seconds: -1, timeout_seconds: -2}"),
         {"11:66 error [negative-value] (spec.container.app.readiness_probe.period_seconds)",
          "11:87 error [negative-value] (spec.container.app.readiness_probe.timeout_seconds)"}},
        {"liveness success threshold 1", probe("liveness_probe: {" + exec + ", success_threshold: 1}"), {}},
        {"liveness success threshold 2",
         probe("liveness_probe: {" + exec + ", success_threshold: 2}"),
         {"11:68 error [invalid-success-threshold] (spec.container.app.liveness_probe.success_threshold)"}},
        {"startup success threshold 3",
         probe("startup_probe: {" + exec + ", success_threshold: 3}"),
         {"11:67 error [invalid-success-threshold] (spec.container.app.startup_probe.success_threshold)"}},
        {"readiness success threshold 3", probe("readiness_probe: {" + exec + ", success_threshold: 3}"), {}},
    });
    CHECK(validate_messages(probe("liveness_probe: {" + exec + ", success_threshold: 2}")) ==
          test::Lines{
              "[invalid-success-threshold] success_threshold of a liveness probe must be 0 or 1 (it is 2)"});
}

TEST_CASE("probe ports", "[validate][probes]") {
    check_cases({
        {"65535", probe("readiness_probe: {http_get: {port_number: 65535}}"), {}},
        {"0",
         probe("readiness_probe: {http_get: {port_number: 0}}"),
         {"11:49 error [port-out-of-range] (spec.container.app.readiness_probe.http_get.port_number)"}},
        {"65536",
         probe("readiness_probe: {tcp_socket: {port_number: 65536}}"),
         {"11:51 error [port-out-of-range] (spec.container.app.readiness_probe.tcp_socket.port_number)"}},
        {"grpc 65536",
         probe("readiness_probe: {grpc: {port: 65536}}"),
         {"11:38 error [port-out-of-range] (spec.container.app.readiness_probe.grpc.port)"}},
        {"no port",
         probe("readiness_probe: {http_get: {path: /}}"),
         {"11:35 error [missing-probe-port] (spec.container.app.readiness_probe.http_get)"}},
        {"number and name",
         probe("readiness_probe: {tcp_socket: {port_number: 8080, port_name: http}}"),
         {"11:68 error [conflicting-fields] (spec.container.app.readiness_probe.tcp_socket.port_name)"}},
        {"a name no port has",
         probe("readiness_probe: {http_get: {port_name: metrics}}"),
         {"11:47 error [unknown-port-name] (spec.container.app.readiness_probe.http_get.port_name)"}},
        {"a header name with a space",
         probe("readiness_probe: {http_get: {port_name: http, http_headers: [{name: X "
               "Probe}]}}"),
         {"11:75 error [invalid-header-name] "
          "(spec.container.app.readiness_probe.http_get.http_headers[0].name)"}},
    });
    CHECK(validate_messages(probe("readiness_probe: {http_get: {port_name: metrics}}")) ==
          test::Lines{
              R"([unknown-port-name] port_name "metrics" is not the name of a port of the app container )"
              "(its ports: http)"});
    CHECK(validate_messages(app_doc("      liveness_probe: {tcp_socket: {port_name: http}}\n")) ==
          test::Lines{
              R"([unknown-port-name] port_name "http" is not the name of a port of the app container (it )"
              "declares none)"});
    CHECK(validate_messages(probe("readiness_probe: {http_get: {path: /}}")) ==
          test::Lines{"[missing-probe-port] http_get needs port_number or port_name"});
}

}  // namespace
}  // namespace planton::validate
