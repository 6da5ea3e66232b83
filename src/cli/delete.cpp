// planton-ds delete: removes what the manifest renders, last object first (cli.md
// "delete"). One line per object on stdout, as apply prints its outcomes.
#include "planton/kube/delete.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/duration.hpp"

#include "cli/cluster_runner.hpp"
#include "cli/console.hpp"

namespace planton::cli {
namespace {

struct DeleteCommandOptions {
    TargetOptions target;
    kube::DeleteOptions deletion;  // --wait, --timeout, --dry-run, --delete-namespace
};

// A kept namespace is a result line; what would remove it goes to the log.
void print_deleted(const kube::DeletedObject& object, const kube::DeleteOptions& options) {
    console().change(Stream::out, kube::delete_line(object, options.dry_run));
    if (object.kept_for_contents)
        spdlog::info("--delete-namespace deletes namespace {} with everything in it", object.ref.name);
}

// delete on one target, for each manifest: a line per object as it goes.
std::vector<ManifestResult> delete_on(ClusterTarget& target, const DeleteCommandOptions& options) {
    std::vector<ManifestResult> results;
    for_each_manifest(target, results, [&](size_t, const RenderedManifest& manifest, ManifestResult& result) {
        const kube::DeleteResult deleted = kube::delete_objects(
            target.client(), manifest.objects, options.deletion, [&options](const kube::DeletedObject& object) { print_deleted(object, options.deletion); });
        result.failure = deleted.failure;
        result.changed = std::any_of(
            deleted.deleted.begin(), deleted.deleted.end(),
            [](const kube::DeletedObject& o) { return o.outcome != kube::DeleteOutcome::AlreadyGone; });
        result.result = result.changed ? "deleted" : "already gone";
        if (deleted.ok() && options.deletion.wait) spdlog::info("all objects are gone");
    });
    return results;
}

}  // namespace

CommandRunner setup_delete(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<DeleteCommandOptions>();
    add_target_options(sub, options->target);
    sub.add_flag("--wait", options->deletion.wait,
                 "Wait until the objects are gone (the DaemonSet after its pods)");
    add_duration_option(sub, "--timeout", options->deletion.timeout, "Time limit of --wait");
    sub.add_option_function<std::string>(
           "--dry-run", [options](const std::string& mode) { options->deletion.dry_run = mode == "server"; },
           "'server': list what would be deleted and delete nothing")
        ->check(CLI::IsMember({"none", "server"}))
        ->default_str("none");
    sub.add_flag("--delete-namespace", options->deletion.delete_namespace,
                 "Delete the namespace apply created for this manifest even when it holds other objects "
                 "(a namespace planton-ds did not create is never deleted)");
    return [options] {
        if (options->deletion.wait) {
            spdlog::debug("waiting up to {} for the objects to be gone",
                          kube::format_duration(options->deletion.timeout));
        }
        return run_cluster_command(options->target,
                                   {[&](ClusterTarget& target) { return delete_on(target, *options); }});
    };
}

}  // namespace planton::cli
