#include "planton/kube/delete.hpp"

#include "planton/error.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"

namespace planton::kube {
namespace {

// The uid of the deleted object from the DELETE's answer: the object itself, or a
// Status whose details carry it.
std::string uid_of(const nlohmann::json& body) {
    const std::string uid = metadata_string(body, "uid");
    return uid.empty() ? string_at(object_at(body, "details"), "uid") : uid;
}

struct Pending {
    ResourceRef ref;
    std::string uid;
};

// Polls until every pending object is gone; an error message when it stopped early.
std::string wait_until_gone(Client& client, std::vector<Pending> pending, const DeleteOptions& options,
                            int& exit_code) {
    Clock& clock = options.clock != nullptr ? *options.clock : system_clock();
    const auto deadline = clock.now() + options.timeout;
    while (true) {
        std::vector<Pending> still;
        for (const Pending& p : pending) {
            const CallResult current = client.get(p.ref);
            if (current.not_found()) continue;
            if (!current.ok()) {
                exit_code = exit_code_for(current);
                return describe_failure(current, p.ref, "get", client.transport().server());
            }
            const std::string uid = uid_of(current.body);
            if (!p.uid.empty() && !uid.empty() && uid != p.uid) continue;  // re-created meanwhile
            still.push_back(p);
        }
        if (still.empty()) return "";
        if (clock.now() + options.poll_interval > deadline) {
            std::string names;
            for (const Pending& p : still) names += (names.empty() ? "" : ", ") + display_name(p.ref);
            exit_code = kExitFailure;
            return "still there after " + format_duration(options.timeout) + " (--timeout): " + names;
        }
        clock.sleep_for(options.poll_interval);
        pending = std::move(still);
    }
}

}  // namespace

std::string delete_line(const DeletedObject& object) {
    const char* what = object.outcome == DeleteOutcome::Deleted       ? "deleted"
                       : object.outcome == DeleteOutcome::AlreadyGone ? "already gone"
                                                                      : "already terminating";
    return display_name(object.ref) + " " + what;
}

CallResult delete_object(Client& client, const ResourceRef& ref, bool dry_run) {
    return client.remove(ref, is_daemonset(ref) ? "Foreground" : "", dry_run);
}

DeleteResult delete_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                            const DeleteOptions& options, const DeleteCallback& on_deleted) {
    DeleteResult result;
    std::vector<Pending> pending;
    auto report = [&](const ResourceRef& ref, DeleteOutcome outcome) {
        result.deleted.push_back({ref, outcome});
        if (on_deleted) on_deleted(result.deleted.back());
    };
    for (auto it = objects.rbegin(); it != objects.rend(); ++it) {
        const ResourceRef ref = ref_of(*it);
        const CallResult answer = delete_object(client, ref);
        if (answer.not_found()) {
            report(ref, DeleteOutcome::AlreadyGone);
        } else if (answer.ok()) {
            report(ref, DeleteOutcome::Deleted);
            pending.push_back({ref, uid_of(answer.body)});
        } else if (answer.response.status == 409 && ref.kind == "Namespace") {
            report(ref, DeleteOutcome::Terminating);
            pending.push_back({ref, ""});
        } else {
            result.error = describe_failure(answer, ref, "delete", client.transport().server());
            result.exit_code = exit_code_for(answer);
            return result;
        }
    }
    if (options.wait && !pending.empty()) {
        result.error = wait_until_gone(client, std::move(pending), options, result.exit_code);
    }
    return result;
}

}  // namespace planton::kube
