#include "planton/kube/rollback.hpp"

#include <algorithm>

#include "planton/kube/json_fields.hpp"
#include "planton/kube/managed_fields.hpp"
#include "planton/kube/namespace_claim.hpp"

namespace planton::kube {
namespace {

bool same_ref(const ResourceRef& a, const ResourceRef& b) {
    return a.api_version == b.api_version && a.kind == b.kind && a.name == b.name && a.namespace_ == b.namespace_;
}

std::vector<std::string> managers_of(const nlohmann::json& object, const std::string& except) {
    std::vector<std::string> names;
    for (const auto& entry : array_at(object_at(object, "metadata"), "managedFields")) {
        const std::string name = string_at(entry, "manager");
        if (name.empty() || name == except || std::find(names.begin(), names.end(), name) != names.end())
            continue;
        names.push_back(name);
    }
    return names;
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "\"" : ", \"") + name + "\"";
    return out;
}

}  // namespace

PriorState capture_prior_state(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                               const std::string& field_manager) {
    PriorState state;
    for (const auto& object : objects) {
        PriorObject prior;
        prior.ref = ref_of(object);
        CallResult live = client.get(prior.ref);
        if (live.not_found()) {
            state.objects.push_back(std::move(prior));
            continue;
        }
        if (!live.ok()) {
            state.failure = call_failure(live, prior.ref, "read (to be able to roll back)", client.transport().server());
            return state;
        }
        prior.existed = true;
        prior.applied = extract_applied_configuration(live.body, field_manager);
        prior.managers = managers_of(live.body, field_manager);
        state.objects.push_back(std::move(prior));
    }
    return state;
}

std::string rollback_line(const RollbackAction& action) {
    const std::string name = display_name(action.ref);
    switch (action.step) {
        case RollbackStep::Restored:
            return name + " restored";
        case RollbackStep::Deleted:
            return name + " deleted (created by this run)";
        case RollbackStep::NotRestored:
            return name + " not restored: " + action.note;
        case RollbackStep::Kept:
            return name + " kept: " + action.note;
    }
    return name;
}

RollbackResult roll_back(Client& client, const PriorState& prior, const std::vector<ObjectOutcome>& applied,
                         const std::vector<nlohmann::ordered_json>& rendered, const ApplyOptions& options,
                         const RollbackCallback& on_action) {
    RollbackResult result;
    auto act = [&](const ResourceRef& ref, RollbackStep step, std::string note = {}) {
        result.actions.push_back({ref, step, std::move(note)});
        if (on_action) on_action(result.actions.back());
    };
    auto replaced = [&](const ResourceRef& ref) {
        return std::any_of(applied.begin(), applied.end(), [&](const ObjectOutcome& o) {
            return o.outcome == Outcome::Deleted && same_ref(o.ref, ref);
        });
    };
    ApplyOptions restore = options;
    restore.force = true;
    restore.dry_run = false;
    const std::string server = client.transport().server();

    for (const ObjectOutcome& outcome : applied) {
        if (outcome.outcome != Outcome::Configured) continue;
        const auto found = std::find_if(prior.objects.begin(), prior.objects.end(),
                                        [&](const PriorObject& p) { return same_ref(p.ref, outcome.ref); });
        if (found == prior.objects.end() || !found->applied) {
            std::string note = "planton-ds (field manager \"" + options.field_manager +
                               "\") had not applied it before this run, so there is no earlier configuration of "
                               "its own to go back to";
            if (found != prior.objects.end() && !found->managers.empty())
                note += "; its fields belonged to " + quoted_list(found->managers);
            act(outcome.ref, RollbackStep::NotRestored, note);
            continue;
        }
        CallResult call = client.apply(nlohmann::ordered_json(*found->applied), restore);
        if (!call.ok()) {
            result.failure = call_failure(call, outcome.ref, "restore", server);
            return result;
        }
        if (is_daemonset(outcome.ref)) result.daemonset_restored = true;
        act(outcome.ref, RollbackStep::Restored);
    }

    for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
        if (it->outcome != Outcome::Created) continue;
        if (replaced(it->ref)) {
            act(it->ref, RollbackStep::NotRestored,
                "it was replaced by this run (--replace-on-immutable), and the DaemonSet it replaced is gone");
            continue;
        }
        if (it->ref.kind == "Namespace") {
            const std::string refusal = holdings_refusal(namespace_holdings(client, it->ref.name, rendered));
            if (!refusal.empty()) {
                act(it->ref, RollbackStep::Kept, refusal);
                continue;
            }
        }
        CallResult call = client.remove(it->ref, "Background");
        if (!call.ok() && !call.not_found()) {
            result.failure = call_failure(call, it->ref, "delete", server);
            return result;
        }
        act(it->ref, RollbackStep::Deleted);
    }
    return result;
}

std::string rollback_summary(const RollbackResult& result) {
    std::string restored;
    std::string deleted;
    std::string other;
    for (const auto& action : result.actions) {
        const std::string name = display_name(action.ref);
        if (action.step == RollbackStep::Restored) {
            restored += (restored.empty() ? "" : ", ") + name;
        } else if (action.step == RollbackStep::Deleted) {
            deleted += (deleted.empty() ? "" : ", ") + name;
        } else {
            other += "; " + rollback_line(action);
        }
    }
    std::string out = "restored " + (restored.empty() ? std::string("nothing") : restored);
    if (!deleted.empty()) out += "; deleted " + deleted;
    return out + other;
}

}  // namespace planton::kube
