#include "planton/kube/curl_transport.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include <curl/curl.h>
#include <openssl/x509.h>

#include "planton/error.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/watch.hpp"

#include "curl_library.hpp"
#include "request_log.hpp"

namespace planton::kube {
namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();  // a new response (after 100 Continue, or a proxy's CONNECT)
        return size * count;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) return size * count;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    const size_t first = value.find_first_not_of(" \t");
    const size_t last = value.find_last_not_of(" \t\r\n");
    std::string text = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    // A header sent several times (Warning is, once per warning) keeps every value, one
    // per line: a header value cannot hold a line break.
    std::string& kept = headers[name];
    if (name == "warning" && !kept.empty()) {
        kept += "\n" + text;
    } else {
        kept = std::move(text);
    }
    return size * count;
}

// What a stream's callbacks share during one attempt.
struct StreamContext {
    StreamContext(const LineCallback& callback, StreamStop& stopper, std::chrono::milliseconds most)
        : on_line(callback), stop(stopper), limit(most) {}

    const LineCallback& on_line;
    StreamStop& stop;
    std::chrono::milliseconds limit;
    CURL* curl = nullptr;
    LineSplitter splitter;
    long status = 0;         // known once the body begins
    std::string error_body;  // the body of a non-2xx answer (a Status)
    long long lines = 0;
    bool stopped = false;  // the callback said stop, or a line grew too long
};

constexpr std::size_t kMaxErrorBody = std::size_t{1} << 20;

size_t on_stream_body(char* data, size_t size, size_t count, void* user) {
    auto& ctx = *static_cast<StreamContext*>(user);
    const size_t bytes = size * count;
    if (ctx.status == 0) curl_library().easy_getinfo(ctx.curl, CURLINFO_RESPONSE_CODE, &ctx.status);
    if (ctx.status < 200 || ctx.status >= 300) {
        if (ctx.error_body.size() < kMaxErrorBody) ctx.error_body.append(data, bytes);
        return bytes;
    }
    const bool go_on = ctx.splitter.feed(std::string_view(data, bytes), [&ctx](std::string_view line) {
        ++ctx.lines;
        return ctx.on_line(line);
    });
    if (go_on && !ctx.stop.requested()) return bytes;
    ctx.stopped = true;
    return 0;  // anything but `bytes` ends the transfer (CURLE_WRITE_ERROR)
}

// The share handle's lock callbacks: a mutex per kind of data it locks.
using ShareLocks = std::array<std::mutex, CURL_LOCK_DATA_LAST>;

void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* locks) {
    (*static_cast<ShareLocks*>(locks))[static_cast<size_t>(data)].lock();
}

void unlock_share(CURL*, curl_lock_data data, void* locks) {
    (*static_cast<ShareLocks*>(locks))[static_cast<size_t>(data)].unlock();
}

bool contains(const std::string& text, const char* needle) {
    return text.find(needle) != std::string::npos;
}

// Why the server's certificate was not accepted, in the words of a cluster user.
std::string verification_problem(long verify_result, const std::string& detail, const ClusterAccess& access) {
    const std::string ca = access.tls.ca_origin;
    const bool own_ca = !access.tls.ca_pem.empty();
    // libcurl checks the host name itself and then reports no X509 code.
    const bool wrong_name = contains(detail, "subject name") || contains(detail, "host name");
    switch (wrong_name ? X509_V_ERR_HOSTNAME_MISMATCH : verify_result) {
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            if (own_ca)
                return "the server's certificate is not signed by the cluster's certificate authority (" +
                       ca + ")";
            return "the server's certificate is not signed by any of the system's certificate authorities; "
                   "set "
                   "certificate-authority-data of cluster \"" +
                   access.cluster + "\"";
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return "the server's certificate has expired";
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return "the server's certificate is not valid yet (is the clock right?)";
        case X509_V_ERR_HOSTNAME_MISMATCH:
            break;
        case X509_V_OK:
            if (!contains(detail, "subject name") && !contains(detail, "host name")) return detail;
            break;
        default:
            if (auto* describe = curl_library().x509_verify_cert_error_string) return describe(verify_result);
            return "certificate verification error " + std::to_string(verify_result);
    }
    const std::string name = access.tls.server_name.empty()
                                 ? access.server.substr(access.server.find("://") + 3)
                                 : access.tls.server_name;
    return "the server's certificate is not valid for " + name.substr(0, name.find('/')) +
           "; if it names another host, set tls-server-name of cluster \"" + access.cluster + "\"";
}

}  // namespace

struct CurlTransport::Impl {
    ClusterAccess access;
    TransportSettings settings;
    Clock& clock;
    std::shared_ptr<Credentials> credentials;
    CURL* handle = nullptr;
    std::atomic<long> connections{0};
    char error_buffer[CURL_ERROR_SIZE] = {};
    // The easy handles of streams that ended, kept with their connection for the next
    // stream (a resumed watch); streams run on several threads, hence the lock.
    std::mutex idle_mutex;
    std::vector<CURL*> idle_streams;
    // The TLS session cache of all these handles, so that a stream's connection resumes
    // the session of the request connection (an abbreviated handshake: no certificate
    // sent, decoded and verified again); streams run on other threads, hence the locks.
    CURLSH* share = nullptr;
    ShareLocks share_locks;

    Impl(ClusterAccess a, TransportSettings s, std::shared_ptr<Credentials> shared, Clock& c)
        : access(std::move(a)),
          settings(std::move(s)),
          clock(c),
          credentials(shared ? std::move(shared)
                             : std::make_shared<Credentials>(access, clock, settings.retry.timeout)) {}

    // The options of `spec` on `curl` (after a reset), with `timeout` for the whole
    // transfer (zero: none) and `connect_limit` for the connection (zero: the setting).
    // The lists it allocates go into `lists`, freed by release().
    void configure(CURL* curl, char* errors, const CurlRequestSpec& spec, std::chrono::milliseconds timeout,
                   std::chrono::milliseconds connect_limit, std::vector<curl_slist*>& lists);
    void release(CURL* curl, std::vector<curl_slist*>& lists);
    HttpResponse perform(const CurlRequestSpec& spec, std::chrono::milliseconds remaining);
    HttpResponse perform_stream(const CurlRequestSpec& spec, std::chrono::milliseconds remaining,
                                StreamContext& ctx);
    HttpResponse failure(CURL* curl, const char* errors, CURLcode code, const CurlRequestSpec& spec,
                         std::chrono::milliseconds remaining);
};

void CurlTransport::Impl::configure(CURL* curl, char* errors, const CurlRequestSpec& spec,
                                    std::chrono::milliseconds timeout, std::chrono::milliseconds connect_limit,
                                    std::vector<curl_slist*>& lists) {
    CURL* const easy = curl;
    // reset keeps the live connection and the TLS session cache; only options go.
    curl_library().easy_reset(easy);
    if (share != nullptr) curl_library().easy_setopt(easy, CURLOPT_SHARE, share);
    curl_slist* headers = nullptr;
    curl_slist* connect_to = nullptr;
    for (const std::string& header : spec.headers) headers = curl_library().slist_append(headers, header.c_str());
    lists.push_back(headers);
    errors[0] = '\0';

    curl_library().easy_setopt(easy, CURLOPT_URL, spec.url.c_str());
    curl_library().easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_library().easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_library().easy_setopt(easy, CURLOPT_USERAGENT, spec.user_agent.c_str());
    curl_library().easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_library().easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_library().easy_setopt(easy, CURLOPT_ERRORBUFFER, errors);
    curl_library().easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    auto connect_timeout = settings.connect_timeout;
    if (connect_limit.count() > 0) connect_timeout = std::min(connect_timeout, connect_limit);
    curl_library().easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout.count()));
    curl_library().easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);

    if (spec.method != "GET") curl_library().easy_setopt(easy, CURLOPT_CUSTOMREQUEST, spec.method.c_str());
    if (!spec.body.empty() || spec.method == "PATCH" || spec.method == "POST" || spec.method == "PUT") {
        curl_library().easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(spec.body.size()));
        curl_library().easy_setopt(easy, CURLOPT_POSTFIELDS, spec.body.c_str());
    }

    curl_library().easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, spec.verify_peer ? 1L : 0L);
    curl_library().easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, spec.verify_peer ? 2L : 0L);
    if (!spec.ca_pem.empty()) {
        // Only the cluster's CA is trusted, as kubectl does: drop the system bundle.
        curl_library().easy_setopt(easy, CURLOPT_CAINFO, nullptr);
        curl_library().easy_setopt(easy, CURLOPT_CAPATH, nullptr);
        curl_blob blob{const_cast<char*>(spec.ca_pem.data()), spec.ca_pem.size(), CURL_BLOB_COPY};
        curl_library().easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
    }
    if (!spec.client_cert_pem.empty()) {
        curl_blob cert{const_cast<char*>(spec.client_cert_pem.data()), spec.client_cert_pem.size(),
                       CURL_BLOB_COPY};
        curl_blob key{const_cast<char*>(spec.client_key_pem.data()), spec.client_key_pem.size(),
                      CURL_BLOB_COPY};
        curl_library().easy_setopt(easy, CURLOPT_SSLCERT_BLOB, &cert);
        curl_library().easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
        curl_library().easy_setopt(easy, CURLOPT_SSLKEY_BLOB, &key);
        curl_library().easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (!spec.username.empty() || !spec.password.empty()) {
        curl_library().easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_library().easy_setopt(easy, CURLOPT_USERNAME, spec.username.c_str());
        curl_library().easy_setopt(easy, CURLOPT_PASSWORD, spec.password.c_str());
    }
    if (!spec.connect_to.empty()) {
        connect_to = curl_library().slist_append(connect_to, spec.connect_to.c_str());
        curl_library().easy_setopt(easy, CURLOPT_CONNECT_TO, connect_to);
    }
    if (!spec.proxy.empty()) curl_library().easy_setopt(easy, CURLOPT_PROXY, spec.proxy.c_str());
    lists.push_back(connect_to);
}

void CurlTransport::Impl::release(CURL* curl, std::vector<curl_slist*>& lists) {
    // The options point into these lists and the spec; clear them before they go.
    curl_library().easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_library().easy_setopt(curl, CURLOPT_CONNECT_TO, nullptr);
    for (curl_slist* list : lists) curl_library().slist_free_all(list);
    lists.clear();
}

HttpResponse CurlTransport::Impl::perform(const CurlRequestSpec& spec, std::chrono::milliseconds remaining) {
    HttpResponse response;
    std::vector<curl_slist*> lists;
    configure(handle, error_buffer, spec, remaining, remaining, lists);
    curl_library().easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
    curl_library().easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
    curl_library().easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl_library().easy_setopt(handle, CURLOPT_HEADERDATA, &response.headers);

    const CURLcode code = curl_library().easy_perform(handle);
    long opened = 0;
    curl_library().easy_getinfo(handle, CURLINFO_NUM_CONNECTS, &opened);
    connections += opened;
    if (code == CURLE_OK) {
        curl_library().easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    } else {
        response = failure(handle, error_buffer, code, spec, remaining);
    }
    release(handle, lists);
    return response;
}

HttpResponse CurlTransport::Impl::perform_stream(const CurlRequestSpec& spec, std::chrono::milliseconds remaining,
                                                 StreamContext& ctx) {
    CURL* curl = nullptr;
    {
        const std::lock_guard<std::mutex> lock(idle_mutex);
        if (!idle_streams.empty()) {
            curl = idle_streams.back();
            idle_streams.pop_back();
        }
    }
    if (curl == nullptr) curl = curl_library().easy_init();
    HttpResponse response;
    if (curl == nullptr) {
        response.failure = TransportFailure::Other;
        response.transport_error = "libcurl could not start a stream to " + access.server;
        return response;
    }
    char errors[CURL_ERROR_SIZE] = {};
    std::vector<curl_slist*> lists;
    // The answer may last as long as the caller wants (a watch); only the connection is
    // bounded by what is left of the request timeout.
    configure(curl, errors, spec, ctx.limit, remaining, lists);
    ctx.curl = curl;
    ctx.status = 0;
    ctx.error_body.clear();
    ctx.splitter = LineSplitter();
    curl_library().easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_stream_body);
    curl_library().easy_setopt(curl, CURLOPT_WRITEDATA, &ctx);
    curl_library().easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_library().easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);

    // A multi handle of its own, only so that stop.request() on another thread can wake
    // the wait for data (curl_multi_wakeup) and the stream ends at once.
    CURLM* multi = curl_library().multi_init();
    curl_library().multi_add_handle(multi, curl);
    ctx.stop.set_waker([multi] { curl_library().multi_wakeup(multi); });
    int running = 1;
    CURLcode code = CURLE_OK;
    bool finished = false;
    while (true) {
        curl_library().multi_perform(multi, &running);
        if (running == 0) break;
        if (ctx.stop.requested()) break;
        curl_library().multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    ctx.stop.set_waker(nullptr);
    int left = 0;
    while (CURLMsg* message = curl_library().multi_info_read(multi, &left)) {
        if (message->msg == CURLMSG_DONE) {
            code = message->data.result;
            finished = true;
        }
    }
    long opened = 0;
    curl_library().easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &opened);
    connections += opened;
    if (ctx.status == 0) curl_library().easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &ctx.status);
    const bool stopped = ctx.stopped || !finished || ctx.stop.requested() ||
                         (code == CURLE_OPERATION_TIMEDOUT && ctx.limit.count() > 0 && ctx.status != 0);
    if (ctx.splitter.overflowed()) {
        response.failure = TransportFailure::Other;
        response.transport_error = "a line of the stream from " + access.server + " is longer than 64 MiB";
    } else if (code != CURLE_OK && !stopped) {
        std::map<std::string, std::string> headers = std::move(response.headers);
        response = failure(curl, errors, code, spec, remaining);
        response.headers = std::move(headers);
    }
    response.status = ctx.status;
    if (ctx.status < 200 || ctx.status >= 300) response.body = std::move(ctx.error_body);
    curl_library().multi_remove_handle(multi, curl);
    curl_library().multi_cleanup(multi);
    release(curl, lists);
    ctx.stopped = stopped && !ctx.splitter.overflowed();
    const std::lock_guard<std::mutex> lock(idle_mutex);
    idle_streams.push_back(curl);
    return response;
}

HttpResponse CurlTransport::Impl::failure(CURL* curl, const char* errors, CURLcode code,
                                          const CurlRequestSpec& spec, std::chrono::milliseconds remaining) {
    HttpResponse response;
    const std::string server = access.server;
    std::string detail = errors[0] != '\0' ? errors : curl_library().easy_strerror(code);
    const std::string reach = "cannot connect to " + server + ": ";
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
            response.failure = TransportFailure::Connect;
            response.transport_error = reach + "cannot resolve the host name (" + detail + ")";
            break;
        case CURLE_COULDNT_RESOLVE_PROXY:
            response.failure = TransportFailure::Connect;
            response.transport_error = reach + "cannot resolve the proxy " + access.proxy_url;
            break;
        case CURLE_COULDNT_CONNECT: {
            long os_errno = 0;
            curl_library().easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
            response.failure = TransportFailure::Connect;
            if (os_errno == ECONNREFUSED) {
                response.transport_error = reach + "connection refused";
            } else if (os_errno != 0) {
                std::string reason = std::strerror(static_cast<int>(os_errno));
                reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
                response.transport_error = reach + reason;
            } else {
                response.transport_error = reach + detail;
            }
            break;
        }
        case CURLE_OPERATION_TIMEDOUT: {
            double connected = 0;
            curl_library().easy_getinfo(curl, CURLINFO_APPCONNECT_TIME, &connected);
            double tcp = 0;
            curl_library().easy_getinfo(curl, CURLINFO_CONNECT_TIME, &tcp);
            if (tcp == 0 && connected == 0 &&
                (remaining.count() == 0 || remaining > settings.connect_timeout)) {
                response.failure = TransportFailure::Connect;
                response.transport_error = reach + "no connection within " +
                                           format_duration(settings.connect_timeout) + " (" + detail + ")";
            } else {
                response.failure = TransportFailure::Timeout;
                response.transport_error = "the server " + server +
                                           " did not answer within the request timeout of " +
                                           format_duration(settings.retry.timeout);
            }
            break;
        }
        case CURLE_PEER_FAILED_VERIFICATION: {
            long verify = 0;
            curl_library().easy_getinfo(curl, CURLINFO_SSL_VERIFYRESULT, &verify);
            response.failure = TransportFailure::Tls;
            response.transport_error =
                reach + "certificate verify failed: " + verification_problem(verify, detail, access);
            break;
        }
        case CURLE_SSL_CACERT_BADFILE:
            response.failure = TransportFailure::Tls;
            response.transport_error = reach + "the certificate authority (" + access.tls.ca_origin +
                                       ") could not be loaded: " + detail;
            break;
        case CURLE_SSL_CERTPROBLEM:
            response.failure = TransportFailure::Tls;
            response.transport_error = reach + "the client certificate" +
                                       (access.credentials.client_cert_origin.empty()
                                            ? ""
                                            : " (" + access.credentials.client_cert_origin + ")") +
                                       " could not be used: " + detail;
            break;
        case CURLE_SSL_CONNECT_ERROR: {
            response.failure = TransportFailure::Tls;
            std::string why = "TLS handshake failed: " + detail;
            if (contains(detail, "certificate required")) {
                why += " (the server requires a client certificate, and the kubeconfig user gives none)";
            } else if (!spec.client_cert_pem.empty() &&
                       (contains(detail, "unknown ca") || contains(detail, "bad certificate"))) {
                why += " (the server did not accept the client certificate)";
            }
            response.transport_error = reach + why;
            break;
        }
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            response.failure = TransportFailure::Connect;
            response.transport_error = "the connection to " + server + " broke: " + detail;
            break;
        default:
            response.failure = TransportFailure::Other;
            response.transport_error = "the request to " + server + " failed: " + detail;
    }
    return response;
}

CurlTransport::CurlTransport(ClusterAccess access, TransportSettings settings, Clock& clock)
    : CurlTransport(std::move(access), std::move(settings), nullptr, clock) {}

CurlTransport::CurlTransport(ClusterAccess access, TransportSettings settings,
                             std::shared_ptr<Credentials> credentials, Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(access), std::move(settings), std::move(credentials), clock)) {
    impl_->handle = curl_library().easy_init();
    if (impl_->handle == nullptr) throw Error(FailureKind::Unreachable, "libcurl could not be initialised");
    // Without a share handle (out of memory) every connection makes a full handshake.
    if (CURLSH* share = curl_library().share_init()) {
        curl_library().share_setopt(share, CURLSHOPT_LOCKFUNC, lock_share);
        curl_library().share_setopt(share, CURLSHOPT_UNLOCKFUNC, unlock_share);
        curl_library().share_setopt(share, CURLSHOPT_USERDATA, &impl_->share_locks);
        if (curl_library().share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) == CURLSHE_OK) {
            impl_->share = share;
        } else {
            curl_library().share_cleanup(share);
        }
    }
}

CurlTransport::~CurlTransport() {
    if (!impl_) return;
    // The handles go first: a share handle still in use is not freed.
    if (impl_->handle != nullptr) curl_library().easy_cleanup(impl_->handle);
    for (CURL* idle : impl_->idle_streams) curl_library().easy_cleanup(idle);
    if (impl_->share != nullptr) curl_library().share_cleanup(impl_->share);
}

std::string CurlTransport::server() const {
    return impl_->access.server;
}
long CurlTransport::connections_opened() const {
    return impl_->connections.load();
}
const Credentials& CurlTransport::credentials() const {
    return *impl_->credentials;
}

HttpResponse CurlTransport::send(const HttpRequest& request) {
    Impl& impl = *impl_;
    const auto start = impl.clock.now();
    auto elapsed = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(impl.clock.now() - start);
    };
    auto observer = [&](const HttpResponse& answer, int next, std::chrono::milliseconds wait) {
        log_retry(request, answer, next, wait);
    };
    auto send_with = [&](const AuthMaterial& auth, std::chrono::milliseconds budget) {
        const CurlRequestSpec spec = build_curl_request(impl.access, auth, request, impl.settings.user_agent);
        RetryPolicy policy = impl.settings.retry;
        policy.timeout = budget;
        return send_with_retries(
            [&](std::chrono::milliseconds remaining) { return impl.perform(spec, remaining); }, policy,
            impl.clock, observer);
    };
    HttpResponse response = send_authenticated(*impl.credentials, send_with, impl.settings.retry.timeout,
                                               impl.clock, [&](const HttpResponse& unauthorized) {
                                                   log_retry(request, unauthorized, unauthorized.attempts + 1,
                                                             std::chrono::milliseconds(0));
                                               });
    response.elapsed = elapsed();
    log_exchange(request, response);
    return response;
}

}  // namespace planton::kube

namespace planton::kube {

StreamResult CurlTransport::stream(const HttpRequest& request, const LineCallback& on_line, StreamStop& stop,
                                   std::chrono::milliseconds limit) {
    Impl& impl = *impl_;
    const auto start = impl.clock.now();
    StreamContext ctx(on_line, stop, limit);
    auto observer = [&](const HttpResponse& answer, int next, std::chrono::milliseconds wait) {
        log_retry(request, answer, next, wait);
    };
    // Retries (connection errors, 429, 5xx) only until the answer began: lines that were
    // delivered must not come twice, so a stream that breaks after that is the caller's
    // to resume.
    TransportFailure broke = TransportFailure::None;
    auto send_with = [&](const AuthMaterial& auth, std::chrono::milliseconds budget) {
        const CurlRequestSpec spec = build_curl_request(impl.access, auth, request, impl.settings.user_agent);
        RetryPolicy policy = impl.settings.retry;
        policy.timeout = budget;
        return send_with_retries(
            [&](std::chrono::milliseconds remaining) {
                if (stop.requested()) return HttpResponse{};
                HttpResponse answer = impl.perform_stream(spec, remaining, ctx);
                const bool began = ctx.status >= 200 && ctx.status < 300;
                if (began && !answer.transport_error.empty()) {
                    broke = answer.failure;
                    answer.failure = TransportFailure::Other;  // not retried here
                }
                return answer;
            },
            policy, impl.clock, observer);
    };
    StreamResult result;
    result.response = send_authenticated(*impl.credentials, send_with, impl.settings.retry.timeout, impl.clock,
                                         [&](const HttpResponse& unauthorized) {
                                             log_retry(request, unauthorized, unauthorized.attempts + 1,
                                                       std::chrono::milliseconds(0));
                                         });
    if (broke != TransportFailure::None) result.response.failure = broke;
    result.lines = ctx.lines;
    result.response.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(impl.clock.now() - start);
    if (!result.response.transport_error.empty()) {
        result.end = StreamEnd::Failed;
    } else if (ctx.stopped || stop.requested()) {
        result.end = StreamEnd::Stopped;
    } else if (result.response.status < 200 || result.response.status >= 300) {
        result.end = StreamEnd::HttpError;
    } else {
        result.end = StreamEnd::Closed;
    }
    log_exchange(request, result.response);
    return result;
}

}  // namespace planton::kube
