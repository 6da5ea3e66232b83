// The real CurlTransport against a local HTTPS server (tls_echo_server.py, started on
// 127.0.0.1 with certificates made by the openssl command for this run).
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "planton/kube/connection.hpp"
#include "planton/kube/curl_transport.hpp"

#include "source_dir.hpp"
#include "temp_dir.hpp"

extern char** environ;

using nlohmann::json;
using planton::kube::ClusterAccess;
using planton::kube::CurlTransport;
using planton::kube::HttpRequest;
using planton::kube::TransportSettings;
using std::chrono::milliseconds;

namespace {

class TlsServer {
public:
    TlsServer() {
        const std::string d = dir_.path();
        dir_.write("server.ext",
                   "subjectAltName=DNS:kubernetes.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        dir_.write("client.ext", "extendedKeyUsage=clientAuth\n");
        const std::string key = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc";
        const std::string commands[] = {
            "openssl req -x509" + key + " -keyout ca.key -out ca.crt -subj /CN=test-ca -days 2",
            "openssl req -x509" + key + " -keyout other-ca.key -out other-ca.crt -subj /CN=other-ca -days 2",
            "openssl req" + key + " -keyout server.key -out server.csr -subj /CN=kubernetes.test",
            "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days "
            "2 "
            "-extfile server.ext",
            "openssl req" + key + " -keyout client.key -out client.csr -subj /CN=admin/O=system:masters",
            "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days "
            "2 "
            "-extfile client.ext",
        };
        for (const std::string& command : commands) {
            if (std::system(("cd '" + d + "' && " + command + " >/dev/null 2>&1").c_str()) != 0) {
                throw std::runtime_error("failed: " + command);
            }
        }
        std::vector<std::string> args{"python3",
                                      planton::test::source_dir() + "/test/unit/tls_echo_server.py",
                                      dir_.file("server.crt"),
                                      dir_.file("server.key"),
                                      dir_.file("ca.crt"),
                                      dir_.file("port")};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawnp(&pid_, "python3", nullptr, nullptr, argv.data(), environ) != 0) {
            throw std::runtime_error("cannot start python3");
        }
        for (int i = 0; i < 500 && !std::filesystem::exists(dir_.file("port")); ++i) {
            std::this_thread::sleep_for(milliseconds(20));
        }
        port_ = dir_.read("port");
        if (port_.empty()) throw std::runtime_error("the TLS test server did not start");
    }
    ~TlsServer() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }

    std::string url() const { return "https://127.0.0.1:" + port_; }
    std::string pem(const std::string& name) const { return dir_.read(name); }

    ClusterAccess access() const {
        ClusterAccess access;
        access.server = url();
        access.cluster = "test";
        access.user = "admin";
        access.tls.ca_pem = pem("ca.crt");
        access.tls.ca_origin = "certificate-authority-data of cluster \"test\"";
        return access;
    }

private:
    planton::test::TempDir dir_;
    pid_t pid_ = 0;
    std::string port_;
};

TlsServer& server() {
    static TlsServer instance;
    return instance;
}

TransportSettings quick_settings() {
    TransportSettings settings;
    settings.retry.timeout = milliseconds(10000);
    settings.retry.initial_backoff = milliseconds(10);
    settings.retry.max_attempts = 2;
    return settings;
}

json echo_of(const planton::kube::HttpResponse& response) {
    INFO(response.transport_error);
    REQUIRE(response.status == 200);
    return json::parse(response.body);
}

}  // namespace

TEST_CASE("CurlTransport: the cluster CA from memory, headers, one connection for all requests",
          "[kube][tls]") {
    ClusterAccess access = server().access();
    access.credentials.token = "abc123";
    CurlTransport transport(access, quick_settings());
    const HttpRequest patch{"PATCH",
                            "/apis/apps/v1/namespaces/logging/daemonsets/fluentd?fieldManager=planton-ds",
                            "application/apply-patch+yaml", R"({"kind":"DaemonSet"})"};
    const json first = echo_of(transport.send(patch));
    CHECK(first["method"] == "PATCH");
    CHECK(first["path"] == "/apis/apps/v1/namespaces/logging/daemonsets/fluentd?fieldManager=planton-ds");
    CHECK(first["body"] == R"({"kind":"DaemonSet"})");
    CHECK(first["headers"]["content-type"] == "application/apply-patch+yaml");
    CHECK(first["headers"]["accept"] == "application/json");
    CHECK(first["headers"]["user-agent"] == std::string("planton-ds/") + PLANTON_VERSION);
    CHECK(first["headers"]["authorization"] == "Bearer abc123");
    CHECK(first["client_subject"] == "");

    const json second = echo_of(transport.send({"GET", "/api/v1/namespaces/logging/pods", "", ""}));
    const json third = echo_of(transport.send({"DELETE", "/api/v1/namespaces/logging/configmaps/x", "", ""}));
    CHECK(third["method"] == "DELETE");
    CHECK(second["client_port"] == first["client_port"]);
    CHECK(third["client_port"] == first["client_port"]);
    CHECK(transport.connections_opened() == 1);
}

TEST_CASE("CurlTransport: a server certificate of another CA is refused with a clear message",
          "[kube][tls]") {
    ClusterAccess access = server().access();
    access.tls.ca_pem = server().pem("other-ca.crt");
    CurlTransport transport(access, quick_settings());
    const auto response = transport.send({"GET", "/version", "", ""});
    CHECK(response.status == 0);
    CHECK(response.failure == planton::kube::TransportFailure::Tls);
    CHECK(response.attempts == 1);  // not retried
    CHECK(response.transport_error ==
          "cannot connect to " + server().url() +
              ": certificate verify failed: the server's certificate is not signed by the "
              "cluster's certificate authority (certificate-authority-data of cluster "
              "\"test\")");

    SECTION("insecure-skip-tls-verify accepts it") {
        access.tls.ca_pem.clear();
        access.tls.insecure_skip_verify = true;
        CurlTransport insecure(access, quick_settings());
        CHECK(echo_of(insecure.send({"GET", "/version", "", ""}))["path"] == "/version");
    }
}

TEST_CASE("CurlTransport: a client certificate from memory", "[kube][tls]") {
    ClusterAccess access = server().access();
    access.credentials.client_cert_pem = server().pem("client.crt");
    access.credentials.client_key_pem = server().pem("client.key");
    CurlTransport transport(access, quick_settings());
    const json echo = echo_of(transport.send({"GET", "/version", "", ""}));
    CHECK(echo["client_subject"] == "commonName=admin,organizationName=system:masters");
    CHECK_FALSE(echo["headers"].contains("authorization"));
}

TEST_CASE("CurlTransport: tls-server-name is the name the certificate is checked against", "[kube][tls]") {
    ClusterAccess access = server().access();
    access.tls.server_name = "kubernetes.test";
    CurlTransport named(access, quick_settings());
    const json echo = echo_of(named.send({"GET", "/version", "", ""}));
    CHECK(echo["headers"]["host"] == "127.0.0.1:" + server().url().substr(server().url().rfind(':') + 1));

    access.tls.server_name = "other.test";
    CurlTransport wrong(access, quick_settings());
    const auto response = wrong.send({"GET", "/version", "", ""});
    CHECK(response.transport_error ==
          "cannot connect to " + server().url() +
              ": certificate verify failed: the server's certificate is not valid for "
              "other.test; if it names another host, set tls-server-name of cluster "
              "\"test\"");
}

TEST_CASE("CurlTransport: connection refused is retried, then reported", "[kube][tls]") {
    // A port that was free a moment ago: bind, read it, close.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    ClusterAccess access = server().access();
    access.server = "https://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    CurlTransport transport(access, quick_settings());
    const auto response = transport.send({"GET", "/version", "", ""});
    CHECK(response.failure == planton::kube::TransportFailure::Connect);
    CHECK(response.attempts == 2);
    CHECK(response.transport_error == "cannot connect to " + access.server + ": connection refused");
    CHECK(response.retry_note == "gave up after 2 attempts within the request timeout of 10s");
}

TEST_CASE("CurlTransport: a server that does not answer in time", "[kube][tls]") {
    TransportSettings settings = quick_settings();
    settings.retry.timeout = milliseconds(300);
    CurlTransport transport(server().access(), settings);
    const auto response = transport.send({"GET", "/slow", "", ""});
    CHECK(response.failure == planton::kube::TransportFailure::Timeout);
    CHECK(response.transport_error ==
          "the server " + server().url() + " did not answer within the request timeout of 300ms");
}

TEST_CASE("connect: from a kubeconfig file to a working client", "[kube][tls]") {
    planton::test::TempDir dir;
    dir.write("ca.crt", server().pem("ca.crt"));
    dir.write("token", "from-file\n");
    const std::string kubeconfig = dir.write("kubeconfig",
                                             "current-context: test\n"
                                             "clusters: [{name: test, cluster: {server: \"" +
                                                 server().url() +
                                                 "\", certificate-authority: ca.crt}}]\n"
                                                 "users: [{name: ci, user: {tokenFile: token}}]\n"
                                                 "contexts: [{name: test, context: {cluster: test, user: "
                                                 "ci, namespace: logging}}]\n");
    planton::kube::ConnectOptions options;
    options.selection.kubeconfig_path = kubeconfig;
    options.retry.timeout = milliseconds(5000);
    planton::kube::KubeconfigEnvironment env;
    auto connection = planton::kube::connect(options, env);
    CHECK(connection.access.context == "test");
    CHECK(connection.access.namespace_ == "logging");
    CHECK(connection.transport->server() == server().url());
    const auto result = connection.client->get_path("/version");
    REQUIRE(result.ok());
    CHECK(result.body["headers"]["authorization"] == "Bearer from-file");
}
