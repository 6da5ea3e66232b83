#pragma once
// The one setup of the cluster commands — apply, diff, status, delete, and next restart —
// ninja's "what must be loaded before a tool runs" for planton-ds: the manifests of -f
// read, validated and rendered once per run, then a target (those manifests and a
// connection to one kubeconfig context) that the command runs on. The runner
// (cluster_runner.hpp) opens one target per context asked for and runs the command's
// function on each; targets share nothing, so they run on threads of their own.
#include <memory>
#include <string>
#include <vector>

#include "planton/kube/connection.hpp"

#include "cli/cluster_options.hpp"
#include "cli/manifest_input.hpp"

namespace planton::cli {

// Every manifest of -f (files, folders, multi-document files, in order), read,
// validated (diagnostics on stderr) and rendered, with the image pull Secret of
// --docker-config-json. Throws planton::Error (Invalid) for an invalid or unreadable
// input (see load_all_manifests).
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

// The contexts a run goes to, in order, and the kubeconfig they come from: every context
// of the kubeconfig with --all-contexts, else those of --context; one empty name (the
// current-context) when none is given. With several contexts the kubeconfig is read
// here, once, and every target resolves its context from it (null `kubeconfig`: each
// target reads it). Throws planton::Error (Unreachable) when a named context is not in
// the kubeconfig (listing the known ones), before any cluster is touched.
struct RunContexts {
    std::vector<std::string> names;
    std::shared_ptr<const kube::ChosenKubeconfig> kubeconfig;
};
RunContexts target_contexts(const std::vector<RenderedManifest>& manifests, const ClusterOptions& cluster);

// Connects to `context` (empty: the kubeconfig's current-context) with the cluster flags;
// a stack input's provider kubeconfig stands in for --kubeconfig when that is not given.
// `kubeconfig`: the run's, already read (null: read it now). No request is sent yet.
// Throws planton::Error (Unreachable) for configuration problems: no kubeconfig, an
// unknown context (listing the known ones), unreadable credentials.
ClusterTarget open_cluster_target(const std::vector<RenderedManifest>& manifests,
                                  const ClusterOptions& cluster, const std::string& context,
                                  std::shared_ptr<const kube::ChosenKubeconfig> kubeconfig = nullptr);

}  // namespace planton::cli
