#pragma once
// The retry policy of cli.md, apart from any network code so that tests drive it with
// a fake sender and a fake clock: connection errors, 429 (honouring Retry-After), 500,
// 502, 503 and 504 are retried with capped exponential backoff and jitter, all within
// the request timeout; every other answer is final.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "planton/kube/clock.hpp"
#include "planton/kube/transport.hpp"

namespace planton::kube {

struct RetryPolicy {
    // Bounds the whole request, retries and waits included (--request-timeout, default
    // 30s). Zero means no limit; max_attempts still applies.
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
    std::chrono::milliseconds initial_backoff{250};
    std::chrono::milliseconds max_backoff{8000};
    int max_attempts = 10;
};

// Sends the request once. `remaining` is what is left of the timeout for this attempt
// (zero when there is no limit); the sender passes it on as its own timeout.
using SendOnce = std::function<HttpResponse(std::chrono::milliseconds remaining)>;
// Told about each retry before its wait: the answer being retried, the number of the
// attempt that follows (2, 3, …) and how long it waits.
using RetryObserver =
    std::function<void(const HttpResponse& answer, int next_attempt, std::chrono::milliseconds wait)>;

// Runs `send` until it gets a final answer, the attempts run out, or the next wait
// would pass the timeout. The returned response carries the number of attempts, the
// elapsed time of the whole exchange and, when it stopped on a retryable answer, a
// retry_note saying why it gave up.
HttpResponse send_with_retries(const SendOnce& send, const RetryPolicy& policy, Clock& clock,
                               const RetryObserver& observer = {});

// Whether an answer is worth another attempt (see the header comment).
bool is_retryable(const HttpResponse& response);

// The wait before retry number `retry` (1 for the second attempt): initial_backoff
// doubled per retry, capped at max_backoff, then scaled into [half, full] by `fraction`
// in [0, 1) so that clients that failed together do not retry together.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double fraction);

// A Retry-After header value: delta seconds ("2") or an HTTP-date ("Wed, 21 Oct 2015
// 07:28:00 GMT", also the obsolete RFC 850 and asctime forms), relative to `now`.
// nullopt when it is neither; a date in the past gives zero.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

// Why an answer is retried, for the log: "503 Service Unavailable", or the transport
// error.
std::string retry_reason(const HttpResponse& response);

}  // namespace planton::kube
