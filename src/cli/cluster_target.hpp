#pragma once
// The one setup of the cluster commands — apply, diff, status, delete, and next restart
// and the fleet runner —, ninja's "what must be loaded before a tool runs" for planton-ds:
// the manifests of -f read, validated and rendered once per run, then a target (those
// manifests and a connection to one kubeconfig context) that the command runs on.
//
// Each cluster command is written as a function that runs on one target and returns how
// it went (the kube results and an optional Failure, see commands.hpp); printing the end
// result and choosing the exit code (exit_code.hpp) stay apart from it. The features to
// come plug in here without restructuring the commands:
// - many manifests (-f repeated, folders, multi-document files): read_manifests returns
//   every manifest found, in order, and a run on a target goes through
//   target.manifests (today read_manifests accepts exactly one);
// - many clusters (--context a,b,c, --all-contexts): a fleet runner reads the manifests
//   once, calls open_cluster_target once per context — each target has its own
//   connection, credentials and retries, so targets can run on threads of their own —,
//   runs the same TargetRun on each and prints the table; run_on_cluster is its
//   one-context case.
#include <functional>
#include <string>
#include <vector>

#include "planton/cli/commands.hpp"
#include "planton/kube/connection.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"

namespace planton::cli {

// The manifests of -f, read, validated (diagnostics on stderr) and rendered, with the
// image pull Secret of --docker-config-json. Throws planton::Error (Invalid) for an
// invalid or unreadable input, or for a file with several manifests (one per run, until
// "Many manifests" lands).
std::vector<RenderedManifest> read_manifests(const TargetOptions& options);

// What a cluster command runs on: the run's manifests and a connection to one context.
struct ClusterTarget {
    const std::vector<RenderedManifest>& manifests;  // the run's, in order; outlive the target
    kube::Connection connection;                     // its own transport and credentials

    kube::Client& client() const { return *connection.client; }
    // The context connected to, as the kubeconfig names it ("in-cluster" for the
    // in-cluster configuration).
    const std::string& context() const { return connection.access.context; }
};

// Connects to `context` (empty: the kubeconfig's current-context) with the cluster flags;
// a stack input's provider kubeconfig stands in for --kubeconfig when that is not given.
// No request is sent yet. Throws planton::Error (Unreachable) for configuration problems:
// no kubeconfig, an unknown context (listing the known ones), unreadable credentials.
ClusterTarget open_cluster_target(const std::vector<RenderedManifest>& manifests,
                                  const ClusterOptions& cluster, const std::string& context);

// A command's run on one target. A failure is returned in the CommandResult (a thrown
// planton::Error means the same).
using TargetRun = std::function<CommandResult(ClusterTarget& target)>;

// A cluster command from start to end for the one context asked for (--context, else
// the current-context): read_manifests, open_cluster_target, then `run`.
CommandResult run_on_cluster(const TargetOptions& options, const TargetRun& run);

}  // namespace planton::cli
