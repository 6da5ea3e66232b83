#include "cli/cluster_target.hpp"

#include <algorithm>

#include "planton/error.hpp"

namespace planton::cli {
namespace {

// Which kubeconfig a run reads: --kubeconfig, else a stack input's provider kubeconfig,
// else KUBECONFIG and the rest of kubectl's rules.
kube::ConfigSelection config_selection(const std::vector<RenderedManifest>& manifests,
                                       const ClusterOptions& cluster, const std::string& context) {
    kube::ConfigSelection selection;
    selection.kubeconfig_path = cluster.kubeconfig;
    selection.context = context;
    for (const RenderedManifest& manifest : manifests) {
        if (auto text = stack_input_kubeconfig(manifest.document)) {
            selection.kubeconfig_text = std::move(text);
            break;
        }
    }
    return selection;
}

}  // namespace

std::vector<RenderedManifest> read_manifests(const TargetOptions& options) {
    render::Options render_options;
    if (!options.docker_config_json.empty())
        render_options.docker_config_json = read_docker_config_json(options.docker_config_json);
    return load_all_manifests(options.files, render_options);
}

RunContexts target_contexts(const std::vector<RenderedManifest>& manifests, const ClusterOptions& cluster) {
    RunContexts run;
    if (!cluster.fleet()) {
        run.names = {cluster.contexts.empty() ? std::string() : cluster.contexts.front()};
        return run;
    }
    const kube::KubeconfigEnvironment environment = kube::KubeconfigEnvironment::from_process();
    run.kubeconfig = std::make_shared<const kube::ChosenKubeconfig>(
        kube::choose_kubeconfig(config_selection(manifests, cluster, ""), environment));
    const std::vector<std::string> known = kube::context_names(*run.kubeconfig, environment);
    if (cluster.all_contexts) {
        run.names = known;
        return run;
    }
    for (const std::string& name : cluster.contexts) {
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        throw Error(FailureKind::Unreachable,
                    "context \"" + name + "\" is not in the kubeconfig; known contexts: " + list);
    }
    run.names = cluster.contexts;
    return run;
}

ClusterTarget open_cluster_target(const std::vector<RenderedManifest>& manifests,
                                  const ClusterOptions& cluster, const std::string& context,
                                  std::shared_ptr<const kube::ChosenKubeconfig> kubeconfig) {
    kube::ConnectOptions connect;
    connect.kubeconfig = std::move(kubeconfig);
    connect.selection = config_selection(manifests, cluster, context);
    connect.retry.timeout = cluster.request_timeout;
    return ClusterTarget{manifests, kube::connect(connect)};
}

}  // namespace planton::cli
