// planton-ds delete: removes what the manifest renders, last object first (cli.md
// "delete"). One line per object on stdout, as apply prints its outcomes.
#include "planton/kube/delete.hpp"

#include <iostream>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/duration.hpp"

#include "cli/cluster_target.hpp"

namespace planton::cli {
namespace {

struct DeleteCommandOptions {
    TargetOptions target;
    kube::DeleteOptions deletion;  // --wait, --timeout
};

// delete on one target, for each manifest: a line per object as it goes.
kube::DeleteResult delete_on(ClusterTarget& target, const DeleteCommandOptions& options) {
    kube::DeleteResult result;
    for (const RenderedManifest& manifest : target.manifests) {
        result = kube::delete_objects(
            target.client(), manifest.objects, options.deletion,
            [](const kube::DeletedObject& object) { std::cout << kube::delete_line(object) << std::endl; });
        if (!result.ok()) break;
    }
    return result;
}

}  // namespace

CommandRunner setup_delete(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<DeleteCommandOptions>();
    add_target_options(sub, options->target);
    sub.add_flag("--wait", options->deletion.wait,
                 "Wait until the objects are gone (the DaemonSet after its pods)");
    add_duration_option(sub, "--timeout", options->deletion.timeout, "Time limit of --wait");
    return [options] {
        return run_on_cluster(options->target, [&](ClusterTarget& target) -> CommandResult {
            if (options->deletion.wait) {
                spdlog::debug("waiting up to {} for the objects to be gone",
                              kube::format_duration(options->deletion.timeout));
            }
            const kube::DeleteResult result = delete_on(target, *options);
            if (result.ok() && options->deletion.wait) spdlog::info("all objects are gone");
            return {result.failure};
        });
    };
}

}  // namespace planton::cli
