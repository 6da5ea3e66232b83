// CurlTransport::stream: a response read line by line as it arrives, on an easy handle
// of its own in a multi handle that StreamStop wakes.
#include <mutex>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "planton/kube/curl_transport.hpp"
#include "planton/kube/watch.hpp"

#include "curl_library.hpp"
#include "curl_transport_impl.hpp"
#include "request_log.hpp"

namespace planton::kube {

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

namespace {

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

}  // namespace

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
