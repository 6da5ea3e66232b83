#include "planton/kube/curl_transport.hpp"

namespace planton::kube {
namespace {

// "https://host:port/prefix" split into its parts; the port is made explicit.
struct ServerUrl {
    std::string scheme;     // "https"
    std::string authority;  // as written: "host:port", "[::1]:6443", "example.com"
    std::string host;       // "example.com", "[::1]"
    std::string port;       // "443" when not written
    std::string prefix;     // "" or "/k8s/clusters/c-1"
};

ServerUrl split_server_url(const std::string& server) {
    ServerUrl url;
    const size_t scheme_end = server.find("://");
    url.scheme = server.substr(0, scheme_end);
    const size_t start = scheme_end + 3;
    const size_t slash = server.find('/', start);
    url.authority = server.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash != std::string::npos) url.prefix = server.substr(slash);
    const size_t bracket = url.authority.rfind(']');
    const size_t colon = url.authority.rfind(':');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) {
        url.host = url.authority.substr(0, colon);
        url.port = url.authority.substr(colon + 1);
    } else {
        url.host = url.authority;
        url.port = url.scheme == "http" ? "80" : "443";
    }
    return url;
}

}  // namespace

CurlRequestSpec build_curl_request(const ClusterAccess& access, const AuthMaterial& auth,
                                   const HttpRequest& request, const std::string& user_agent) {
    CurlRequestSpec spec;
    const ServerUrl url = split_server_url(access.server);
    const bool https = url.scheme == "https";
    spec.method = request.method;
    spec.body = request.body;
    spec.user_agent = user_agent;
    spec.proxy = access.proxy_url;
    spec.headers.push_back("Accept: application/json");
    if (!request.content_type.empty()) spec.headers.push_back("Content-Type: " + request.content_type);
    // Without this libcurl waits for "100 Continue" before large bodies, a round trip
    // the API server does not need.
    if (!request.body.empty()) spec.headers.push_back("Expect:");

    std::string host = url.host;
    if (https && !access.tls.server_name.empty() && access.tls.server_name != url.host) {
        host = access.tls.server_name;
        spec.connect_to = host + ":" + url.port + ":" + url.host + ":" + url.port;
        spec.headers.push_back("Host: " + url.authority);
    }
    spec.url = url.scheme + "://" + host + ":" + url.port + url.prefix + request.path;

    if (https) {
        spec.verify_peer = !access.tls.insecure_skip_verify;
        spec.ca_pem = access.tls.ca_pem;
        spec.client_cert_pem = auth.client_cert_pem;
        spec.client_key_pem = auth.client_key_pem;
        if (!auth.bearer_token.empty()) {
            spec.headers.push_back("Authorization: Bearer " + auth.bearer_token);
        } else if (!auth.username.empty() || !auth.password.empty()) {
            spec.username = auth.username;
            spec.password = auth.password;
        }
    }
    return spec;
}

}  // namespace planton::kube
