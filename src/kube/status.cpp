#include "planton/kube/status.hpp"

#include <algorithm>
#include <cctype>

#include "planton/kube/json_fields.hpp"
#include "planton/kube/node_list.hpp"

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

// A failed read. A server that still answers 429 or 5xx once the transport's retries are
// spent could not be read, as one that cannot be reached: Unreachable (exit 3), so that
// status's exit 1 always means "read, and not rolled out".
Failure read_failure(Failure failure, const CallResult& result) {
    if (result.response.status == 429 || result.response.status >= 500) failure.kind = FailureKind::Unreachable;
    return failure;
}

// The node list as the coverage reads it, or why there is none.
struct Nodes {
    nlohmann::json list;  // a NodeList with what coverage.hpp reads of each node; null: see note
    std::string note;     // the nodes may not be listed (403)
};

// LIST of the nodes: true with `nodes` filled (or its note, on a 403); false with
// `failure` set when the list failed otherwise.
bool list_nodes(Client& client, Nodes& nodes, std::optional<Failure>& failure) {
    NodeListing listing = list_nodes_for_coverage(client);
    if (!listing.failed) {
        nodes = {std::move(listing.list), ""};
        return true;
    }
    const CallResult& listed = *listing.failed;
    if (auto note = coverage_skipped(listed, client.transport().server())) {
        nodes = {nullptr, std::move(*note)};
        return true;
    }
    failure = read_failure(list_failure(listed, "v1", "Node", "", client.transport().server()), listed);
    return false;
}

void add_coverage(const Nodes& nodes, DaemonSetStatus& status) {
    if (nodes.list.is_null()) {
        status.notes.push_back(nodes.note);
    } else {
        status.coverage = node_coverage(status.daemonset, nodes.list);
    }
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
        failure = read_failure(list_failure(events, "v1", "Event", namespace_, client.transport().server()), events);
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

namespace {

// One read; the nodes are listed into `nodes` when `list_nodes_now` (`listed` says
// whether that happened: a read that ends before does not), else taken from it.
StatusRead read_with(Client& client, const std::string& namespace_, const std::string& name, Nodes& nodes,
                     bool list_nodes_now, bool& listed) {
    listed = false;
    StatusRead read;
    const ResourceRef ref{"apps/v1", "DaemonSet", name, namespace_};
    const CallResult got = client.get(ref);
    if (got.not_found()) return read;
    if (!got.ok()) {
        read.failure = read_failure(call_failure(got, ref, "get", client.transport().server()), got);
        return read;
    }
    const CallResult pods = list_daemonset_pods(client, namespace_, got.body);
    if (!pods.ok()) {
        read.failure = read_failure(list_failure(pods, "v1", "Pod", namespace_, client.transport().server()), pods);
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
    if (list_nodes_now) {
        if (!list_nodes(client, nodes, read.failure)) return read;
        listed = true;
    }
    add_coverage(nodes, status);
    if (!read_events(client, namespace_, status, read.failure)) return read;
    read.status = std::move(status);
    return read;
}

}  // namespace

StatusRead read_status(Client& client, const std::string& namespace_, const std::string& name) {
    Nodes nodes;
    bool listed = false;
    return read_with(client, namespace_, name, nodes, true, listed);
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
    Clock& clock = clock_or_system(options.clock);
    auto stop = [&options] { return options.stop_requested && options.stop_requested(); };
    const std::chrono::milliseconds slice{100};
    Nodes nodes;
    std::optional<std::chrono::steady_clock::time_point> nodes_listed;
    while (!stop()) {
        const auto now = clock.now();
        const bool due = !nodes_listed || now - *nodes_listed >= options.nodes_interval;
        bool listed = false;
        const StatusRead read = read_with(client, namespace_, name, nodes, due, listed);
        if (listed) nodes_listed = now;
        show(read);
        for (auto left = options.interval; left.count() > 0 && !stop(); left -= slice) {
            clock.sleep_for(std::min(left, slice));
        }
    }
}

}  // namespace planton::kube
