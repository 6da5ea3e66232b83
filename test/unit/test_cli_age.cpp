#include <catch2/catch.hpp>

#include "cli/age.hpp"

#include "planton/kube/exec_plugin.hpp"

using planton::cli::age_since;
using planton::cli::age_text;

TEST_CASE("ages as kubectl's HumanDuration writes them", "[cli][age]") {
    struct Case {
        long long seconds;
        const char* text;
    };
    constexpr long long m = 60, h = 3600, d = 24 * h, y = 365 * d;
    const Case cases[] = {
        {-2, "<invalid>"},     {-1, "0s"},          {0, "0s"},           {59, "59s"},
        {119, "119s"},         {2 * m, "2m"},       {2 * m + 5, "2m5s"}, {9 * m + 59, "9m59s"},
        {10 * m + 59, "10m"},  {3 * h - 1, "179m"}, {3 * h, "3h"},       {5 * h + 20 * m + 7, "5h20m"},
        {8 * h + 59 * m, "8h"}, {47 * h, "47h"},    {2 * d, "2d"},       {2 * d + 3 * h, "2d3h"},
        {8 * d - 1, "7d23h"},  {8 * d, "8d"},       {400 * d, "400d"},   {2 * y, "2y"},
        {3 * y + 12 * d, "3y12d"}, {8 * y + 5 * d, "8y"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.seconds);
        CHECK(age_text(std::chrono::seconds(c.seconds)) == c.text);
    }
}

TEST_CASE("the age of an API server time", "[cli][age]") {
    const auto now = *planton::kube::parse_rfc3339("2024-05-01T12:00:00Z");
    CHECK(age_since("2024-05-01T11:59:15Z", now) == "45s");
    CHECK(age_since("2024-05-01T11:59:15.123456Z", now) == "44s");  // MicroTime
    CHECK(age_since("2024-04-30T12:00:00Z", now) == "24h");
    CHECK(age_since("2024-05-01T12:00:30Z", now) == "<invalid>");  // the server's clock is ahead
    CHECK(age_since("", now) == "<unknown>");
    CHECK(age_since("yesterday", now) == "<unknown>");
}
