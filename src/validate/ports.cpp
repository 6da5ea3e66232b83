// Container ports: names (IANA service names), numbers, uniqueness, host ports.
#include <algorithm>

#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

constexpr std::string_view kPlantonPortNameMessage =
    "Name for ports must only contain lowercase alphanumeric characters and hyphens. Port names must also "
    "start and end with an alphanumeric character.";

bool planton_shape(std::string_view name) {
    const auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    return lower_alnum(name.front()) && lower_alnum(name.back()) &&
           std::all_of(name.begin(), name.end(), [&](char c) { return lower_alnum(c) || c == '-'; });
}

void check_port_name(const manifest::Str& name, Report& report) {
    if (!given(name)) return;
    if (!planton_shape(name.value)) {
        report.error("invalid-port-name", std::string(kPlantonPortNameMessage), name);
        return;
    }
    report_problem("invalid-port-name", "port name", name, port_name_problem(name.value), report);
}

void check_number(const manifest::Int& port, std::string_view what, bool zero_allowed, Report& report) {
    if (!port.present) return;
    if ((port.value == 0 && zero_allowed) || (port.value >= 1 && port.value <= 65535)) return;
    report.error("port-out-of-range",
                 std::string(what) + " " + std::to_string(port.value) + " is out of range; it must be " +
                     (zero_allowed ? "0 (none) or " : "") + "between 1 and 65535",
                 port);
}

std::string protocol_of(const manifest::Port& port) {
    return given(port.network_protocol) ? port.network_protocol.value : "TCP";
}

std::string on_line(int line) {
    return "already given on line " + std::to_string(line);
}

}  // namespace

void check_port_list(const manifest::List<manifest::Port>& ports, bool host_network, Report& report) {
    const auto& items = ports.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const manifest::Port& port = items[i];
        if (!port.present) continue;
        check_port_name(port.name, report);
        check_number(port.container_port, "container_port", /*zero_allowed=*/false, report);
        check_number(port.host_port, "host_port", /*zero_allowed=*/true, report);
        const bool has_host_port = port.host_port.present && port.host_port.value != 0;
        if (host_network && has_host_port && port.container_port.present &&
            port.host_port.value != port.container_port.value) {
            report.error("host-port-mismatch",
                         "with host_network: true, host_port must equal container_port (" +
                             std::to_string(port.container_port.value) + ") or be left out",
                         port.host_port);
        }
        // Each port is compared with the earlier ones; the first clash of each kind counts.
        bool name_clash = false, port_clash = false, host_clash = false;
        for (std::size_t j = 0; j < i; ++j) {
            const manifest::Port& earlier = items[j];
            if (!name_clash && given(port.name) && earlier.name.value == port.name.value) {
                name_clash = true;
                report.error("duplicate-port-name",
                             "port name " + in_quotes(port.name.value) + " is " + on_line(earlier.name.line),
                             port.name);
            }
            const std::string protocol = protocol_of(port);
            if (!port_clash && port.container_port.present && earlier.container_port.present &&
                earlier.container_port.value == port.container_port.value &&
                protocol_of(earlier) == protocol) {
                port_clash = true;
                report.error("duplicate-port",
                             "container_port " + std::to_string(port.container_port.value) + "/" + protocol +
                                 " is " + on_line(earlier.container_port.line),
                             port.container_port);
            }
            if (!host_clash && has_host_port && earlier.host_port.present &&
                earlier.host_port.value == port.host_port.value && protocol_of(earlier) == protocol) {
                host_clash = true;
                report.error("duplicate-port",
                             "host_port " + std::to_string(port.host_port.value) + "/" + protocol + " is " +
                                 on_line(earlier.host_port.line),
                             port.host_port);
            }
        }
    }
}

void check_ports(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    const bool host_network = spec.host_network.present && spec.host_network.value;
    check_port_list(spec.container.app.ports, host_network, ctx.report);
}

}  // namespace planton::validate::detail
