// planton-ds apply: render the manifest, server-side apply its objects in order, wait
// for the rollout, print the stack outputs (cli.md "apply" and "Rollout wait").
#include "planton/kube/apply.hpp"

#include <iostream>
#include <memory>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/error.hpp"
#include "planton/kube/prune.hpp"
#include "planton/kube/resources.hpp"
#include "planton/kube/rollout.hpp"
#include "planton/manifest/labels.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"
#include "cli/progress_line.hpp"
#include "cli/stack_outputs.hpp"

namespace planton::cli {
namespace {

struct ApplyCommand {
    std::string file;
    ClusterOptions cluster;
    kube::ApplyRunOptions run;     // --field-manager, --force-conflicts, --dry-run, --replace-on-immutable
    kube::RolloutOptions rollout;  // --timeout (also bounds a --replace-on-immutable delete)
    bool wait = true;
    std::string output = "text";
    std::string docker_config_json;  // a file path
    bool prune = false;

    bool dry() const { return run.apply.dry_run; }
    bool json() const { return output == "json"; }
};

// A result line goes to stdout, unless stdout carries the JSON outputs: then to stderr.
void print_result_line(const ApplyCommand& command, const std::string& line) {
    if (command.json()) {
        spdlog::info("{}", line);
    } else {
        std::cout << line << std::endl;
    }
}

// The message of a run that stopped: why, then what was and was not applied.
std::string failure_report(const kube::ApplyResult& result) {
    std::string applied;
    for (const auto& outcome : result.applied) {
        applied += (applied.empty() ? "" : ", ") + kube::display_name(outcome.ref) + " (" +
                   kube::outcome_name(outcome.outcome) + ")";
    }
    std::string not_applied;
    for (const auto& ref : result.not_applied)
        not_applied += (not_applied.empty() ? "" : ", ") + kube::display_name(ref);
    std::string report = result.failure->message + "\n  applied: " + (applied.empty() ? "none" : applied) +
                         "\n  not applied: " + (not_applied.empty() ? "none" : not_applied);
    if (!applied.empty()) {
        report +=
            "\n  nothing was rolled back; run apply again once this is fixed (it picks up where it stopped)";
    }
    return report;
}

// Step 1: server-side apply of every object, one line per object as it happens.
kube::ApplyResult apply_step(const ApplyCommand& command, kube::Client& client,
                             const std::vector<render::Object>& objects) {
    kube::ApplyRunOptions options = command.run;
    // --timeout 0 means no limit; the delete of a replaced DaemonSet still needs a bound.
    options.timeout = command.rollout.timeout.count() > 0 ? command.rollout.timeout : std::chrono::hours(24);
    kube::ApplyResult result =
        kube::apply_objects(client, objects, options, [&](const kube::ObjectOutcome& outcome) {
            print_result_line(command, kube::outcome_line(outcome, command.dry()));
        });
    if (!result.ok()) throw Error(result.failure->kind, failure_report(result));
    return result;
}

// Step 2, with --prune: delete what an earlier apply created and this render no longer
// has (only listed in a dry run).
void prune_step(const ApplyCommand& command, kube::Client& client,
                const std::vector<render::Object>& objects) {
    const kube::PruneResult result =
        kube::prune_objects(client, objects, command.dry(), [&](const kube::PrunedObject& object) {
            if (object.outcome == kube::PruneOutcome::Kept) {
                spdlog::warn("warning: {}", kube::prune_line(object, command.dry()));
            } else {
                print_result_line(command, kube::prune_line(object, command.dry()));
            }
        });
    if (!result.ok()) throw Error(result.failure->kind, "--prune: " + result.failure->message);
}

// Step 3: the rollout wait; returns the DaemonSet as last read.
nlohmann::json wait_step(const ApplyCommand& command, kube::Client& client,
                         const kube::ResourceRef& daemonset) {
    const kube::RolloutOptions& options = command.rollout;
    kube::RolloutResult result;
    {
        ProgressLine progress;
        result = kube::wait_for_rollout(
            client, daemonset, options,
            [&progress](const std::string& text, const kube::RolloutCounts&) { progress.update(text); });
    }
    if (!result.ok()) throw Error(*result.failure);
    switch (result.end) {
        case kube::RolloutEnd::NoNodes:
            spdlog::warn("warning: {}", result.note);
            break;
        case kube::RolloutEnd::OnDelete:
            spdlog::info("note: {}", result.note);
            break;
        default: {
            const kube::RolloutCounts& counts = result.counts;
            spdlog::info("rolled out {}: {}/{} updated, {}/{} available, {}/{} ready", daemonset.name,
                         counts.updated, counts.desired, counts.available, counts.desired, counts.ready,
                         counts.desired);
        }
    }
    return result.daemonset;
}

// Step 4: the stack outputs.
void print_outputs(const ApplyCommand& command, const nlohmann::json& daemonset) {
    const nlohmann::ordered_json outputs = stack_outputs(daemonset);
    if (command.json()) {
        std::cout << outputs.dump(2) << std::endl;
    } else {
        std::cout << stack_outputs_text(outputs) << std::flush;
    }
}

CommandResult run_apply(const ApplyCommand& command) {
    render::Options render_options;
    if (!command.docker_config_json.empty())
        render_options.docker_config_json = read_docker_config_json(command.docker_config_json);
    const RenderedManifest manifest = load_one_manifest(command.file, render_options);
    kube::Connection connection = connect_cluster(command.cluster, stack_input_kubeconfig(manifest.document));
    kube::Client& client = *connection.client;

    const kube::ApplyResult applied = apply_step(command, client, manifest.objects);
    nlohmann::json daemonset = applied.daemonset;
    if (command.prune) prune_step(command, client, manifest.objects);

    const render::Object* rendered = kube::find_daemonset(manifest.objects);
    if (rendered != nullptr && command.wait && !command.dry()) {
        daemonset = wait_step(command, client, kube::ref_of(*rendered));
    }
    print_outputs(command, daemonset);
    return {};
}

}  // namespace

CommandRunner setup_apply(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto command = std::make_shared<ApplyCommand>();
    sub.add_option("-f,--filename", command->file, "The manifest file ('-': standard input)")->required();
    add_cluster_options(sub, command->cluster);
    sub.add_option_function<std::string>(
           "--dry-run", [command](const std::string& mode) { command->run.apply.dry_run = mode == "server"; },
           "'server': the server checks every object and changes nothing")
        ->check(CLI::IsMember({"none", "server"}))
        ->default_str("none");
    add_field_manager_options(sub, command->run.apply);
    sub.add_flag("--wait,!--no-wait", command->wait, "Wait for the rollout (default; --no-wait skips it)");
    add_duration_option(sub, "--timeout", command->rollout.timeout,
                        "Time limit of the rollout wait and of a --replace-on-immutable delete (0: none)");
    sub.add_flag("--replace-on-immutable", command->run.replace_on_immutable,
                 "Delete and re-create a DaemonSet whose selector cannot be changed in place");
    sub.add_flag("--prune", command->prune,
                 "Delete the objects an earlier apply of this manifest created that it no longer renders "
                 "(found by the " +
                     std::string(manifest::kPlantonNameLabel) + " and " + std::string(manifest::kManagedByLabel) +
                     " labels)");
    sub.add_option("-o,--output", command->output, "text, or json: the stack outputs as one JSON object")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_str("text");
    sub.add_option("--docker-config-json", command->docker_config_json,
                   "A .dockerconfigjson file for the image pull secret")
        ->check(CLI::ExistingFile);
    return [command] { return run_apply(*command); };
}

}  // namespace planton::cli
