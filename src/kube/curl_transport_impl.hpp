#pragma once
// The private state of CurlTransport (planton/kube/curl_transport.hpp), shared by its
// source files: curl_transport.cpp (the handles, their options, requests), curl_stream.cpp
// (streams) and curl_failure.cpp (what a failed transfer tells the user).
#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "planton/kube/curl_transport.hpp"

namespace planton::kube {

struct StreamContext;  // curl_stream.cpp

// The header callback of every transfer (CURLOPT_HEADERFUNCTION): the headers into a
// std::map<std::string, std::string> with lower-case names.
size_t on_header(char* data, size_t size, size_t count, void* user);

// The locks of a share handle: a mutex per kind of data it locks.
using ShareLocks = std::array<std::mutex, CURL_LOCK_DATA_LAST>;

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

}  // namespace planton::kube
