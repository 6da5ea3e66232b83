#include <catch2/catch.hpp>

#include "planton/kube/client.hpp"
#include "planton/kube/warnings.hpp"

#include "fake_transport.hpp"
#include "warning_log.hpp"

using planton::kube::warning_texts;
using Texts = std::vector<std::string>;

TEST_CASE("Warning header values as the API server writes them", "[kube][warnings]") {
    struct Case {
        const char* name;
        Texts values;
        Texts expected;
    };
    const std::vector<Case> cases = {
        {"one", {R"(299 - "spec.template.spec.containers[0].securityContext.privileged: deprecated")"},
         {"spec.template.spec.containers[0].securityContext.privileged: deprecated"}},
        {"escaped quotes and backslashes", {R"(299 - "would violate \"restricted:latest\": a\\b")"},
         {R"(would violate "restricted:latest": a\b)"}},
        {"two in one value, joined by a comma", {R"(299 - "first", 299 - "second")"}, {"first", "second"}},
        {"with a warn-date", {R"(299 kube-apiserver "text" "Wed, 21 Oct 2015 07:28:00 GMT")"}, {"text"}},
        {"several values, in order", {R"(299 - "b")", R"(299 - "a")"}, {"b", "a"}},
        {"codes other than 299 are not Kubernetes warnings", {R"(199 - "stale")"}, {}},
        {"a value that does not parse is shown whole", {"something odd"}, {"something odd"}},
        {"an unterminated text is shown whole", {R"(299 - "cut)"}, {R"(299 - "cut)"}},
        {"nothing", {}, {}},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        CHECK(warning_texts(c.values) == c.expected);
    }
}

TEST_CASE("every command's warnings are shown once each per server", "[kube][warnings]") {
    planton::test::WarningLog log;

    planton::test::FakeTransport fake;
    fake.handler = [](const planton::kube::HttpRequest&) {
        planton::kube::HttpResponse response = planton::test::FakeTransport::answer(200, "{}");
        // Two Warning headers, as the transport keeps them: one value per line.
        response.headers["warning"] = R"(299 - "would violate PodSecurity \"restricted:latest\": privileged")"
                                      "\n"
                                      R"(299 - "deprecated field")";
        return response;
    };
    planton::kube::Client client(fake);
    client.get_path("/api/v1/namespaces/a");
    client.get_path("/api/v1/namespaces/b");  // the same warnings again: not shown again
    planton::kube::report_warnings("https://other.test:6443", {R"(299 - "deprecated field")"});

    CHECK(log.text() ==
          "Warning: would violate PodSecurity \"restricted:latest\": privileged\n"
          "Warning: deprecated field\n"
          "Warning: deprecated field\n");  // another server's warning is its own
}
