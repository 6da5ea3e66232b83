#pragma once
// The request log of cli.md: at debug (-v) one line per request,
// "PATCH /apis/apps/v1/namespaces/x/daemonsets/y 200 12ms", and each retry with its
// reason; at trace (-vv) also the full path and the bodies, masked. Headers are never
// logged (they carry the Authorization).
#include <chrono>

#include "planton/kube/transport.hpp"

namespace planton::kube {

// "PATCH /apis/apps/v1/namespaces/x/daemonsets/y 200 12ms" (the path without its
// query), or "GET /api/v1/... failed after 30000ms: <transport error>".
std::string request_line(const HttpRequest& request, const HttpResponse& response);

void log_exchange(const HttpRequest& request, const HttpResponse& response);
void log_retry(const HttpRequest& request, const HttpResponse& answer, int next_attempt,
               std::chrono::milliseconds wait);

}  // namespace planton::kube
