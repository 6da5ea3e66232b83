#pragma once
// One call from command-line flags to a ready client: the configuration resolved
// (cluster_access.hpp), its warnings logged, and a CurlTransport with a Client over it.
#include <chrono>
#include <functional>
#include <memory>

#include "planton/kube/client.hpp"
#include "planton/kube/cluster_access.hpp"
#include "planton/kube/retry.hpp"
#include "planton/kube/transport.hpp"

namespace planton::kube {

struct ConnectOptions {
    ConfigSelection selection;  // --kubeconfig, --context, kubeconfig text
    RetryPolicy retry;          // retry.timeout is --request-timeout (0: no limit)
    // The configuration already chosen and read for `selection` (a run over many
    // contexts reads it once); null: connect() chooses and reads it.
    std::shared_ptr<const ChosenKubeconfig> kubeconfig;
};

// A connection for one run. Move-only; `client` refers to `*transport`. A transport is
// used by one thread at a time: work that runs beside it on another thread (the rollout
// waits of several DaemonSets) takes another_connection().
struct Connection {
    ClusterAccess access;  // server, context, cluster, user, namespace, source
    std::unique_ptr<Transport> transport;
    std::unique_ptr<Client> client;
    // Opens another transport to the same cluster with the same settings and the same
    // credentials object (an exec plugin's credential is shared, not fetched again).
    std::function<std::unique_ptr<Transport>()> open_transport;
};

// Resolves the configuration, logs its warnings (spdlog::warn) and which context and
// server are used (spdlog::debug), and builds the transport. No request is sent yet.
// Throws planton::Error (exit code 3) for configuration problems.
Connection connect(const ConnectOptions& options,
                   const KubeconfigEnvironment& environment = KubeconfigEnvironment::from_process());

// A connection of its own (transport and client) to the cluster of `connection`,
// sharing its credentials; nothing is logged or resolved again.
Connection another_connection(const Connection& connection);

}  // namespace planton::kube
