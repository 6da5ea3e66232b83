#include <catch2/catch.hpp>

#include "planton/kube/retry.hpp"

#include "fake_clock.hpp"

using planton::kube::HttpResponse;
using planton::kube::RetryPolicy;
using planton::kube::send_with_retries;
using planton::kube::TransportFailure;
using planton::test::FakeClock;
using std::chrono::milliseconds;

namespace {

HttpResponse answer(long status, std::map<std::string, std::string> headers = {}) {
    HttpResponse r;
    r.status = status;
    r.headers = std::move(headers);
    return r;
}

HttpResponse connection_error() {
    HttpResponse r;
    r.transport_error = "cannot connect to https://fake.test:6443: connection refused";
    r.failure = TransportFailure::Connect;
    return r;
}

// A sender that answers from a script and records the time budget of each attempt.
struct ScriptedSender {
    explicit ScriptedSender(std::vector<HttpResponse> answers) : script(std::move(answers)) {}
    std::vector<HttpResponse> script;
    std::vector<milliseconds> budgets;
    HttpResponse operator()(milliseconds remaining) {
        budgets.push_back(remaining);
        HttpResponse r = script.at(budgets.size() - 1);
        return r;
    }
};

RetryPolicy policy_30s() {
    RetryPolicy p;
    p.timeout = milliseconds(30000);
    p.initial_backoff = milliseconds(200);
    p.max_backoff = milliseconds(1000);
    p.max_attempts = 10;
    return p;
}

}  // namespace

TEST_CASE("503 twice then 200: three attempts with growing backoff", "[kube][retry]") {
    FakeClock clock;
    clock.fraction = 0.5;  // waits are 3/4 of the backoff
    ScriptedSender sender({answer(503), answer(503), answer(200)});
    std::vector<std::pair<int, milliseconds>> retries;
    auto response = send_with_retries(
        std::ref(sender), policy_30s(), clock,
        [&](const HttpResponse&, int next, milliseconds wait) { retries.emplace_back(next, wait); });
    CHECK(response.status == 200);
    CHECK(response.attempts == 3);
    CHECK(response.retry_note.empty());
    CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(150), milliseconds(300)});
    CHECK(retries ==
          std::vector<std::pair<int, milliseconds>>{{2, milliseconds(150)}, {3, milliseconds(300)}});
    // Each attempt gets what is left of the request timeout.
    CHECK(sender.budgets ==
          std::vector<milliseconds>{milliseconds(30000), milliseconds(29850), milliseconds(29550)});
    CHECK(response.elapsed == milliseconds(450));
}

TEST_CASE("every retryable answer is retried, nothing else is", "[kube][retry]") {
    for (long status : {429L, 500L, 502L, 503L, 504L}) {
        INFO(status);
        FakeClock clock;
        ScriptedSender sender({answer(status), answer(200)});
        auto response = send_with_retries(std::ref(sender), policy_30s(), clock);
        CHECK(response.attempts == 2);
        CHECK(response.status == 200);
    }
    for (long status : {200L, 201L, 400L, 401L, 403L, 404L, 409L, 422L, 501L}) {
        INFO(status);
        FakeClock clock;
        ScriptedSender sender({answer(status), answer(200)});
        auto response = send_with_retries(std::ref(sender), policy_30s(), clock);
        CHECK(response.attempts == 1);
        CHECK(response.status == status);
        CHECK(clock.sleeps.empty());
    }
}

TEST_CASE("connection errors are retried, TLS and credential failures are not", "[kube][retry]") {
    FakeClock clock;
    ScriptedSender sender({connection_error(), answer(200)});
    CHECK(send_with_retries(std::ref(sender), policy_30s(), clock).attempts == 2);

    for (auto failure : {TransportFailure::Tls, TransportFailure::Credentials, TransportFailure::Timeout}) {
        HttpResponse r;
        r.transport_error = "x";
        r.failure = failure;
        FakeClock c;
        ScriptedSender s({r, answer(200)});
        auto response = send_with_retries(std::ref(s), policy_30s(), c);
        CHECK(response.attempts == 1);
        CHECK(response.transport_error == "x");
    }
}

TEST_CASE("429 with Retry-After waits what the server asked", "[kube][retry]") {
    FakeClock clock;
    SECTION("delta seconds") {
        ScriptedSender sender({answer(429, {{"retry-after", "3"}}), answer(200)});
        auto response = send_with_retries(std::ref(sender), policy_30s(), clock);
        CHECK(response.status == 200);
        CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(3000)});
    }
    SECTION("an HTTP date") {
        // The fake wall clock stands at 2023-11-14T22:13:20Z.
        ScriptedSender sender({answer(429, {{"retry-after", "Tue, 14 Nov 2023 22:13:27 GMT"}}), answer(200)});
        send_with_retries(std::ref(sender), policy_30s(), clock);
        CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(7000)});
    }
    SECTION("a wait past the request timeout gives up at once and says so") {
        ScriptedSender sender({answer(429, {{"retry-after", "60"}}), answer(200)});
        auto response = send_with_retries(std::ref(sender), policy_30s(), clock);
        CHECK(response.status == 429);
        CHECK(response.attempts == 1);
        CHECK(clock.sleeps.empty());
        CHECK(response.retry_note ==
              "the server asked to retry after 1m, past the request timeout of 30s (1 attempt)");
    }
    SECTION("an unreadable Retry-After falls back to the backoff") {
        ScriptedSender sender({answer(429, {{"retry-after", "soon"}}), answer(200)});
        send_with_retries(std::ref(sender), policy_30s(), clock);
        CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(150)});
    }
}

TEST_CASE("the request timeout bounds all attempts and waits", "[kube][retry]") {
    FakeClock clock;
    clock.fraction = 0.999;  // waits of nearly the whole backoff: 200, 400, 800, then 1000 (the cap)
    RetryPolicy policy = policy_30s();
    policy.timeout = milliseconds(3000);
    ScriptedSender sender(std::vector<HttpResponse>(20, answer(503)));
    auto response = send_with_retries(std::ref(sender), policy, clock);
    CHECK(response.status == 503);
    // Waits of 199, 399, 799 and 999ms make 2396ms; a fifth wait would end past 3s.
    CHECK(response.attempts == 5);
    CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(199), milliseconds(399), milliseconds(799),
                                                    milliseconds(999)});
    CHECK(response.retry_note == "gave up after 5 attempts within the request timeout of 3s");
}

TEST_CASE("max attempts stop a request without a time limit", "[kube][retry]") {
    FakeClock clock;
    RetryPolicy policy = policy_30s();
    policy.timeout = milliseconds(0);
    policy.max_attempts = 3;
    ScriptedSender sender(std::vector<HttpResponse>(5, connection_error()));
    auto response = send_with_retries(std::ref(sender), policy, clock);
    CHECK(response.attempts == 3);
    CHECK(response.retry_note == "gave up after 3 attempts");
    CHECK(sender.budgets == std::vector<milliseconds>(3, milliseconds(0)));
}

TEST_CASE("backoff doubles up to the cap, with jitter in [half, full]", "[kube][retry]") {
    RetryPolicy policy = policy_30s();
    CHECK(planton::kube::backoff_delay(policy, 1, 0.0) == milliseconds(100));
    CHECK(planton::kube::backoff_delay(policy, 1, 0.999) == milliseconds(199));
    CHECK(planton::kube::backoff_delay(policy, 2, 0.0) == milliseconds(200));
    CHECK(planton::kube::backoff_delay(policy, 3, 0.0) == milliseconds(400));
    CHECK(planton::kube::backoff_delay(policy, 4, 0.0) == milliseconds(500));
    CHECK(planton::kube::backoff_delay(policy, 40, 0.0) == milliseconds(500));
}

TEST_CASE("Retry-After values", "[kube][retry]") {
    const auto now = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14T22:13:20Z
    using planton::kube::parse_retry_after;
    CHECK(parse_retry_after("120", now) == milliseconds(120000));
    CHECK(parse_retry_after(" 0 ", now) == milliseconds(0));
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:14:20 GMT", now) == milliseconds(60000));
    CHECK(parse_retry_after("Tuesday, 14-Nov-23 22:13:30 GMT", now) == milliseconds(10000));
    CHECK(parse_retry_after("Tue Nov 14 22:13:25 2023", now) == milliseconds(5000));
    CHECK(parse_retry_after("Mon, 13 Nov 2023 22:13:20 GMT", now) == milliseconds(0));  // in the past
    CHECK_FALSE(parse_retry_after("", now));
    CHECK_FALSE(parse_retry_after("-1", now));
    CHECK_FALSE(parse_retry_after("1.5", now));
    CHECK_FALSE(parse_retry_after("tomorrow", now));
}
