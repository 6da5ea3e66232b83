#pragma once
// An in-memory Transport for unit tests: records every request and answers from a
// queue of canned responses (or a handler function).
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "planton/kube/transport.hpp"

namespace planton::test {

class FakeTransport : public kube::Transport {
public:
    std::vector<kube::HttpRequest> requests;
    std::deque<kube::HttpResponse> responses;
    std::function<kube::HttpResponse(const kube::HttpRequest&)> handler;

    kube::HttpResponse send(const kube::HttpRequest& request) override {
        requests.push_back(request);
        if (handler) return handler(request);
        if (responses.empty()) return answer(404, R"({"kind":"Status","code":404,"reason":"NotFound"})");
        kube::HttpResponse r = std::move(responses.front());
        responses.pop_front();
        return r;
    }
    std::string server() const override { return "https://fake.test:6443"; }

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
};

}  // namespace planton::test
