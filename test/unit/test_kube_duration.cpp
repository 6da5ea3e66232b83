#include <catch2/catch.hpp>

#include "planton/kube/duration.hpp"

#include "cli/cluster_options.hpp"

using planton::kube::format_duration;
using planton::kube::parse_duration;
using std::chrono::milliseconds;

TEST_CASE("durations as the command line writes them", "[kube][duration]") {
    struct Case {
        const char* text;
        long long ms;
    };
    const Case cases[] = {
        {"90s", 90000}, {"5m", 300000},    {"1h30m", 5400000},  {"500ms", 500}, {"1.5h", 5400000},
        {"0", 0},       {"2m30s", 150000}, {"1h0m5s", 3605000}, {"0s", 0},      {"250ms", 250},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        auto parsed = parse_duration(c.text);
        REQUIRE(parsed);
        CHECK(parsed->count() == c.ms);
    }
    for (const char* bad : {"", "30", "5 m", "-5s", "5d", "m", "1.2.3s", "5sm", "1e3s", "10000000h", "s5"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration(bad));
    }
}

TEST_CASE("durations are printed in the same units", "[kube][duration]") {
    CHECK(format_duration(milliseconds(30000)) == "30s");
    CHECK(format_duration(milliseconds(90000)) == "1m30s");
    CHECK(format_duration(milliseconds(5400000)) == "1h30m");
    CHECK(format_duration(milliseconds(500)) == "500ms");
    CHECK(format_duration(milliseconds(1500)) == "1.5s");
    CHECK(format_duration(milliseconds(0)) == "0s");
}

TEST_CASE("cluster flags and duration options on a subcommand", "[cli][duration]") {
    CLI::App app("test");
    planton::cli::ClusterOptions options;
    milliseconds timeout{300000};
    planton::cli::add_cluster_options(app, options);
    planton::cli::add_duration_option(app, "--timeout", timeout, "rollout");

    SECTION("values are parsed") {
        // CLI11 takes the arguments of a vector in reverse order.
        app.parse(std::vector<std::string>{"2m", "--timeout", "1h30m", "--request-timeout", "prod",
                                           "--context", "/k", "--kubeconfig"});
        CHECK(options.kubeconfig == "/k");
        CHECK(options.contexts == std::vector<std::string>{"prod"});
        CHECK_FALSE(options.fleet());
        CHECK(options.request_timeout == milliseconds(5400000));
        CHECK(timeout == milliseconds(120000));
    }
    SECTION("--context repeated or a,b,c: each once, in the order given") {
        app.parse(std::vector<std::string>{"8", "--parallel", "--fail-fast", "c,a", "--context", "a,b,,a",
                                           "--context"});
        CHECK(options.contexts == std::vector<std::string>{"a", "b", "c"});
        CHECK(options.fleet());
        CHECK(options.parallel == 8);
        CHECK(options.fail_fast);
    }
    SECTION("--all-contexts, not with --context; --parallel at least 1") {
        app.parse(std::vector<std::string>{"--all-contexts"});
        CHECK(options.all_contexts);
        CHECK(options.fleet());
        CHECK(options.parallel == 4);
        CHECK_THROWS_AS(app.parse(std::vector<std::string>{"a", "--context", "--all-contexts"}),
                        CLI::ExcludesError);
        CHECK_THROWS_AS(app.parse(std::vector<std::string>{"0", "--parallel"}), CLI::ValidationError);
    }
    SECTION("defaults stay without flags") {
        app.parse(std::vector<std::string>{});
        CHECK(options.request_timeout == milliseconds(30000));
        CHECK(options.kubeconfig.empty());
    }
    SECTION("a bad duration is a usage error naming the option and the value") {
        try {
            app.parse(std::vector<std::string>{"30", "--timeout"});
            FAIL("no error");
        } catch (const CLI::ValidationError& e) {
            CHECK(std::string(e.what()) ==
                  "--timeout: \"30\" is not a duration (write it like 90s, 5m, 1h30m or 500ms)");
        }
    }
}
