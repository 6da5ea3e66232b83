#pragma once
// An in-memory Transport for unit tests: records every request and answers from a
// queue of canned responses (or a handler function); streams are answered by
// stream_handler, which may run on several threads at once (as the rollout wait's
// watches do).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "planton/kube/transport.hpp"

namespace planton::test {

class FakeTransport : public kube::Transport {
public:
    std::vector<kube::HttpRequest> requests;
    std::deque<kube::HttpResponse> responses;
    std::function<kube::HttpResponse(const kube::HttpRequest&)> handler;

    using StreamHandler =
        std::function<kube::StreamResult(const kube::HttpRequest&, const kube::LineCallback&, kube::StreamStop&)>;
    StreamHandler stream_handler;

    kube::HttpResponse send(const kube::HttpRequest& request) override {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            requests.push_back(request);
        }
        if (handler) return handler(request);
        if (responses.empty()) return answer(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
        kube::HttpResponse r = std::move(responses.front());
        responses.pop_front();
        return r;
    }
    // Without a stream_handler a stream is answered 404, as send() without responses.
    kube::StreamResult stream(const kube::HttpRequest& request, const kube::LineCallback& on_line,
                              kube::StreamStop& stop, std::chrono::milliseconds /*limit*/) override {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            requests.push_back(request);
        }
        if (stream_handler) return stream_handler(request, on_line, stop);
        return ended(kube::StreamEnd::HttpError, 404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
    }
    std::string server() const override { return "https://fake.test:6443"; }

    // A stream's end; `status` 0 with Failed: a broken connection.
    static kube::StreamResult ended(kube::StreamEnd end, long status = 200, std::string body = "") {
        kube::StreamResult result;
        result.end = end;
        result.response.status = status;
        if (end == kube::StreamEnd::Failed) {
            result.response.failure = kube::TransportFailure::Connect;
            result.response.transport_error = "the connection to https://fake.test:6443 broke: reset";
        } else {
            result.response.body = std::move(body);
        }
        return result;
    }
    // Delivers `lines` (one event each) as a stream; stops early when the callback says so.
    static kube::StreamResult deliver(const std::vector<std::string>& lines, const kube::LineCallback& on_line,
                                      kube::StreamEnd end = kube::StreamEnd::Closed) {
        kube::StreamResult result = ended(end);
        for (const auto& line : lines) {
            ++result.lines;
            if (!on_line(line)) return ended(kube::StreamEnd::Stopped);
        }
        return result;
    }
    // A stream with nothing more to say: it lasts until the caller stops it.
    static kube::StreamResult idle(kube::StreamStop& stop) {
        std::mutex mutex;
        std::condition_variable woken;
        bool stopped = false;
        stop.set_waker([&] {
            const std::lock_guard<std::mutex> lock(mutex);
            stopped = true;
            woken.notify_all();
        });
        {
            std::unique_lock<std::mutex> lock(mutex);
            woken.wait(lock, [&] { return stopped; });
        }
        stop.set_waker(nullptr);
        return ended(kube::StreamEnd::Stopped);
    }

    static kube::HttpResponse answer(long status, std::string body) {
        kube::HttpResponse response;
        response.status = status;
        response.body = std::move(body);
        return response;
    }
    void push(long status, std::string body) { responses.push_back(answer(status, std::move(body))); }
    void push_transport_error(std::string message,
                              kube::TransportFailure failure = kube::TransportFailure::Connect) {
        kube::HttpResponse response;
        response.transport_error = std::move(message);
        response.failure = failure;
        responses.push_back(std::move(response));
    }

private:
    std::mutex mutex_;
};

}  // namespace planton::test
