// planton-ds status: the DaemonSet's counts, whether it is rolled out, the node coverage,
// its pods per node, its last Warning events and the stack outputs (cli.md "status"),
// once or, with --watch, until interrupted. Exit 0 rolled out and ready, 1 not (or not
// found), 3 the cluster cannot be reached.
#include "planton/kube/status.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "planton/cli/commands.hpp"
#include "planton/kube/duration.hpp"
#include "planton/kube/resources.hpp"

#include "cli/cluster_runner.hpp"
#include "cli/console.hpp"
#include "cli/status_report.hpp"

namespace planton::cli {
namespace {

struct StatusCommandOptions {
    TargetOptions target;
    std::string output = "text";
    bool watch = false;
    std::chrono::milliseconds interval{std::chrono::seconds(2)};
};

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int /*signal*/) {
    interrupted = 1;
}

// SIGINT ends a watch cleanly (exit 0) instead of killing the process; the previous
// handler is restored when the watch ends.
class InterruptGuard {
public:
    InterruptGuard() {
        interrupted = 0;
        struct sigaction action {};
        action.sa_handler = on_interrupt;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &previous_);
    }
    ~InterruptGuard() { sigaction(SIGINT, &previous_, nullptr); }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction previous_ {};
};

std::string shown(const kube::DaemonSetStatus& status, bool json, bool compact) {
    if (!json) return status_text(status, std::chrono::system_clock::now());
    return status_json(status).dump(compact ? -1 : 2) + "\n";
}

// The DaemonSet of a manifest.
kube::ResourceRef daemonset_of(const RenderedManifest& manifest) {
    const render::Object* daemonset = kube::find_daemonset(manifest.objects);
    if (daemonset == nullptr) throw Error(FailureKind::Invalid, "the manifest renders no DaemonSet");
    return kube::ref_of(*daemonset);
}

CommandResult watch(kube::Client& client, const kube::ResourceRef& ref, const StatusCommandOptions& options) {
    const bool json = options.output == "json";
    const bool terminal = isatty(fileno(stdout)) != 0;
    InterruptGuard guard;
    // What a change is: the JSON form, which has times but no ages, so that the text's
    // ages growing do not count as a change.
    std::string last;
    kube::WatchOptions watch_options;
    watch_options.interval = options.interval;
    watch_options.stop_requested = [] { return interrupted != 0; };
    kube::watch_status(client, ref.namespace_, ref.name, watch_options, [&](const kube::StatusRead& read) {
        std::string now;
        std::string state;
        if (!read.ok()) {
            now = state = read.failure->message + "\n";
        } else if (!read.status) {
            now = state = kube::not_found_message(ref.namespace_, ref.name) + "\n";
        } else {
            now = shown(*read.status, json, !terminal);
            state = json ? now : status_json(*read.status).dump();
        }
        if (terminal) {
            // Redraw in place: home, the text, then clear what an earlier, longer text left.
            std::cout << "\x1b[H\x1b[2J" << now << "\n(every " << kube::format_duration(options.interval)
                      << "; Ctrl-C to stop)\n"
                      << std::flush;
        } else if (state != last) {
            if (read.ok() && read.status) {
                std::cout << now << (json ? "" : "\n") << std::flush;
            } else {
                spdlog::warn("{}", now.substr(0, now.size() - 1));
            }
        }
        last = state;
    });
    return {};
}

// status on one target: one read of each manifest's DaemonSet, printed (text) or kept
// for the runner (-o json); with --watch (one manifest, one context), the watch. A
// DaemonSet whose current generation is not fully rolled out and ready is shown like any
// other and ends the command with exit 1 but no error line (the status says what is
// missing), as diff's differences do; a DaemonSet that cannot be read is a failure.
std::vector<ManifestResult> status_on(ClusterTarget& target, const StatusCommandOptions& options) {
    const bool json = options.output == "json";
    std::vector<ManifestResult> results;
    for_each_manifest(target, results, [&](size_t, const RenderedManifest& manifest, ManifestResult& result) {
        const kube::ResourceRef ref = daemonset_of(manifest);
        const kube::StatusRead read = kube::read_status(target.client(), ref.namespace_, ref.name);
        if (!read.ok()) {
            result.failure = read.failure;
            return;
        }
        if (!read.status) {
            result.failure =
                Failure{FailureKind::NotConverged, kube::not_found_message(ref.namespace_, ref.name)};
            return;
        }
        if (options.watch) {
            const CommandResult watched = watch(target.client(), ref, options);
            result.failure = watched.failure;
            result.result = "watched";
            return;
        }
        const kube::RolloutCounts& counts = read.status->counts;
        result.differences = !kube::rollout_gaps(*read.status).empty();
        result.result = result.differences ? "not ready" : "ready";
        result.desired = counts.desired;
        result.ready = counts.ready;
        if (json) {
            result.json = status_json(*read.status);
        } else {
            console().print(Stream::out, status_text(*read.status, std::chrono::system_clock::now()));
        }
    });
    return results;
}

}  // namespace

CommandRunner setup_status(CLI::App& sub, const GlobalOptions& /*globals*/) {
    auto options = std::make_shared<StatusCommandOptions>();
    add_target_options(sub, options->target);
    sub.add_option("-o,--output", options->output, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->default_str("text");
    sub.add_flag("-w,--watch", options->watch,
                 "Refresh until interrupted (a terminal is redrawn; otherwise each change is printed, "
                 "-o json as one line per change)");
    add_duration_option(sub, "--interval", options->interval, "Time between refreshes of --watch");
    return [options] {
        if (options->watch && options->interval.count() <= 0)
            throw Error(FailureKind::Usage, "--interval must be longer than 0 for --watch");
        if (options->watch && options->target.cluster.fleet())
            throw Error(FailureKind::Usage, "--watch shows one context; give one --context");
        return run_cluster_command(options->target, {[&](ClusterTarget& target) {
                                                         if (options->watch && target.manifests.size() > 1)
                                                             throw Error(
                                                                 FailureKind::Usage,
                                                                 "--watch shows one manifest; give one -f "
                                                                 "file that holds one");
                                                         return status_on(target, *options);
                                                     },
                                                     options->output == "json", true});
    };
}

}  // namespace planton::cli
