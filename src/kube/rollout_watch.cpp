// The rollout wait's watches (rollout.hpp "watches"): list, then watch from the list's
// resourceVersion; resume an ended stream, list again on 410 Gone, poll on a 403.
#include <spdlog/spdlog.h>

#include "planton/kube/json_fields.hpp"
#include "planton/kube/retry.hpp"
#include "rollout_wait.hpp"

namespace planton::kube::rollout_wait {

std::string Wait::watched_path(int which) const {
    switch (which) {
        case kDaemonSetWatch:
            return list_path(ref_.api_version, ref_.kind, ref_.namespace_, "", "metadata.name=" + ref_.name);
        case kPodsWatch:
            return list_path("v1", "Pod", ref_.namespace_, daemonset_pods_selector(result_.daemonset, pods_generation_));
        default:
            return list_path("v1", "Event", ref_.namespace_, "", kWarningEvents);
    }
}

std::string Wait::watched_what(int which) const {
    switch (which) {
        case kDaemonSetWatch:
            return display_name(ref_);
        case kPodsWatch:
            return "the pods of " + display_name(ref_);
        default:
            return "the Warning events in namespace " + ref_.namespace_;
    }
}

// Lists what watch `which` follows and judges it; the watch then starts from the list's
// resourceVersion. Unreadable pods or events are not watched (as when polling, failing
// pods or refusals are then not seen early).
Next Wait::list_watched(int which) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    slot.watcher.reset();
    slot.active = false;
    if (which == kDaemonSetWatch) {
        CallResult list = client_.list(ref_.api_version, ref_.kind, ref_.namespace_, "", "metadata.name=" + ref_.name);
        if (list.transport_failed() || list.response.status == 401) {
            end(RolloutEnd::Failed, call_failure(list, ref_, "list", client_.transport().server()));
            return Next::Ended;
        }
        if (!list.ok()) {
            spdlog::debug("cannot list {} (HTTP {}); polling instead of watching", display_name(ref_),
                          list.response.status);
            return Next::Poll;
        }
        const nlohmann::json* found = nullptr;
        for (const auto& item : array_at(list.body, "items")) {
            if (metadata_string(item, "name") == ref_.name) found = &item;
        }
        if (found == nullptr) return deleted() ? Next::Ended : Next::Go;
        slot.resource_version = metadata_string(list.body, "resourceVersion");
        slot.active = true;
        return judge_daemonset(*found) ? Next::Ended : Next::Go;
    }
    if (which == kPodsWatch) {
        pods_generation_ = template_generation(result_.daemonset);
        const auto list = pod_list(pods_generation_);
        if (!list) return Next::Go;
        slot.resource_version = metadata_string(list->body, "resourceVersion");
        slot.active = true;
        for (const auto& pod : owned_pods(list->body, metadata_string(result_.daemonset, "uid"))) {
            if (judge_pod(pod, pods_generation_)) return Next::Ended;
        }
        return Next::Go;
    }
    const auto list = list_events(kWarningEvents);
    if (!list) return Next::Go;
    slot.resource_version = metadata_string(list->body, "resourceVersion");
    slot.active = true;
    for (const auto& event : new_warnings(list->body)) {
        const Next next = on_warning(event);
        if (next != Next::Go) return next;
    }
    return Next::Go;
}

void Wait::start_watch(int which) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    slot.watcher.reset();
    slot.restart_at.reset();
    if (!slot.active) return;
    HttpRequest request{"GET", watch_path(watched_path(which), slot.resource_version, options_.watch_timeout_seconds),
                        "", ""};
    slot.watcher = std::make_unique<Watcher>(client_.transport(), std::move(request), queue_, ++watchers_started_,
                                             options_.thread_context);
}

void Wait::stop_watches() {
    // Ask every stream to stop first, so that they end together.
    for (auto& slot : watches_) {
        if (slot.watcher) slot.watcher->stop();
    }
    for (auto& slot : watches_) slot.watcher.reset();
}

Next Wait::on_line(int which, const std::string& line) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    auto event = decode_watch_event(line);
    if (!event) {
        spdlog::debug("ignored a line of the watch of {} that is no watch event", watched_what(which));
        return Next::Go;
    }
    if (event->type == WatchEventType::Error) {
        // 410 Expired (the resourceVersion left the server's window) or another refusal
        // to go on from there: list again, and watch from the new list.
        spdlog::debug("the watch of {} ended with {} ({}); listing again", watched_what(which), event->code(),
                      string_at(event->object, "message"));
        slot.watcher->stop();
        const Next next = list_watched(which);
        if (next == Next::Go) start_watch(which);
        return next;
    }
    const std::string version = event->resource_version();
    if (!version.empty()) slot.resource_version = version;
    if (event->type == WatchEventType::Bookmark) return Next::Go;
    slot.quiet_ends = 0;
    const nlohmann::json& object = event->object;
    const bool gone = event->type == WatchEventType::Deleted;
    if (which == kDaemonSetWatch) {
        if (metadata_string(object, "name") != ref_.name) return Next::Go;
        if (gone) return deleted() ? Next::Ended : Next::Go;
        if (judge_daemonset(object)) return Next::Ended;
        if (template_generation(result_.daemonset) == pods_generation_ || !watches_[kPodsWatch].watcher)
            return Next::Go;
        // A new template: its pods have another pod-template-generation label.
        watches_[kPodsWatch].watcher.reset();
        const Next next = list_watched(kPodsWatch);
        if (next == Next::Go) start_watch(kPodsWatch);
        return next;
    }
    if (which == kPodsWatch) {
        if (gone) return Next::Go;
        const PodSummary pod = summarize_pod(object);
        if (pod.owner_uid != metadata_string(result_.daemonset, "uid")) return Next::Go;
        return judge_pod(pod, pods_generation_) ? Next::Ended : Next::Go;
    }
    const std::string name = metadata_string(object, "name");
    if (gone) {
        if (events_seen_) events_seen_->erase(name);
        return Next::Go;
    }
    if (string_at(object, "type") != "Warning") return Next::Go;
    // Whatever a watch delivers happened after its list: a new event, or one counted again.
    if (events_seen_) (*events_seen_)[name] = version;
    return on_warning(object);
}

Next Wait::on_warning(const nlohmann::json& event) {
    const nlohmann::json& involved = object_at(event, "involvedObject");
    const std::string uid = metadata_string(result_.daemonset, "uid");
    if (!uid.empty() && string_at(involved, "uid") == uid) return refused(event) ? Next::Ended : Next::Go;
    // The DaemonSet controller names its pods <name>-<random>; the kubelet reports a pod
    // that cannot start (Failed, BackOff) with a Warning.
    const std::string pod = string_at(involved, "name");
    if (string_at(involved, "kind") != "Pod" || pod.rfind(ref_.name + "-", 0) != 0) return Next::Go;
    if (watches_[kPodsWatch].watcher) return Next::Go;
    spdlog::debug("pod {} reported {}: watching the pods of {}", pod, string_at(event, "reason"), display_name(ref_));
    const Next next = list_watched(kPodsWatch);
    if (next == Next::Go) start_watch(kPodsWatch);
    return next;
}

Next Wait::on_end(int which, const StreamResult& result) {
    WatchSlot& slot = watches_[static_cast<size_t>(which)];
    const std::string what = watched_what(which);
    const long status = result.response.status;
    switch (result.end) {
        case StreamEnd::Stopped:
            return Next::Go;
        case StreamEnd::Closed:
            // The server's timeout, or a closed connection: resume from the last version
            // seen. A stream that ended with nothing in it again waits a little first.
            slot.quiet_ends = result.lines == 0 ? slot.quiet_ends + 1 : 0;
            spdlog::debug("the watch of {} ended; resuming from resourceVersion {}", what, slot.resource_version);
            if (slot.quiet_ends > 1) {
                slot.watcher.reset();
                slot.restart_at =
                    clock_.now() + backoff_delay(RetryPolicy{}, slot.quiet_ends - 1, clock_.random_fraction());
                return Next::Go;
            }
            start_watch(which);
            return Next::Go;
        case StreamEnd::HttpError:
            if (status == 410) {
                spdlog::debug("the watch of {} expired (410 Gone); listing again", what);
                const Next next = list_watched(which);
                if (next == Next::Go) start_watch(which);
                return next;
            }
            spdlog::debug("cannot watch {} (HTTP {}{}); polling instead", what, status,
                          status == 403 ? ": the credentials may not watch" : "");
            return Next::Poll;
        case StreamEnd::Failed:
            if (status >= 200 && status < 300) {
                spdlog::debug("the watch of {} broke ({}); resuming from resourceVersion {}", what,
                              result.response.transport_error, slot.resource_version);
                start_watch(which);
                return Next::Go;
            }
            break;
    }
    CallResult failed;
    failed.response = result.response;
    end(RolloutEnd::Failed, call_failure(failed, ref_, "watch", client_.transport().server()));
    return Next::Ended;
}

Next Wait::watch() {
    for (int which : {kDaemonSetWatch, kPodsWatch, kEventsWatch}) {
        const Next next = list_watched(which);
        if (next != Next::Go) return next;
    }
    // The pods are watched only once one of them reports a Warning: their events would
    // be most of what the wait receives on a large cluster (a few KB per pod and change).
    for (int which : {kDaemonSetWatch, kEventsWatch}) start_watch(which);
    while (true) {
        auto now = clock_.now();
        if (past_limit(now)) return Next::Ended;
        auto step = until_limit(now, std::chrono::seconds(1));
        for (int which : {kDaemonSetWatch, kPodsWatch, kEventsWatch}) {
            WatchSlot& slot = watches_[static_cast<size_t>(which)];
            if (!slot.restart_at) continue;
            if (now >= *slot.restart_at) {
                start_watch(which);
            } else {
                step = std::min(step, std::chrono::duration_cast<std::chrono::milliseconds>(*slot.restart_at - now));
            }
        }
        std::optional<WatchItem> item = queue_.pop(std::max(step, std::chrono::milliseconds(1)));
        if (!item) continue;
        int which = -1;
        for (int i : {kDaemonSetWatch, kPodsWatch, kEventsWatch}) {
            const auto& watcher = watches_[static_cast<size_t>(i)].watcher;
            if (watcher && watcher->id() == item->watcher) which = i;
        }
        if (which < 0) continue;  // from a stream stopped since
        const Next next = item->ended ? on_end(which, item->result) : on_line(which, item->line);
        if (next != Next::Go) return next;
    }
}


}  // namespace planton::kube::rollout_wait
