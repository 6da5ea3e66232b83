#pragma once
// The flags the commands share, each defined once with one help text: -f, the cluster
// flags of cli.md "Kubernetes access", --docker-config-json, the field manager flags of
// apply and diff, and duration options.
#include <chrono>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "planton/kube/client.hpp"
#include "planton/kube/retry.hpp"

namespace planton::cli {

struct ClusterOptions {
    std::string kubeconfig;  // --kubeconfig PATH
    // --context, repeatable, each also "a,b,c"; in the order given, each once. Empty: the
    // kubeconfig's current-context.
    std::vector<std::string> contexts;
    bool all_contexts = false;  // --all-contexts: every context of the kubeconfig
    int parallel = 4;           // --parallel N: contexts run at once
    bool fail_fast = false;     // --fail-fast: no context starts after one failed
    std::chrono::milliseconds request_timeout = kube::RetryPolicy{}.timeout;  // --request-timeout

    // A run over several contexts (cli.md "Many clusters"): more than one named, or
    // --all-contexts.
    bool fleet() const { return all_contexts || contexts.size() > 1; }
};

// What a cluster command (apply, diff, status, delete) acts on, and where.
struct TargetOptions {
    // -f, repeatable: manifest files, folders (their *.yaml and *.yml files, recursively)
    // and "-" (standard input).
    std::vector<std::string> files;
    std::string docker_config_json;  // --docker-config-json (apply, diff): a file; empty: none
    ClusterOptions cluster;
};

// Checks that a manifest input ("-", a file or a folder) exists and can be read: a missing
// or unreadable one is a usage error (exit 2) reported before anything runs.
const CLI::Validator& existing_input();

// Adds -f,--filename (repeatable: files, folders, "-" for standard input). Required
// unless the caller says otherwise (render takes -i instead).
CLI::Option* add_file_option(CLI::App& sub, std::vector<std::string>& files, bool required = true);

// Adds --docker-config-json FILE (a .dockerconfigjson for the image pull Secret).
void add_docker_config_option(CLI::App& sub, std::string& path);

// Adds --kubeconfig, --context, --all-contexts, --parallel, --fail-fast and
// --request-timeout to `sub`; the values land in `options` when argv is parsed, so
// `options` must outlive the parse.
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
