#pragma once
// The node list as the node coverage reads it (coverage.hpp), for preflight and status.
// Listed in pages of 500 nodes — kubectl's default --chunk-size, with the API's
// `limit` and `continue` ("Retrieving large results sets in chunks", Kubernetes API
// concepts) — and each node cut down to its name, labels, taints and unschedulable as
// its page is read: a cluster of thousands of nodes never sits in memory as one NodeList
// (2,000 nodes are about 4.5 MB of JSON, most of it images, conditions and addresses).
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "planton/kube/client.hpp"

namespace planton::kube {

struct NodeListing {
    nlohmann::json list;               // {"items": [...]}: the nodes as coverage reads them
    std::optional<CallResult> failed;  // the page that failed (then `list` is null)
};

// Every node, page by page. A continue token the server no longer honours (410 Gone,
// "The provided continue parameter is too old") starts the listing over once, without it.
NodeListing list_nodes_for_coverage(Client& client, std::size_t page_size = 500);

// Why the coverage is left out when the nodes may not be listed (a 403 of `failed`):
// "the node coverage is skipped: …", a note for preflight and status; nullopt for any
// other failure, which the caller reports as the failure it is.
std::optional<std::string> coverage_skipped(const CallResult& failed, const std::string& server);

// What coverage.hpp reads of a node: metadata.name and labels, spec.taints and
// spec.unschedulable.
nlohmann::json coverage_fields(const nlohmann::json& node);

}  // namespace planton::kube
