#pragma once
// The runner of the cluster commands (apply, diff, status, delete, restart): every
// manifest of -f on every context asked for (cli.md "Many manifests", "Many clusters").
//
// A command plugs in with one function that runs on one target (cluster_target.hpp: the
// run's manifests and a connection to one context) and returns one ManifestResult per
// manifest, in order (run_report.hpp: failure, result words, counts, JSON value, end
// text). Inside, it goes through the manifests with for_each_manifest and runs what
// should happen at once for all of them (the rollout waits) with run_together. It
// prints as it goes through console() and spdlog, never to std::cout directly. The
// runner does the rest, the same for every command:
// - one context, one manifest: the result's text (or JSON value) at the end, and its
//   failure as the command's (printed as "planton-ds: error: …"): the output of a
//   plain run is unchanged;
// - one context, several manifests: lines prefixed "namespace/name: ", each failure
//   printed under its manifest's prefix, -o json an array, a summary line;
// - several contexts (--context a,b / --all-contexts): each on a thread of its own, at
//   most --parallel at once, lines prefixed "[context] ", a live line per running
//   context on a terminal, a line when each finishes, the table at the end, -o json an
//   object keyed by context; --fail-fast starts no context after one failed.
// The exit code is that of the first failure, by manifest and by context in the order
// given (cli/exit_code.hpp decides the number); diff's differences come after failures,
// status's (differences_in_order) take their place in the order.
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "planton/cli/commands.hpp"
#include "planton/kube/client.hpp"

#include "cli/cluster_target.hpp"
#include "cli/run_report.hpp"

namespace planton::cli {

// A command on one target: one result per manifest of target.manifests, in order. A
// planton::Error it throws is the failure of the whole target.
using TargetCommand = std::function<std::vector<ManifestResult>(ClusterTarget& target)>;

struct ClusterCommand {
    TargetCommand run;
    bool json = false;  // -o json: the runner prints the results' JSON values on stdout
    // A manifest's `differences` (status: not rolled out) is a failure of the run like any
    // other: the first manifest, by manifest and by context in the order given, that
    // failed or differs decides the exit code, and --fail-fast starts no context after
    // it. Off (diff): an error outranks differences, as kubectl diff's exit code >1.
    bool differences_in_order = false;
};

// Reads the manifests of -f once, then runs `command` on each context asked for.
CommandResult run_cluster_command(const TargetOptions& options, const ClusterCommand& command);

// Runs `step` for each manifest of the target, in order, each with its lines prefixed by
// its namespace/name when the run has several. `results` gets one entry per manifest
// (the step fills its own). After a failure that says the cluster cannot be reached,
// the remaining manifests are not tried: they get that failure too.
using ManifestStep =
    std::function<void(size_t index, const RenderedManifest& manifest, ManifestResult& result)>;
void for_each_manifest(const ClusterTarget& target, std::vector<ManifestResult>& results,
                       const ManifestStep& step);

// Work for one manifest that runs beside the others' (a rollout wait), on the client it
// is given.
struct TargetJob {
    size_t manifest;  // index into target.manifests
    std::function<void(kube::Client& client)> run;
};

// Runs the jobs at once, each with its manifest's line prefix: the first on the calling
// thread with the target's own connection, each other on a thread and a connection of
// its own (kube::another_connection: same credentials, its own transport, which is used
// by one thread only). Returns when all have ended. An exception a job throws becomes the
// failure of its manifest in `results`.
void run_together(ClusterTarget& target, const std::vector<TargetJob>& jobs,
                  std::vector<ManifestResult>& results);

}  // namespace planton::cli
