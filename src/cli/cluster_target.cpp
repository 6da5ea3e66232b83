#include "cli/cluster_target.hpp"

namespace planton::cli {

std::vector<RenderedManifest> read_manifests(const TargetOptions& options) {
    render::Options render_options;
    if (!options.docker_config_json.empty())
        render_options.docker_config_json = read_docker_config_json(options.docker_config_json);
    std::vector<RenderedManifest> manifests;
    manifests.push_back(load_one_manifest(options.file, render_options));
    return manifests;
}

ClusterTarget open_cluster_target(const std::vector<RenderedManifest>& manifests,
                                  const ClusterOptions& cluster, const std::string& context) {
    kube::ConnectOptions connect;
    connect.selection.kubeconfig_path = cluster.kubeconfig;
    connect.selection.context = context;
    for (const RenderedManifest& manifest : manifests) {
        if (auto text = stack_input_kubeconfig(manifest.document)) {
            connect.selection.kubeconfig_text = std::move(text);
            break;
        }
    }
    connect.retry.timeout = cluster.request_timeout;
    return ClusterTarget{manifests, kube::connect(connect)};
}

CommandResult run_on_cluster(const TargetOptions& options, const TargetRun& run) {
    const std::vector<RenderedManifest> manifests = read_manifests(options);
    ClusterTarget target = open_cluster_target(manifests, options.cluster, options.cluster.context);
    return run(target);
}

}  // namespace planton::cli
