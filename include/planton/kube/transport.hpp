#pragma once
// The HTTP transport to the Kubernetes API server, as an interface: the libcurl
// implementation talks HTTPS to a cluster; unit tests use an in-memory fake.
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace planton::kube {

struct HttpRequest {
    std::string method;        // GET, PATCH, DELETE, POST
    std::string path;          // "/apis/apps/v1/namespaces/ns/daemonsets/x?fieldManager=…"
    std::string content_type;  // empty when there is no body
    std::string body;
};

struct HttpResponse {
    long status = 0;  // 0 when the request never got an answer (see transport_error)
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    // Non-empty when no HTTP answer was received: connection refused, TLS failure,
    // timeout. Says what failed and, for TLS, why (e.g. the CA problem).
    std::string transport_error;
    std::chrono::milliseconds elapsed{0};
};

class Transport {
public:
    virtual ~Transport() = default;
    // Sends one request, with the retries of cli.md (connection errors, 429 with
    // Retry-After, 500/502/503/504, capped exponential backoff with jitter, all within
    // the request timeout). Returns the final answer; never throws for HTTP errors.
    virtual HttpResponse send(const HttpRequest& request) = 0;
    // Base URL of the server, for messages ("https://127.0.0.1:6443").
    virtual std::string server() const = 0;
};

}  // namespace planton::kube
