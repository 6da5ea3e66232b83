#pragma once
// Watch streams of the Kubernetes API (API concepts, "Efficient detection of changes"):
// a watch answers a GET with ?watch=1 with one JSON event per line,
// {"type":"ADDED"|"MODIFIED"|"DELETED"|"BOOKMARK"|"ERROR","object":{…}}, from the
// resourceVersion the request names. A stream that ends is resumed from the last
// resourceVersion seen (a BOOKMARK carries one without a change); one too old for the
// server's watch cache is refused with 410 Gone (as the answer's status or as an ERROR
// event with code 410) and the client lists again.
//
// Here: splitting a byte stream into lines, decoding an event, the path of a watch, and
// a Watcher that runs one stream on a thread of its own and puts its lines into a
// WatchQueue that one thread (the rollout wait) takes them from.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "planton/kube/transport.hpp"

namespace planton::kube {

// Cuts a byte stream into newline-terminated lines, whatever the chunks' boundaries. A
// CR before the LF is dropped, empty lines are skipped. An unfinished line waits for
// the next chunk; one longer than `max_line` ends the stream (overflowed()).
class LineSplitter {
public:
    explicit LineSplitter(std::size_t max_line = std::size_t{64} << 20) : max_line_(max_line) {}

    // Delivers the complete lines of `chunk` to `on_line`. Returns false when `on_line`
    // returned false (the rest of the chunk is dropped) or the line grew past max_line.
    bool feed(std::string_view chunk, const LineCallback& on_line);
    bool overflowed() const { return overflowed_; }
    std::size_t pending() const { return partial_.size(); }  // bytes of an unfinished line

private:
    std::size_t max_line_;
    std::string partial_;
    bool overflowed_ = false;
};

enum class WatchEventType { Added, Modified, Deleted, Bookmark, Error };

struct WatchEvent {
    WatchEventType type = WatchEventType::Added;
    nlohmann::json object;  // the object; for Error the Status
    // The object's metadata.resourceVersion ("" when it has none, as an ERROR's Status).
    std::string resource_version() const;
    // An ERROR's Status code (410 Gone / Expired), 0 for other events.
    long code() const;
};

// The event of one line; nullopt when the line is no JSON object with a known type and
// an object.
std::optional<WatchEvent> decode_watch_event(std::string_view line);

// The watch of a LIST path (which may have a query already): watch=1, resourceVersion,
// allowWatchBookmarks=true and, when not zero, timeoutSeconds.
std::string watch_path(const std::string& list_path, const std::string& resource_version,
                       int timeout_seconds = 0);

// What a Watcher puts into the queue: a line of its stream, or how the stream ended.
struct WatchItem {
    int watcher = 0;     // Watcher::id()
    bool ended = false;  // false: `line` holds one line; true: `result` says how it ended
    std::string line;
    StreamResult result;
};

// Many producers, one consumer. Thread-safe.
class WatchQueue {
public:
    void push(WatchItem item);
    // The oldest item, waiting up to `timeout` (real time) for one; nullopt when none came.
    std::optional<WatchItem> pop(std::chrono::milliseconds timeout);

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<WatchItem> items_;
};

// Runs the body of a thread, e.g. within the caller's console scope; empty: as it is.
using ThreadContext = std::function<void(const std::function<void()>& body)>;

// One stream on a thread of its own: transport.stream(request), each line and at last
// the end put into `queue` under `id`. Destroying it (or stop()) ends the stream at once
// and joins the thread; items it queued before stay in the queue.
class Watcher {
public:
    Watcher(Transport& transport, HttpRequest request, WatchQueue& queue, int id,
            const ThreadContext& context = {});
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    int id() const { return id_; }
    void stop();

private:
    int id_;
    StreamStop stop_;
    std::thread thread_;
};

}  // namespace planton::kube
