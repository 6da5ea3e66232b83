#pragma once
// The flags the commands share, each defined once with one help text: -f, the cluster
// flags of cli.md "Kubernetes access", --docker-config-json, the field manager flags of
// apply and diff, and duration options.
#include <chrono>
#include <string>

#include <CLI/CLI.hpp>

#include "planton/kube/client.hpp"
#include "planton/kube/retry.hpp"

namespace planton::cli {

struct ClusterOptions {
    std::string kubeconfig;                                                   // --kubeconfig PATH
    std::string context;                                                      // --context NAME
    std::chrono::milliseconds request_timeout = kube::RetryPolicy{}.timeout;  // --request-timeout
};

// What a cluster command (apply, diff, status, delete) acts on, and where.
struct TargetOptions {
    std::string file;                // -f: the manifest file ("-": standard input)
    std::string docker_config_json;  // --docker-config-json (apply, diff): a file; empty: none
    ClusterOptions cluster;
};

// Adds -f,--filename (the manifest file; "-" is standard input). Required unless the
// caller says otherwise (render takes -i instead).
CLI::Option* add_file_option(CLI::App& sub, std::string& file, bool required = true);

// Adds --docker-config-json FILE (a .dockerconfigjson for the image pull Secret).
void add_docker_config_option(CLI::App& sub, std::string& path);

// Adds --kubeconfig, --context and --request-timeout to `sub`; the values land in
// `options` when argv is parsed, so `options` must outlive the parse.
void add_cluster_options(CLI::App& sub, ClusterOptions& options);

// Adds -f and the cluster flags of a cluster command.
void add_target_options(CLI::App& sub, TargetOptions& options);

// Adds --field-manager and --force-conflicts (apply, and diff, which dry-runs as apply
// would apply), landing in `options`; the default is ApplyOptions' own.
void add_field_manager_options(CLI::App& sub, kube::ApplyOptions& options);

// Adds an option that takes a duration ("90s", "5m", "1h30m", "500ms", "0"). Anything
// else is a usage error of CLI11 ("--timeout: … is not a duration …", exit code 2).
CLI::Option* add_duration_option(CLI::App& sub, const std::string& name, std::chrono::milliseconds& target,
                                 const std::string& description);

}  // namespace planton::cli
