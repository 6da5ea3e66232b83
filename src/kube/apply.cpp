#include "planton/kube/apply.hpp"

#include <set>

#include <spdlog/spdlog.h>

#include "planton/kube/adopt.hpp"
#include "planton/kube/delete.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/namespace_claim.hpp"
#include "planton/kube/normalize.hpp"

namespace planton::kube {
namespace {

// A selector with absent and empty parts made equal.
nlohmann::json canonical_selector(const nlohmann::json& selector) {
    return {{"matchLabels", object_at(selector, "matchLabels")},
            {"matchExpressions", array_at(selector, "matchExpressions")}};
}

const nlohmann::json& selector_of(const nlohmann::json& daemonset) {
    return object_at(object_at(daemonset, "spec"), "selector");
}

class Run {
public:
    Run(Client& client, const std::vector<nlohmann::ordered_json>& objects, const ApplyRunOptions& options,
        const OutcomeCallback& on_outcome)
        : client_(client),
          objects_(objects),
          options_(options),
          on_outcome_(on_outcome),
          clock_(clock_or_system(options.clock)) {}

    ApplyResult go();

private:
    void report(const ResourceRef& ref, Outcome outcome, std::vector<std::string> adopted_from = {},
                std::vector<std::string> taken_from = {}) {
        result_.applied.push_back({ref, outcome, std::move(adopted_from), std::move(taken_from)});
        if (on_outcome_) on_outcome_(result_.applied.back());
    }
    ApplyResult stop(size_t first_not_applied, Failure failure) {
        result_.failure = std::move(failure);
        for (size_t i = first_not_applied; i < objects_.size(); ++i)
            result_.not_applied.push_back(ref_of(objects_[i]));
        return result_;
    }
    ApplyResult stop(size_t first_not_applied, const CallResult& call, const ResourceRef& ref,
                     const std::string& verb) {
        return stop(first_not_applied, call_failure(call, ref, verb, client_.transport().server()));
    }
    // Deletes the live DaemonSet whose selector cannot change; false when it stopped.
    bool replace(const ResourceRef& ref, const nlohmann::json& live);
    // The object as it is before its PATCH, for outcome(): the listed DaemonSet, else a GET.
    // Null when it does not exist; nullopt when it cannot be read.
    std::optional<nlohmann::json> live_before(const ResourceRef& ref);
    // Applies the Namespace with the mark of namespace_claim.hpp into `applied`, its live
    // version before into `before`; returns the GET of the live namespace when that failed.
    std::optional<CallResult> apply_namespace(const nlohmann::ordered_json& rendered, CallResult& applied,
                                              std::optional<nlohmann::json>& before);

    Client& client_;
    const std::vector<nlohmann::ordered_json>& objects_;
    const ApplyRunOptions& options_;
    const OutcomeCallback& on_outcome_;
    Clock& clock_;
    ApplyResult result_;
    nlohmann::json live_daemonset_;
    bool replaced_ = false;
};

bool Run::replace(const ResourceRef& ref, const nlohmann::json& live) {
    CallResult deleted = client_.remove(ref, "Foreground", options_.apply.dry_run);
    if (!deleted.ok() && !deleted.not_found()) {
        stop(0, deleted, ref, "delete");
        return false;
    }
    if (!options_.apply.dry_run) {
        GoneWait gone = wait_until_gone(client_, {{ref, metadata_string(live, "uid")}}, options_.timeout,
                                        options_.poll_interval, clock_);
        if (gone.failure) {
            stop(0, std::move(*gone.failure));
            return false;
        }
        if (!gone.still_there.empty()) {
            stop(0, {FailureKind::TimedOut,
                     display_name(ref) + " was deleted but is still there after " +
                         format_duration(options_.timeout) +
                         " (its pods are still terminating?); nothing else was changed; run apply again once "
                         "it is gone"});
            return false;
        }
    }
    report(ref, Outcome::Deleted);
    replaced_ = true;
    live_daemonset_ = nullptr;
    return true;
}

std::optional<CallResult> Run::apply_namespace(const nlohmann::ordered_json& rendered, CallResult& applied,
                                               std::optional<nlohmann::json>& before) {
    const ResourceRef ref = ref_of(rendered);
    const CallResult live = client_.get(ref);
    if (!live.ok() && !live.not_found()) return live;
    const bool creating = live.not_found();
    before = creating ? nlohmann::json() : live.body;
    applied = client_.apply(namespace_to_apply(rendered, creating ? nlohmann::json() : live.body), options_.apply);
    if (creating && applied.ok() && applied.response.status != 201 && !options_.apply.dry_run) {
        // Someone else created it between the GET and the PATCH: it is not this manifest's,
        // so the mark just applied goes again (it is planton-ds's field only).
        spdlog::debug("namespace {} appeared while it was being created; it is used, not marked", ref.name);
        applied = client_.apply(rendered, options_.apply);
    }
    return std::nullopt;
}

std::optional<nlohmann::json> Run::live_before(const ResourceRef& ref) {
    if (is_daemonset(ref)) return live_daemonset_;
    CallResult current = client_.get(ref);
    if (current.not_found()) return nlohmann::json();
    if (!current.ok()) {
        spdlog::debug("cannot read {} to compare it with what apply returns ({}); counting it as configured",
                      display_name(ref), current.response.status);
        return std::nullopt;
    }
    return std::move(current.body);
}

// configured or unchanged, told from the object itself: its content before the PATCH and
// as the PATCH answered, without status and the metadata the server manages. Neither the
// resourceVersion of an earlier LIST nor the object's own one serves: a controller writes
// status in between (the DaemonSet controller does so right after a create), which moves
// the resourceVersion without any change of the manifest's; and resourceVersions are
// opaque, equality only (Kubernetes API conventions, "Concurrency Control and
// Consistency").
Outcome outcome_of(const CallResult& applied, const std::optional<nlohmann::json>& before) {
    if (applied.response.status == 201) return Outcome::Created;
    if (!before || before->is_null()) return Outcome::Configured;  // unreadable, or appeared meanwhile
    return same_content(*before, applied.body) ? Outcome::Unchanged : Outcome::Configured;
}

ApplyResult Run::go() {
    if (const nlohmann::ordered_json* daemonset = find_daemonset(objects_)) {
        const ResourceRef ref = ref_of(*daemonset);
        CallResult list =
            client_.list("apps/v1", "DaemonSet", ref.namespace_, "", "metadata.name=" + ref.name);
        if (!list.ok()) return stop(0, list, ref, "list");
        const nlohmann::json& items = array_at(list.body, "items");
        if (!items.empty() && items[0].is_object()) live_daemonset_ = items[0];
        const nlohmann::json wanted = selector_of(nlohmann::json(*daemonset));
        const nlohmann::json live = selector_of(live_daemonset_);
        if (!live_daemonset_.is_null() && canonical_selector(live) != canonical_selector(wanted)) {
            if (!options_.replace_on_immutable) {
                return stop(
                    0,
                    {FailureKind::Refused,
                     "the live " + display_name(ref) + " in namespace " + ref.namespace_ +
                         " selects its pods by " + selector_text(live) + ", but the manifest's selects by " +
                         selector_text(wanted) +
                         ", and a DaemonSet's selector cannot be changed (Planton's own module selects by "
                         "app=daemonset); nothing was changed; --replace-on-immutable deletes the DaemonSet "
                         "and creates it again, which replaces its pods"});
            }
            spdlog::info(
                "{} selects its pods by {}; deleting it to create it with {} (--replace-on-immutable)",
                display_name(ref), selector_text(live), selector_text(wanted));
            if (!replace(ref, live_daemonset_)) return result_;
        }
    }

    std::set<std::string> namespaces_to_create;  // dry run: Namespaces the server would create
    for (size_t i = 0; i < objects_.size(); ++i) {
        const nlohmann::ordered_json& object = objects_[i];
        const ResourceRef ref = ref_of(object);
        if (options_.apply.dry_run && !ref.namespace_.empty() &&
            namespaces_to_create.count(ref.namespace_) != 0) {
            // The server cannot dry-run an object in a namespace that does not exist.
            if (is_daemonset(ref)) result_.daemonset = nlohmann::json(object);
            report(ref, Outcome::Created);
            continue;
        }
        if (options_.apply.dry_run && replaced_ && is_daemonset(ref)) {
            spdlog::warn(
                "warning: {} is replaced, so the server cannot dry-run its new version; it is shown as "
                "created without the server's validation",
                display_name(ref));
            result_.daemonset = nlohmann::json(object);
            report(ref, Outcome::Created);
            continue;
        }
        // With --adopt: the object is adopted before its PATCH (adopt.hpp). `before` is the
        // object before its PATCH, to tell configured from unchanged and whose fields a forced
        // apply took: the listed DaemonSet, else a GET.
        std::vector<std::string> adopted_from;
        std::optional<nlohmann::json> before;
        if (options_.adopt) {
            nlohmann::json live;
            if (is_daemonset(ref)) {
                live = live_daemonset_;
            } else {
                CallResult got = client_.get(ref);
                if (got.ok()) {
                    live = std::move(got.body);
                } else if (!got.not_found()) {
                    return stop(i, got, ref, "get");
                }
            }
            if (live.is_object()) {
                Adoption adoption =
                    adopt(client_, ref, live, options_.apply.field_manager, options_.apply.dry_run);
                if (adoption.failure) return stop(i, std::move(*adoption.failure));
                adopted_from = std::move(adoption.from);
                live = std::move(adoption.live);
            }
            before = std::move(live);
        }
        CallResult applied;
        if (ref.kind == "Namespace") {
            const std::optional<CallResult> failed = apply_namespace(object, applied, before);
            if (failed) return stop(i, *failed, ref, "get");
        } else if (options_.apply.dry_run && !adopted_from.empty()) {
            // The adoption was not written, so the server would still see the client-side
            // manager's fields; forcing them is what the adoption would leave to apply.
            ApplyOptions forced = options_.apply;
            forced.force = true;
            applied = client_.apply(object, forced);
        } else {
            if (!options_.adopt) before = live_before(ref);
            applied = client_.apply(object, options_.apply);
        }
        if (!applied.ok()) return stop(i, applied, ref, "apply");
        const Outcome outcome = outcome_of(applied, before);
        if (outcome == Outcome::Created && options_.apply.dry_run && ref.kind == "Namespace") {
            namespaces_to_create.insert(ref.name);
            spdlog::warn(
                "warning: namespace {} does not exist yet, so the server cannot dry-run the objects in it; "
                "they are shown as created without the server's validation",
                ref.name);
        }
        if (is_daemonset(ref)) result_.daemonset = applied.body;
        std::vector<std::string> taken_from;
        if (options_.apply.force && before && before->is_object())
            taken_from = apply_managers_overridden(*before, applied.body, options_.apply.field_manager);
        report(ref, outcome, std::move(adopted_from), std::move(taken_from));
    }
    return result_;
}

}  // namespace

const char* outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Created:
            return "created";
        case Outcome::Configured:
            return "configured";
        case Outcome::Unchanged:
            return "unchanged";
        case Outcome::Deleted:
            return "deleted";
    }
    return "";
}

std::string outcome_line(const ObjectOutcome& outcome, bool dry_run) {
    return display_name(outcome.ref) + " " + outcome_name(outcome.outcome) +
           (dry_run ? " (server dry run)" : "");
}

std::vector<std::string> ownership_notes(const ObjectOutcome& outcome, const std::string& field_manager,
                                         bool dry_run) {
    std::vector<std::string> notes;
    auto joined = [](const std::vector<std::string>& names) {
        std::string out;
        for (const auto& name : names) out += (out.empty() ? "\"" : ", \"") + name + "\"";
        return out;
    };
    if (!outcome.adopted_from.empty()) {
        notes.push_back(display_name(outcome.ref) + (dry_run ? ": would be adopted: the fields of " : ": adopted: the fields of ") +
                        joined(outcome.adopted_from) + " (kubectl, client-side) " +
                        (dry_run ? "would belong to \"" : "now belong to \"") + field_manager +
                        "\", so fields removed from the manifest are removed from the object");
    }
    if (!outcome.taken_from.empty()) {
        notes.push_back(display_name(outcome.ref) + (dry_run ? ": --force-conflicts would take fields over from "
                                                             : ": --force-conflicts took fields over from ") +
                        joined(outcome.taken_from) + " (another Apply manager; it owned them before)");
    }
    return notes;
}

std::string selector_text(const nlohmann::json& selector) {
    const nlohmann::json canonical = canonical_selector(selector);
    std::string out;
    auto add = [&out](const std::string& part) { out += (out.empty() ? "" : ",") + part; };
    for (const auto& [key, value] : canonical["matchLabels"].items()) {
        add(key + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
    }
    for (const auto& expression : canonical["matchExpressions"]) {
        if (!expression.is_object()) continue;
        const std::string key = string_at(expression, "key");
        const std::string op = string_at(expression, "operator");
        std::string values;
        for (const auto& v : array_at(expression, "values"))
            values += (values.empty() ? "" : ",") + (v.is_string() ? v.get<std::string>() : v.dump());
        if (op == "In")
            add(key + " in (" + values + ")");
        else if (op == "NotIn")
            add(key + " notin (" + values + ")");
        else if (op == "Exists")
            add(key);
        else if (op == "DoesNotExist")
            add("!" + key);
        else
            add(key + " " + op + " (" + values + ")");
    }
    return out.empty() ? "(no selector)" : out;
}

ApplyResult apply_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                          const ApplyRunOptions& options, const OutcomeCallback& on_outcome) {
    return Run(client, objects, options, on_outcome).go();
}

}  // namespace planton::kube
