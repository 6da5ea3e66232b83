#pragma once
// Preflight (cli.md "Preflight (apply, diff)"): read-only checks, before anything is
// written, of what the API server would accept but the DaemonSet controller could never
// run.
//
// Requests (only reads; each only when its check applies):
//  1. GET …/namespaces/<ns>/serviceaccounts/<name>: the pod's service account, unless it
//     is "default" (the cluster creates it with the namespace) or the manifest creates it.
//  2. GET /apis/scheduling.k8s.io/v1/priorityclasses/<name>: the pod's PriorityClass,
//     unless it is system-node-critical or system-cluster-critical (they always exist).
//  3. GET /api/v1/namespaces/<ns>: its Pod Security labels (a namespace the manifest
//     creates: the rendered labels), evaluated on the rendered pod (pod_security.hpp).
//  4. GET /api/v1/nodes?limit=500, page by page: the node coverage (coverage.hpp, node_list.hpp).
// A 403 skips that check with a note; other failures of a read stop preflight with the
// failure (the cluster cannot be used).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planton/error.hpp"
#include "planton/kube/client.hpp"
#include "planton/kube/coverage.hpp"

namespace planton::kube {

struct PreflightResult {
    // What the controller could never run: apply stops before any write (exit 1), diff
    // prints them and exits 1. Each a whole sentence; a Pod Security one lists each
    // offending field with the rule it breaks, one per line.
    std::vector<std::string> errors;
    std::vector<std::string> warnings;  // Pod Security warn/audit, no node matches
    std::vector<std::string> notes;     // checks skipped for lack of permission
    std::optional<Coverage> coverage;   // nullopt when the nodes could not be listed
    std::optional<Failure> failure;     // a read failed otherwise; nothing else is known
    bool ok() const { return !failure && errors.empty(); }
};

// Checks the rendered `objects` (render's output; nothing to check without a DaemonSet).
PreflightResult run_preflight(Client& client, const std::vector<nlohmann::ordered_json>& objects);

}  // namespace planton::kube
