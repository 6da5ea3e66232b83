#pragma once
// One call from command-line flags to a ready client: the configuration resolved
// (cluster_access.hpp), its warnings logged, and a CurlTransport with a Client over it.
#include <chrono>
#include <memory>

#include "planton/kube/client.hpp"
#include "planton/kube/cluster_access.hpp"
#include "planton/kube/retry.hpp"
#include "planton/kube/transport.hpp"

namespace planton::kube {

struct ConnectOptions {
    ConfigSelection selection;  // --kubeconfig, --context, kubeconfig text
    RetryPolicy retry;          // retry.timeout is --request-timeout (0: no limit)
};

// A connection for one run. Move-only; `client` refers to `*transport`.
struct Connection {
    ClusterAccess access;  // server, context, cluster, user, namespace, source
    std::unique_ptr<Transport> transport;
    std::unique_ptr<Client> client;
};

// Resolves the configuration, logs its warnings (spdlog::warn) and which context and
// server are used (spdlog::debug), and builds the transport. No request is sent yet.
// Throws planton::Error (exit code 3) for configuration problems.
Connection connect(const ConnectOptions& options,
                   const KubeconfigEnvironment& environment = KubeconfigEnvironment::from_process());

}  // namespace planton::kube
