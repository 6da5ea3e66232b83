// planton-ds restart: new pods without a change to the manifest (cli.md "Rollback,
// restart"). RollingUpdate DaemonSets get the restarted-at annotation and the usual
// rollout wait; OnDelete DaemonSets have their pods deleted node by node by planton-ds.
#include "planton/kube/restart.hpp"

#include <memory>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/json_fields.hpp"
#include "planton/kube/rollout.hpp"

#include "cli/cluster_runner.hpp"
#include "cli/console.hpp"
#include "cli/progress_line.hpp"

namespace planton::cli {
namespace {

struct RestartCommandOptions {
    TargetOptions target;
    kube::RolloutOptions rollout;  // --timeout: the wait after a RollingUpdate restart
    kube::PodRestartOptions pods;  // --outdated-only, --progress-timeout; --timeout too
};

// RollingUpdate: the annotation, then the wait. With --outdated-only nothing is patched:
// the controller replaces the pods of an older template by itself.
std::optional<Failure> restart_rolling(kube::Client& client, const kube::ResourceRef& ref,
                                       const RestartCommandOptions& options) {
    if (options.pods.outdated_only) {
        spdlog::info("{} uses RollingUpdate: the DaemonSet controller replaces the pods of an older template "
                     "itself; waiting for its rollout",
                     kube::display_name(ref));
    } else {
        const kube::CallResult patched =
            kube::patch_restarted_at(client, ref, kube::rfc3339(std::chrono::system_clock::now()));
        if (!patched.ok()) return kube::call_failure(patched, ref, "patch", client.transport().server());
        console().change(Stream::out, kube::display_name(ref) + " restarted");
    }
    kube::RolloutResult result;
    {
        ProgressLine progress;
        kube::RolloutOptions rollout = options.rollout;
        rollout.thread_context = in_this_scope();
        result = kube::wait_for_rollout(client, ref, rollout,
                                        [&progress](const std::string& text, const kube::RolloutCounts&) {
                                            progress.update(text);
                                        });
    }
    if (!result.ok()) return result.failure;
    spdlog::info("rolled out {}: {}/{} updated, {}/{} ready", ref.name, result.counts.updated,
                 result.counts.desired, result.counts.ready, result.counts.desired);
    return std::nullopt;
}

// OnDelete: planton-ds deletes the pods, a line per node as each replacement is ready.
std::optional<Failure> restart_on_delete(kube::Client& client, const kube::ResourceRef& ref,
                                         const RestartCommandOptions& options) {
    kube::PodRestartOptions pods = options.pods;
    pods.timeout = options.rollout.timeout;
    pods.progress_timeout = options.rollout.progress_timeout;
    const kube::PodRestartResult result =
        kube::restart_pods(client, ref, pods, [](const kube::RestartEvent& event) {
            if (event.kind == kube::RestartEvent::Deleted) {
                spdlog::info("deleted pod {} on node {}", event.pod, event.node);
            } else {
                console().change(Stream::out, "pod/" + event.pod + " on node " + event.node + " replaced by " +
                                                  event.replacement);
            }
        });
    if (!result.ok()) return result.failure;
    if (result.restarted.empty()) {
        spdlog::info("nothing to restart: every pod of {} runs the current template", kube::display_name(ref));
    } else {
        spdlog::info("restarted {}: {} node{}, at most {} at a time", ref.name, result.restarted.size(),
                     result.restarted.size() == 1 ? "" : "s", result.max_unavailable);
    }
    return std::nullopt;
}

// restart on one target, for each manifest.
std::vector<ManifestResult> restart_on(ClusterTarget& target, const RestartCommandOptions& options) {
    std::vector<ManifestResult> results;
    for_each_manifest(target, results, [&](size_t, const RenderedManifest& manifest, ManifestResult& result) {
        const render::Object* daemonset = kube::find_daemonset(manifest.objects);
        if (daemonset == nullptr) return;
        const kube::ResourceRef ref = kube::ref_of(*daemonset);
        const kube::CallResult live = target.client().get(ref);
        if (live.not_found()) {
            result.failure = Failure{FailureKind::Refused, kube::display_name(ref) + " does not exist in namespace " +
                                                               ref.namespace_ + "; apply the manifest first"};
            return;
        }
        if (!live.ok()) {
            result.failure = kube::call_failure(live, ref, "get", target.client().transport().server());
            return;
        }
        const bool on_delete = kube::rollout_counts(live.body).on_delete;
        result.failure = on_delete ? restart_on_delete(target.client(), ref, options)
                                   : restart_rolling(target.client(), ref, options);
        result.changed = !result.failure.has_value();
        result.result = "restarted";
    });
    return results;
}

}  // namespace

CommandRunner setup_restart(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<RestartCommandOptions>();
    add_target_options(sub, options->target);
    sub.add_flag("--outdated-only", options->pods.outdated_only,
                 "Only the pods of an older template (OnDelete DaemonSets, after apply)");
    add_duration_option(sub, "--timeout", options->rollout.timeout, "Time limit of the restart (0: none)");
    add_duration_option(sub, "--progress-timeout", options->rollout.progress_timeout,
                        "Fail when no new pod became ready for this long (0: no limit)");
    return [options] {
        return run_cluster_command(options->target,
                                   {[&](ClusterTarget& target) { return restart_on(target, *options); }});
    };
}

}  // namespace planton::cli
