// Probes (objects.md: only when given): the one handler (exec, httpGet, tcpSocket,
// grpc, a port by number or by name), then the timings that are set and non-zero
// (Kubernetes reads 0 as "use the default", so writing it would only add noise).
#include "render/objects.hpp"

namespace planton::render::detail {
namespace {

bool set(const manifest::Str& s) {
    return s.present && !s.value.empty();
}

// A named port is an IntOrString string; a numbered one a number.
Object port(const manifest::Int& number, const manifest::Str& name) {
    if (set(name)) return name.value;
    return number.value;
}

void add_timing(Object& out, const char* key, const manifest::Int& value) {
    if (value.present && value.value != 0) out[key] = value.value;
}

}  // namespace

Object probe(const manifest::Probe& p) {
    Object out = Object::object();
    if (p.exec.present) {
        out["exec"] = Object::object({{"command", string_list(p.exec.command)}});
    } else if (p.http_get.present) {
        const manifest::HttpGetAction& h = p.http_get;
        Object get = Object::object();
        if (set(h.path)) get["path"] = h.path.value;
        get["port"] = port(h.port_number, h.port_name);
        if (set(h.host)) get["host"] = h.host.value;
        if (set(h.scheme)) get["scheme"] = h.scheme.value;
        if (!h.http_headers.items.empty()) {
            Object headers = Object::array();
            for (const auto& header : h.http_headers.items)
                headers.push_back(
                    Object::object({{"name", header.name.value}, {"value", header.value.value}}));
            get["httpHeaders"] = std::move(headers);
        }
        out["httpGet"] = std::move(get);
    } else if (p.tcp_socket.present) {
        Object tcp = Object::object({{"port", port(p.tcp_socket.port_number, p.tcp_socket.port_name)}});
        if (set(p.tcp_socket.host)) tcp["host"] = p.tcp_socket.host.value;
        out["tcpSocket"] = std::move(tcp);
    } else if (p.grpc.present) {
        Object grpc = Object::object({{"port", p.grpc.port.value}});
        if (set(p.grpc.service)) grpc["service"] = p.grpc.service.value;
        out["grpc"] = std::move(grpc);
    }
    add_timing(out, "initialDelaySeconds", p.initial_delay_seconds);
    add_timing(out, "timeoutSeconds", p.timeout_seconds);
    add_timing(out, "periodSeconds", p.period_seconds);
    add_timing(out, "successThreshold", p.success_threshold);
    add_timing(out, "failureThreshold", p.failure_threshold);
    return out;
}

}  // namespace planton::render::detail
