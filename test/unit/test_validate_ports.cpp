// validate::check, container ports: names, numbers, uniqueness, host ports.
#include <catch2/catch.hpp>

#include "validate_support.hpp"

namespace planton::validate {
namespace {

using test::app_doc;
using test::check_cases;
using test::validate_messages;

// Each port on its own line, from line 11, written as `- {name: N, container_port: P,
// network_protocol: TCP<extra>}`: the name's value is at column 17.
std::string port(std::string_view name, std::string_view number, std::string_view extra = "") {
    return "        - {name: " + std::string(name) + ", container_port: " + std::string(number) +
           ", network_protocol: TCP" + std::string(extra) + "}\n";
}
std::string ports(const std::string& lines) {
    return app_doc("      ports:\n" + lines);
}

TEST_CASE("port names: IANA service names, as Planton checks them", "[validate][ports]") {
    check_cases({
        {"valid names",
         ports(port("http", "80") + port("a", "81") + port("dns-tcp", "53") + port("abcdefghijklmno", "82")),
         {}},
        {"16 characters",
         ports(port("abcdefghijklmnop", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
        {"upper case",
         ports(port("Http", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
        {"leading hyphen",
         ports(port("\"-http\"", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
        {"trailing hyphen",
         ports(port("http-", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
        {"underscore",
         ports(port("http_alt", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
        {"two hyphens",
         ports(port("http--alt", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
        {"digits only",
         ports(port("\"8080\"", "80")),
         {"11:18 error [invalid-port-name] (spec.container.app.ports[0].name)"}},
    });
    CHECK(validate_messages(ports(port("Http", "80"))) ==
          test::Lines{
              "[invalid-port-name] Name for ports must only contain lowercase alphanumeric characters and "
              "hyphens. Port names must also start and end with an alphanumeric character."});
    CHECK(validate_messages(ports(port("abcdefghijklmnop", "80"))) ==
          test::Lines{
              R"([invalid-port-name] port name "abcdefghijklmnop" must be at most 15 characters long (it )"
              "has 16)"});
    CHECK(validate_messages(ports(port("http--alt", "80"))) ==
          test::Lines{R"([invalid-port-name] port name "http--alt" must not contain "--")"});
    CHECK(validate_messages(ports(port("\"8080\"", "80"))) ==
          test::Lines{R"([invalid-port-name] port name "8080" must contain at least one letter)"});
}

TEST_CASE("port numbers", "[validate][ports]") {
    check_cases({
        {"1 and 65535", ports(port("a", "1") + port("b", "65535")), {}},
        {"0",
         ports(port("a", "0")),
         {"11:37 error [port-out-of-range] (spec.container.app.ports[0].container_port)"}},
        {"65536",
         ports(port("a", "65536")),
         {"11:37 error [port-out-of-range] (spec.container.app.ports[0].container_port)"}},
        {"negative",
         ports(port("a", "-80")),
         {"11:37 error [port-out-of-range] (spec.container.app.ports[0].container_port)"}},
        {"host ports 0 and 65535",
         ports(port("a", "80", ", host_port: 0") + port("b", "81", ", host_port: 65535")),
         {}},
        {"host port 65536",
         ports(port("a", "80", ", host_port: 65536")),
         {"11:75 error [port-out-of-range] (spec.container.app.ports[0].host_port)"}},
        {"host port -1",
         ports(port("a", "80", ", host_port: -1")),
         {"11:75 error [port-out-of-range] (spec.container.app.ports[0].host_port)"}},
    });
    CHECK(validate_messages(ports(port("a", "65536"))) ==
          test::Lines{
              "[port-out-of-range] container_port 65536 is out of range; it must be between 1 and 65535"});
    CHECK(validate_messages(ports(port("a", "80", ", host_port: 65536"))) ==
          test::Lines{"[port-out-of-range] host_port 65536 is out of range; it must be 0 (none) or between 1 "
                      "and 65535"});
}

TEST_CASE("ports are unique by name and by number and protocol", "[validate][ports]") {
    check_cases({
        {"same number, other protocol",
         ports(port("dns", "53") + "        - {name: dns-udp, container_port: 53, network_protocol: UDP}\n"),
         {}},
        {"a name twice, three times",
         ports(port("http", "80") + port("http", "81") + port("http", "82")),
         {"12:18 error [duplicate-port-name] (spec.container.app.ports[1].name)",
          "13:18 error [duplicate-port-name] (spec.container.app.ports[2].name)"}},
        {"a number and protocol twice",
         ports(port("a", "80") + port("b", "80")),
         {"12:37 error [duplicate-port] (spec.container.app.ports[1].container_port)"}},
        {"a host port twice",
         ports(port("a", "80", ", host_port: 9000") + port("b", "81", ", host_port: 9000")),
         {"12:75 error [duplicate-port] (spec.container.app.ports[1].host_port)"}},
    });
    CHECK(validate_messages(ports(port("http", "80") + port("http", "81"))) ==
          test::Lines{R"([duplicate-port-name] port name "http" is already given on line 11)"});
    CHECK(validate_messages(ports(port("a", "80") + port("b", "80"))) ==
          test::Lines{"[duplicate-port] container_port 80/TCP is already given on line 11"});
}

TEST_CASE("with host_network, a host port equals its container port", "[validate][ports]") {
    const auto host_network = [](const std::string& lines) {
        std::string doc = ports(lines);
        doc.insert(doc.find("  namespace:"), "  host_network: true\n");
        return doc;
    };
    check_cases({
        {"equal", host_network(port("a", "9100", ", host_port: 9100")), {}},
        {"left out", host_network(port("a", "9100")), {}},
        {"different",
         host_network(port("a", "9100", ", host_port: 9200")),
         {"12:77 error [host-port-mismatch] (spec.container.app.ports[0].host_port)"}},
        {"different without host_network", ports(port("a", "9100", ", host_port: 9200")), {}},
    });
    CHECK(
        validate_messages(host_network(port("a", "9100", ", host_port: 9200"))) ==
        test::Lines{
            "[host-port-mismatch] with host_network: true, host_port must equal container_port (9100) or be "
            "left out"});
}

}  // namespace
}  // namespace planton::validate
