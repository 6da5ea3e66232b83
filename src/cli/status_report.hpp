#pragma once
// How `status` shows a DaemonSet: text for people, JSON for machines (cli.md "status").
#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "planton/kube/status.hpp"

namespace planton::cli {

// A heading; the generation and counts; whether the current generation is rolled out
// and ready (else what is missing, kube::rollout_gaps; with OnDelete and pods of an
// older template, a note that `restart --outdated-only` replaces them); the node coverage line (or the
// note of why it is skipped); a table of the pods per node (NODE, POD, PHASE, READY,
// RESTARTS, AGE, IMAGE, TEMPLATE "current"/"older", REASON); the last Warning events
// (LAST SEEN, REASON, OBJECT, MESSAGE) or "no Warning events"; the stack outputs. Ages
// are taken at `now`.
std::string status_text(const kube::DaemonSetStatus& status, std::chrono::system_clock::time_point now);

// Planton's stack outputs (namespace, daemonset_name, desired_number_scheduled,
// current_number_scheduled, number_ready), the coverage keys of cli.md "Preflight"
// (nodes_total, nodes_matching, nodes_excluded [{node, reason}]; left out when the nodes
// could not be listed), then rolled_out (bool), rollout_gaps (kube::rollout_gaps),
// updated_number_scheduled, number_available, number_unavailable, number_misscheduled,
// generation, observed_generation, template_generation, pods: [{node, name, phase,
// ready ("1/1"), restarts, reason, created, images, template_generation,
// current_template}], warning_events: [{reason, object, message, count, first_seen,
// last_seen}], and notes (parts skipped) when there are any. Times are the API's RFC
// 3339 texts, never ages, so that the JSON of --watch changes only when the cluster does.
nlohmann::ordered_json status_json(const kube::DaemonSetStatus& status);

}  // namespace planton::cli
