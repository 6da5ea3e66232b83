#pragma once
// Where the cluster is and who we are to it: the kubeconfig (or in-cluster config)
// chosen as kubectl chooses it, resolved for one context into plain settings. No
// network and no subprocess here; key material is read into memory.
#include <optional>
#include <string>
#include <vector>

#include "planton/kube/kubeconfig.hpp"

namespace planton::kube {

// The parts of the process environment that choose the configuration.
struct KubeconfigEnvironment {
    std::optional<std::string> kubeconfig;  // KUBECONFIG (unset: nullopt)
    std::string home;                       // HOME, for ~/.kube/config
    std::string service_host;               // KUBERNETES_SERVICE_HOST
    std::string service_port;               // KUBERNETES_SERVICE_PORT
    // PLANTON_DS_SERVICEACCOUNT_DIR, else /var/run/secrets/kubernetes.io/serviceaccount:
    // where the in-cluster token, ca.crt and namespace are read.
    std::string serviceaccount_dir = "/var/run/secrets/kubernetes.io/serviceaccount";

    static KubeconfigEnvironment from_process();
};

// What the user asked for on the command line (or in a stack input).
struct ConfigSelection {
    std::string kubeconfig_path;  // --kubeconfig; empty: not given
    std::string context;          // --context; empty: the current-context
    // A kubeconfig given as text (a stack input's provider_config.digital_ocean_doks.
    // kube_config). Used when --kubeconfig is not given, ahead of KUBECONFIG and
    // ~/.kube/config; `kubeconfig_text_origin` names it in messages and relative paths
    // in it resolve against `kubeconfig_text_dir`.
    std::optional<std::string> kubeconfig_text;
    std::string kubeconfig_text_origin = "the stack input's kube_config";
    std::string kubeconfig_text_dir = ".";
};

struct TlsSettings {
    std::string ca_pem;     // PEM of the cluster's CA; empty: the system's CAs
    std::string ca_origin;  // e.g. `certificate-authority-data of cluster "prod"`, for messages
    bool insecure_skip_verify = false;
    std::string server_name;  // tls-server-name: SNI and the name the certificate must carry
};

struct UserCredentials {
    std::string token;       // static bearer token
    std::string token_file;  // re-read on every request; wins over `token`
    std::string username;    // basic authentication
    std::string password;
    std::string client_cert_pem;
    std::string client_key_pem;
    std::string client_cert_origin;  // e.g. `client-certificate-data of user "admin"`
    std::optional<ExecConfig> exec;
    bool any() const {
        return !token.empty() || !token_file.empty() || !username.empty() || !client_cert_pem.empty() || exec;
    }
};

struct ClusterAccess {
    std::string server;   // "https://10.0.0.1:6443", no trailing slash; may carry a path prefix
    std::string context;  // "in-cluster" for the in-cluster config
    std::string cluster;
    std::string user;
    std::string namespace_;  // the context's namespace (may be empty)
    std::string source;      // the file(s) read, or "in-cluster configuration"
    TlsSettings tls;
    std::string proxy_url;
    UserCredentials credentials;  // empty when the server is plain http://
    // To be printed by the caller as warnings: TLS verification off, credentials not
    // sent over plain HTTP, in-cluster CA missing.
    std::vector<std::string> warnings;
};

// Chooses the configuration (--kubeconfig, else the kubeconfig text, else KUBECONFIG
// merged first-wins with missing files skipped, else ~/.kube/config, else the in-cluster
// config), picks the context (--context, else current-context), and resolves its
// cluster and user: files read, *-data decoded, PEM checked, auth-provider refused.
// Throws planton::Error with exit code 3 and a message naming the file, context and
// field for every configuration problem (see the cases in cluster_access.cpp).
ClusterAccess resolve_cluster_access(const ConfigSelection& selection,
                                     const KubeconfigEnvironment& environment);

// The configuration chosen and read as resolve_cluster_access does it, kept so that a
// run over many contexts reads and parses the kubeconfig once, not once per context.
struct ChosenKubeconfig {
    std::optional<KubeConfig> config;  // nullopt: no kubeconfig found
    std::string source;                // the file(s) read, for messages
    std::string looked;                // with no config: what was tried, for the message
};

// The first half of resolve_cluster_access: chooses and reads the kubeconfig. Throws
// planton::Error (exit code 3) for a file that cannot be read or parsed.
ChosenKubeconfig choose_kubeconfig(const ConfigSelection& selection, const KubeconfigEnvironment& environment);

// resolve_cluster_access for `context_name` (empty: the current-context) of a
// configuration already chosen; the in-cluster configuration when `chosen` has none.
ClusterAccess resolve_cluster_access(const ChosenKubeconfig& chosen, const std::string& context_name,
                                     const KubeconfigEnvironment& environment);

// The names of the contexts of the configuration resolve_cluster_access would choose,
// sorted as `kubectl config get-contexts` lists them (--all-contexts). Throws
// planton::Error (exit code 3) when there is no kubeconfig (the in-cluster configuration
// has no contexts) or it defines none.
std::vector<std::string> context_names(const ConfigSelection& selection,
                                       const KubeconfigEnvironment& environment);
std::vector<std::string> context_names(const ChosenKubeconfig& chosen, const KubeconfigEnvironment& environment);

// Resolves one context of an already loaded configuration (the second half of
// resolve_cluster_access). `source` names the configuration in messages.
ClusterAccess resolve_context(const KubeConfig& config, const std::string& context_name,
                              const std::string& source);

}  // namespace planton::kube
