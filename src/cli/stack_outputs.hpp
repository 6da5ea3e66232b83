#pragma once
// The stack outputs of a deployed manifest, under Planton's keys (the outputs of its
// KubernetesDaemonSet stack): namespace, daemonset_name, desired_number_scheduled,
// current_number_scheduled, number_ready. Printed by apply and status.
#include <string>

#include <nlohmann/json.hpp>

namespace planton::cli {

// The outputs of a DaemonSet as the API server returned it (missing counts are 0), in
// that key order.
nlohmann::ordered_json stack_outputs(const nlohmann::json& daemonset);

// The outputs for people, one "key: value" line each under an "outputs:" heading.
std::string stack_outputs_text(const nlohmann::ordered_json& outputs);

}  // namespace planton::cli
