#pragma once
// The HTTP transport to the Kubernetes API server, as an interface: the libcurl
// implementation (curl_transport.hpp) talks HTTPS to a cluster; unit tests use an
// in-memory fake.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

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

// How a stream (stream() below) ended.
enum class StreamEnd {
    Closed,     // the server ended the response: a watch's timeoutSeconds, a restart, a proxy
    Stopped,    // the caller ended it: the line callback returned false, a StreamStop, the limit
    Failed,     // no answer (response.transport_error), or the connection broke mid-stream
    HttpError,  // a non-2xx answer; response.status and response.body (a Status) say why
};

struct StreamResult {
    StreamEnd end = StreamEnd::Closed;
    // The answer's status, headers and, for HttpError, its body; for Failed the
    // transport error and failure. The body of a 2xx answer is not kept (it went to the
    // callback line by line).
    HttpResponse response;
    long long lines = 0;  // lines delivered to the callback
};

// Ends a running stream from another thread at once. A transport registers how to wake
// its stream while it runs; request() sets the flag and wakes it. Thread-safe.
class StreamStop {
public:
    void request() {
        const std::lock_guard<std::mutex> lock(mutex_);
        requested_ = true;
        if (waker_) waker_();
    }
    bool requested() const {
        const std::lock_guard<std::mutex> lock(mutex_);
        return requested_;
    }
    // For transports: `wake` interrupts the stream's wait (nullptr when it ends). Called
    // at once when a stop was requested already.
    void set_waker(std::function<void()> wake) {
        const std::lock_guard<std::mutex> lock(mutex_);
        waker_ = std::move(wake);
        if (requested_ && waker_) waker_();
    }

private:
    mutable std::mutex mutex_;
    bool requested_ = false;
    std::function<void()> waker_;
};

// Told each newline-terminated line of a streamed body (without the newline) as it
// arrives; returns false to end the stream.
using LineCallback = std::function<bool(std::string_view line)>;

class Transport {
public:
    virtual ~Transport() = default;
    // Sends one request, with the retries of cli.md (connection errors, 429 with
    // Retry-After, 500/502/503/504, capped exponential backoff with jitter, all within
    // the request timeout). Returns the final answer; never throws for HTTP or network
    // errors.
    virtual HttpResponse send(const HttpRequest& request) = 0;
    // Sends a GET whose answer is a stream of lines (a watch) and delivers each line to
    // `on_line` as it arrives, until the server ends the response, `on_line` returns
    // false, `stop` is requested or `limit` passes (zero: no limit). Credentials and
    // the retries of send() apply until the answer begins; a connection that breaks
    // after that ends the stream as Failed (the caller resumes it). Unlike send(),
    // streams may run on several threads at once, each on a connection of its own,
    // beside send() on another thread. Never throws for HTTP or network errors.
    virtual StreamResult stream(const HttpRequest& request, const LineCallback& on_line, StreamStop& stop,
                                std::chrono::milliseconds limit = std::chrono::milliseconds(0)) = 0;
    // Base URL of the server, for messages ("https://127.0.0.1:6443").
    virtual std::string server() const = 0;
};

}  // namespace planton::kube
