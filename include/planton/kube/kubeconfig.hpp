#pragma once
// The kubeconfig file format, as kubectl reads it: named clusters, users and contexts,
// merged first-wins across the files of KUBECONFIG. This header is the file model;
// cluster_access.hpp turns it into what a connection needs.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace planton::kube {

// users[].user.exec: a credential plugin (client.authentication.k8s.io v1/v1beta1).
struct ExecConfig {
    std::string api_version;
    // As written; a command with a '/' is made absolute against the kubeconfig's folder,
    // a bare name is looked up in PATH when it runs.
    std::string command;
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;  // in file order
    std::string install_hint;
    bool provide_cluster_info = false;
    std::string interactive_mode;  // Never, IfAvailable, Always; empty means IfAvailable
};

// Paths below are absolute (resolved against the folder of `file`); *_data fields hold
// the base64 text as written.
struct KubeCluster {
    std::string server;
    std::string certificate_authority;
    std::string certificate_authority_data;
    bool insecure_skip_tls_verify = false;
    std::string tls_server_name;
    std::string proxy_url;
    std::string file;  // the kubeconfig that defined it, for messages
};

struct KubeUser {
    std::string client_certificate;
    std::string client_certificate_data;
    std::string client_key;
    std::string client_key_data;
    std::string token;
    std::string token_file;
    std::string username;
    std::string password;
    std::optional<ExecConfig> exec;
    std::string auth_provider;  // auth-provider.name; not supported, reported
    std::string file;
};

struct KubeContext {
    std::string cluster;
    std::string user;
    std::string namespace_;
    std::string file;
};

struct KubeConfig {
    std::map<std::string, KubeCluster> clusters;
    std::map<std::string, KubeUser> users;
    std::map<std::string, KubeContext> contexts;
    std::string current_context;
    std::vector<std::string> files;  // the files (or text origins) read, in order
};

// Parses one kubeconfig. `origin` names it in messages and in the entries' `file`
// (a path, or e.g. "provider_config.digital_ocean_doks.kube_config"); relative paths
// are resolved against `base_dir`. Unknown fields are ignored, as kubectl does.
// Throws planton::Error (exit code 3) for text that is not UTF-8 (binary, UTF-16,
// invalid sequences), invalid YAML or a field of the wrong type, with the origin and the
// line.
KubeConfig parse_kubeconfig(const std::string& text, const std::string& origin, const std::string& base_dir);

// Adds `next` to `into`: a cluster, user or context already named in `into` is kept,
// and current-context is taken from `next` only when `into` has none (KUBECONFIG's
// first-wins rule).
void merge_kubeconfig(KubeConfig& into, const KubeConfig& next);

// Reads and parses a kubeconfig file; relative paths inside resolve against its folder.
// Throws planton::Error (exit code 3) when it cannot be read or parsed.
KubeConfig read_kubeconfig_file(const std::string& path);

}  // namespace planton::kube
