#pragma once
// The cluster flags shared by apply, diff, status and delete (cli.md "Kubernetes
// access"), duration options, and the step from those flags to a connection.
#include <chrono>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "planton/kube/client.hpp"
#include "planton/kube/connection.hpp"

namespace planton::cli {

struct ClusterOptions {
    std::string kubeconfig;                                               // --kubeconfig PATH
    std::string context;                                                  // --context NAME
    std::chrono::milliseconds request_timeout = kube::RetryPolicy{}.timeout;  // --request-timeout
};

// Adds --kubeconfig, --context and --request-timeout to `sub`; the values land in
// `options` when argv is parsed, so `options` must outlive the parse.
void add_cluster_options(CLI::App& sub, ClusterOptions& options);

// Adds --field-manager and --force-conflicts (apply, and diff, which dry-runs as apply
// would apply), landing in `options`; the default is ApplyOptions' own.
void add_field_manager_options(CLI::App& sub, kube::ApplyOptions& options);

// Adds an option that takes a duration ("90s", "5m", "1h30m", "500ms", "0"). Anything
// else is a usage error of CLI11 ("--timeout: … is not a duration …", exit code 2).
CLI::Option* add_duration_option(CLI::App& sub, const std::string& name, std::chrono::milliseconds& target,
                                 const std::string& description);

// Resolves the flags (and, when given, a stack input's kubeconfig text, used when
// --kubeconfig is not) into a ready connection: kube::connect with the process
// environment. Throws planton::Error (exit code 3) for configuration problems.
kube::Connection connect_cluster(const ClusterOptions& options,
                                 const std::optional<std::string>& kubeconfig_text = std::nullopt,
                                 const std::string& kubeconfig_text_origin = "the stack input's kube_config");

}  // namespace planton::cli
