#include "cli/stack_outputs.hpp"

namespace planton::cli {
namespace {

const nlohmann::json& object_at(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::object();
    if (!object.is_object()) return empty;
    auto it = object.find(key);
    return it != object.end() && it->is_object() ? *it : empty;
}

std::string string_at(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

long long count_at(const nlohmann::json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

}  // namespace

nlohmann::ordered_json stack_outputs(const nlohmann::json& daemonset) {
    const nlohmann::json& metadata = object_at(daemonset, "metadata");
    const nlohmann::json& status = object_at(daemonset, "status");
    nlohmann::ordered_json outputs;
    outputs["namespace"] = string_at(metadata, "namespace");
    outputs["daemonset_name"] = string_at(metadata, "name");
    outputs["desired_number_scheduled"] = count_at(status, "desiredNumberScheduled");
    outputs["current_number_scheduled"] = count_at(status, "currentNumberScheduled");
    outputs["number_ready"] = count_at(status, "numberReady");
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
