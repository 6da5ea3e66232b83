#include <catch2/catch.hpp>

#include <thread>

#include "planton/error.hpp"
#include "planton/kube/credentials.hpp"
#include "planton/kube/curl_transport.hpp"

#include "fake_clock.hpp"
#include "kube_pem.hpp"
#include "temp_dir.hpp"

using planton::kube::AuthMaterial;
using planton::kube::build_curl_request;
using planton::kube::ClusterAccess;
using planton::kube::Credentials;
using planton::kube::HttpRequest;
using planton::test::FakeClock;
using planton::test::TempDir;
using std::chrono::milliseconds;

namespace {

ClusterAccess https_access() {
    ClusterAccess access;
    access.server = "https://10.0.0.1:6443";
    access.cluster = "prod";
    access.user = "admin";
    access.tls.ca_pem = planton::test::kFakeCaPem;
    access.tls.ca_origin = "certificate-authority-data of cluster \"prod\"";
    return access;
}

const HttpRequest kPatch{"PATCH",
                         "/apis/apps/v1/namespaces/logging/daemonsets/fluentd?fieldManager=planton-ds",
                         "application/apply-patch+yaml", R"({"kind":"DaemonSet"})"};

AuthMaterial current(const ClusterAccess& access, FakeClock& clock) {
    Credentials credentials(access, clock, milliseconds(30000));
    return credentials.current();
}

std::string error_of(Credentials& credentials) {
    try {
        credentials.current();
    } catch (const planton::Error& e) {
        CHECK(e.kind() == planton::FailureKind::Unreachable);
        return e.what();
    }
    FAIL("no error");
    return "";
}

}  // namespace

TEST_CASE("a bearer token goes in the Authorization header, the CA in a blob", "[kube][credentials]") {
    FakeClock clock;
    ClusterAccess access = https_access();
    access.credentials.token = "abc";
    const auto spec = build_curl_request(access, current(access, clock), kPatch, "planton-ds/0.1.0");
    CHECK(spec.url ==
          "https://10.0.0.1:6443/apis/apps/v1/namespaces/logging/daemonsets/fluentd?fieldManager=planton-ds");
    CHECK(spec.method == "PATCH");
    CHECK(spec.body == R"({"kind":"DaemonSet"})");
    CHECK(spec.headers == std::vector<std::string>{"Accept: application/json",
                                                   "Content-Type: application/apply-patch+yaml",
                                                   "Expect:", "Authorization: Bearer abc"});
    CHECK(spec.ca_pem == planton::test::kFakeCaPem);
    CHECK(spec.verify_peer);
    CHECK(spec.client_cert_pem.empty());
    CHECK(spec.username.empty());
    CHECK(spec.connect_to.empty());
    CHECK(spec.user_agent == "planton-ds/0.1.0");
}

TEST_CASE("client certificates go in memory blobs", "[kube][credentials]") {
    FakeClock clock;
    ClusterAccess access = https_access();
    access.credentials.client_cert_pem = planton::test::kFakeCertPem;
    access.credentials.client_key_pem = planton::test::kFakeKeyPem;
    const auto spec =
        build_curl_request(access, current(access, clock), {"GET", "/api/v1/nodes", "", ""}, "ua");
    CHECK(spec.client_cert_pem == planton::test::kFakeCertPem);
    CHECK(spec.client_key_pem == planton::test::kFakeKeyPem);
    CHECK(spec.headers == std::vector<std::string>{"Accept: application/json"});
}

TEST_CASE("basic authentication uses curl's user and password", "[kube][credentials]") {
    FakeClock clock;
    ClusterAccess access = https_access();
    access.credentials.username = "admin";
    access.credentials.password = "hunter2";
    const auto spec =
        build_curl_request(access, current(access, clock), {"GET", "/api/v1/nodes", "", ""}, "ua");
    CHECK(spec.username == "admin");
    CHECK(spec.password == "hunter2");
    CHECK(spec.headers == std::vector<std::string>{"Accept: application/json"});
}

TEST_CASE("nothing secret goes to a plain http:// server", "[kube][credentials]") {
    ClusterAccess access = https_access();
    access.server = "http://127.0.0.1:8080";
    AuthMaterial auth{"token", "user", "pass", planton::test::kFakeCertPem, planton::test::kFakeKeyPem};
    const auto spec = build_curl_request(access, auth, {"GET", "/api/v1/nodes", "", ""}, "ua");
    CHECK(spec.url == "http://127.0.0.1:8080/api/v1/nodes");
    CHECK(spec.headers == std::vector<std::string>{"Accept: application/json"});
    CHECK(spec.username.empty());
    CHECK(spec.password.empty());
    CHECK(spec.client_cert_pem.empty());
    CHECK(spec.client_key_pem.empty());
}

TEST_CASE("TLS settings: insecure, tls-server-name, proxy, path prefix", "[kube][credentials]") {
    ClusterAccess access = https_access();
    access.tls.ca_pem.clear();
    access.tls.insecure_skip_verify = true;
    access.server = "https://rancher.example/k8s/clusters/c-1";
    access.proxy_url = "http://proxy:3128";
    auto spec = build_curl_request(access, {}, {"GET", "/api/v1/nodes", "", ""}, "ua");
    CHECK_FALSE(spec.verify_peer);
    CHECK(spec.url == "https://rancher.example:443/k8s/clusters/c-1/api/v1/nodes");
    CHECK(spec.proxy == "http://proxy:3128");

    access = https_access();
    access.tls.server_name = "kubernetes.default.svc";
    spec = build_curl_request(access, {}, {"GET", "/version", "", ""}, "ua");
    CHECK(spec.url == "https://kubernetes.default.svc:6443/version");
    CHECK(spec.connect_to == "kubernetes.default.svc:6443:10.0.0.1:6443");
    CHECK(spec.headers == std::vector<std::string>{"Accept: application/json", "Host: 10.0.0.1:6443"});

    access.server = "https://[fd00::1]:6443";
    spec = build_curl_request(access, {}, {"GET", "/version", "", ""}, "ua");
    CHECK(spec.connect_to == "kubernetes.default.svc:6443:[fd00::1]:6443");
}

TEST_CASE("a token file is read on every request; the last good token is kept", "[kube][credentials]") {
    TempDir dir;
    FakeClock clock;
    ClusterAccess access = https_access();
    access.credentials.token = "static";
    access.credentials.token_file = dir.write("token", "first\n");
    Credentials credentials(access, clock, milliseconds(1000));
    CHECK(credentials.current().bearer_token == "first");  // the file wins over the static token
    dir.write("token", "rotated");
    CHECK(credentials.current().bearer_token == "rotated");
    std::filesystem::remove(dir.file("token"));
    CHECK(credentials.current().bearer_token == "rotated");
    CHECK(credentials.refresh_after_unauthorized(AuthMaterial{"rotated", "", "", "", ""}));

    Credentials fresh(access, clock, milliseconds(1000));
    CHECK(error_of(fresh) ==
          "tokenFile " + dir.file("token") + " of user \"admin\": cannot read: No such file or directory");
}

namespace {

// A plugin script: records its arguments, KUBERNETES_EXEC_INFO, one variable of the
// kubeconfig's env and how often it ran, then prints `output` ($n is the run number).
std::string write_plugin(const TempDir& dir, const std::string& name, const std::string& output,
                         int exit_code = 0) {
    const std::string d = dir.path();
    return dir.write(name,
                     "#!/bin/sh\n"
                     "n=$(cat '" +
                         d + "/runs' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" + d +
                         "/runs'\n"
                         "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '" +
                         d +
                         "/exec_info'\n"
                         "printf '%s\\n' \"$@\" > '" +
                         d +
                         "/args'\n"
                         "printf '%s|%s' \"$PLUGIN_REGION\" \"$HOME\" > '" +
                         d +
                         "/env'\n"
                         "cat <<EOF\n" +
                         output +
                         "\nEOF\n"
                         "exit " +
                         std::to_string(exit_code) + "\n",
                     0755);
}

ClusterAccess exec_access(const std::string& command, const std::string& api_version) {
    ClusterAccess access = https_access();
    planton::kube::ExecConfig exec;
    exec.api_version = api_version;
    exec.command = command;
    exec.args = {"token", "--cluster", "prod cluster"};
    exec.env = {{"PLUGIN_REGION", "eu-west-1"}};
    exec.install_hint = "Install it with: brew install get-token";
    access.credentials.exec = exec;
    return access;
}

const char* kV1Token = R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
"status":{"token":"tok-$n","expirationTimestamp":"2023-11-14T22:23:20Z"}})";
// The same without expirationTimestamp: reused until a 401.
const char* kV1TokenForever =
    R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-$n"}})";

}  // namespace

TEST_CASE("exec plugin v1: args, env, KUBERNETES_EXEC_INFO, token reused until it expires",
          "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;  // 2023-11-14T22:13:20Z; the token expires ten minutes later
    const std::string plugin = write_plugin(dir, "get-token", kV1Token);
    Credentials credentials(exec_access(plugin, "client.authentication.k8s.io/v1"), clock,
                            milliseconds(10000));

    CHECK(credentials.current().bearer_token == "tok-1");
    CHECK(dir.read("args") == "token\n--cluster\nprod cluster\n");
    CHECK(dir.read("env") == "eu-west-1|" + std::string(std::getenv("HOME") ? std::getenv("HOME") : ""));
    CHECK(
        dir.read("exec_info") ==
        R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}})");

    clock.advance(std::chrono::minutes(9));
    CHECK(credentials.current().bearer_token == "tok-1");
    CHECK(credentials.plugin_runs() == 1);
    clock.advance(std::chrono::minutes(1));
    const AuthMaterial refused = credentials.current();
    CHECK(refused.bearer_token == "tok-2");
    CHECK(credentials.plugin_runs() == 2);

    CHECK(credentials.refresh_after_unauthorized(refused));
    CHECK(credentials.current().bearer_token == "tok-3");
}

TEST_CASE("exec plugin: after a 401, connections sharing the credential fetch it once",
          "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;
    const std::string plugin = write_plugin(dir, "get-token", kV1TokenForever);
    Credentials credentials(exec_access(plugin, "client.authentication.k8s.io/v1"), clock,
                            milliseconds(10000));
    const AuthMaterial refused = credentials.current();
    CHECK(refused.bearer_token == "tok-1");
    CHECK(credentials.refresh_after_unauthorized(refused));
    CHECK(credentials.current().bearer_token == "tok-2");
    // A second connection, refused with the same old token, finds the new one.
    CHECK(credentials.refresh_after_unauthorized(refused));
    CHECK(credentials.current().bearer_token == "tok-2");
    CHECK(credentials.plugin_runs() == 2);
}

TEST_CASE("exec plugin: connections on several threads share one credential", "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;
    const std::string plugin = write_plugin(dir, "get-token", kV1TokenForever);
    Credentials credentials(exec_access(plugin, "client.authentication.k8s.io/v1"), clock,
                            milliseconds(10000));
    std::vector<std::thread> threads;
    std::vector<std::string> tokens(8);
    for (size_t i = 0; i < tokens.size(); ++i)
        threads.emplace_back([&, i] { tokens[i] = credentials.current().bearer_token; });
    for (auto& thread : threads) thread.join();
    CHECK(credentials.plugin_runs() == 1);
    CHECK(tokens == std::vector<std::string>(8, "tok-1"));
}

TEST_CASE("exec plugin v1beta1 with a client certificate and cluster info", "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;
    const std::string plugin =
        write_plugin(dir, "get-cert", R"({"apiVersion":"client.authentication.k8s.io/v1beta1",
"kind":"ExecCredential","status":{"clientCertificateData":"-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n",
"clientKeyData":"-----BEGIN EC PRIVATE KEY-----\na2V5\n-----END EC PRIVATE KEY-----\n"}})");
    ClusterAccess access = exec_access(plugin, "client.authentication.k8s.io/v1beta1");
    access.credentials.exec->provide_cluster_info = true;
    access.tls.server_name = "k8s.internal";
    Credentials credentials(access, clock, milliseconds(10000));
    const AuthMaterial auth = credentials.current();
    CHECK(auth.bearer_token.empty());
    CHECK(auth.client_cert_pem == "-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n");
    CHECK(auth.client_key_pem == "-----BEGIN EC PRIVATE KEY-----\na2V5\n-----END EC PRIVATE KEY-----\n");
    CHECK(
        dir.read("exec_info") ==
        R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false,)"
        R"("cluster":{"server":"https://10.0.0.1:6443","tls-server-name":"k8s.internal","certificate-authority-data":")" +
            std::string(planton::test::kFakeCaData) + R"("}}})");
    // No expirationTimestamp: reused for the whole run.
    clock.advance(std::chrono::hours(5));
    credentials.current();
    CHECK(credentials.plugin_runs() == 1);
}

TEST_CASE("exec plugin failures name the plugin and never show its output", "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;
    const std::string v1 = "client.authentication.k8s.io/v1";
    struct Case {
        const char* name;
        std::string output;
        int exit_code;
        std::string expected;  // after `the exec plugin "<path>" of user "admin" `
    };
    const std::vector<Case> cases = {
        {"exit code", R"({"secret":"s3cr3t-in-output"})", 3,
         "failed with exit code 3 and printed nothing on stderr"},
        {"garbage", "s3cr3t-in-output not json", 0,
         "printed 26 bytes that are not an ExecCredential JSON object (not shown, since they may hold "
         "credentials)"},
        {"wrong apiVersion",
         R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"s3cr3t-in-output"}})",
         0,
         "returned apiVersion \"client.authentication.k8s.io/v1beta1\", but the kubeconfig asks for "
         "\"client.authentication.k8s.io/v1\""},
        {"wrong kind",
         R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"Token","status":{"token":"s3cr3t-in-output"}})",
         0, "returned kind \"Token\" instead of ExecCredential"},
        {"no status", R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})", 0,
         "returned no status"},
        {"no credential",
         R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientKeyData":"s3cr3t-in-output"}})",
         0, "returned neither status.token nor status.clientCertificateData with status.clientKeyData"},
        {"bad expiry",
         R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"s3cr3t-in-output","expirationTimestamp":"tomorrow"}})",
         0, "returned an expirationTimestamp that is not an RFC 3339 time"},
    };
    int index = 0;
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string plugin =
            write_plugin(dir, "plugin-" + std::to_string(index++), c.output, c.exit_code);
        Credentials credentials(exec_access(plugin, v1), clock, milliseconds(10000));
        const std::string message = error_of(credentials);
        CHECK(message == "the exec plugin \"" + plugin + "\" of user \"admin\" " + c.expected);
        CHECK(message.find("s3cr3t") == std::string::npos);
    }
}

TEST_CASE("an exec plugin that is missing, not executable, failing or too slow",
          "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;
    const std::string v1 = "client.authentication.k8s.io/v1";

    Credentials missing(exec_access("planton-test-no-such-plugin", v1), clock, milliseconds(10000));
    CHECK(error_of(missing) ==
          "the exec plugin \"planton-test-no-such-plugin\" of user \"admin\" was not found in PATH; "
          "Install it with: brew install get-token");

    const std::string not_executable = dir.write("not-executable", "#!/bin/sh\n", 0644);
    Credentials denied(exec_access(not_executable, v1), clock, milliseconds(10000));
    CHECK(error_of(denied) ==
          "the exec plugin \"" + not_executable + "\" of user \"admin\" cannot be run: Permission denied");

    const std::string failing = dir.write("failing",
                                          "#!/bin/sh\necho 'opening the browser' >&2\necho 'error: the SSO "
                                          "session expired; run sso login  ' >&2\nexit 4\n",
                                          0755);
    Credentials fails(exec_access(failing, v1), clock, milliseconds(10000));
    CHECK(error_of(fails) ==
          "the exec plugin \"" + failing +
              "\" of user \"admin\" failed with exit code 4: error: the SSO session expired; run sso login");

    const std::string slow = dir.write("slow", "#!/bin/sh\nexec sleep 30\n", 0755);
    Credentials too_slow(exec_access(slow, v1), clock, milliseconds(200));
    CHECK(error_of(too_slow) ==
          "the exec plugin \"" + slow + "\" of user \"admin\" did not finish within 200ms");
}

TEST_CASE("RFC 3339 times", "[kube][credentials]") {
    using planton::kube::parse_rfc3339;
    const auto base = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14T22:13:20Z
    CHECK(parse_rfc3339("2023-11-14T22:13:20Z") == base);
    CHECK(parse_rfc3339("2023-11-14t22:13:20z") == base);
    CHECK(parse_rfc3339("2023-11-15T00:13:20+02:00") == base);
    CHECK(parse_rfc3339("2023-11-14T22:13:20.5Z") == base + milliseconds(500));
    // Beyond what system_clock holds (2262): the latest time, never a wrapped-around past.
    CHECK(parse_rfc3339("2999-01-01T00:00:00Z") == std::chrono::system_clock::time_point::max());
    CHECK(parse_rfc3339("9999-12-31T23:59:59Z") == std::chrono::system_clock::time_point::max());
    // Before 1678 (found by fuzzing: the conversion to nanoseconds overflowed, undefined
    // behaviour): the earliest time, long expired.
    CHECK(parse_rfc3339("1015-05-01T10:00:00Z") == std::chrono::system_clock::time_point::min());
    CHECK(parse_rfc3339("0000-01-01T00:00:00Z") == std::chrono::system_clock::time_point::min());
    for (const char* bad :
         {"", "2023-11-14", "2023-11-14T22:13:20", "2023-13-14T22:13:20Z", "2023-11-14T22:13:20+0200",
          "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20Zjunk"}) {
        INFO(bad);
        CHECK_FALSE(parse_rfc3339(bad));
    }
}

TEST_CASE("a 401 fetches fresh credentials and sends once more", "[kube][credentials][exec]") {
    TempDir dir;
    FakeClock clock;
    const std::string plugin = write_plugin(dir, "get-token", kV1Token);
    Credentials credentials(exec_access(plugin, "client.authentication.k8s.io/v1"), clock,
                            milliseconds(10000));
    std::vector<std::string> tokens;
    int refreshes = 0;
    auto send = [&](const AuthMaterial& auth, milliseconds) {
        tokens.push_back(auth.bearer_token);
        planton::kube::HttpResponse response;
        response.status = auth.bearer_token == "tok-1" ? 401 : 200;
        return response;
    };
    auto response =
        planton::kube::send_authenticated(credentials, send, milliseconds(30000), clock,
                                          [&](const planton::kube::HttpResponse&) { ++refreshes; });
    CHECK(response.status == 200);
    CHECK(response.attempts == 2);
    CHECK(tokens == std::vector<std::string>{"tok-1", "tok-2"});
    CHECK(refreshes == 1);

    SECTION("only once: a second 401 is the answer") {
        auto always_401 = [&](const AuthMaterial& auth, milliseconds) {
            tokens.push_back(auth.bearer_token);
            planton::kube::HttpResponse r;
            r.status = 401;
            return r;
        };
        tokens.clear();
        auto again = planton::kube::send_authenticated(credentials, always_401, milliseconds(30000), clock);
        CHECK(again.status == 401);
        CHECK(tokens == std::vector<std::string>{"tok-2", "tok-3"});
    }
    SECTION("a static token is not sent twice") {
        ClusterAccess access = https_access();
        access.credentials.token = "static";
        Credentials fixed(access, clock, milliseconds(1000));
        int sends = 0;
        auto unauthorized = [&](const AuthMaterial&, milliseconds) {
            ++sends;
            planton::kube::HttpResponse r;
            r.status = 401;
            return r;
        };
        CHECK(planton::kube::send_authenticated(fixed, unauthorized, milliseconds(1000), clock).status ==
              401);
        CHECK(sends == 1);
    }
    SECTION("a plugin failure becomes a credentials failure") {
        Credentials broken(exec_access(dir.file("missing-plugin"), "client.authentication.k8s.io/v1"), clock,
                           milliseconds(1000));
        auto r = planton::kube::send_authenticated(broken, send, milliseconds(1000), clock);
        CHECK(r.failure == planton::kube::TransportFailure::Credentials);
        CHECK(r.transport_error == "the exec plugin \"" + dir.file("missing-plugin") +
                                       "\" of user \"admin\" was not found; "
                                       "Install it with: brew install get-token");
    }
}
