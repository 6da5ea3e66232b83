#pragma once
// The libcurl Transport: HTTPS to the API server over one easy handle reused for every
// request of a run (one TCP+TLS connection kept alive, HTTP/2 when the server offers
// it), with the credentials of credentials.hpp, the retries of retry.hpp and the
// request log of cli.md (-v: one line per request, -vv: masked bodies).
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "planton/kube/clock.hpp"
#include "planton/kube/cluster_access.hpp"
#include "planton/kube/credentials.hpp"
#include "planton/kube/retry.hpp"
#include "planton/kube/transport.hpp"

namespace planton::kube {

struct TransportSettings {
    RetryPolicy retry;  // retry.timeout is --request-timeout
    std::chrono::milliseconds connect_timeout{10000};
    std::string user_agent = "planton-ds/" PLANTON_VERSION;
};

// Everything one request sets on the curl handle, as plain data so that tests check
// where each credential and TLS setting goes without a network.
struct CurlRequestSpec {
    std::string url;
    std::string method;
    std::vector<std::string> headers;  // "Accept: application/json", "Authorization: Bearer …", …
    std::string body;
    std::string username;  // basic authentication
    std::string password;
    bool verify_peer = true;      // off only with insecure-skip-tls-verify
    std::string ca_pem;           // CURLOPT_CAINFO_BLOB; empty: the system's CAs
    std::string client_cert_pem;  // CURLOPT_SSLCERT_BLOB
    std::string client_key_pem;   // CURLOPT_SSLKEY_BLOB
    // CURLOPT_CONNECT_TO entry for tls-server-name: the URL names the TLS server name
    // (so that SNI and the certificate check use it), the connection goes to the real
    // host, and a Host header keeps the real authority.
    std::string connect_to;
    std::string proxy;
    std::string user_agent;
};

// The spec of one request. Credentials are left out for a plain http:// server.
CurlRequestSpec build_curl_request(const ClusterAccess& access, const AuthMaterial& auth,
                                   const HttpRequest& request, const std::string& user_agent);

class CurlTransport : public Transport {
public:
    // Builds the Credentials of `access` (exec plugins are bounded by the request
    // timeout). `clock` drives retries and credential expiry.
    CurlTransport(ClusterAccess access, TransportSettings settings, Clock& clock = system_clock());
    // A transport with credentials it shares with others to the same cluster (see
    // Credentials): its own connection, the same exec credential.
    CurlTransport(ClusterAccess access, TransportSettings settings, std::shared_ptr<Credentials> credentials,
                  Clock& clock = system_clock());
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResponse send(const HttpRequest& request) override;
    // Each stream takes an easy handle of its own (kept for the next stream once it
    // ends), in a multi handle that StreamStop wakes.
    StreamResult stream(const HttpRequest& request, const LineCallback& on_line, StreamStop& stop,
                        std::chrono::milliseconds limit = std::chrono::milliseconds(0)) override;
    std::string server() const override;

    // New connections opened so far (1 for a whole run when keep-alive works).
    long connections_opened() const;
    const Credentials& credentials() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace planton::kube
