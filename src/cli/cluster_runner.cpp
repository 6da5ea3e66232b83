#include "cli/cluster_runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/console.hpp"

namespace planton::cli {
namespace {

// The failure of whatever a thread of the runner caught: planton::Error keeps its kind;
// anything else (a thread or an allocation that failed) is told as it is.
Failure caught_failure() {
    try {
        throw;
    } catch (const Error& e) {
        return e.failure();
    } catch (const std::exception& e) {
        return Failure{FailureKind::Refused, e.what()};
    }
}

// The thread's scope with the manifest's prefix added, when the run has several.
LineScope manifest_scope(const ClusterTarget& target, size_t index) {
    LineScope scope = ScopedLines::current();
    if (target.manifests.size() > 1) scope.manifest = target.manifests[index].label();
    return scope;
}

// Each failure, under its manifest's prefix (stderr), as cli::run prints a single one.
void print_failures(const std::vector<RenderedManifest>& manifests,
                    const std::vector<ManifestResult>& results) {
    for (size_t i = 0; i < results.size() && i < manifests.size(); ++i) {
        if (!results[i].failure || results[i].failure->message.empty()) continue;
        LineScope scope = ScopedLines::current();
        if (manifests.size() > 1) scope.manifest = manifests[i].label();
        const ScopedLines lines(scope);
        spdlog::error("error: {}", results[i].failure->message);
    }
}

// The command's results, checked to be one per manifest (a command that returns fewer
// has not done the rest: they count as failed, never as done).
std::vector<ManifestResult> run_target(ClusterTarget& target, const ClusterCommand& command) {
    std::vector<ManifestResult> results = command.run(target);
    ManifestResult missing;
    missing.failure = Failure{FailureKind::Refused, "not attempted"};
    results.resize(target.manifests.size(), missing);
    return results;
}

// How a run over several manifests or contexts ends: the first failure decides the kind
// (its message has been printed), then diff's differences.
CommandResult ending(const std::optional<Failure>& failure, bool differences) {
    CommandResult result;
    if (failure) result.failure = Failure{failure->kind, ""};
    result.differences = differences;
    return result;
}

bool any_differences(const std::vector<ManifestResult>& results) {
    return std::any_of(results.begin(), results.end(), [](const ManifestResult& r) { return r.differences; });
}

// How a list of results ends: its first failure, else differences; with `in_order`,
// whichever of a failure and differences comes first.
CommandResult results_ending(const std::vector<ManifestResult>& results, bool in_order) {
    if (!in_order) return ending(first_failure(results), any_differences(results));
    for (const ManifestResult& result : results) {
        if (result.failure) return ending(result.failure, false);
        if (result.differences) return ending(std::nullopt, true);
    }
    return {};
}

CommandResult run_one_context(const std::vector<RenderedManifest>& manifests, const TargetOptions& options,
                              const ClusterCommand& command, const std::string& context) {
    ClusterTarget target = open_cluster_target(manifests, options.cluster, context);
    const std::vector<ManifestResult> results = run_target(target, command);
    if (manifests.size() == 1) {
        const ManifestResult& result = results.front();
        if (!result.failure) {
            if (command.json && !result.json.is_null()) {
                console().print(Stream::out, result.json.dump(2));
            } else if (!command.json && !result.text.empty()) {
                console().print(Stream::out, result.text);
            }
        }
        return {result.failure, result.differences};
    }
    print_failures(manifests, results);
    if (command.json) console().print(Stream::out, manifests_json(manifests, results).dump(2));
    // With -o json, stdout is one JSON document: the summary goes to the log.
    const std::string summary = manifest_summary(results);
    if (command.json) {
        spdlog::info("{}", summary);
    } else {
        console().print(Stream::out, summary);
    }
    return results_ending(results, command.differences_in_order);
}

// A run over several contexts: a pool of --parallel threads takes the contexts in the
// order given; with --fail-fast, none is taken after one failed.
class Fleet {
public:
    Fleet(const std::vector<RenderedManifest>& manifests, const TargetOptions& options,
          const ClusterCommand& command, const RunContexts& contexts)
        : manifests_(manifests),
          options_(options),
          command_(command),
          kubeconfig_(contexts.kubeconfig),
          outcomes_(contexts.names.size()) {
        for (size_t i = 0; i < contexts.names.size(); ++i) outcomes_[i].context = contexts.names[i];
    }

    CommandResult run() {
        const size_t workers =
            std::min(outcomes_.size(), static_cast<size_t>(std::max(1, options_.cluster.parallel)));
        std::vector<std::thread> threads;
        threads.reserve(workers);
        try {
            for (size_t i = 1; i < workers; ++i) threads.emplace_back([this] { work(); });
        } catch (const std::system_error& e) {
            // The system gave fewer threads than --parallel: the ones there are (this one
            // at least) take every context all the same.
            spdlog::warn("running fewer contexts at once than --parallel asks: {}", e.what());
        }
        work();
        for (std::thread& thread : threads) thread.join();
        return finish();
    }

private:
    void work() {
        for (;;) {
            size_t index = 0;
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                if (next_ >= outcomes_.size() || stopped_) return;
                index = next_++;
                outcomes_[index].started = true;
            }
            const bool failed = run_context(outcomes_[index]);
            if (failed && options_.cluster.fail_fast) {
                const std::lock_guard<std::mutex> lock(mutex_);
                stopped_ = true;
            }
        }
    }

    // Runs the command on one context; whether it failed.
    bool run_context(ContextOutcome& outcome) {
        const ScopedLines lines(LineScope{outcome.context, ""});
        const auto start = std::chrono::steady_clock::now();
        if (console().live_enabled()) console().live("connecting");
        try {
            ClusterTarget target = open_cluster_target(manifests_, options_.cluster, outcome.context, kubeconfig_);
            outcome.manifests = run_target(target, command_);
        } catch (...) {
            outcome.failure = caught_failure();
        }
        outcome.duration =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        console().end_live();
        if (outcome.failure) spdlog::error("error: {}", outcome.failure->message);
        print_failures(manifests_, outcome.manifests);
        spdlog::info("{}", finished_line(outcome));
        return first_failure(outcome).has_value() ||
               (command_.differences_in_order && any_differences(outcome.manifests));
    }

    CommandResult finish() {
        const std::string table = fleet_table(outcomes_);
        if (command_.json) {
            console().print(Stream::out, fleet_json(manifests_, outcomes_).dump(2));
            console().print(Stream::err, table);
        } else {
            console().print(Stream::out, table);
        }
        bool differences = false;
        for (const ContextOutcome& outcome : outcomes_) {
            if (outcome.failure) return ending(outcome.failure, false);
            const CommandResult ended = results_ending(outcome.manifests, command_.differences_in_order);
            if (ended.failure || (ended.differences && command_.differences_in_order)) return ended;
            differences = differences || ended.differences;
        }
        return ending(std::nullopt, differences);
    }

    const std::vector<RenderedManifest>& manifests_;
    const TargetOptions& options_;
    const ClusterCommand& command_;
    const std::shared_ptr<const kube::ChosenKubeconfig> kubeconfig_;  // read once for every context
    std::vector<ContextOutcome> outcomes_;
    std::mutex mutex_;
    size_t next_ = 0;
    bool stopped_ = false;
};

}  // namespace

CommandResult run_cluster_command(const TargetOptions& options, const ClusterCommand& command) {
    const std::vector<RenderedManifest> manifests = read_manifests(options);
    const RunContexts contexts = target_contexts(manifests, options.cluster);
    if (!options.cluster.fleet()) return run_one_context(manifests, options, command, contexts.names.front());
    return Fleet(manifests, options, command, contexts).run();
}

void for_each_manifest(const ClusterTarget& target, std::vector<ManifestResult>& results,
                       const ManifestStep& step) {
    results.resize(target.manifests.size());
    std::optional<size_t> unreachable;  // the manifest whose failure said so
    for (size_t i = 0; i < target.manifests.size(); ++i) {
        if (unreachable) {
            results[i].failure =
                Failure{FailureKind::Unreachable, "not attempted: the cluster could not be reached for " +
                                                      target.manifests[*unreachable].label()};
            continue;
        }
        const ScopedLines lines(manifest_scope(target, i));
        step(i, target.manifests[i], results[i]);
        if (results[i].failure && results[i].failure->kind == FailureKind::Unreachable) unreachable = i;
    }
}

void run_together(ClusterTarget& target, const std::vector<TargetJob>& jobs,
                  std::vector<ManifestResult>& results) {
    const auto run_job = [&](const TargetJob& job, kube::Client* client) {
        const ScopedLines lines(manifest_scope(target, job.manifest));
        try {
            if (client != nullptr) {
                job.run(*client);
            } else {
                kube::Connection own = kube::another_connection(target.connection);
                job.run(*own.client);
            }
        } catch (...) {
            results[job.manifest].failure = caught_failure();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(jobs.size());
    try {
        for (size_t i = 1; i < jobs.size(); ++i) {
            // The scope of the calling thread (its context) goes with the job.
            threads.emplace_back([&, i, scope = ScopedLines::current()] {
                const ScopedLines context(scope);
                run_job(jobs[i], nullptr);
            });
        }
    } catch (...) {
        // No thread for the rest: each of those gets the failure.
        for (size_t i = threads.size() + 1; i < jobs.size(); ++i)
            results[jobs[i].manifest].failure = caught_failure();
    }
    if (!jobs.empty()) run_job(jobs.front(), &target.client());
    for (std::thread& thread : threads) thread.join();
}

}  // namespace planton::cli
