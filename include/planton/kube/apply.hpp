#pragma once
// The apply of cli.md: server-side apply of the rendered objects, in order, with the
// selector check before any change and one outcome per object.
//
// Requests, and nothing else (no discovery):
//  1. GET  /apis/apps/v1/namespaces/<ns>/daemonsets?fieldSelector=metadata.name%3D<name>
//     gives the live DaemonSet.
//  2. Only when the live selector differs and replace_on_immutable is set:
//     DELETE …/daemonsets/<name>?propagationPolicy=Foreground (&dryRun=All), then, not
//     in a dry run, GET …/daemonsets/<name> every poll_interval until 404.
//  3. Per object a GET of the live object (not for the DaemonSet: step 1 has it), then
//     one PATCH (Client::apply). configured vs unchanged compares the two without status
//     and server-managed metadata (normalize.hpp), in a dry run as in a real apply.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/clock.hpp"
#include "planton/kube/resources.hpp"

namespace planton::kube {

struct ApplyRunOptions {
    ApplyOptions apply;                 // each PATCH: --field-manager, --force-conflicts, --dry-run
    bool replace_on_immutable = false;  // --replace-on-immutable
    // Bounds the wait for a replaced DaemonSet to be gone (--timeout of the run).
    std::chrono::milliseconds timeout{kDefaultWaitTimeout};
    std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
    Clock* clock = nullptr;  // nullptr: system_clock()
};

enum class Outcome {
    Created,     // the PATCH answered 201
    Configured,  // the PATCH changed its content (status and server metadata left out)
    Unchanged,   // it did not, whatever a controller wrote meanwhile
    Deleted,     // the DaemonSet removed by --replace-on-immutable
};

// "created", "configured", "unchanged", "deleted".
const char* outcome_name(Outcome outcome);

struct ObjectOutcome {
    ResourceRef ref;
    Outcome outcome;
};

// kubectl's line for an outcome: "daemonset.apps/fluentd configured", with
// " (server dry run)" appended in a dry run.
std::string outcome_line(const ObjectOutcome& outcome, bool dry_run);

// Told about each outcome as it happens, so that the CLI prints lines as they come.
using OutcomeCallback = std::function<void(const ObjectOutcome&)>;

struct ApplyResult {
    std::vector<ObjectOutcome> applied;  // in order; a replaced DaemonSet shows Deleted, then Created
    // The objects not applied, in order, the failed one first. Empty on success.
    std::vector<ResourceRef> not_applied;
    std::optional<Failure> failure;  // why the run stopped; nullopt on success
    // The DaemonSet as its PATCH answered (the dry-run result in a dry run); null when
    // the run stopped before it.
    nlohmann::json daemonset;
    bool ok() const { return !failure; }
};

// Applies `objects` (render's output, in objects.md order). Never throws for cluster
// answers: a failure stops the run and is described in the result — Refused for what the
// server refused and for a selector that cannot change without --replace-on-immutable,
// Unreachable for a server not reached, TimedOut for a replaced DaemonSet that stays.
ApplyResult apply_objects(Client& client, const std::vector<nlohmann::ordered_json>& objects,
                          const ApplyRunOptions& options, const OutcomeCallback& on_outcome = {});

// "app.kubernetes.io/name=fluentd", or for expressions "tier in (a,b)"; used in the
// selector-mismatch message.
std::string selector_text(const nlohmann::json& selector);

}  // namespace planton::kube
