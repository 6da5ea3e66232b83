#include <catch2/catch.hpp>

#include "planton/error.hpp"
#include "planton/kube/cluster_access.hpp"

#include "kube_pem.hpp"
#include "temp_dir.hpp"

using planton::kube::ClusterAccess;
using planton::kube::ConfigSelection;
using planton::kube::KubeconfigEnvironment;
using planton::kube::resolve_cluster_access;
using planton::test::TempDir;

namespace {

// An environment with nothing set, so that tests never see the real ~/.kube/config.
KubeconfigEnvironment empty_environment(const TempDir& dir) {
    KubeconfigEnvironment env;
    env.home = dir.file("home");
    env.serviceaccount_dir = dir.file("serviceaccount");
    return env;
}

ConfigSelection explicit_file(const std::string& path, const std::string& context = "") {
    ConfigSelection selection;
    selection.kubeconfig_path = path;
    selection.context = context;
    return selection;
}

// The message of the planton::Error that resolving throws; checks it is Unreachable.
std::string error_of(const ConfigSelection& selection, const KubeconfigEnvironment& env) {
    try {
        resolve_cluster_access(selection, env);
    } catch (const planton::Error& e) {
        CHECK(e.kind() == planton::FailureKind::Unreachable);
        return e.what();
    }
    FAIL("no error");
    return "";
}

const std::string kTwoContexts = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster:
    server: https://dev.example:6443
    certificate-authority: certs/ca.crt
- name: prod
  cluster:
    server: https://prod.example:6443/
    certificate-authority-data: )" +
                                 std::string(planton::test::kFakeCaData) + R"(
    tls-server-name: kubernetes.default
    proxy-url: http://proxy.internal:3128
users:
- name: dev-admin
  user:
    client-certificate: certs/admin.crt
    client-key: certs/admin.key
- name: prod-ci
  user:
    tokenFile: tokens/ci
contexts:
- name: dev
  context: {cluster: dev, user: dev-admin, namespace: logging}
- name: prod
  context: {cluster: prod, user: prod-ci}
)";

}  // namespace

TEST_CASE("a kubeconfig file: current-context, and paths relative to its folder", "[kube][kubeconfig]") {
    TempDir dir;
    const std::string config = dir.write("conf/kubeconfig", kTwoContexts);
    dir.write("conf/certs/ca.crt", planton::test::kFakeCaPem);
    dir.write("conf/certs/admin.crt", planton::test::kFakeCertPem);
    dir.write("conf/certs/admin.key", planton::test::kFakeKeyPem);
    dir.write("conf/tokens/ci", "ci-token\n");

    const ClusterAccess dev = resolve_cluster_access(explicit_file(config), empty_environment(dir));
    CHECK(dev.context == "dev");
    CHECK(dev.cluster == "dev");
    CHECK(dev.user == "dev-admin");
    CHECK(dev.namespace_ == "logging");
    CHECK(dev.server == "https://dev.example:6443");
    CHECK(dev.source == config);
    CHECK(dev.tls.ca_pem == planton::test::kFakeCaPem);
    CHECK(dev.tls.ca_origin ==
          "certificate-authority " + dir.file("conf/certs/ca.crt") + " of cluster \"dev\"");
    CHECK_FALSE(dev.tls.insecure_skip_verify);
    CHECK(dev.credentials.client_cert_pem == planton::test::kFakeCertPem);
    CHECK(dev.credentials.client_key_pem == planton::test::kFakeKeyPem);
    CHECK(dev.credentials.token.empty());
    CHECK(dev.warnings.empty());

    const ClusterAccess prod = resolve_cluster_access(explicit_file(config, "prod"), empty_environment(dir));
    CHECK(prod.context == "prod");
    CHECK(prod.server == "https://prod.example:6443");  // trailing slash dropped
    CHECK(prod.tls.ca_pem == planton::test::kFakeCaPem);
    CHECK(prod.tls.ca_origin == "certificate-authority-data of cluster \"prod\"");
    CHECK(prod.tls.server_name == "kubernetes.default");
    CHECK(prod.proxy_url == "http://proxy.internal:3128");
    CHECK(prod.credentials.token_file == dir.file("conf/tokens/ci"));
}

TEST_CASE("KUBECONFIG: files merged first-wins, missing files skipped", "[kube][kubeconfig]") {
    TempDir dir;
    dir.write("a/ca.crt", planton::test::kFakeCaPem);
    dir.write("b/ca.crt", "not used");
    const std::string a = dir.write("a/config", R"(
clusters:
- name: shared
  cluster: {server: "https://a.example", certificate-authority: ca.crt}
users:
- name: shared
  user: {token: from-a}
contexts:
- name: shared
  context: {cluster: shared, user: shared}
)");
    const std::string b = dir.write("b/config", R"(
current-context: only-b
clusters:
- name: shared
  cluster: {server: "https://b.example", certificate-authority: ca.crt}
- name: b-cluster
  cluster: {server: "https://b-only.example"}
users:
- name: shared
  user: {token: from-b}
contexts:
- name: shared
  context: {cluster: b-cluster, user: shared, namespace: from-b}
- name: only-b
  context: {cluster: shared, user: shared}
)");
    KubeconfigEnvironment env = empty_environment(dir);
    env.kubeconfig = dir.file("missing") + ":" + a + "::" + b;

    // current-context comes from b (a sets none), and names a context only b defines;
    // that context's cluster and user are a's, which came first.
    ClusterAccess access = resolve_cluster_access(ConfigSelection{}, env);
    CHECK(access.context == "only-b");
    CHECK(access.server == "https://a.example");
    CHECK(access.tls.ca_pem == planton::test::kFakeCaPem);  // a's ca.crt, relative to a's folder
    CHECK(access.credentials.token == "from-a");
    CHECK(access.source == a + ":" + b);

    access = resolve_cluster_access(ConfigSelection{"", "shared", {}, "", "."}, env);
    CHECK(access.server == "https://a.example");
    CHECK(access.namespace_.empty());

    SECTION("the first current-context wins") {
        const std::string c = dir.write("c/config", "current-context: shared\n");
        env.kubeconfig = c + ":" + a + ":" + b;
        CHECK(resolve_cluster_access(ConfigSelection{}, env).context == "shared");
    }
}

TEST_CASE("~/.kube/config when KUBECONFIG is not set", "[kube][kubeconfig]") {
    TempDir dir;
    dir.write("home/.kube/config", R"(
current-context: home
clusters: [{name: home, cluster: {server: "https://home.example"}}]
contexts: [{name: home, context: {cluster: home}}]
)");
    const ClusterAccess access = resolve_cluster_access(ConfigSelection{}, empty_environment(dir));
    CHECK(access.server == "https://home.example");
    CHECK(access.source == dir.file("home/.kube/config"));
    CHECK_FALSE(access.credentials.any());
    CHECK(access.tls.ca_origin == "the system's certificate authorities");
}

TEST_CASE("kubeconfig text from a stack input wins over the environment", "[kube][kubeconfig]") {
    TempDir dir;
    dir.write("home/.kube/config", "current-context: x\n");
    ConfigSelection selection;
    selection.kubeconfig_text = R"(
current-context: do
clusters: [{name: do, cluster: {server: "https://do.example", certificate-authority-data: )" +
                                std::string(planton::test::kFakeCaData) + R"(}}]
users: [{name: do-admin, user: {token: doks-token}}]
contexts: [{name: do, context: {cluster: do, user: do-admin}}]
)";
    selection.kubeconfig_text_origin = "provider_config.digital_ocean_doks.kube_config";
    const ClusterAccess access = resolve_cluster_access(selection, empty_environment(dir));
    CHECK(access.server == "https://do.example");
    CHECK(access.credentials.token == "doks-token");
    CHECK(access.source == "provider_config.digital_ocean_doks.kube_config");
}

TEST_CASE("in-cluster configuration", "[kube][kubeconfig]") {
    TempDir dir;
    KubeconfigEnvironment env = empty_environment(dir);
    env.service_host = "10.96.0.1";
    env.service_port = "443";
    dir.write("serviceaccount/token", "sa-token\n");
    dir.write("serviceaccount/ca.crt", planton::test::kFakeCaPem);
    dir.write("serviceaccount/namespace", "kube-system\n");

    ClusterAccess access = resolve_cluster_access(ConfigSelection{}, env);
    CHECK(access.server == "https://10.96.0.1:443");
    CHECK(access.context == "in-cluster");
    CHECK(access.namespace_ == "kube-system");
    CHECK(access.credentials.token_file == dir.file("serviceaccount/token"));
    CHECK(access.tls.ca_pem == planton::test::kFakeCaPem);
    CHECK(access.source == "in-cluster configuration (" + dir.file("serviceaccount") + ")");

    env.service_host = "fd00::1";
    CHECK(resolve_cluster_access(ConfigSelection{}, env).server == "https://[fd00::1]:443");

    SECTION("a kubeconfig comes first") {
        dir.write("home/.kube/config", R"(
current-context: k
clusters: [{name: k, cluster: {server: "https://k.example"}}]
contexts: [{name: k, context: {cluster: k}}]
)");
        CHECK(resolve_cluster_access(ConfigSelection{}, env).server == "https://k.example");
    }
    SECTION("without a token it is an error") {
        std::filesystem::remove(dir.file("serviceaccount/token"));
        CHECK(error_of(ConfigSelection{}, env) ==
              "in-cluster configuration: cannot read the service account token " +
                  dir.file("serviceaccount/token") + ": No such file or directory");
    }
    SECTION("--context cannot name a context of the in-cluster configuration") {
        CHECK(error_of(ConfigSelection{"", "prod", {}, "", "."}, env) ==
              "context \"prod\" not found: no kubeconfig was found (KUBECONFIG is not set, " +
                  dir.file("home") +
                  "/.kube/config does not exist), and the in-cluster configuration has no contexts");
    }
}

TEST_CASE("PLANTON_DS_SERVICEACCOUNT_DIR moves the in-cluster folder", "[kube][kubeconfig]") {
    setenv("PLANTON_DS_SERVICEACCOUNT_DIR", "/tmp/sa-test", 1);
    CHECK(KubeconfigEnvironment::from_process().serviceaccount_dir == "/tmp/sa-test");
    unsetenv("PLANTON_DS_SERVICEACCOUNT_DIR");
    CHECK(KubeconfigEnvironment::from_process().serviceaccount_dir ==
          "/var/run/secrets/kubernetes.io/serviceaccount");
}

TEST_CASE("no configuration anywhere says where it looked", "[kube][kubeconfig]") {
    TempDir dir;
    KubeconfigEnvironment env = empty_environment(dir);
    CHECK(error_of(ConfigSelection{}, env) ==
          "no cluster configuration found: KUBECONFIG is not set, " + dir.file("home") +
              "/.kube/config does not exist, and KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set "
              "(not "
              "running in a pod); pass --kubeconfig PATH");
    env.kubeconfig = "/nope/a:/nope/b";
    CHECK(error_of(ConfigSelection{}, env) ==
          "no cluster configuration found: no file of KUBECONFIG exists (/nope/a:/nope/b), and "
          "KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set (not running in a pod); pass "
          "--kubeconfig PATH");
}

TEST_CASE("configuration errors name the file, context and field", "[kube][kubeconfig]") {
    TempDir dir;
    const KubeconfigEnvironment env = empty_environment(dir);
    dir.write("ca.crt", planton::test::kFakeCaPem);
    const std::string header = "current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n";
    const std::string ok_cluster = "clusters: [{name: k, cluster: {server: \"https://k.example\"}}]\n";
    const std::string ok_user = "users: [{name: u, user: {token: t}}]\n";
    struct Case {
        const char* name;
        std::string config;
        std::string context;
        std::string expected;  // "FILE" stands for the kubeconfig's path
    };
    const std::vector<Case> cases = {
        {"missing file", "", "", "kubeconfig FILE-missing: cannot read: No such file or directory"},
        {"unknown context", header + ok_cluster + ok_user, "staging",
         "context \"staging\" not found in FILE; known contexts: c"},
        {"current-context names nothing",
         "current-context: gone\ncontexts: [{name: a, context: {cluster: k}}, {name: b, "
         "context: {cluster: k}}]\n" +
             ok_cluster,
         "", "current-context \"gone\" of FILE names no context; known contexts: a, b (pass --context NAME)"},
        {"no current-context", "contexts: [{name: a, context: {cluster: k}}]\n" + ok_cluster, "",
         "kubeconfig FILE has no current-context; pass --context NAME (known contexts: a)"},
        {"no contexts", "clusters: []\n", "", "kubeconfig FILE defines no contexts"},
        {"missing cluster", header + ok_user, "",
         "context \"c\" (in FILE) names cluster \"k\", which FILE does not define; known clusters: none"},
        {"missing user", header + ok_cluster, "",
         "context \"c\" (in FILE) names user \"u\", which FILE does not define; known users: none"},
        {"no server", header + "clusters: [{name: k, cluster: {}}]\n" + ok_user, "",
         "cluster \"k\" (in FILE) has no server"},
        {"bad scheme", header + "clusters: [{name: k, cluster: {server: \"ftp://k\"}}]\n" + ok_user, "",
         "server \"ftp://k\" of cluster \"k\" (in FILE) is not an https:// or http:// URL"},
        {"bad base64",
         header +
             "clusters: [{name: k, cluster: {server: \"https://k\", certificate-authority-data: "
             "\"%%%\"}}]\n" +
             ok_user,
         "", "certificate-authority-data of cluster \"k\" (in FILE) is not valid base64"},
        {"CA that is not PEM",
         header +
             "clusters: [{name: k, cluster: {server: \"https://k\", certificate-authority-data: "
             "aGVsbG8=}}]\n" +
             ok_user,
         "",
         "certificate-authority-data of cluster \"k\" (in FILE) holds no PEM certificate (no -----BEGIN "
         "CERTIFICATE----- line)"},
        {"unreadable CA file",
         header +
             "clusters: [{name: k, cluster: {server: \"https://k\", certificate-authority: nope.crt}}]\n" +
             ok_user,
         "",
         "certificate-authority DIR/nope.crt of cluster \"k\" (in FILE): cannot read: No such file or "
         "directory"},
        {"insecure with a CA",
         header +
             "clusters: [{name: k, cluster: {server: \"https://k\", certificate-authority: ca.crt, "
             "insecure-skip-tls-verify: true}}]\n" +
             ok_user,
         "",
         "cluster \"k\" (in FILE) sets both insecure-skip-tls-verify and certificate-authority; kubectl "
         "refuses this too: remove one of them"},
        {"certificate without key",
         header + ok_cluster +
             "users: [{name: u, user: {client-certificate-data: " + planton::test::kFakeCertData + "}}]\n",
         "", "user \"u\" (in FILE) has a client-certificate but no client-key"},
        {"key that is not PEM",
         header + ok_cluster + "users: [{name: u, user: {client-certificate-data: " +
             planton::test::kFakeCertData + ", client-key-data: aGVsbG8=}}]\n",
         "",
         "client-key-data of user \"u\" (in FILE) holds no PEM private key (no -----BEGIN … PRIVATE KEY----- "
         "line)"},
        {"two methods",
         header + ok_cluster + "users: [{name: u, user: {token: t, username: a, password: b}}]\n", "",
         "user \"u\" (in FILE) sets more than one authentication method (token, username/password); only one "
         "is allowed"},
        {"unreadable tokenFile", header + ok_cluster + "users: [{name: u, user: {tokenFile: /nope/token}}]\n",
         "", "tokenFile /nope/token of user \"u\" (in FILE): cannot read: No such file or directory"},
        {"gcp auth-provider",
         header + ok_cluster + "users: [{name: u, user: {auth-provider: {name: gcp, config: {}}}}]\n", "",
         "user \"u\" (in FILE) uses auth-provider \"gcp\", which planton-ds does not support (kubectl "
         "1.26 removed it too); use the exec "
         "plugin that replaces it: gke-gcloud-auth-plugin (gcloud components install "
         "gke-gcloud-auth-plugin)"},
        {"azure auth-provider",
         header + ok_cluster + "users: [{name: u, user: {auth-provider: {name: azure}}}]\n", "",
         "user \"u\" (in FILE) uses auth-provider \"azure\", which planton-ds does not support (kubectl "
         "1.26 removed it too); use the "
         "exec plugin that replaces it: kubelogin (https://azure.github.io/kubelogin/)"},
        {"oidc auth-provider",
         header + ok_cluster + "users: [{name: u, user: {auth-provider: {name: oidc}}}]\n", "",
         "user \"u\" (in FILE) uses auth-provider \"oidc\", which planton-ds does not support (kubectl "
         "still does); use an exec credential plugin instead: kubelogin, as users[].user.exec with command "
         "kubectl and args [oidc-login, get-token, --oidc-issuer-url=ISSUER, --oidc-client-id=ID] "
         "(https://github.com/int128/kubelogin)"},
        {"old exec apiVersion",
         header + ok_cluster +
             "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: "
             "x}}}]\n",
         "",
         "the exec plugin of user \"u\" (in FILE) uses apiVersion \"client.authentication.k8s.io/v1alpha1\"; "
         "supported: "
         "client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1"},
        {"interactive exec",
         header + ok_cluster +
             "users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: sso, "
             "interactiveMode: Always}}}]\n",
         "",
         "the exec plugin \"sso\" of user \"u\" (in FILE) needs an interactive terminal (interactiveMode: "
         "Always), which planton-ds does not give it"},
        {"invalid YAML", "clusters:\n  - name: [unclosed\n", "",
         "kubeconfig FILE:3: not valid YAML: end of sequence flow not found"},
        // Found by fuzzing: a server with a byte that is not UTF-8 reached the exec plugin's
        // KUBERNETES_EXEC_INFO, whose JSON writer threw nlohmann's type_error.316 at the user.
        {"invalid UTF-8",
         "clusters:\n- name: k\n  cluster:\n    server: \"https://063.0.0.1:3657\xB9\"\nusers:\n- name: u\n"
         "  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: x, provideClusterInfo: "
         "true}\ncontexts:\n- name: k\n  context: {cluster: k, user: u}\ncurrent-context: k\n",
         "", "kubeconfig FILE:4: invalid UTF-8 (the file must be UTF-8 text)"},
        {"wrong shape", "clusters:\n  name: k\n", "",
         "kubeconfig FILE:2: clusters must be a list of {name, cluster} entries"},
        {"wrong type", "clusters:\n- name: k\n  cluster:\n    insecure-skip-tls-verify: maybe\n", "",
         "kubeconfig FILE:4: insecure-skip-tls-verify must be true or false"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        std::string path = dir.file("kubeconfig");
        if (c.config.empty() && std::string(c.name) == "missing file") {
            path += "-missing";
        } else {
            dir.write("kubeconfig", c.config);
        }
        std::string expected = c.expected;
        for (auto [token, value] : {std::pair<std::string, std::string>{"FILE-missing", path},
                                    {"FILE", dir.file("kubeconfig")},
                                    {"DIR", dir.path()}}) {
            for (size_t at = expected.find(token); at != std::string::npos;
                 at = expected.find(token, at + value.size())) {
                expected.replace(at, token.size(), value);
            }
        }
        CHECK(error_of(explicit_file(path, c.context), env) == expected);
    }
}

TEST_CASE("warnings: TLS verification off, credentials kept from plain HTTP", "[kube][kubeconfig]") {
    TempDir dir;
    const std::string path = dir.write("kubeconfig", R"(
current-context: c
clusters:
- {name: lab, cluster: {server: "https://lab:6443", insecure-skip-tls-verify: true}}
- {name: plain, cluster: {server: "http://127.0.0.1:8080"}}
users: [{name: u, user: {token: secret-token}}]
contexts:
- {name: c, context: {cluster: lab, user: u}}
- {name: p, context: {cluster: plain, user: u}}
)");
    ClusterAccess lab = resolve_cluster_access(explicit_file(path), empty_environment(dir));
    CHECK(lab.tls.insecure_skip_verify);
    CHECK(lab.warnings ==
          std::vector<std::string>{"TLS verification is off for cluster \"lab\" (insecure-skip-tls-verify: "
                                   "true in " +
                                   path + "): the server's identity is not checked"});
    CHECK(lab.credentials.token == "secret-token");

    ClusterAccess plain = resolve_cluster_access(explicit_file(path, "p"), empty_environment(dir));
    CHECK(plain.warnings ==
          std::vector<std::string>{"server http://127.0.0.1:8080 of cluster \"plain\" is plain HTTP: the "
                                   "credentials of user \"u\" are not sent"});
    CHECK_FALSE(plain.credentials.any());
}

TEST_CASE("exec plugin settings are read as written", "[kube][kubeconfig]") {
    TempDir dir;
    const std::string path = dir.write("sub/kubeconfig", R"(
current-context: c
clusters: [{name: k, cluster: {server: "https://k"}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./bin/get-token
      args: [--cluster, prod]
      env: [{name: A, value: "1"}, {name: B, value: two}]
      installHint: install get-token from the wiki
      provideClusterInfo: true
      interactiveMode: Never
)");
    const ClusterAccess access = resolve_cluster_access(explicit_file(path), empty_environment(dir));
    REQUIRE(access.credentials.exec);
    const auto& exec = *access.credentials.exec;
    CHECK(exec.api_version == "client.authentication.k8s.io/v1beta1");
    CHECK(exec.command == dir.file("sub/bin/get-token"));  // a path: relative to the kubeconfig
    CHECK(exec.args == std::vector<std::string>{"--cluster", "prod"});
    CHECK(exec.env == std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"B", "two"}});
    CHECK(exec.install_hint == "install get-token from the wiki");
    CHECK(exec.provide_cluster_info);
    CHECK(exec.interactive_mode == "Never");
}
