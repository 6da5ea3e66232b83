#pragma once
// What the runner of the cluster commands (cluster_runner.hpp) shows at the end of a
// run: the summary line of several manifests, the table of several contexts, their
// -o json forms, and which failure decides the exit code. Pure functions of the
// results, so that tests check every line without a cluster.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"

#include "cli/manifest_input.hpp"

namespace planton::cli {

// How one manifest went on one target: what a command function returns, per manifest,
// for the runner to print, count and aggregate.
struct ManifestResult {
    std::optional<Failure> failure;  // nullopt: done as asked
    // What was done, in the command's words, when it did not fail: "rolled out",
    // "unchanged", "applied", "differences", "in sync", "deleted", "ready", …
    std::string result;
    // Something was (for diff: would be) changed. The table shows a context's first
    // changed manifest's result before an unchanged one's.
    bool changed = false;
    // The answer is "no" without an error (exit 1): diff's differences, status's DaemonSet
    // not rolled out and ready.
    bool differences = false;
    std::optional<long long> desired;  // the DaemonSet's desiredNumberScheduled, when read
    std::optional<long long> ready;    // its numberReady
    // -o json: this manifest's value (apply's stack outputs, status's object); null when
    // the command has none or never got that far.
    nlohmann::ordered_json json;
    // Printed at the end of a run of one manifest on one context (apply's stack outputs);
    // runs of several print the summary line or the table instead.
    std::string text;
};

// One context of a run over several.
struct ContextOutcome {
    std::string context;
    bool started = false;                   // false: --fail-fast stopped the run before it
    std::optional<Failure> failure;         // the target could not be set up (configuration, credentials)
    std::vector<ManifestResult> manifests;  // one per manifest, in order
    std::chrono::milliseconds duration{0};
};

// The failure that decides the exit code of a manifest list: the first, in order.
std::optional<Failure> first_failure(const std::vector<ManifestResult>& results);
// The same for a context: its setup's failure, else its first manifest's.
std::optional<Failure> first_failure(const ContextOutcome& outcome);

// A failure in a few words for a table cell: the first line of its message, cut to
// `width` characters.
std::string short_reason(const Failure& failure, size_t width = 50);

// A context's RESULT column: "not started", "unreachable" (it could not be reached or
// would not take the credentials), "failed: <short reason>", or the result of its first
// changed manifest (else of its first).
std::string context_result(const ContextOutcome& outcome);

// "3/3": the sums over the manifests whose DaemonSet was read; "-" when none was.
std::string desired_ready(const std::vector<ManifestResult>& results);

// "0.4s", "12.0s", "2m05s".
std::string duration_text(std::chrono::milliseconds duration);

// The line printed when a context finishes: "rolled out (3/3 ready, 4.2s)".
std::string finished_line(const ContextOutcome& outcome);

// The table that ends a run over several contexts: CONTEXT, RESULT, DESIRED/READY,
// DURATION, one row per context in the order given, then a count of each result.
std::string fleet_table(const std::vector<ContextOutcome>& outcomes);

// The summary line of a run of several manifests: "3 manifests: 2 rolled out, 1 failed".
std::string manifest_summary(const std::vector<ManifestResult>& results);

// -o json of one manifest: its value (or, without one, {namespace, daemonset_name}),
// with "error": message when it failed.
nlohmann::ordered_json manifest_json(const RenderedManifest& manifest, const ManifestResult& result);

// -o json of one context's manifests: the one manifest's value, or an array of them.
nlohmann::ordered_json manifests_json(const std::vector<RenderedManifest>& manifests,
                                      const std::vector<ManifestResult>& results);

// -o json of a run over several contexts: an object keyed by context, in the order
// given, each {result, desired, ready, duration_seconds, error (a failed setup), output
// (manifests_json)}; a context not started is {result: "not started"}.
nlohmann::ordered_json fleet_json(const std::vector<RenderedManifest>& manifests,
                                  const std::vector<ContextOutcome>& outcomes);

}  // namespace planton::cli
