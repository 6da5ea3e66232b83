#pragma once
// apply --rollback-on-failure (cli.md "Rollback, restart"): what planton-ds had applied
// to each object is read just before the run's PATCHes, and put back when the rollout
// fails.
//
// Requests:
//  - capture_prior_state: one GET per rendered object, before apply.
//  - roll_back: for each object the run configured, one server-side apply (PATCH,
//    force=true) of the configuration captured for it; then, in reverse order, one DELETE
//    (propagationPolicy=Background) per object the run created; a Namespace the run
//    created is deleted only when it holds nothing but the manifest's objects
//    (namespace_claim.hpp's namespace_holdings, with its requests).
// The ConfigMaps and Secrets the pods mount are rendered objects of the manifest, so they
// are restored with the DaemonSet. No object content is ever put in a message.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/apply.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

// One rendered object as it was before the run.
struct PriorObject {
    ResourceRef ref;
    bool existed = false;
    // What the field manager had applied (managed_fields.hpp's extract); nullopt when the
    // object did not exist or the manager had never applied it.
    std::optional<nlohmann::json> applied;
    // The other managers of the object, for the message of one that cannot be restored.
    std::vector<std::string> managers;
};

struct PriorState {
    std::vector<PriorObject> objects;  // in the order of the rendered objects
    std::optional<Failure> failure;    // a GET that failed: nothing can be promised then
    bool ok() const { return !failure; }
};

// Reads every object of `objects` and keeps what `field_manager` had applied to it.
PriorState capture_prior_state(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                               const std::string& field_manager);

enum class RollbackStep {
    Restored,      // the captured configuration applied again
    Deleted,       // created by the run, deleted
    NotRestored,   // changed by the run, but there is nothing of planton-ds's to go back to
    Kept,          // a Namespace the run created that now holds more than the manifest's objects
};

struct RollbackAction {
    ResourceRef ref;
    RollbackStep step;
    std::string note;  // NotRestored, Kept: why
};

// "configmap/fluentd-config restored", "configmap/extra deleted (created by this run)",
// "daemonset.apps/fluentd not restored: …".
std::string rollback_line(const RollbackAction& action);

struct RollbackResult {
    std::vector<RollbackAction> actions;
    std::optional<Failure> failure;  // a request that failed; the actions before it were done
    bool daemonset_restored = false;
    bool ok() const { return !failure; }
};

using RollbackCallback = std::function<void(const RollbackAction&)>;

// Puts back what `applied` (apply_objects' outcomes of this run) changed: a Configured
// object gets its captured configuration again under options.field_manager, forced (the
// fields were that manager's before the run); a Created one is deleted. Unchanged objects
// are left alone; a DaemonSet the run replaced (--replace-on-immutable) cannot come back
// and is said so. Never throws for cluster answers.
RollbackResult roll_back(Client& client, const PriorState& prior, const std::vector<ObjectOutcome>& applied,
                         const std::vector<nlohmann::ordered_json>& rendered, const ApplyOptions& options,
                         const RollbackCallback& on_action = {});

// "restored configmap/fluentd-config, daemonset.apps/fluentd; deleted configmap/extra".
std::string rollback_summary(const RollbackResult& result);

}  // namespace planton::kube
