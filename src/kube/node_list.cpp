#include "planton/kube/node_list.hpp"

#include <string>

#include "planton/kube/json_fields.hpp"

namespace planton::kube {

nlohmann::json coverage_fields(const nlohmann::json& node) {
    nlohmann::json kept = {{"metadata", {{"name", metadata_string(node, "name")}}}};
    const nlohmann::json& metadata = object_at(node, "metadata");
    if (metadata.contains("labels")) kept["metadata"]["labels"] = metadata["labels"];
    const nlohmann::json& spec = object_at(node, "spec");
    for (const char* key : {"taints", "unschedulable"}) {
        if (spec.contains(key)) kept["spec"][key] = spec[key];
    }
    return kept;
}

std::optional<std::string> coverage_skipped(const CallResult& failed, const std::string& server) {
    if (failed.response.status != 403) return std::nullopt;
    return "the node coverage is skipped: " + describe_list_failure(failed, "v1", "Node", "", server);
}

NodeListing list_nodes_for_coverage(Client& client, std::size_t page_size) {
    const std::string first = list_path("v1", "Node", "") + "?limit=" + std::to_string(page_size);
    bool restarted = false;
    NodeListing listing{{{"items", nlohmann::json::array()}}, std::nullopt};
    std::string token;
    while (true) {
        CallResult page = client.get_path(token.empty() ? first : first + "&continue=" + url_encode(token));
        if (page.response.status == 410 && !token.empty() && !restarted) {
            // The continue token expired between two pages: list again from the start.
            restarted = true;
            token.clear();
            listing.list["items"] = nlohmann::json::array();
            continue;
        }
        if (!page.ok()) return {nullptr, std::move(page)};
        for (const auto& node : array_at(page.body, "items")) {
            if (node.is_object()) listing.list["items"].push_back(coverage_fields(node));
        }
        token = string_at(object_at(page.body, "metadata"), "continue");
        if (token.empty()) return listing;
    }
}

}  // namespace planton::kube
