// The console every line goes through: prefixes per thread scope, whole lines under
// concurrency, and the live lines at the bottom of a terminal.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "cli/console.hpp"

using planton::cli::Console;
using planton::cli::ConsoleSettings;
using planton::cli::LineScope;
using planton::cli::ScopedLines;
using planton::cli::Stream;

namespace {

ConsoleSettings live_terminal(int width = 80) {
    ConsoleSettings settings;
    settings.live = true;
    settings.out_is_terminal = true;
    settings.width = width;
    return settings;
}

}  // namespace

TEST_CASE("console: each line carries the thread's prefix", "[cli][console]") {
    std::ostringstream out;
    std::ostringstream err;
    Console console(out, err);
    console.print(Stream::out, "plain");
    {
        const ScopedLines manifest(LineScope{"", "logging/fluentd"});
        console.print(Stream::out, "daemonset.apps/fluentd created\n");
        {
            const ScopedLines fleet(LineScope{"prod-eu", "logging/fluentd"});
            console.print(Stream::err, "two\nlines");
        }
        console.print(Stream::out, "");
    }
    console.print(Stream::out, "plain again");
    CHECK(out.str() ==
          "plain\nlogging/fluentd: daemonset.apps/fluentd created\nlogging/fluentd: \nplain again\n");
    CHECK(err.str() == "[prod-eu] logging/fluentd: two\n[prod-eu] logging/fluentd: lines\n");
}

TEST_CASE("console: one live line is rewritten in place and cleared before other output", "[cli][console]") {
    std::ostringstream out;
    std::ostringstream err;
    Console console(out, err, live_terminal());
    console.live("rolling out fluentd: 1/3 updated");
    console.live("rolling out fluentd: 2/3 updated");
    console.print(Stream::err, "warning: x");
    console.end_live();
    console.print(Stream::err, "rolled out");
    CHECK(err.str() ==
          "rolling out fluentd: 1/3 updated"
          "\r\033[Krolling out fluentd: 2/3 updated"
          "\r\033[Kwarning: x\nrolling out fluentd: 2/3 updated"
          "\r\033[K"
          "rolled out\n");
}

TEST_CASE("console: a live line per scope, bottom of the screen, each cleared row by row", "[cli][console]") {
    std::ostringstream out;
    std::ostringstream err;
    Console console(out, err, live_terminal());
    {
        const ScopedLines a(LineScope{"a", ""});
        console.live("connecting");
    }
    {
        const ScopedLines b(LineScope{"b", ""});
        console.live("connecting");
    }
    err.str("");
    {
        const ScopedLines a(LineScope{"a", "ns/x"});
        console.live("rolling out x: 1/2 updated");  // the context's line, even from a manifest's scope
    }
    CHECK(err.str() == "\r\033[K\033[A\033[K[a] ns/x: rolling out x: 1/2 updated\n[b] connecting");
    err.str("");
    console.print(Stream::out, "stdout shares the terminal");
    CHECK(out.str() == "stdout shares the terminal\n");
    CHECK(err.str() == "\r\033[K\033[A\033[K[a] ns/x: rolling out x: 1/2 updated\n[b] connecting");
    err.str("");
    {
        const ScopedLines a(LineScope{"a", ""});
        console.end_live();
    }
    CHECK(err.str() == "\r\033[K\033[A\033[K[b] connecting");
}

TEST_CASE("console: a change line of a fleet context becomes its live line on a terminal", "[cli][console]") {
    std::ostringstream out;
    std::ostringstream err;
    Console console(out, err, live_terminal());
    {
        const ScopedLines a(LineScope{"a", ""});
        console.change(Stream::out, "daemonset.apps/fluentd configured");
        console.end_live();
    }
    CHECK(out.str().empty());
    CHECK(err.str() == "[a] daemonset.apps/fluentd configured\r\033[K");

    // Without live lines (a pipe, CI), every change is a prefixed line.
    std::ostringstream plain_out;
    std::ostringstream plain_err;
    Console plain(plain_out, plain_err);
    const ScopedLines a(LineScope{"a", ""});
    plain.change(Stream::out, "daemonset.apps/fluentd configured");
    CHECK(plain_out.str() == "[a] daemonset.apps/fluentd configured\n");

    // One context's run keeps its change lines on stdout.
    std::ostringstream one_out;
    std::ostringstream one_err;
    Console one(one_out, one_err, live_terminal());
    const ScopedLines manifest(LineScope{"", "ns/x"});
    one.change(Stream::out, "daemonset.apps/x created");
    CHECK(one_out.str() == "ns/x: daemonset.apps/x created\n");
}

TEST_CASE("console: a live line is cut to the terminal's width", "[cli][console]") {
    std::ostringstream out;
    std::ostringstream err;
    Console console(out, err, live_terminal(12));
    console.live("rolling out fluentd");
    CHECK(err.str() == "rolling ou…");  // 11 columns: the 12th stays free for the cursor
    err.str("");
    console.live("é is 1 col");
    CHECK(err.str() == "\r\033[Ké is 1 col");
}

TEST_CASE("console: lines of concurrent threads are never torn", "[cli][console]") {
    std::ostringstream out;
    std::ostringstream err;
    Console console(out, err, live_terminal());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&console, t] {
            const ScopedLines scope(LineScope{"ctx-" + std::to_string(t), ""});
            for (int i = 0; i < 200; ++i) {
                console.print(Stream::out, "line " + std::to_string(i) + " of thread " + std::to_string(t));
                console.live("progress " + std::to_string(i));
            }
            console.end_live();
        });
    }
    for (auto& thread : threads) thread.join();
    std::istringstream lines(out.str());
    std::string line;
    std::set<std::string> seen;
    const std::regex whole(R"(\[ctx-(\d)\] line \d+ of thread (\d))");
    while (std::getline(lines, line)) {
        std::smatch match;
        REQUIRE(std::regex_match(line, match, whole));
        CHECK(match[1] == match[2]);
        seen.insert(line);
    }
    CHECK(seen.size() == 8 * 200);
    // Every live line was removed: the last thing written clears the screen's bottom.
    CHECK(err.str().size() > 0);
    CHECK(err.str().substr(err.str().rfind('\r')) == "\r\033[K");
}
