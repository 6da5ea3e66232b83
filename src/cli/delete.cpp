// planton-ds delete: removes what the manifest renders, last object first (cli.md
// "delete"). One line per object on stdout, as apply prints its outcomes.
#include "planton/kube/delete.hpp"

#include <iostream>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/kube/duration.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"

namespace planton::cli {
namespace {

struct DeleteCommandOptions {
    std::string file;
    ClusterOptions cluster;
    kube::DeleteOptions deletion;
};

CommandResult run_delete(const DeleteCommandOptions& options) {
    const RenderedManifest manifest = load_one_manifest(options.file);
    kube::Connection connection = connect_cluster(options.cluster, stack_input_kubeconfig(manifest.document));
    if (options.deletion.wait) {
        spdlog::debug("waiting up to {} for the objects to be gone",
                      kube::format_duration(options.deletion.timeout));
    }
    const kube::DeleteResult result = kube::delete_objects(
        *connection.client, manifest.objects, options.deletion,
        [](const kube::DeletedObject& object) { std::cout << kube::delete_line(object) << std::endl; });
    if (!result.ok()) return {result.failure};
    if (options.deletion.wait) spdlog::info("all objects are gone");
    return {};
}

}  // namespace

CommandRunner setup_delete(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<DeleteCommandOptions>();
    sub.add_option("-f,--filename", options->file, "Manifest file (- for standard input)")->required();
    add_cluster_options(sub, options->cluster);
    sub.add_flag("--wait", options->deletion.wait,
                 "Wait until the objects are gone (the DaemonSet after its pods)");
    add_duration_option(sub, "--timeout", options->deletion.timeout, "Time limit of --wait");
    return [options]() { return run_delete(*options); };
}

}  // namespace planton::cli
