// The app container's liveness, readiness and startup probes.
#include <algorithm>
#include <array>

#include "rules.hpp"

namespace planton::validate::detail {
namespace {

using manifest::Probe;

void check_port_number(const manifest::Int& port, std::string_view what, Report& report) {
    if (port.present && (port.value < 1 || port.value > 65535)) {
        report.error("port-out-of-range",
                     std::string(what) + " " + std::to_string(port.value) +
                         " is out of range; it must be between 1 and 65535",
                     port);
    }
}

// A handler's port, by number or by the name of one of the app container's ports.
void check_handler_port(const manifest::Node& handler, std::string_view handler_name,
                        const manifest::Int& number, const manifest::Str& name,
                        const manifest::List<manifest::Port>& ports, Report& report) {
    // An empty port_name counts as left out, as in Planton (proto3 strings).
    if (number.present && given(name)) {
        report.error("conflicting-fields",
                     std::string(handler_name) + " takes either port_number or port_name, not both", name);
        return;
    }
    if (left_out(number) && !given(name) && !name.type_error) {
        report.error("missing-probe-port", std::string(handler_name) + " needs port_number or port_name",
                     handler);
        return;
    }
    check_port_number(number, "port_number", report);
    if (!given(name)) return;
    std::string declared;
    for (const manifest::Port& port : ports.items) {
        if (port.name.value == name.value) return;
        if (!given(port.name)) continue;
        declared += declared.empty() ? "" : ", ";
        declared += port.name.value;
    }
    report.error(
        "unknown-port-name",
        "port_name " + in_quotes(name.value) + " is not the name of a port of the app container" +
            (declared.empty() ? std::string(" (it declares none)") : " (its ports: " + declared + ")"),
        name);
}

void check_http_headers(const manifest::List<manifest::HttpHeader>& headers, Report& report) {
    for (const manifest::HttpHeader& header : headers.items) {
        if (!given(header.name)) continue;
        const std::string& name = header.name.value;
        const bool ok = std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        });
        if (!ok) {
            report.error("invalid-header-name",
                         "HTTP header name " + in_quotes(name) + " must consist of letters, digits and \"-\"",
                         header.name);
        }
    }
}

void check_probe(const Probe& probe, std::string_view kind, const manifest::List<manifest::Port>& ports,
                 Report& report) {
    if (!probe.present) return;
    check_not_negative(probe.initial_delay_seconds, "initial_delay_seconds", report);
    check_not_negative(probe.period_seconds, "period_seconds", report);
    check_not_negative(probe.timeout_seconds, "timeout_seconds", report);
    check_not_negative(probe.success_threshold, "success_threshold", report);
    check_not_negative(probe.failure_threshold, "failure_threshold", report);
    if (kind != "readiness" && probe.success_threshold.present && probe.success_threshold.value > 1) {
        report.error("invalid-success-threshold",
                     "success_threshold of a " + std::string(kind) + " probe must be 0 or 1 (it is " +
                         std::to_string(probe.success_threshold.value) + ")",
                     probe.success_threshold);
    }

    const std::array<Alternative, 4> handlers = {
        Alternative{"http_get", &probe.http_get}, Alternative{"grpc", &probe.grpc},
        Alternative{"tcp_socket", &probe.tcp_socket}, Alternative{"exec", &probe.exec}};
    const Given given_handlers =
        check_one_of(handlers, "multiple-probe-handlers", "a probe", "handler", report);
    if (given_handlers.count == 0 && !given_handlers.unreadable) {
        report.error("missing-probe-handler",
                     "a probe needs a handler: one of http_get, grpc, tcp_socket or exec", probe);
    }
    if (probe.http_get.present) {
        check_handler_port(probe.http_get, "http_get", probe.http_get.port_number, probe.http_get.port_name,
                           ports, report);
        check_http_headers(probe.http_get.http_headers, report);
    }
    if (probe.tcp_socket.present) {
        check_handler_port(probe.tcp_socket, "tcp_socket", probe.tcp_socket.port_number,
                           probe.tcp_socket.port_name, ports, report);
    }
    if (probe.grpc.present) check_port_number(probe.grpc.port, "port", report);
}

}  // namespace

void check_probes(const Context& ctx) {
    const manifest::AppContainer& app = ctx.manifest.spec.container.app;
    if (!app.present) return;
    check_probe(app.liveness_probe, "liveness", app.ports, ctx.report);
    check_probe(app.readiness_probe, "readiness", app.ports, ctx.report);
    check_probe(app.startup_probe, "startup", app.ports, ctx.report);
}

}  // namespace planton::validate::detail
