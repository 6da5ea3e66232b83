#pragma once
// The HTTP transport to the Kubernetes API server, as an interface: the libcurl
// implementation (curl_transport.hpp) talks HTTPS to a cluster; unit tests use an
// in-memory fake.
#include <chrono>
#include <map>
#include <string>

namespace planton::kube {

struct HttpRequest {
    std::string method;        // GET, PATCH, DELETE, POST
    std::string path;          // "/apis/apps/v1/namespaces/ns/daemonsets/x?fieldManager=…"
    std::string content_type;  // empty when there is no body
    std::string body;
};

// Why no HTTP answer was received. Connect and Timeout are worth another attempt;
// Tls and Credentials are not (the same certificate or plugin fails again).
enum class TransportFailure {
    None,
    Connect,      // refused, reset, DNS, proxy: the server was not reached or hung up
    Timeout,      // no answer within the request timeout
    Tls,          // handshake or certificate verification failed
    Credentials,  // the credentials could not be obtained (exec plugin, token file)
    Other,
};

// What a request presented to prove who is asking, so that a 401 can say what to check.
enum class Presented {
    Unknown,  // not recorded (the request did not go through send_authenticated)
    Nothing,
    Token,
    Password,  // basic auth: username and password
    Certificate,
};

struct HttpResponse {
    long status = 0;  // 0 when the request never got an answer (see transport_error)
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    // Non-empty when no HTTP answer was received. A whole sentence that names the
    // server and what failed, e.g. "cannot connect to https://10.0.0.1:6443: connection
    // refused" or, for TLS, the certificate problem and where the CA came from.
    std::string transport_error;
    std::chrono::milliseconds elapsed{0};  // wall time of the request, retries included
    TransportFailure failure = TransportFailure::None;
    int attempts = 1;  // how many times the request was sent
    // Set when the transport stopped retrying a retryable answer, e.g. "gave up after 5
    // attempts within the request timeout of 30s"; describe_failure appends it.
    std::string retry_note;
    Presented presented = Presented::Unknown;  // set by send_authenticated
};

class Transport {
public:
    virtual ~Transport() = default;
    // Sends one request, with the retries of cli.md (connection errors, 429 with
    // Retry-After, 500/502/503/504, capped exponential backoff with jitter, all within
    // the request timeout). Returns the final answer; never throws for HTTP or network
    // errors.
    virtual HttpResponse send(const HttpRequest& request) = 0;
    // Base URL of the server, for messages ("https://127.0.0.1:6443").
    virtual std::string server() const = 0;
};

}  // namespace planton::kube
