#include "planton/kube/connection.hpp"

#include <spdlog/spdlog.h>

#include "planton/kube/credentials.hpp"
#include "planton/kube/curl_transport.hpp"

namespace planton::kube {

Connection connect(const ConnectOptions& options, const KubeconfigEnvironment& environment) {
    Connection connection;
    connection.access = options.kubeconfig
                            ? resolve_cluster_access(*options.kubeconfig, options.selection.context, environment)
                            : resolve_cluster_access(options.selection, environment);
    for (const std::string& warning : connection.access.warnings) spdlog::warn("warning: {}", warning);
    spdlog::debug("using context {} (cluster {}, user {}) of {}: {}", connection.access.context,
                  connection.access.cluster, connection.access.user.empty() ? "none" : connection.access.user,
                  connection.access.source, connection.access.server);
    TransportSettings settings;
    settings.retry = options.retry;
    auto credentials =
        std::make_shared<Credentials>(connection.access, system_clock(), settings.retry.timeout);
    connection.open_transport = [access = connection.access, settings,
                                 credentials]() -> std::unique_ptr<Transport> {
        return std::make_unique<CurlTransport>(access, settings, credentials);
    };
    connection.transport = connection.open_transport();
    connection.client = std::make_unique<Client>(*connection.transport);
    return connection;
}

Connection another_connection(const Connection& connection) {
    Connection another;
    another.access = connection.access;
    another.open_transport = connection.open_transport;
    another.transport = another.open_transport();
    another.client = std::make_unique<Client>(*another.transport);
    return another;
}

}  // namespace planton::kube
