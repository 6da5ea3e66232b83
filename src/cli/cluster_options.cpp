#include "cluster_options.hpp"

#include "planton/kube/duration.hpp"

namespace planton::cli {

CLI::Option* add_duration_option(CLI::App& sub, const std::string& name, std::chrono::milliseconds& target,
                                 const std::string& description) {
    const CLI::Validator duration(
        [](std::string& text) -> std::string {
            if (kube::parse_duration(text)) return "";
            return "\"" + text + "\" is not a duration (write it like 90s, 5m, 1h30m or 500ms)";
        },
        "DURATION");
    return sub
        .add_option_function<std::string>(
            name, [&target](const std::string& text) { target = *kube::parse_duration(text); }, description)
        ->check(duration)
        ->default_str(kube::format_duration(target));
}

void add_cluster_options(CLI::App& sub, ClusterOptions& options) {
    sub.add_option("--kubeconfig", options.kubeconfig,
                   "kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else the in-cluster config)");
    sub.add_option("--context", options.context, "kubeconfig context (default: its current-context)");
    add_duration_option(sub, "--request-timeout", options.request_timeout,
                        "Time limit of each request to the cluster, retries included (0: none)");
}

void add_field_manager_options(CLI::App& sub, kube::ApplyOptions& options) {
    sub.add_option("--field-manager", options.field_manager,
                   "The field manager of server-side apply (for diff: the one apply uses)")
        ->check(CLI::Validator(
            [](const std::string& name) {
                return name.empty() ? std::string("must not be empty") : std::string();
            },
            "NAME"))
        ->default_str(options.field_manager);
    sub.add_flag("--force-conflicts", options.force,
                 "Take over fields that another field manager owns (force=true)");
}

kube::Connection connect_cluster(const ClusterOptions& options,
                                 const std::optional<std::string>& kubeconfig_text,
                                 const std::string& kubeconfig_text_origin) {
    kube::ConnectOptions connect;
    connect.selection.kubeconfig_path = options.kubeconfig;
    connect.selection.context = options.context;
    connect.selection.kubeconfig_text = kubeconfig_text;
    connect.selection.kubeconfig_text_origin = kubeconfig_text_origin;
    connect.retry.timeout = options.request_timeout;
    return kube::connect(connect);
}

}  // namespace planton::cli
