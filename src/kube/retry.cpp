#include "planton/kube/retry.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "planton/kube/duration.hpp"

namespace planton::kube {
namespace {

using std::chrono::milliseconds;

std::string reason_phrase(long status) {
    switch (status) {
        case 401:
            return "Unauthorized";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        case 504:
            return "Gateway Timeout";
        default:
            return "";
    }
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& value) {
    // IMF-fixdate, then the two obsolete forms every HTTP/1.1 recipient must accept.
    static const char* const kFormats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                                           "%a %b %e %H:%M:%S %Y"};
    for (const char* format : kFormats) {
        std::tm tm{};
        const char* end = strptime(value.c_str(), format, &tm);
        if (end != nullptr && *end == '\0') {
            return std::chrono::system_clock::from_time_t(timegm(&tm));
        }
    }
    return std::nullopt;
}

}  // namespace

bool is_retryable(const HttpResponse& response) {
    if (!response.transport_error.empty()) return response.failure == TransportFailure::Connect;
    switch (response.status) {
        case 429:
        case 500:
        case 502:
        case 503:
        case 504:
            return true;
        default:
            return false;
    }
}

milliseconds backoff_delay(const RetryPolicy& policy, int retry, double fraction) {
    milliseconds delay = policy.initial_backoff;
    for (int i = 1; i < retry && delay < policy.max_backoff; ++i) delay *= 2;
    delay = std::min(delay, policy.max_backoff);
    fraction = std::clamp(fraction, 0.0, 1.0);
    return milliseconds(static_cast<long long>(static_cast<double>(delay.count()) * (0.5 + fraction / 2)));
}

std::optional<milliseconds> parse_retry_after(const std::string& value,
                                              std::chrono::system_clock::time_point now) {
    std::string text = value;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.erase(0, 1);
    if (text.empty()) return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        if (text.size() > 9) return std::nullopt;
        return milliseconds(std::stoll(text) * 1000);
    }
    auto date = parse_http_date(text);
    if (!date) return std::nullopt;
    auto delta = std::chrono::duration_cast<milliseconds>(*date - now);
    return std::max(delta, milliseconds(0));
}

std::string retry_reason(const HttpResponse& response) {
    if (!response.transport_error.empty()) return response.transport_error;
    std::string phrase = reason_phrase(response.status);
    return std::to_string(response.status) + (phrase.empty() ? "" : " " + phrase);
}

HttpResponse send_with_retries(const SendOnce& send, const RetryPolicy& policy, Clock& clock,
                               const RetryObserver& observer) {
    const auto start = clock.now();
    const bool limited = policy.timeout > milliseconds(0);
    auto elapsed = [&] { return std::chrono::duration_cast<milliseconds>(clock.now() - start); };
    const std::string within =
        limited ? " within the request timeout of " + format_duration(policy.timeout) : "";

    for (int attempt = 1;; ++attempt) {
        const milliseconds remaining =
            limited ? std::max(policy.timeout - elapsed(), milliseconds(1)) : milliseconds(0);
        HttpResponse response = send(remaining);
        response.attempts = attempt;
        response.elapsed = elapsed();
        if (!is_retryable(response)) return response;

        if (attempt >= policy.max_attempts) {
            response.retry_note = "gave up after " + std::to_string(attempt) + " attempts" + within;
            return response;
        }
        milliseconds wait = backoff_delay(policy, attempt, clock.random_fraction());
        if (response.status == 429 || response.status == 503) {
            auto header = response.headers.find("retry-after");
            if (header != response.headers.end()) {
                if (auto asked = parse_retry_after(header->second, clock.wall_now())) {
                    if (limited && elapsed() + *asked >= policy.timeout) {
                        response.retry_note =
                            "the server asked to retry after " + format_duration(*asked) +
                            ", past the request timeout of " + format_duration(policy.timeout) + " (" +
                            std::to_string(attempt) + (attempt == 1 ? " attempt)" : " attempts)");
                        return response;
                    }
                    wait = *asked;
                }
            }
        }
        if (limited && elapsed() + wait >= policy.timeout) {
            response.retry_note = "gave up after " + std::to_string(attempt) +
                                  (attempt == 1 ? " attempt" : " attempts") + within;
            return response;
        }
        if (observer) observer(response, attempt + 1, wait);
        clock.sleep_for(wait);
    }
}

}  // namespace planton::kube
