#include "planton/kube/kubeconfig.hpp"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "planton/error.hpp"

#include "files.hpp"
#include "manifest/input_scan.hpp"

namespace planton::kube {
namespace {

// Reads one kubeconfig document, keeping the origin for messages.
class Reader {
public:
    Reader(std::string origin, std::string base_dir)
        : origin_(std::move(origin)), base_dir_(std::move(base_dir)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const {
        std::string where = "kubeconfig " + origin_;
        if (node.IsDefined() && node.Mark().line >= 0) where += ":" + std::to_string(node.Mark().line + 1);
        throw Error(FailureKind::Unreachable, where + ": " + what);
    }

    std::string text(const YAML::Node& map, const char* key) const {
        const YAML::Node node = map[key];
        if (!node.IsDefined() || node.IsNull()) return "";
        if (!node.IsScalar()) fail(node, std::string(key) + " must be a string");
        return node.Scalar();
    }

    std::string path(const YAML::Node& map, const char* key) const {
        return resolve_against(base_dir_, text(map, key));
    }

    bool flag(const YAML::Node& map, const char* key) const {
        const YAML::Node node = map[key];
        if (!node.IsDefined() || node.IsNull()) return false;
        bool value = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
            fail(node, std::string(key) + " must be true or false");
        return value;
    }

    std::vector<std::string> strings(const YAML::Node& map, const char* key) const {
        std::vector<std::string> out;
        const YAML::Node node = map[key];
        if (!node.IsDefined() || node.IsNull()) return out;
        if (!node.IsSequence()) fail(node, std::string(key) + " must be a list of strings");
        for (const auto& item : node) {
            if (!item.IsScalar()) fail(item, std::string(key) + " must be a list of strings");
            out.push_back(item.Scalar());
        }
        return out;
    }

    // Walks `clusters`, `users` or `contexts`: a list of {name, <field>: {...}}.
    template <typename Fn>
    void named_list(const YAML::Node& root, const char* list, const char* field, Fn&& each) const {
        const YAML::Node node = root[list];
        if (!node.IsDefined() || node.IsNull()) return;
        const std::string shape = std::string(list) + " must be a list of {name, " + field + "} entries";
        if (!node.IsSequence()) fail(node, shape);
        for (const auto& entry : node) {
            if (!entry.IsMap()) fail(entry, shape);
            const std::string name = text(entry, "name");
            if (name.empty()) fail(entry, "an entry of " + std::string(list) + " has no name");
            YAML::Node body = entry[field];
            if (body.IsDefined() && !body.IsNull() && !body.IsMap())
                fail(body, std::string(field) + " must be a mapping");
            each(name, body.IsDefined() && body.IsMap() ? body : YAML::Node(YAML::NodeType::Map));
        }
    }

    ExecConfig exec(const YAML::Node& node) const {
        ExecConfig config;
        config.api_version = text(node, "apiVersion");
        config.command = text(node, "command");
        if (config.command.find('/') != std::string::npos)
            config.command = resolve_against(base_dir_, config.command);
        config.args = strings(node, "args");
        const YAML::Node env = node["env"];
        if (env.IsDefined() && !env.IsNull()) {
            if (!env.IsSequence()) fail(env, "exec env must be a list of {name, value}");
            for (const auto& item : env) {
                if (!item.IsMap()) fail(item, "exec env must be a list of {name, value}");
                config.env.emplace_back(text(item, "name"), text(item, "value"));
            }
        }
        config.install_hint = text(node, "installHint");
        config.provide_cluster_info = flag(node, "provideClusterInfo");
        config.interactive_mode = text(node, "interactiveMode");
        return config;
    }

    const std::string& origin() const { return origin_; }

private:
    std::string origin_;
    std::string base_dir_;
};

}  // namespace

KubeConfig parse_kubeconfig(const std::string& text, const std::string& origin, const std::string& base_dir) {
    const Reader reader(origin, base_dir);
    // yaml-cpp takes bytes that are not UTF-8 as they are, and a server, a proxy or a
    // name with them could not be written into JSON later (an exec plugin's
    // KUBERNETES_EXEC_INFO, a message): refused here, as kubectl's YAML reader refuses them.
    if (const auto problem = manifest::detail::check_encoding(text)) {
        throw Error(FailureKind::Unreachable,
                    "kubeconfig " + origin + ":" + std::to_string(problem->line) + ": " + problem->message);
    }
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw Error(FailureKind::Unreachable, "kubeconfig " + origin + ":" + std::to_string(e.mark.line + 1) +
                                                  ": not valid YAML: " + e.msg);
    }
    KubeConfig config;
    config.files.push_back(origin);
    if (root.IsNull() || !root.IsDefined()) return config;  // an empty file is an empty config
    if (!root.IsMap())
        reader.fail(root, "not a kubeconfig (expected a mapping with clusters, users and contexts)");

    try {
        config.current_context = reader.text(root, "current-context");
        reader.named_list(root, "clusters", "cluster", [&](const std::string& name, const YAML::Node& node) {
            KubeCluster cluster;
            cluster.server = reader.text(node, "server");
            cluster.certificate_authority = reader.path(node, "certificate-authority");
            cluster.certificate_authority_data = reader.text(node, "certificate-authority-data");
            cluster.insecure_skip_tls_verify = reader.flag(node, "insecure-skip-tls-verify");
            cluster.tls_server_name = reader.text(node, "tls-server-name");
            cluster.proxy_url = reader.text(node, "proxy-url");
            cluster.file = origin;
            config.clusters.emplace(name, std::move(cluster));
        });
        reader.named_list(root, "users", "user", [&](const std::string& name, const YAML::Node& node) {
            KubeUser user;
            user.client_certificate = reader.path(node, "client-certificate");
            user.client_certificate_data = reader.text(node, "client-certificate-data");
            user.client_key = reader.path(node, "client-key");
            user.client_key_data = reader.text(node, "client-key-data");
            user.token = reader.text(node, "token");
            user.token_file = reader.path(node, "tokenFile");
            user.username = reader.text(node, "username");
            user.password = reader.text(node, "password");
            const YAML::Node exec = node["exec"];
            if (exec.IsDefined() && !exec.IsNull()) {
                if (!exec.IsMap()) reader.fail(exec, "exec must be a mapping");
                user.exec = reader.exec(exec);
            }
            const YAML::Node provider = node["auth-provider"];
            if (provider.IsDefined() && !provider.IsNull()) {
                user.auth_provider = provider.IsMap() ? reader.text(provider, "name") : "";
                if (user.auth_provider.empty()) user.auth_provider = "(unnamed)";
            }
            user.file = origin;
            config.users.emplace(name, std::move(user));
        });
        reader.named_list(root, "contexts", "context", [&](const std::string& name, const YAML::Node& node) {
            KubeContext context;
            context.cluster = reader.text(node, "cluster");
            context.user = reader.text(node, "user");
            context.namespace_ = reader.text(node, "namespace");
            context.file = origin;
            config.contexts.emplace(name, std::move(context));
        });
    } catch (const YAML::Exception& e) {
        throw Error(FailureKind::Unreachable,
                    "kubeconfig " + origin + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return config;
}

void merge_kubeconfig(KubeConfig& into, const KubeConfig& next) {
    for (const auto& [name, cluster] : next.clusters) into.clusters.emplace(name, cluster);
    for (const auto& [name, user] : next.users) into.users.emplace(name, user);
    for (const auto& [name, context] : next.contexts) into.contexts.emplace(name, context);
    if (into.current_context.empty()) into.current_context = next.current_context;
    into.files.insert(into.files.end(), next.files.begin(), next.files.end());
}

KubeConfig read_kubeconfig_file(const std::string& path) {
    std::string error;
    auto text = read_small_file(path, error);
    if (!text) throw Error(FailureKind::Unreachable, "kubeconfig " + path + ": cannot read: " + error);
    std::error_code ec;
    std::string folder = std::filesystem::absolute(folder_of(path), ec).lexically_normal().string();
    if (ec) folder = folder_of(path);
    while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
    return parse_kubeconfig(*text, path, folder);
}

}  // namespace planton::kube
