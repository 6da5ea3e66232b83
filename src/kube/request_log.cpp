#include "request_log.hpp"

#include <spdlog/spdlog.h>

#include "planton/kube/masking.hpp"
#include "planton/kube/retry.hpp"

namespace planton::kube {
namespace {

std::string path_only(const std::string& path) {
    return path.substr(0, path.find('?'));
}

}  // namespace

std::string request_line(const HttpRequest& request, const HttpResponse& response) {
    const std::string elapsed = std::to_string(response.elapsed.count()) + "ms";
    if (!response.transport_error.empty()) {
        return request.method + " " + path_only(request.path) + " failed after " + elapsed + ": " +
               response.transport_error;
    }
    return request.method + " " + path_only(request.path) + " " + std::to_string(response.status) + " " +
           elapsed;
}

void log_exchange(const HttpRequest& request, const HttpResponse& response) {
    spdlog::debug("{}", request_line(request, response));
    if (spdlog::should_log(spdlog::level::trace)) {
        spdlog::trace("> {} {}", request.method, request.path);
        if (!request.body.empty()) spdlog::trace("> {}", masked_body(request.body));
        if (response.transport_error.empty()) {
            spdlog::trace("< {} {}", response.status, masked_body(response.body));
        }
    }
}

void log_retry(const HttpRequest& request, const HttpResponse& answer, int next_attempt,
               std::chrono::milliseconds wait) {
    spdlog::debug("retrying {} {} in {}ms (attempt {}): {}", request.method, path_only(request.path),
                  wait.count(), next_attempt, retry_reason(answer));
}

}  // namespace planton::kube
