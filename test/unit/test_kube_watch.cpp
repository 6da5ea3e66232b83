#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "planton/kube/watch.hpp"

#include "fake_transport.hpp"
#include "warning_log.hpp"

using planton::kube::decode_watch_event;
using planton::kube::HttpRequest;
using planton::kube::LineSplitter;
using planton::kube::StreamEnd;
using planton::kube::StreamResult;
using planton::kube::StreamStop;
using planton::kube::WatchEventType;
using planton::kube::Watcher;
using planton::kube::WatchItem;
using planton::kube::WatchQueue;
using planton::test::FakeTransport;

namespace {

// The lines `chunks` make, fed one after the other.
std::vector<std::string> split(const std::vector<std::string>& chunks, LineSplitter& splitter) {
    std::vector<std::string> lines;
    for (const auto& chunk : chunks) {
        splitter.feed(chunk, [&](std::string_view line) {
            lines.emplace_back(line);
            return true;
        });
    }
    return lines;
}

}  // namespace

TEST_CASE("watch: a byte stream is cut into lines whatever the chunk boundaries", "[kube][watch]") {
    const std::string events = "{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\r\n\n{\"type\":\"DELETED\"}\n";
    const std::vector<std::string> expected = {R"({"type":"ADDED"})", R"({"type":"MODIFIED"})",
                                               R"({"type":"DELETED"})"};
    SECTION("one chunk") {
        LineSplitter splitter;
        CHECK(split({events}, splitter) == expected);
        CHECK(splitter.pending() == 0);
    }
    SECTION("every possible cut in two") {
        for (size_t cut = 0; cut <= events.size(); ++cut) {
            CAPTURE(cut);
            LineSplitter splitter;
            CHECK(split({events.substr(0, cut), events.substr(cut)}, splitter) == expected);
        }
    }
    SECTION("a byte at a time") {
        std::vector<std::string> bytes;
        for (char c : events) bytes.emplace_back(1, c);
        LineSplitter splitter;
        CHECK(split(bytes, splitter) == expected);
    }
    SECTION("an unfinished line waits for its newline") {
        LineSplitter splitter;
        CHECK(split({"{\"type\":\"ADDED\"}\n{\"type\""}, splitter) == std::vector<std::string>{expected[0]});
        CHECK(splitter.pending() == 7);
        CHECK(split({":\"MODIFIED\"}\n"}, splitter) == std::vector<std::string>{expected[1]});
    }
}

TEST_CASE("watch: the line callback ends the stream, and so does an overlong line", "[kube][watch]") {
    LineSplitter splitter;
    std::vector<std::string> seen;
    CHECK_FALSE(splitter.feed("a\nb\nc\n", [&](std::string_view line) {
        seen.emplace_back(line);
        return line != "b";
    }));
    CHECK(seen == std::vector<std::string>{"a", "b"});

    LineSplitter small(8);
    CHECK(small.feed("12345", [](std::string_view) { return true; }));
    CHECK_FALSE(small.feed("67890", [](std::string_view) { return true; }));
    CHECK(small.overflowed());
    CHECK_FALSE(small.feed("\n", [](std::string_view) { return true; }));
}

TEST_CASE("watch: events are decoded by type, other lines are no events", "[kube][watch]") {
    struct Case {
        const char* line;
        WatchEventType type;
        const char* resource_version;
        long code;
    };
    const Case c = GENERATE(
        Case{R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}})", WatchEventType::Added,
             "5", 0},
        Case{R"({"type":"MODIFIED","object":{"metadata":{"resourceVersion":"6"}}})", WatchEventType::Modified, "6",
             0},
        Case{R"({"type":"DELETED","object":{"metadata":{"resourceVersion":"7"}}})", WatchEventType::Deleted, "7", 0},
        Case{R"({"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"8"}}})",
             WatchEventType::Bookmark, "8", 0},
        Case{R"({"type":"ERROR","object":{"kind":"Status","reason":"Expired","code":410}})", WatchEventType::Error,
             "", 410});
    CAPTURE(c.line);
    const auto event = decode_watch_event(c.line);
    REQUIRE(event);
    CHECK(event->type == c.type);
    CHECK(event->resource_version() == c.resource_version);
    CHECK(event->code() == c.code);

    for (const char* other : {"", "not json", "[]", R"({"type":"ADDED"})", R"({"type":"ADDED","object":"x"})",
                              R"({"type":"SOMETHING","object":{}})", R"({"type":7,"object":{}})",
                              R"({"object":{"metadata":{}}})"}) {
        CAPTURE(other);
        CHECK_FALSE(decode_watch_event(other));
    }
}

TEST_CASE("watch: the path of a watch", "[kube][watch]") {
    CHECK(planton::kube::watch_path("/api/v1/namespaces/x/pods?labelSelector=app%3Dy", "42", 300) ==
          "/api/v1/namespaces/x/pods?labelSelector=app%3Dy&watch=1&resourceVersion=42&allowWatchBookmarks=true&"
          "timeoutSeconds=300");
    CHECK(planton::kube::watch_path("/api/v1/namespaces/x/events", "", 0) ==
          "/api/v1/namespaces/x/events?watch=1&allowWatchBookmarks=true");
}

TEST_CASE("watch: a watcher queues each line, then how its stream ended", "[kube][watch]") {
    FakeTransport fake;
    fake.stream_handler = [](const HttpRequest&, const planton::kube::LineCallback& on_line, StreamStop&) {
        return FakeTransport::deliver({"one", "two"}, on_line, StreamEnd::Closed);
    };
    WatchQueue queue;
    Watcher watcher(fake, {"GET", "/api/v1/pods?watch=1", "", ""}, queue, 7);
    std::vector<std::string> lines;
    std::optional<WatchItem> item;
    while ((item = queue.pop(std::chrono::seconds(10))) && !item->ended) {
        CHECK(item->watcher == 7);
        lines.push_back(item->line);
    }
    REQUIRE(item);
    CHECK(item->watcher == 7);
    CHECK(item->result.end == StreamEnd::Closed);
    CHECK(item->result.lines == 2);
    CHECK(lines == std::vector<std::string>{"one", "two"});
    CHECK(fake.requests.at(0).path == "/api/v1/pods?watch=1");
}

TEST_CASE("watch: the Warning headers of a watch's answer are shown once each", "[kube][watch][warnings]") {
    planton::test::WarningLog log;

    FakeTransport fake;
    fake.stream_handler = [](const HttpRequest&, const planton::kube::LineCallback& on_line, StreamStop&) {
        StreamResult result = FakeTransport::deliver({"one"}, on_line, StreamEnd::Closed);
        // Two Warning headers, as the transport keeps them: one value per line.
        result.response.headers["warning"] = R"(299 - "apps/v1beta2 DaemonSet is deprecated")"
                                             "\n"
                                             R"(299 - "second warning")";
        return result;
    };
    WatchQueue queue;
    for (int id : {1, 2}) {  // the same warnings from a resumed stream are not shown again
        Watcher watcher(fake, {"GET", "/apis/apps/v1/daemonsets?watch=1", "", ""}, queue, id);
        std::optional<WatchItem> item;
        while ((item = queue.pop(std::chrono::seconds(10))) && !item->ended) {
        }
        REQUIRE(item);
    }

    CHECK(log.text() ==
          "Warning: apps/v1beta2 DaemonSet is deprecated\n"
          "Warning: second warning\n");
}

TEST_CASE("watch: stopping a watcher ends a stream that waits for data", "[kube][watch]") {
    FakeTransport fake;
    fake.stream_handler = [](const HttpRequest&, const planton::kube::LineCallback&, StreamStop& stop) {
        return FakeTransport::idle(stop);
    };
    WatchQueue queue;
    {
        Watcher watcher(fake, {"GET", "/api/v1/pods?watch=1", "", ""}, queue, 1);
        CHECK_FALSE(queue.pop(std::chrono::milliseconds(20)));
        watcher.stop();  // returns once the thread has ended
        const auto item = queue.pop(std::chrono::milliseconds(0));
        REQUIRE(item);
        CHECK(item->ended);
        CHECK(item->result.end == StreamEnd::Stopped);
    }
}
