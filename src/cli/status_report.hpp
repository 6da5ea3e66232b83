#pragma once
// How `status` shows a DaemonSet: text for people, JSON for machines (cli.md "status").
#include <string>

#include <nlohmann/json.hpp>

#include "planton/kube/status.hpp"

namespace planton::cli {

// A heading, the counts, a table of the pods per node (NODE, POD, PHASE, READY,
// RESTARTS, REASON) and the stack outputs.
std::string status_text(const kube::DaemonSetStatus& status);

// Planton's stack outputs (namespace, daemonset_name, desired_number_scheduled,
// current_number_scheduled, number_ready), then updated_number_scheduled,
// number_available, number_unavailable, number_misscheduled, generation,
// observed_generation, and pods: [{node, name, phase, ready ("1/1"), restarts, reason}].
nlohmann::ordered_json status_json(const kube::DaemonSetStatus& status);

}  // namespace planton::cli
