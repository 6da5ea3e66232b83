// planton-ds apply: render the manifest, server-side apply its objects in order, wait
// for the rollout, print the stack outputs (cli.md "apply" and "Rollout wait").
#include "planton/kube/apply.hpp"

#include <algorithm>
#include <memory>

#include <spdlog/spdlog.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/preflight.hpp"
#include "planton/kube/prune.hpp"
#include "planton/kube/resources.hpp"
#include "planton/kube/rollback.hpp"
#include "planton/kube/rollout.hpp"
#include "planton/manifest/labels.hpp"

#include "cli/cluster_runner.hpp"
#include "cli/console.hpp"
#include "cli/preflight_report.hpp"
#include "cli/progress_line.hpp"
#include "cli/stack_outputs.hpp"

namespace planton::cli {
namespace {

struct ApplyCommandOptions {
    TargetOptions target;
    kube::ApplyRunOptions run;     // --field-manager, --force-conflicts, --dry-run, --replace-on-immutable
    kube::RolloutOptions rollout;  // --timeout (also bounds a --replace-on-immutable delete), --progress-timeout
    bool wait = true;
    bool prune = false;
    bool rollback_on_failure = false;  // --rollback-on-failure
    std::string output = "text";

    bool dry() const { return run.apply.dry_run; }
    bool json() const { return output == "json"; }
};

// What apply did on one target, step by step; the first step that fails ends it.
struct ApplyOutcome {
    std::optional<kube::Coverage> coverage;  // from preflight, when the nodes could be listed
    kube::ApplyResult applied;
    kube::PruneResult pruned;     // with --prune
    kube::RolloutResult rollout;  // with the wait
    kube::PriorState prior;       // with --rollback-on-failure: the objects before the PATCHes
    nlohmann::json daemonset;     // as last read: the stack outputs come from it
    std::optional<Failure> failure;
};

// A result line goes to stdout, unless stdout carries the JSON outputs: then to stderr.
void print_result_line(const ApplyCommandOptions& options, const std::string& line) {
    if (options.json()) {
        if (spdlog::should_log(spdlog::level::info)) console().change(Stream::err, line);
    } else {
        console().change(Stream::out, line);
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

// Step 0: preflight, read-only; an error stops the run before anything is written.
bool preflight_step(kube::Client& client, const RenderedManifest& manifest, ApplyOutcome& outcome) {
    const kube::PreflightResult preflight = kube::run_preflight(client, manifest.objects);
    print_preflight(preflight);
    outcome.coverage = preflight.coverage;
    if (preflight.failure) {
        outcome.failure = Failure{preflight.failure->kind, preflight.failure->message + "\n  nothing was changed"};
        return false;
    }
    if (preflight.errors.empty()) return true;
    std::string message;
    for (const auto& error : preflight.errors) message += (message.empty() ? "" : "\n") + error;
    outcome.failure = Failure{FailureKind::Refused, message + "\n  nothing was changed (preflight, before any write)"};
    return false;
}

// Step 1: server-side apply of every object, one line per object as it happens.
bool apply_step(const ApplyCommandOptions& options, kube::Client& client, const RenderedManifest& manifest,
                ApplyOutcome& outcome) {
    kube::ApplyRunOptions run = options.run;
    // --timeout 0 means no limit; the delete of a replaced DaemonSet still needs a bound.
    run.timeout = options.rollout.timeout.count() > 0 ? options.rollout.timeout : std::chrono::hours(24);
    if (options.rollback_on_failure && !options.dry()) {
        outcome.prior = kube::capture_prior_state(client, manifest.objects, options.run.apply.field_manager);
        if (!outcome.prior.ok()) {
            outcome.failure = Failure{outcome.prior.failure->kind,
                                      outcome.prior.failure->message + "\n  nothing was applied"};
            return false;
        }
    }
    outcome.applied =
        kube::apply_objects(client, manifest.objects, run, [&](const kube::ObjectOutcome& object) {
            print_result_line(options, kube::outcome_line(object, options.dry()));
            for (const std::string& note : kube::ownership_notes(object, options.run.apply.field_manager, options.dry()))
                spdlog::info("note: {}", note);
        });
    outcome.daemonset = outcome.applied.daemonset;
    if (outcome.applied.ok()) return true;
    outcome.failure = Failure{outcome.applied.failure->kind, failure_report(outcome.applied)};
    return false;
}

// Step 2, with --prune: delete what an earlier apply created and this render no longer
// has (only listed in a dry run).
bool prune_step(const ApplyCommandOptions& options, kube::Client& client, const RenderedManifest& manifest,
                ApplyOutcome& outcome) {
    outcome.pruned =
        kube::prune_objects(client, manifest.objects, options.dry(), [&](const kube::PrunedObject& object) {
            if (object.outcome == kube::PruneOutcome::Kept) {
                spdlog::warn("warning: {}", kube::prune_line(object, options.dry()));
            } else {
                print_result_line(options, kube::prune_line(object, options.dry()));
            }
        });
    if (outcome.pruned.ok()) return true;
    outcome.failure = Failure{outcome.pruned.failure->kind, "--prune: " + outcome.pruned.failure->message};
    return false;
}

kube::RolloutResult wait_with_progress(const ApplyCommandOptions& options, kube::Client& client,
                                       const kube::ResourceRef& daemonset) {
    ProgressLine progress;
    kube::RolloutOptions rollout = options.rollout;
    rollout.thread_context = in_this_scope();
    return kube::wait_for_rollout(
        client, daemonset, rollout,
        [&progress](const std::string& text, const kube::RolloutCounts&) { progress.update(text); });
}

// With --rollback-on-failure, after a rollout that failed (a pod that cannot start, the
// controller refusing, the time limit): every object the run changed gets back what
// planton-ds had applied before, what it created goes, and the restored DaemonSet is
// waited for. The run still fails; its message says what was put back.
void rollback_step(const ApplyCommandOptions& options, kube::Client& client, const RenderedManifest& manifest,
                   const kube::ResourceRef& daemonset, ApplyOutcome& outcome) {
    const Failure failed = *outcome.failure;
    spdlog::info("rolling back {}: the rollout failed", kube::display_name(daemonset));
    const kube::RollbackResult rollback =
        kube::roll_back(client, outcome.prior, outcome.applied.applied, manifest.objects, options.run.apply,
                        [&](const kube::RollbackAction& action) {
                            print_result_line(options, kube::rollback_line(action));
                        });
    std::string message = failed.message + "\nrolled back: " + kube::rollback_summary(rollback);
    if (!rollback.ok()) {
        message += "\nthe rollback stopped: " + rollback.failure->message;
    } else if (rollback.daemonset_restored) {
        const kube::RolloutResult again = wait_with_progress(options, client, daemonset);
        if (again.ok()) {
            const kube::RolloutCounts& counts = again.counts;
            message += "\nthe restored " + kube::display_name(daemonset) + " is rolled out: " +
                       std::to_string(counts.updated) + "/" + std::to_string(counts.desired) + " updated, " +
                       std::to_string(counts.ready) + "/" + std::to_string(counts.desired) + " ready";
            outcome.daemonset = again.daemonset;
        } else {
            message += "\nthe restored " + kube::display_name(daemonset) +
                       " did not roll out either: " + again.failure->message;
        }
    }
    outcome.failure = Failure{failed.kind, message};
}

// Step 3: the rollout wait; the DaemonSet as last read becomes the outputs' source.
bool wait_step(const ApplyCommandOptions& options, kube::Client& client, const RenderedManifest& manifest,
               const kube::ResourceRef& daemonset, ApplyOutcome& outcome) {
    const std::string& file = manifest.document.file;
    outcome.rollout = wait_with_progress(options, client, daemonset);
    const kube::RolloutResult& result = outcome.rollout;
    if (!result.ok()) {
        outcome.failure = result.failure;
        const FailureKind kind = result.failure->kind;
        if (options.rollback_on_failure && (kind == FailureKind::NotConverged || kind == FailureKind::TimedOut))
            rollback_step(options, client, manifest, daemonset, outcome);
        return false;
    }
    switch (result.end) {
        case kube::RolloutEnd::NoNodes:
            spdlog::warn("warning: {}", result.note);
            break;
        case kube::RolloutEnd::OnDelete:
            spdlog::info("note: {}", result.note);
            if (result.counts.updated < result.counts.desired) {
                spdlog::info("{} of {} pods run an older template; `planton-ds restart -f {} --outdated-only` "
                             "replaces them node by node",
                             result.counts.desired - result.counts.updated, result.counts.desired, file);
            }
            break;
        default: {
            const kube::RolloutCounts& counts = result.counts;
            spdlog::info("rolled out {}: {}/{} updated, {}/{} available, {}/{} ready", daemonset.name,
                         counts.updated, counts.desired, counts.available, counts.desired, counts.ready,
                         counts.desired);
        }
    }
    outcome.daemonset = result.daemonset;
    return true;
}

// What the runner shows of one manifest's apply.
ManifestResult result_of(const ApplyCommandOptions& options, const ApplyOutcome& outcome, bool waited) {
    ManifestResult result;
    result.failure = outcome.failure;
    const bool changed =
        std::any_of(outcome.applied.applied.begin(), outcome.applied.applied.end(),
                    [](const kube::ObjectOutcome& o) { return o.outcome != kube::Outcome::Unchanged; }) ||
        std::any_of(outcome.pruned.objects.begin(), outcome.pruned.objects.end(),
                    [](const kube::PrunedObject& o) { return o.outcome == kube::PruneOutcome::Pruned; });
    result.changed = changed;
    if (!changed) {
        result.result = "unchanged";
    } else if (options.dry()) {
        result.result = "would change";
    } else {
        result.result = waited ? "rolled out" : "applied";
    }
    if (outcome.daemonset.is_object()) {
        result.json = stack_outputs(outcome.daemonset);
        if (!options.dry()) {
            const kube::RolloutCounts counts = kube::rollout_counts(outcome.daemonset);
            result.desired = counts.desired;
            result.ready = counts.ready;
        }
        result.text = stack_outputs_text(result.json);
        // The coverage goes to -o json only: the text outputs are the stack outputs, and
        // the coverage line was printed by preflight.
        if (outcome.coverage) {
            const nlohmann::json coverage = kube::coverage_json(*outcome.coverage);
            for (const auto& [key, value] : coverage.items()) result.json[key] = value;
        }
    }
    return result;
}

// apply on one target: every manifest applied (and pruned) in order, then their
// rollouts waited for together.
std::vector<ManifestResult> apply_on(ClusterTarget& target, const ApplyCommandOptions& options) {
    std::vector<ApplyOutcome> outcomes(target.manifests.size());
    std::vector<ManifestResult> results;
    for_each_manifest(target, results,
                      [&](size_t i, const RenderedManifest& manifest, ManifestResult& result) {
                          ApplyOutcome& outcome = outcomes[i];
                          if (preflight_step(target.client(), manifest, outcome) &&
                              apply_step(options, target.client(), manifest, outcome) && options.prune)
                              prune_step(options, target.client(), manifest, outcome);
                          result.failure = outcome.failure;
                      });
    const bool wait = options.wait && !options.dry();
    std::vector<TargetJob> waits;
    for (size_t i = 0; i < target.manifests.size(); ++i) {
        const render::Object* daemonset = kube::find_daemonset(target.manifests[i].objects);
        if (results[i].failure || daemonset == nullptr || !wait) continue;
        waits.push_back({i, [&options, &outcomes, i, ref = kube::ref_of(*daemonset),
                             &manifest = target.manifests[i]](kube::Client& client) {
                             wait_step(options, client, manifest, ref, outcomes[i]);
                         }});
    }
    run_together(target, waits, results);
    for (size_t i = 0; i < target.manifests.size(); ++i) {
        ManifestResult result = result_of(options, outcomes[i], wait);
        if (!result.failure) result.failure = results[i].failure;  // not tried, or a job that threw
        results[i] = std::move(result);
    }
    return results;
}

}  // namespace

CommandRunner setup_apply(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<ApplyCommandOptions>();
    add_target_options(sub, options->target);
    sub.add_option_function<std::string>(
           "--dry-run", [options](const std::string& mode) { options->run.apply.dry_run = mode == "server"; },
           "'server': the server checks every object and changes nothing")
        ->check(CLI::IsMember({"none", "server"}))
        ->default_str("none");
    add_field_manager_options(sub, options->run.apply);
    sub.add_flag("--wait,!--no-wait", options->wait, "Wait for the rollout (default; --no-wait skips it)");
    add_duration_option(sub, "--timeout", options->rollout.timeout,
                        "Overall time limit of the rollout wait and of a --replace-on-immutable delete "
                        "(default 0: none)");
    add_duration_option(sub, "--progress-timeout", options->rollout.progress_timeout,
                        "Fail the wait when no pod of the current template became available for this long "
                        "(0: no limit)");
    sub.add_flag("--replace-on-immutable", options->run.replace_on_immutable,
                 "Delete and re-create a DaemonSet whose selector cannot be changed in place");
    sub.add_flag("--prune", options->prune,
                 "Delete the objects an earlier apply of this manifest created that it no longer renders "
                 "(found by the " +
                     std::string(manifest::kPlantonNameLabel) + " and " +
                     std::string(manifest::kManagedByLabel) + " labels)");
    sub.add_flag("--adopt", options->run.adopt,
                 "Take over objects last written by kubectl apply (client-side) or kubectl edit: their "
                 "fields become planton-ds's, as kubectl apply --server-side does");
    sub.add_flag("--rollback-on-failure", options->rollback_on_failure,
                 "When the rollout fails, put back what planton-ds had applied to each object before "
                 "(and delete what this run created), wait for the restored DaemonSet, and exit 1");
    sub.add_option("-o,--output", options->output, "text, or json: the stack outputs as one JSON object")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_str("text");
    add_docker_config_option(sub, options->target.docker_config_json);
    return [options] {
        return run_cluster_command(
            options->target,
            {[&](ClusterTarget& target) { return apply_on(target, *options); }, options->json()});
    };
}

}  // namespace planton::cli
