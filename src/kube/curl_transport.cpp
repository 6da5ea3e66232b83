#include "planton/kube/curl_transport.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <vector>

#include <curl/curl.h>

#include "planton/error.hpp"

#include "curl_library.hpp"
#include "curl_transport_impl.hpp"
#include "request_log.hpp"

namespace planton::kube {
namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

// The share handle's lock callbacks: a mutex per kind of data it locks.
void lock_share(CURL*, curl_lock_data data, curl_lock_access, void* locks) {
    (*static_cast<ShareLocks*>(locks))[static_cast<size_t>(data)].lock();
}

void unlock_share(CURL*, curl_lock_data data, void* locks) {
    (*static_cast<ShareLocks*>(locks))[static_cast<size_t>(data)].unlock();
}

}  // namespace

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
