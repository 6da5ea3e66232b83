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

std::optional<unsigned long long> numeric(const std::string& text) {
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text);
}

// Whether the object was written after the list's revision. etcd-backed servers give
// numeric resourceVersions from one counter; anything else cannot be compared, and a
// write is assumed.
bool written_since(const std::string& after, const std::string& revision) {
    auto a = numeric(after);
    auto b = numeric(revision);
    if (!a || !b) return true;
    return *a > *b;
}

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
          clock_(options.clock != nullptr ? *options.clock : system_clock()) {}

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
    Outcome dry_run_outcome(const ResourceRef& ref, const CallResult& applied);
    // Applies the Namespace with the mark of namespace_claim.hpp into `applied`; returns
    // the GET of the live namespace when that failed.
    std::optional<CallResult> apply_namespace(const nlohmann::ordered_json& rendered, CallResult& applied);

    Client& client_;
    const std::vector<nlohmann::ordered_json>& objects_;
    const ApplyRunOptions& options_;
    const OutcomeCallback& on_outcome_;
    Clock& clock_;
    ApplyResult result_;
    std::string revision_;
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

std::optional<CallResult> Run::apply_namespace(const nlohmann::ordered_json& rendered, CallResult& applied) {
    const ResourceRef ref = ref_of(rendered);
    const CallResult live = client_.get(ref);
    if (!live.ok() && !live.not_found()) return live;
    const bool creating = live.not_found();
    applied = client_.apply(namespace_to_apply(rendered, creating ? nlohmann::json() : live.body), options_.apply);
    if (creating && applied.ok() && applied.response.status != 201 && !options_.apply.dry_run) {
        // Someone else created it between the GET and the PATCH: it is not this manifest's,
        // so the mark just applied goes again (it is planton-ds's field only).
        spdlog::debug("namespace {} appeared while it was being created; it is used, not marked", ref.name);
        applied = client_.apply(rendered, options_.apply);
    }
    return std::nullopt;
}

Outcome Run::dry_run_outcome(const ResourceRef& ref, const CallResult& applied) {
    nlohmann::json live;
    if (is_daemonset(ref)) {
        live = live_daemonset_;
        if (live.is_null()) return Outcome::Configured;  // appeared after the list
    } else {
        CallResult current = client_.get(ref);
        if (current.not_found()) return Outcome::Created;
        if (!current.ok()) {
            spdlog::debug("cannot read {} to compare it with the dry run ({}); counting it as configured",
                          display_name(ref), current.response.status);
            return Outcome::Configured;
        }
        live = current.body;
    }
    return same_content(live, applied.body) ? Outcome::Unchanged : Outcome::Configured;
}

ApplyResult Run::go() {
    if (const nlohmann::ordered_json* daemonset = find_daemonset(objects_)) {
        const ResourceRef ref = ref_of(*daemonset);
        CallResult list =
            client_.list("apps/v1", "DaemonSet", ref.namespace_, "", "metadata.name=" + ref.name);
        if (!list.ok()) return stop(0, list, ref, "list");
        revision_ = metadata_string(list.body, "resourceVersion");
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
        // With --adopt or --force-conflicts: the object before its PATCH, to adopt it and to
        // tell whose fields a forced apply took.
        nlohmann::json before;
        std::vector<std::string> adopted_from;
        if (is_daemonset(ref)) {
            before = live_daemonset_;
        }
        if (options_.adopt) {
            if (!is_daemonset(ref)) {
                CallResult live = client_.get(ref);
                if (live.ok()) {
                    before = live.body;
                } else if (!live.not_found()) {
                    return stop(i, live, ref, "get");
                }
            }
            if (before.is_object()) {
                Adoption adoption =
                    adopt(client_, ref, before, options_.apply.field_manager, options_.apply.dry_run);
                if (adoption.failure) return stop(i, std::move(*adoption.failure));
                adopted_from = std::move(adoption.from);
                before = std::move(adoption.live);
            }
        }
        CallResult applied;
        if (ref.kind == "Namespace") {
            const std::optional<CallResult> failed = apply_namespace(object, applied);
            if (failed) return stop(i, *failed, ref, "get");
        } else if (options_.apply.dry_run && !adopted_from.empty()) {
            // The adoption was not written, so the server would still see the client-side
            // manager's fields; forcing them is what the adoption would leave to apply.
            ApplyOptions forced = options_.apply;
            forced.force = true;
            applied = client_.apply(object, forced);
        } else {
            applied = client_.apply(object, options_.apply);
        }
        if (!applied.ok()) return stop(i, applied, ref, "apply");
        Outcome outcome = Outcome::Created;
        if (applied.response.status != 201) {
            outcome = options_.apply.dry_run ? dry_run_outcome(ref, applied)
                      : written_since(metadata_string(applied.body, "resourceVersion"), revision_)
                          ? Outcome::Configured
                          : Outcome::Unchanged;
        } else if (options_.apply.dry_run && ref.kind == "Namespace") {
            namespaces_to_create.insert(ref.name);
            spdlog::warn(
                "warning: namespace {} does not exist yet, so the server cannot dry-run the objects in it; "
                "they are shown as created without the server's validation",
                ref.name);
        }
        if (is_daemonset(ref)) result_.daemonset = applied.body;
        std::vector<std::string> taken_from;
        if (options_.apply.force && before.is_object())
            taken_from = apply_managers_overridden(before, applied.body, options_.apply.field_manager);
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
