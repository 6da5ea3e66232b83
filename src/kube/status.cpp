#include "planton/kube/status.hpp"

#include <algorithm>
#include <cctype>

#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Line breaks of a message become spaces: one event, one table row.
std::string one_line(std::string text) {
    std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

// The nodes part of a read: the coverage, or a note when the nodes may not be listed.
bool read_coverage(Client& client, DaemonSetStatus& status, std::optional<Failure>& failure) {
    const CallResult nodes = client.list("v1", "Node", "");
    if (nodes.response.status == 403) {
        status.notes.push_back("the node coverage is skipped: " +
                               describe_list_failure(nodes, "v1", "Node", "", client.transport().server()));
        return true;
    }
    if (!nodes.ok()) {
        failure = list_failure(nodes, "v1", "Node", "", client.transport().server());
        return false;
    }
    status.coverage = node_coverage(status.daemonset, nodes.body);
    return true;
}

// The events part of a read: the Warning events of the DaemonSet and its pods.
bool read_events(Client& client, const std::string& namespace_, DaemonSetStatus& status,
                 std::optional<Failure>& failure) {
    const CallResult events = client.list("v1", "Event", namespace_, "", "type=Warning");
    if (events.response.status == 403) {
        status.notes.push_back(
            "the Warning events are skipped: " +
            describe_list_failure(events, "v1", "Event", namespace_, client.transport().server()));
        return true;
    }
    if (!events.ok()) {
        failure = list_failure(events, "v1", "Event", namespace_, client.transport().server());
        return false;
    }
    std::set<std::string> uids{metadata_string(status.daemonset, "uid")};
    for (const StatusPod& pod : status.pods) uids.insert(pod.uid);
    status.events = warning_events(events.body, uids);
    return true;
}

}  // namespace

StatusPod status_pod(const nlohmann::json& pod, const std::string& template_generation) {
    StatusPod out;
    static_cast<PodSummary&>(out) = summarize_pod(pod);
    for (const auto& container : array_at(object_at(pod, "spec"), "containers")) {
        out.images.push_back(string_at(container, "image"));
    }
    out.created = metadata_string(pod, "creationTimestamp");
    out.uid = metadata_string(pod, "uid");
    out.current_template = of_template(out, template_generation);
    return out;
}

std::vector<WarningEvent> warning_events(const nlohmann::json& event_list, const std::set<std::string>& uids,
                                         size_t limit) {
    std::vector<WarningEvent> events;
    for (const auto& item : array_at(event_list, "items")) {
        if (!item.is_object() || string_at(item, "type") != "Warning") continue;
        const nlohmann::json& involved = object_at(item, "involvedObject");
        if (uids.count(string_at(involved, "uid")) == 0) continue;
        WarningEvent event;
        event.reason = string_at(item, "reason");
        event.object = lower(string_at(involved, "kind")) + "/" + string_at(involved, "name");
        event.message = one_line(string_at(item, "message"));
        event.count = std::max(1LL, integer_at(item, "count"));
        event.first_seen = string_at(item, "firstTimestamp");
        if (event.first_seen.empty()) event.first_seen = string_at(item, "eventTime");
        if (event.first_seen.empty()) event.first_seen = metadata_string(item, "creationTimestamp");
        event.last_seen = string_at(item, "lastTimestamp");
        if (event.last_seen.empty()) event.last_seen = string_at(item, "eventTime");
        if (event.last_seen.empty()) event.last_seen = event.first_seen;
        events.push_back(std::move(event));
    }
    // RFC 3339 times of one server compare as text once the fraction is cut: MicroTime
    // ("…05.123456Z") and Time ("…05Z") differ only there.
    auto second_of = [](const std::string& time) { return time.substr(0, 19); };
    std::stable_sort(events.begin(), events.end(), [&](const WarningEvent& a, const WarningEvent& b) {
        return second_of(a.last_seen) < second_of(b.last_seen);
    });
    if (events.size() > limit) events.erase(events.begin(), events.end() - static_cast<long>(limit));
    return events;
}

std::vector<std::string> rollout_gaps(const DaemonSetStatus& status) {
    const RolloutCounts& c = status.counts;
    std::vector<std::string> gaps;
    if (c.observed_generation < c.generation)
        gaps.push_back("generation " + std::to_string(c.generation) + " not observed yet");
    const std::pair<const char*, long long> counts[] = {
        {"updated", c.updated}, {"ready", c.ready}, {"available", c.available}};
    for (const auto& [word, count] : counts) {
        if (count < c.desired)
            gaps.push_back(std::to_string(count) + "/" + std::to_string(c.desired) + " " + word);
    }
    const auto older = std::count_if(status.pods.begin(), status.pods.end(),
                                     [](const StatusPod& pod) { return !pod.current_template && !pod.terminating; });
    if (older > 0)
        gaps.push_back(std::to_string(older) + (older == 1 ? " pod runs" : " pods run") + " an older template");
    return gaps;
}

StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name) {
    StatusRead read;
    const ResourceRef ref{"apps/v1", "DaemonSet", name, namespace_};
    const CallResult got = client.get(ref);
    if (got.not_found()) return read;
    if (!got.ok()) {
        read.failure = call_failure(got, ref, "get", client.transport().server());
        return read;
    }
    const CallResult pods = list_daemonset_pods(client, namespace_, got.body);
    if (!pods.ok()) {
        read.failure = list_failure(pods, "v1", "Pod", namespace_, client.transport().server());
        return read;
    }
    DaemonSetStatus status{got.body, rollout_counts(got.body), {}, std::nullopt, {}, {}};
    const std::string uid = metadata_string(got.body, "uid");
    const std::string generation = template_generation(got.body);
    for (const auto& item : array_at(pods.body, "items")) {
        StatusPod pod = status_pod(item, generation);
        if (uid.empty() || pod.owner_uid == uid) status.pods.push_back(std::move(pod));
    }
    std::sort(status.pods.begin(), status.pods.end(), [](const StatusPod& a, const StatusPod& b) {
        return a.node != b.node ? a.node < b.node : a.name < b.name;
    });
    if (!read_coverage(client, status, read.failure) || !read_events(client, namespace_, status, read.failure))
        return read;
    read.status = std::move(status);
    return read;
}

std::string pod_reason(const PodSummary& pod) {
    if (pod.terminating) return "Terminating";
    return pod.reason.empty() ? pod.pod_reason : pod.reason;
}

std::string not_found_message(const std::string& namespace_, const std::string& name) {
    return "daemonset.apps/" + name + " not found in namespace " + namespace_ +
           " (not applied yet? run planton-ds apply -f with this manifest)";
}

void watch_status(Client& client, const std::string& namespace_, const std::string& name,
                  const WatchOptions& options, const std::function<void(const StatusRead&)>& show) {
    Clock& clock = options.clock != nullptr ? *options.clock : system_clock();
    auto stop = [&options] { return options.stop_requested && options.stop_requested(); };
    const std::chrono::milliseconds slice{100};
    while (!stop()) {
        show(read_status(client, namespace_, name));
        for (auto left = options.interval; left.count() > 0 && !stop(); left -= slice) {
            clock.sleep_for(std::min(left, slice));
        }
    }
}

}  // namespace planton::kube
