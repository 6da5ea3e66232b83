// dns_config (manifest.md, an extension) and dns_policy None, with the limits of
// Kubernetes' validatePodDNSConfig (pkg/apis/core/validation): at most 3 nameservers
// (MaxDNSNameservers), each an IP address; at most 32 search domains
// (MaxDNSSearchPaths) of at most 2048 characters in all (MaxDNSSearchListChars), each
// a DNS-1123 subdomain with an optional trailing dot; every option named; and with
// dnsPolicy None, at least one nameserver.
#include <string>

#include <arpa/inet.h>

#include "rules.hpp"
#include "syntax.hpp"

namespace planton::validate::detail {
namespace {

constexpr std::size_t kMaxNameservers = 3;
constexpr std::size_t kMaxSearches = 32;
constexpr std::size_t kMaxSearchListChars = 2048;

bool is_ip_address(const std::string& text) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

void check_nameservers(const manifest::List<manifest::Str>& nameservers, Report& report) {
    if (nameservers.items.size() > kMaxNameservers) {
        report.error("invalid-dns-config",
                     "dns_config has " + std::to_string(nameservers.items.size()) +
                         " nameservers; Kubernetes allows at most 3",
                     nameservers);
    }
    for (const manifest::Str& server : nameservers.items) {
        if (server.present && !is_ip_address(server.value))
            report.error("invalid-dns-config",
                         "nameserver " + in_quotes(server.value) + " is not an IPv4 or IPv6 address", server);
    }
}

void check_searches(const manifest::List<manifest::Str>& searches, Report& report) {
    if (searches.items.size() > kMaxSearches) {
        report.error("invalid-dns-config",
                     "dns_config has " + std::to_string(searches.items.size()) +
                         " search domains; Kubernetes allows at most 32",
                     searches);
    }
    std::size_t chars = 0;
    for (const manifest::Str& search : searches.items) {
        if (!search.present) continue;
        chars += search.value.size() + (chars > 0 ? 1 : 0);  // joined by spaces
        std::string_view domain = search.value;
        if (domain.ends_with('.')) domain.remove_suffix(1);  // a trailing dot is fine
        const std::string problem = dns_subdomain_problem(domain);
        if (!problem.empty())
            report.error("invalid-dns-config", "search domain " + in_quotes(search.value) + " " + problem,
                         search);
    }
    if (chars > kMaxSearchListChars) {
        report.error("invalid-dns-config",
                     "the search domains take " + std::to_string(chars) +
                         " characters (joined by spaces); Kubernetes allows at most 2048",
                     searches);
    }
}

}  // namespace

void check_dns(const Context& ctx) {
    const manifest::Spec& spec = ctx.manifest.spec;
    if (!spec.present) return;
    const manifest::DnsConfig& dns = spec.dns_config;
    if (dns.present) {
        check_nameservers(dns.nameservers, ctx.report);
        check_searches(dns.searches, ctx.report);
    }
    if (!spec.dns_policy.present || spec.dns_policy.value != "None") return;
    if (!dns.present && !dns.type_error) {
        ctx.report.error("invalid-dns-config",
                         "dns_policy None gives the pod no DNS settings of its own: give dns_config with at "
                         "least one nameserver",
                         spec.dns_policy);
    } else if (dns.present && dns.nameservers.items.empty() && !dns.nameservers.type_error) {
        ctx.report.error(
            "invalid-dns-config",
            "dns_policy None needs at least one nameserver in dns_config (the pod gets no other)",
            dns.nameservers);
    }
}

}  // namespace planton::validate::detail
