#include "planton/kube/delete.hpp"

#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/namespace_claim.hpp"

namespace planton::kube {
namespace {

// The uid of the deleted object from the DELETE's answer: the object itself, or a
// Status whose details carry it.
std::string uid_of(const nlohmann::json& body) {
    const std::string uid = metadata_string(body, "uid");
    return uid.empty() ? string_at(object_at(body, "details"), "uid") : uid;
}

// Whether the Namespace `ref` goes (outcome Deleted: it may), and if not why
// (namespace_claim.hpp): its mark, then what else it holds.
struct NamespaceJudgement {
    DeleteOutcome outcome = DeleteOutcome::Deleted;
    std::string reason;               // Kept: why
    bool for_contents = false;        // Kept for what else it holds
    std::optional<CallResult> failed;  // the GET of the namespace, when it failed
};

NamespaceJudgement judge_namespace(Client& client, const ResourceRef& ref,
                                   const std::vector<nlohmann::ordered_json>& objects,
                                   const nlohmann::ordered_json& rendered, const DeleteOptions& options) {
    NamespaceJudgement judgement;
    CallResult live = client.get(ref);
    if (live.not_found()) {
        judgement.outcome = DeleteOutcome::AlreadyGone;
    } else if (!live.ok()) {
        judgement.failed = std::move(live);
    } else if (has_value_at(object_at(live.body, "metadata"), "deletionTimestamp")) {
        judgement.outcome = DeleteOutcome::Terminating;
    } else {
        judgement.reason = claim_refusal(live.body, manifest_name_of(rendered));
        if (judgement.reason.empty() && !options.delete_namespace) {
            judgement.reason = holdings_refusal(namespace_holdings(client, ref.name, objects));
            judgement.for_contents = !judgement.reason.empty();
        }
        if (!judgement.reason.empty()) judgement.outcome = DeleteOutcome::Kept;
    }
    return judgement;
}

}  // namespace

std::string delete_line(const DeletedObject& object, bool dry_run) {
    switch (object.outcome) {
        case DeleteOutcome::Deleted:
            return display_name(object.ref) + " deleted" + (dry_run ? " (server dry run)" : "");
        case DeleteOutcome::AlreadyGone:
            return display_name(object.ref) + " already gone";
        case DeleteOutcome::Terminating:
            return display_name(object.ref) + " already terminating";
        case DeleteOutcome::Kept:
            return display_name(object.ref) + " kept: " + object.reason;
    }
    return display_name(object.ref);
}

GoneWait wait_until_gone(Client& client, std::vector<PendingDeletion> pending,
                         std::chrono::milliseconds timeout, std::chrono::milliseconds poll_interval,
                         Clock& clock) {
    GoneWait out;
    const auto deadline = clock.now() + timeout;
    while (true) {
        std::vector<PendingDeletion> still;
        for (const PendingDeletion& p : pending) {
            const CallResult current = client.get(p.ref);
            if (current.not_found()) continue;
            if (!current.ok()) {
                out.failure = call_failure(current, p.ref, "get", client.transport().server());
                return out;
            }
            const std::string uid = uid_of(current.body);
            if (!p.uid.empty() && !uid.empty() && uid != p.uid) continue;  // re-created meanwhile
            still.push_back(p);
        }
        if (still.empty()) return out;
        if (clock.now() + poll_interval > deadline) {
            for (const PendingDeletion& p : still) out.still_there.push_back(p.ref);
            return out;
        }
        clock.sleep_for(poll_interval);
        pending = std::move(still);
    }
}

CallResult delete_object(Client& client, const ResourceRef& ref, bool dry_run) {
    return client.remove(ref, is_daemonset(ref) ? "Foreground" : "", dry_run);
}

DeleteResult delete_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                            const DeleteOptions& options, const DeleteCallback& on_deleted) {
    DeleteResult result;
    std::vector<PendingDeletion> pending;
    auto report = [&](const ResourceRef& ref, DeleteOutcome outcome, std::string reason = "",
                      bool for_contents = false) {
        result.deleted.push_back({ref, outcome, std::move(reason), for_contents});
        if (on_deleted) on_deleted(result.deleted.back());
    };
    for (auto it = objects.rbegin(); it != objects.rend(); ++it) {
        const ResourceRef ref = ref_of(*it);
        if (ref.kind == "Namespace") {
            NamespaceJudgement judgement = judge_namespace(client, ref, objects, *it, options);
            if (judgement.failed) {
                result.failure = call_failure(*judgement.failed, ref, "get", client.transport().server());
                return result;
            }
            if (judgement.outcome != DeleteOutcome::Deleted) {
                if (judgement.outcome == DeleteOutcome::Terminating) pending.push_back({ref, ""});
                report(ref, judgement.outcome, std::move(judgement.reason), judgement.for_contents);
                continue;
            }
        }
        const CallResult answer = delete_object(client, ref, options.dry_run);
        if (answer.not_found()) {
            report(ref, DeleteOutcome::AlreadyGone);
        } else if (answer.ok()) {
            report(ref, DeleteOutcome::Deleted);
            pending.push_back({ref, uid_of(answer.body)});
        } else if (answer.response.status == 409 && ref.kind == "Namespace") {
            report(ref, DeleteOutcome::Terminating);
            pending.push_back({ref, ""});
        } else {
            result.failure = call_failure(answer, ref, "delete", client.transport().server());
            return result;
        }
    }
    if (!options.wait || options.dry_run || pending.empty()) return result;
    Clock& clock = clock_or_system(options.clock);
    GoneWait gone =
        wait_until_gone(client, std::move(pending), options.timeout, options.poll_interval, clock);
    if (gone.failure) {
        result.failure = std::move(gone.failure);
    } else if (!gone.still_there.empty()) {
        std::string names;
        for (const ResourceRef& ref : gone.still_there)
            names += (names.empty() ? "" : ", ") + display_name(ref);
        result.failure =
            Failure{FailureKind::TimedOut,
                    "still there after " + format_duration(options.timeout) + " (--timeout): " + names};
    }
    return result;
}

}  // namespace planton::kube
