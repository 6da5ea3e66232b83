#include "planton/kube/watch.hpp"

#include "planton/kube/json_fields.hpp"
#include "planton/kube/resources.hpp"
#include "planton/kube/warnings.hpp"

namespace planton::kube {

bool LineSplitter::feed(std::string_view chunk, const LineCallback& on_line) {
    if (overflowed_) return false;
    while (!chunk.empty()) {
        const std::size_t newline = chunk.find('\n');
        if (newline == std::string_view::npos) {
            if (partial_.size() + chunk.size() > max_line_) {
                overflowed_ = true;
                partial_.clear();
                return false;
            }
            partial_.append(chunk);
            return true;
        }
        std::string_view line = chunk.substr(0, newline);
        chunk.remove_prefix(newline + 1);
        // A line cut by the chunk boundary is put together first; a whole one is passed
        // on without a copy.
        if (!partial_.empty()) {
            partial_.append(line);
            line = partial_;
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool go_on = line.empty() || on_line(line);
        partial_.clear();
        if (!go_on) return false;
    }
    return true;
}

std::string WatchEvent::resource_version() const {
    return metadata_string(object, "resourceVersion");
}

long WatchEvent::code() const {
    return type == WatchEventType::Error ? static_cast<long>(integer_at(object, "code")) : 0;
}

std::optional<WatchEvent> decode_watch_event(std::string_view line) {
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    const std::string type = string_at(parsed, "type");
    WatchEvent event;
    if (type == "ADDED") {
        event.type = WatchEventType::Added;
    } else if (type == "MODIFIED") {
        event.type = WatchEventType::Modified;
    } else if (type == "DELETED") {
        event.type = WatchEventType::Deleted;
    } else if (type == "BOOKMARK") {
        event.type = WatchEventType::Bookmark;
    } else if (type == "ERROR") {
        event.type = WatchEventType::Error;
    } else {
        return std::nullopt;
    }
    auto object = parsed.find("object");
    if (object == parsed.end() || !object->is_object()) return std::nullopt;
    event.object = std::move(*object);
    return event;
}

std::string watch_path(const std::string& list_path, const std::string& resource_version, int timeout_seconds) {
    std::string path = list_path + (list_path.find('?') == std::string::npos ? "?" : "&") + "watch=1";
    if (!resource_version.empty()) path += "&resourceVersion=" + url_encode(resource_version);
    path += "&allowWatchBookmarks=true";
    if (timeout_seconds > 0) path += "&timeoutSeconds=" + std::to_string(timeout_seconds);
    return path;
}

void WatchQueue::push(WatchItem item) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        items_.push_back(std::move(item));
    }
    ready_.notify_one();
}

std::optional<WatchItem> WatchQueue::pop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !items_.empty(); })) return std::nullopt;
    WatchItem item = std::move(items_.front());
    items_.pop_front();
    return item;
}

Watcher::Watcher(Transport& transport, HttpRequest request, WatchQueue& queue, int id,
                 const ThreadContext& context)
    : id_(id) {
    thread_ = std::thread([this, &transport, request = std::move(request), &queue, context] {
        auto body = [&] {
            WatchItem end;
            end.watcher = id_;
            end.ended = true;
            end.result = transport.stream(
                request,
                [&](std::string_view line) {
                    WatchItem item;
                    item.watcher = id_;
                    item.line = std::string(line);
                    queue.push(std::move(item));
                    return true;
                },
                stop_);
            // The answer's Warning headers, as Client::call shows those of every request
            // (cli.md: "for every command"); a watch's come when its stream ends.
            const auto warning = end.result.response.headers.find("warning");
            if (warning != end.result.response.headers.end())
                report_warnings(transport.server(), split_header_values(warning->second));
            queue.push(std::move(end));
        };
        if (context) {
            context(body);
        } else {
            body();
        }
    });
}

Watcher::~Watcher() {
    stop();
}

void Watcher::stop() {
    stop_.request();
    if (thread_.joinable()) thread_.join();
}

}  // namespace planton::kube
