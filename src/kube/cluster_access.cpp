#include "planton/kube/cluster_access.hpp"

#include <cstdlib>
#include <filesystem>

#include "planton/base64.hpp"
#include "planton/error.hpp"

#include "files.hpp"

namespace planton::kube {
namespace {

std::string env_or_empty(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? "" : value;
}

std::string quoted(const std::string& name) {
    return "\"" + name + "\"";
}

template <typename Map>
std::string known(const Map& map) {
    if (map.empty()) return "none";
    std::string out;
    for (const auto& entry : map) out += (out.empty() ? "" : ", ") + entry.first;
    return out;
}

[[noreturn]] void fail(const std::string& message) {
    throw Error(FailureKind::Unreachable, message);
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

bool has_pem_certificate(const std::string& pem) {
    return pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos;
}
bool has_pem_key(const std::string& pem) {
    return pem.find("-----BEGIN") != std::string::npos && pem.find("PRIVATE KEY-----") != std::string::npos;
}

// Key material of a `<field>` (file) / `<field>-data` (inline) pair; inline wins, as in
// client-go. `owner` is e.g. `cluster "prod" (in /home/u/.kube/config)`.
struct Material {
    std::string pem;
    std::string origin;
};

Material read_material(const std::string& field, const std::string& path, const std::string& data,
                       const std::string& owner, const std::string& owner_short) {
    Material material;
    if (!data.empty()) {
        auto decoded = base64_decode(data);
        if (!decoded) fail(field + "-data of " + owner + " is not valid base64");
        material.pem = std::move(*decoded);
        material.origin = field + "-data of " + owner_short;
    } else if (!path.empty()) {
        std::string error;
        auto content = read_small_file(path, error);
        if (!content) fail(field + " " + path + " of " + owner + ": cannot read: " + error);
        material.pem = std::move(*content);
        material.origin = field + " " + path + " of " + owner_short;
    }
    return material;
}

std::string replacement_plugin(const std::string& provider) {
    if (provider == "gcp") return "gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin)";
    if (provider == "azure") return "kubelogin (https://azure.github.io/kubelogin/)";
    return "an exec credential plugin (users[].user.exec)";
}

std::string normalized_server(const std::string& server, const std::string& owner) {
    std::string url = server;
    if (url.find("://") == std::string::npos) url = "https://" + url;  // kubectl's default
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
        fail("server " + quoted(server) + " of " + owner + " is not an https:// or http:// URL");
    }
    while (url.size() > 8 && url.back() == '/') url.pop_back();
    return url;
}

void resolve_exec(const ExecConfig& exec, const std::string& owner) {
    if (exec.api_version != "client.authentication.k8s.io/v1" &&
        exec.api_version != "client.authentication.k8s.io/v1beta1") {
        fail("the exec plugin of " + owner + " uses apiVersion " + quoted(exec.api_version) +
             "; supported: client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1");
    }
    if (exec.command.empty()) fail("the exec plugin of " + owner + " has no command");
    if (exec.interactive_mode == "Always") {
        fail("the exec plugin " + quoted(exec.command) + " of " + owner +
             " needs an interactive terminal (interactiveMode: Always), which planton-ds does not give it");
    }
    if (!exec.interactive_mode.empty() && exec.interactive_mode != "Never" &&
        exec.interactive_mode != "IfAvailable") {
        fail("the exec plugin of " + owner + " has interactiveMode " + quoted(exec.interactive_mode) +
             "; expected Never, IfAvailable or Always");
    }
}

UserCredentials resolve_user(const std::string& name, const KubeUser& user) {
    const std::string owner = "user " + quoted(name) + " (in " + user.file + ")";
    const std::string owner_short = "user " + quoted(name);
    if (!user.auth_provider.empty()) {
        if (user.auth_provider == "oidc") {
            // kubectl still carries the oidc provider; only gcp and azure left it (1.26).
            fail(owner + " uses auth-provider \"oidc\", which planton-ds does not support (kubectl still "
                         "does); use an exec credential plugin instead: kubelogin, as users[].user.exec with "
                         "command kubectl and args [oidc-login, get-token, --oidc-issuer-url=ISSUER, "
                         "--oidc-client-id=ID] (https://github.com/int128/kubelogin)");
        }
        fail(owner + " uses auth-provider " + quoted(user.auth_provider) +
             ", which planton-ds does not support" +
             (user.auth_provider == "gcp" || user.auth_provider == "azure" ? " (kubectl 1.26 removed it too)"
                                                                           : "") +
             "; use the exec plugin that replaces it: " + replacement_plugin(user.auth_provider));
    }
    UserCredentials credentials;
    Material cert = read_material("client-certificate", user.client_certificate, user.client_certificate_data,
                                  owner, owner_short);
    Material key = read_material("client-key", user.client_key, user.client_key_data, owner, owner_short);
    if (!cert.pem.empty() && key.pem.empty()) fail(owner + " has a client-certificate but no client-key");
    if (cert.pem.empty() && !key.pem.empty()) fail(owner + " has a client-key but no client-certificate");
    if (!cert.pem.empty() && !has_pem_certificate(cert.pem)) {
        fail(cert.origin + " (in " + user.file +
             ") holds no PEM certificate (no -----BEGIN CERTIFICATE----- line)");
    }
    if (!key.pem.empty() && !has_pem_key(key.pem)) {
        fail(key.origin + " (in " + user.file +
             ") holds no PEM private key (no -----BEGIN … PRIVATE KEY----- line)");
    }
    credentials.client_cert_pem = std::move(cert.pem);
    credentials.client_key_pem = std::move(key.pem);
    credentials.client_cert_origin = cert.origin;

    const bool token = !user.token.empty() || !user.token_file.empty();
    const bool basic = !user.username.empty() || !user.password.empty();
    if (token && basic) {
        fail(owner +
             " sets more than one authentication method (token, username/password); only one is allowed");
    }
    credentials.token = user.token;
    credentials.token_file = user.token_file;
    if (!user.token_file.empty()) {
        std::string error;
        if (!read_small_file(user.token_file, error))
            fail("tokenFile " + user.token_file + " of " + owner + ": cannot read: " + error);
    }
    credentials.username = user.username;
    credentials.password = user.password;
    if (user.exec) {
        resolve_exec(*user.exec, owner);
        credentials.exec = user.exec;
    }
    return credentials;
}

// Running in a pod: every pod gets both variables for the `kubernetes` Service, and
// client-go's rest.InClusterConfig takes them as the sign, as here.
bool in_cluster(const KubeconfigEnvironment& env) {
    return !env.service_host.empty() && !env.service_port.empty();
}

ClusterAccess in_cluster_access(const KubeconfigEnvironment& env) {
    ClusterAccess access;
    const std::string host =
        env.service_host.find(':') != std::string::npos ? "[" + env.service_host + "]" : env.service_host;
    access.server = "https://" + host + ":" + env.service_port;
    access.context = "in-cluster";
    access.cluster = "in-cluster";
    access.user = "serviceaccount";
    access.source = "in-cluster configuration (" + env.serviceaccount_dir + ")";
    const std::string token_path = env.serviceaccount_dir + "/token";
    std::string error;
    if (!read_small_file(token_path, error)) {
        fail("in-cluster configuration: cannot read the service account token " + token_path + ": " + error);
    }
    access.credentials.token_file = token_path;
    const std::string ca_path = env.serviceaccount_dir + "/ca.crt";
    if (auto ca = read_small_file(ca_path, error)) {
        access.tls.ca_pem = std::move(*ca);
        access.tls.ca_origin = "the service account CA " + ca_path;
    } else {
        access.warnings.push_back("in-cluster configuration: cannot read " + ca_path + " (" + error +
                                  "); the server's certificate is checked against the system's CAs");
        access.tls.ca_origin = "the system's certificate authorities";
    }
    if (auto ns = read_small_file(env.serviceaccount_dir + "/namespace", error))
        access.namespace_ = trimmed(*ns);
    return access;
}

}  // namespace

KubeconfigEnvironment KubeconfigEnvironment::from_process() {
    KubeconfigEnvironment env;
    if (const char* value = std::getenv("KUBECONFIG")) env.kubeconfig = value;
    env.home = env_or_empty("HOME");
    env.service_host = env_or_empty("KUBERNETES_SERVICE_HOST");
    env.service_port = env_or_empty("KUBERNETES_SERVICE_PORT");
    std::string dir = env_or_empty("PLANTON_DS_SERVICEACCOUNT_DIR");
    if (!dir.empty()) env.serviceaccount_dir = dir;
    return env;
}

ClusterAccess resolve_context(const KubeConfig& config, const std::string& context_name,
                              const std::string& source) {
    const std::string name = context_name.empty() ? config.current_context : context_name;
    if (name.empty()) {
        if (config.contexts.empty()) fail("kubeconfig " + source + " defines no contexts");
        fail("kubeconfig " + source +
             " has no current-context; pass --context NAME (known contexts: " + known(config.contexts) + ")");
    }
    auto context = config.contexts.find(name);
    if (context == config.contexts.end()) {
        if (!context_name.empty()) {
            fail("context " + quoted(name) + " not found in " + source +
                 "; known contexts: " + known(config.contexts));
        }
        fail("current-context " + quoted(name) + " of " + source +
             " names no context; known contexts: " + known(config.contexts) + " (pass --context NAME)");
    }
    const KubeContext& ctx = context->second;
    const std::string context_owner = "context " + quoted(name) + " (in " + ctx.file + ")";
    if (ctx.cluster.empty()) fail(context_owner + " names no cluster");
    auto cluster_it = config.clusters.find(ctx.cluster);
    if (cluster_it == config.clusters.end()) {
        fail(context_owner + " names cluster " + quoted(ctx.cluster) + ", which " + source +
             " does not define; known clusters: " + known(config.clusters));
    }
    const KubeCluster& cluster = cluster_it->second;
    const std::string cluster_owner = "cluster " + quoted(ctx.cluster) + " (in " + cluster.file + ")";

    ClusterAccess access;
    access.context = name;
    access.cluster = ctx.cluster;
    access.user = ctx.user;
    access.namespace_ = ctx.namespace_;
    access.source = source;
    if (cluster.server.empty()) fail(cluster_owner + " has no server");
    access.server = normalized_server(cluster.server, cluster_owner);
    access.proxy_url = cluster.proxy_url;
    access.tls.server_name = cluster.tls_server_name;

    Material ca =
        read_material("certificate-authority", cluster.certificate_authority,
                      cluster.certificate_authority_data, cluster_owner, "cluster " + quoted(ctx.cluster));
    if (!ca.pem.empty() && !has_pem_certificate(ca.pem)) {
        fail(ca.origin + " (in " + cluster.file +
             ") holds no PEM certificate (no -----BEGIN CERTIFICATE----- line)");
    }
    if (cluster.insecure_skip_tls_verify) {
        if (!ca.pem.empty()) {
            fail(cluster_owner + " sets both insecure-skip-tls-verify and " +
                 (cluster.certificate_authority_data.empty() ? "certificate-authority"
                                                             : "certificate-authority-data") +
                 "; kubectl refuses this too: remove one of them");
        }
        access.tls.insecure_skip_verify = true;
        access.warnings.push_back("TLS verification is off for cluster " + quoted(ctx.cluster) +
                                  " (insecure-skip-tls-verify: true in " + cluster.file +
                                  "): the server's identity is not checked");
    }
    access.tls.ca_pem = std::move(ca.pem);
    access.tls.ca_origin = ca.origin.empty() ? "the system's certificate authorities" : ca.origin;

    if (!ctx.user.empty()) {
        auto user = config.users.find(ctx.user);
        if (user == config.users.end()) {
            fail(context_owner + " names user " + quoted(ctx.user) + ", which " + source +
                 " does not define; known users: " + known(config.users));
        }
        access.credentials = resolve_user(ctx.user, user->second);
    }
    if (access.server.rfind("http://", 0) == 0 && access.credentials.any()) {
        access.warnings.push_back("server " + access.server + " of cluster " + quoted(ctx.cluster) +
                                  " is plain HTTP: the credentials of user " + quoted(ctx.user) +
                                  " are not sent");
        access.credentials = UserCredentials{};
    }
    return access;
}

namespace {

[[noreturn]] void fail_no_configuration(const ChosenKubeconfig& chosen) {
    fail("no cluster configuration found: " + chosen.looked +
         ", and KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not running in a pod); pass "
         "--kubeconfig PATH");
}

}  // namespace

// The configuration chosen as kubectl chooses it: --kubeconfig, else the kubeconfig text,
// else KUBECONFIG merged first-wins (missing files skipped), else ~/.kube/config. No
// config: the caller falls back to the in-cluster configuration; `looked` says what was
// tried, for its message.
ChosenKubeconfig choose_kubeconfig(const ConfigSelection& selection, const KubeconfigEnvironment& env) {
    ChosenKubeconfig chosen;
    if (!selection.kubeconfig_path.empty()) {
        chosen.config = read_kubeconfig_file(selection.kubeconfig_path);
        chosen.source = selection.kubeconfig_path;
        return chosen;
    }
    if (selection.kubeconfig_text) {
        chosen.config = parse_kubeconfig(*selection.kubeconfig_text, selection.kubeconfig_text_origin,
                                         selection.kubeconfig_text_dir);
        chosen.source = selection.kubeconfig_text_origin;
        return chosen;
    }
    if (env.kubeconfig && !env.kubeconfig->empty()) {
        KubeConfig merged;
        std::string source;
        size_t start = 0;
        const std::string& list = *env.kubeconfig;
        while (start <= list.size()) {
            size_t end = list.find(':', start);
            if (end == std::string::npos) end = list.size();
            const std::string path = list.substr(start, end - start);
            start = end + 1;
            std::error_code ec;
            if (path.empty() || !std::filesystem::exists(path, ec)) continue;  // skipped, like kubectl
            merge_kubeconfig(merged, read_kubeconfig_file(path));
            source += (source.empty() ? "" : ":") + path;
        }
        if (!source.empty()) {
            chosen.config = std::move(merged);
            chosen.source = source;
            return chosen;
        }
        chosen.looked = "no file of KUBECONFIG exists (" + list + ")";
        return chosen;
    }
    chosen.looked = "KUBECONFIG is not set";
    if (env.home.empty()) {
        chosen.looked += ", HOME is not set";
        return chosen;
    }
    const std::string path = env.home + "/.kube/config";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        chosen.config = read_kubeconfig_file(path);
        chosen.source = path;
        return chosen;
    }
    chosen.looked += ", " + path + " does not exist";
    return chosen;
}

ClusterAccess resolve_cluster_access(const ChosenKubeconfig& chosen, const std::string& context_name,
                                     const KubeconfigEnvironment& env) {
    if (chosen.config) return resolve_context(*chosen.config, context_name, chosen.source);
    if (in_cluster(env)) {
        if (context_name.empty()) return in_cluster_access(env);
        fail("context " + quoted(context_name) + " not found: no kubeconfig was found (" + chosen.looked +
             "), and the in-cluster configuration has no contexts");
    }
    fail_no_configuration(chosen);
}

ClusterAccess resolve_cluster_access(const ConfigSelection& selection, const KubeconfigEnvironment& env) {
    return resolve_cluster_access(choose_kubeconfig(selection, env), selection.context, env);
}

std::vector<std::string> context_names(const ConfigSelection& selection, const KubeconfigEnvironment& env) {
    return context_names(choose_kubeconfig(selection, env), env);
}

std::vector<std::string> context_names(const ChosenKubeconfig& chosen, const KubeconfigEnvironment& env) {
    if (!chosen.config) {
        if (in_cluster(env))
            fail("no kubeconfig was found (" + chosen.looked + "), so there are no contexts to run on");
        fail_no_configuration(chosen);
    }
    if (chosen.config->contexts.empty()) fail("kubeconfig " + chosen.source + " defines no contexts");
    std::vector<std::string> names;
    for (const auto& entry : chosen.config->contexts) names.push_back(entry.first);
    return names;
}

}  // namespace planton::kube
