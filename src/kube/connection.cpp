#include "planton/kube/connection.hpp"

#include <spdlog/spdlog.h>

#include "planton/kube/curl_transport.hpp"

namespace planton::kube {

Connection connect(const ConnectOptions& options, const KubeconfigEnvironment& environment) {
    Connection connection;
    connection.access = resolve_cluster_access(options.selection, environment);
    for (const std::string& warning : connection.access.warnings) spdlog::warn("warning: {}", warning);
    spdlog::debug("using context {} (cluster {}, user {}) of {}: {}", connection.access.context,
                  connection.access.cluster, connection.access.user.empty() ? "none" : connection.access.user,
                  connection.access.source, connection.access.server);
    TransportSettings settings;
    settings.retry = options.retry;
    connection.transport = std::make_unique<CurlTransport>(connection.access, settings);
    connection.client = std::make_unique<Client>(*connection.transport);
    return connection;
}

}  // namespace planton::kube
