#include "cli/stack_outputs.hpp"

#include "planton/kube/json_fields.hpp"
#include "planton/kube/rollout.hpp"

namespace planton::cli {

nlohmann::ordered_json stack_outputs(const nlohmann::json& daemonset) {
    const nlohmann::json& metadata = kube::object_at(daemonset, "metadata");
    const kube::RolloutCounts counts = kube::rollout_counts(daemonset);
    nlohmann::ordered_json outputs;
    outputs["namespace"] = kube::string_at(metadata, "namespace");
    outputs["daemonset_name"] = kube::string_at(metadata, "name");
    outputs["desired_number_scheduled"] = counts.desired;
    outputs["current_number_scheduled"] = counts.current;
    outputs["number_ready"] = counts.ready;
    return outputs;
}

std::string stack_outputs_text(const nlohmann::ordered_json& outputs) {
    std::string text = "outputs:\n";
    for (const auto& [key, value] : outputs.items()) {
        text += "  " + key + ": " + (value.is_string() ? value.get<std::string>() : value.dump()) + "\n";
    }
    return text;
}

}  // namespace planton::cli
