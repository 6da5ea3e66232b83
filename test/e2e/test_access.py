"""Cluster access end to end: `planton-ds apply` against the test API server with every
way a kubeconfig (or the in-cluster configuration) can identify the user, and the
failures a user meets (cli.md "Kubernetes access"). Each test checks in the server's
request log which user made the requests."""
import json
import os
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import planton_cli
from apiserver_fixture import Rule
from cluster_case import ClusterTestCase

EVERYTHING = [Rule()]
PLUGIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exec_credential_plugin.py")
V1 = "client.authentication.k8s.io/v1"
V1BETA1 = "client.authentication.k8s.io/v1beta1"


class CredentialsTest(ClusterTestCase):
    """One test per way of authenticating; each applies a small manifest."""

    def test_client_certificate_data(self):
        self.assert_applied(self.apply(self.api.kubeconfig("admin", "cert", embed=True)), "admin")

    def test_client_certificate_files(self):
        config = self.api.kubeconfig("admin", "cert", embed=False)
        with open(config) as f:
            self.assertIn("client-certificate:", f.read())
        self.assert_applied(self.apply(config), "admin")

    def test_token(self):
        self.api.put({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "deployer-ns"}})
        proc = self.apply(self.api.kubeconfig("deployer", "token"),
                          manifest=self.manifest(namespace="deployer-ns", create_namespace=False))
        self.assert_applied(proc, "deployer", namespace="deployer-ns")

    def test_token_file(self):
        self.api.add_user("file-token-user", token="token-from-a-file-5f2c", rules=EVERYTHING)
        planton_cli.register_secret("token-from-a-file-5f2c")
        token_file = self.write("token", "token-from-a-file-5f2c\n")
        config = self.write_kubeconfig("config", {"ci": {"tokenFile": token_file}}, {"ci": ("test", "ci")}, "ci")
        self.assert_applied(self.apply(config), "file-token-user")

    def test_basic_auth(self):
        self.assert_applied(self.apply(self.api.kubeconfig("admin", "basic")), "admin")

    def test_in_cluster_service_account(self):
        self.api.add_user("system:serviceaccount:ops:deployer", token="in-cluster-token-9d1e", rules=EVERYTHING)
        planton_cli.register_secret("in-cluster-token-9d1e")
        account = os.path.join(self.tmp, "serviceaccount")
        self.write("serviceaccount/token", "in-cluster-token-9d1e")
        with open(self.api.ca_cert) as f:
            self.write("serviceaccount/ca.crt", f.read())
        self.write("serviceaccount/namespace", "ops\n")
        env = {"KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": str(self.api.server.port),
               "PLANTON_DS_SERVICEACCOUNT_DIR": account}
        self.assert_applied(self.apply(env=env), "system:serviceaccount:ops:deployer")

    def test_no_configuration_at_all(self):
        proc = self.apply()
        self.assert_clean_failure(proc, 3, "no cluster configuration found: KUBECONFIG is not set, "
                                           "%s/.kube/config does not exist" % self.home, "--kubeconfig PATH")
        self.assertEqual(self.api.requests(), [])


class ExecPluginTest(ClusterTestCase):
    """Exec credential plugins (client.authentication.k8s.io v1 and v1beta1)."""

    def setUp(self):
        super().setUp()
        self.api.add_user("exec-user", token="exec-token-4b7a1c", rules=EVERYTHING)
        planton_cli.register_secret("exec-token-4b7a1c")
        self.state = os.path.join(self.tmp, "plugin")
        os.makedirs(self.state)

    def plugin_config(self, api_version=V1, mode="token", **env):
        variables = {"PLUGIN_STATE": self.state, "PLUGIN_MODE": mode, "PLUGIN_TOKEN": "exec-token-4b7a1c"}
        variables.update(env)
        exec_entry = {"apiVersion": api_version, "command": PLUGIN, "args": [api_version],
                      "env": [{"name": k, "value": v} for k, v in variables.items()],
                      "interactiveMode": "Never", "provideClusterInfo": True}
        return self.write_kubeconfig("config", {"sso": {"exec": exec_entry}}, {"sso": ("test", "sso")}, "sso")

    def runs(self):
        path = os.path.join(self.state, "runs")
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f]

    def test_v1_token(self):
        proc = self.apply(self.plugin_config(V1, PLUGIN_EXPECT_SERVER=self.api.url))
        self.assert_applied(proc, "exec-user")
        runs = self.runs()
        self.assertEqual(len(runs), 1, "one run, reused for every request of the run")
        self.assertEqual(runs[0]["spec"]["cluster"]["server"], self.api.url)
        self.assertGreaterEqual(len(self.api.requests()), 3)

    def test_v1beta1_token(self):
        self.assert_applied(self.apply(self.plugin_config(V1BETA1)), "exec-user")
        self.assertEqual([r["apiVersion"] for r in self.runs()], [V1BETA1])

    def test_client_certificate(self):
        self.api.add_user("exec-cert-user", groups=("system:masters",))
        cert, key = self.api.server.pki.client_cert("exec-cert-user", ("system:masters",))
        proc = self.apply(self.plugin_config(V1, "cert", PLUGIN_CERT=cert, PLUGIN_KEY=key))
        self.assert_applied(proc, "exec-cert-user")
        self.assertEqual(len(self.runs()), 1)

    def test_credential_reused_until_its_expiry(self):
        # (A year past 2262, where a nanosecond clock overflows, must still be the future.)
        proc = self.apply(self.plugin_config(V1, PLUGIN_EXPIRY="2999-01-01T00:00:00Z"))
        self.assert_applied(proc, "exec-user")
        self.assertEqual(len(self.runs()), 1)

    def test_expired_credential_is_fetched_again(self):
        # A credential that is already past its expirationTimestamp is not reused: the
        # plugin runs again before each request.
        proc = self.apply(self.plugin_config(V1, PLUGIN_EXPIRY="2020-01-01T00:00:00Z"))
        self.assert_applied(proc, "exec-user")
        self.assertEqual(len(self.runs()), len(self.api.requests()))

    def test_plugin_runs_again_once_after_401(self):
        proc = self.apply(self.plugin_config(V1, "stale-first"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        entries = self.api.requests()
        self.assertEqual((entries[0]["user"], entries[0]["status"]), (None, 401))
        self.assertEqual((entries[1]["method"], entries[1]["path"]), (entries[0]["method"], entries[0]["path"]))
        self.assertEqual({e["user"] for e in entries[1:]}, {"exec-user"})
        self.assertEqual(len(self.runs()), 2)

    def test_plugin_that_fails(self):
        proc = self.apply(self.plugin_config(V1, "fail"))
        self.assert_clean_failure(
            proc, 3, 'the exec plugin "%s" of user "sso" failed with exit code 1: acme-sso: the SSO session has '
                     "expired; run 'acme-sso login'\n" % PLUGIN)
        self.assertEqual(proc.stderr.count("acme-sso: the SSO session has expired"), 1, proc.stderr)
        self.assertEqual(self.api.requests(), [])

    def test_plugin_that_prints_garbage(self):
        proc = self.apply(self.plugin_config(V1, "garbage"))
        printed = len("Please open https://sso.acme.example/device and enter the code WXYZ-1234\n")
        self.assert_clean_failure(proc, 3, 'the exec plugin "%s" of user "sso" printed %d bytes that are not an '
                                           'ExecCredential JSON object (not shown, since they may hold '
                                           'credentials)' % (PLUGIN, printed))
        self.assertNotIn("WXYZ-1234", proc.stderr, "the plugin's output may hold credentials")
        self.assertEqual(self.api.requests(), [])


class KubeconfigSelectionTest(ClusterTestCase):
    """--kubeconfig, KUBECONFIG merging (first wins) and --context."""

    def setUp(self):
        super().setUp()
        self.api.add_user("second-user", token="second-user-token-77e0", rules=EVERYTHING)
        planton_cli.register_secret("second-user-token-77e0")
        # first: current-context "first", user "shared" = admin.
        self.first = self.write_kubeconfig(
            "first", {"shared": {"token": "admin-token"}}, {"first": ("test", "shared")}, "first")
        # second: the same names with other values (a port nobody listens on for "test"),
        # which lose when second comes later, and a context and cluster of its own.
        self.second = self.write_kubeconfig(
            "second", {"shared": {"token": "viewer-token"}, "other": {"token": "second-user-token-77e0"}},
            {"first": ("test", "other"), "second": ("own", "other")}, "second",
            clusters={"test": self.cluster_entry(server="https://127.0.0.1:1"), "own": self.cluster_entry()})

    def test_kubeconfig_list_merges_first_wins(self):
        proc = self.apply(env={"KUBECONFIG": "%s:%s" % (self.first, self.second)})
        self.assert_applied(proc, "admin")

    def test_kubeconfig_list_order_decides_the_current_context(self):
        # second's current-context wins.
        proc = self.apply(env={"KUBECONFIG": "%s:%s" % (self.second, self.first)})
        self.assert_applied(proc, "second-user")

    def test_missing_files_in_kubeconfig_list_are_skipped(self):
        missing = os.path.join(self.tmp, "does-not-exist")
        proc = self.apply(env={"KUBECONFIG": "%s:%s" % (missing, self.first)})
        self.assert_applied(proc, "admin")

    def test_context_flag_picks_a_merged_context(self):
        proc = self.apply(None, "--context", "second", env={"KUBECONFIG": "%s:%s" % (self.first, self.second)})
        self.assert_applied(proc, "second-user")

    def test_kubeconfig_flag_wins_over_kubeconfig_variable(self):
        proc = self.apply(self.first, env={"KUBECONFIG": self.second})
        self.assert_applied(proc, "admin")

    def test_unknown_context_lists_the_known_ones(self):
        paths = "%s:%s" % (self.first, self.second)
        proc = self.apply(None, "--context", "prod", env={"KUBECONFIG": paths})
        self.assert_clean_failure(proc, 3, 'context "prod" not found in %s; known contexts: first, second' % paths)
        self.assertEqual(self.api.requests(), [])


class TransportSettingsTest(ClusterTestCase):
    """insecure-skip-tls-verify, tls-server-name, proxy-url, auth-provider, http://."""

    def test_insecure_skip_tls_verify_warns(self):
        proc = self.apply(self.api.kubeconfig("admin", "token", insecure=True))
        self.assert_applied(proc, "admin")
        self.assertIn('TLS verification is off for cluster "planton-test" (insecure-skip-tls-verify: true in ',
                      proc.stderr)

    def test_tls_server_name_is_the_name_checked(self):
        proc = self.apply(self.api.kubeconfig("admin", "token", tls_server_name="kubernetes.planton.test"))
        self.assert_applied(proc, "admin")
        self.api.clear_log()
        proc = self.apply(self.api.kubeconfig("admin", "token", tls_server_name="api.elsewhere.example"))
        self.assert_clean_failure(
            proc, 3, "cannot connect to %s: certificate verify failed: the server's certificate is not valid for "
                     'api.elsewhere.example; if it names another host, set tls-server-name of cluster '
                     '"planton-test"' % self.api.url)

    def test_proxy_url(self):
        proxy = self.api.proxy()
        proc = self.apply(self.api.kubeconfig("admin", "cert", proxy_url=proxy.url))
        self.assert_applied(proc, "admin")
        self.assertEqual(proxy.connects, ["127.0.0.1:%d" % self.api.server.port])

    def test_auth_provider_is_refused_naming_its_replacement(self):
        config = self.api.kubeconfig("admin", "none", extra_user={
            "auth-provider": {"name": "gcp", "config": {"access-token": "ya29.not-a-real-token"}}})
        proc = self.apply(config)
        self.assert_clean_failure(proc, 3, 'user "admin" (in %s) uses auth-provider "gcp", which planton-ds does '
                                           'not support' % config, "gke-gcloud-auth-plugin")
        self.assertEqual(self.api.requests(), [])

    def test_credentials_never_go_to_a_plain_http_server(self):
        seen = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.answer()

            def do_PATCH(self):
                self.answer()

            def answer(self):
                seen.append((self.command, self.path, self.headers.get("Authorization")))
                body = json.dumps({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                   "message": "Unauthorized", "reason": "Unauthorized", "code": 401}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        url = "http://127.0.0.1:%d" % server.server_address[1]
        for method in ("token", "basic"):
            with self.subTest(method):
                seen.clear()
                proc = self.apply(self.api.kubeconfig("admin", method, ca="none", server_url=url))
                self.assertIn('server %s of cluster "planton-test" is plain HTTP: the credentials of user "admin" '
                              'are not sent' % url, proc.stderr)
                self.assertEqual(proc.returncode, 3, proc.stderr)
                self.assertTrue(seen)
                self.assertEqual({auth for _, _, auth in seen}, {None})


class FailureTest(ClusterTestCase):
    """What a user sees when the cluster cannot be trusted or refuses the credentials."""

    def test_wrong_certificate_authority(self):
        proc = self.apply(self.api.kubeconfig("admin", "token", ca="other"))
        self.assert_clean_failure(
            proc, 3, "cannot connect to %s: certificate verify failed: the server's certificate is not signed by "
                     'the cluster\'s certificate authority (certificate-authority-data of cluster "planton-test")'
                     % self.api.url)
        self.assertEqual(self.api.stats()["requests"], 0)

    def test_expired_token(self):
        proc = self.apply(self.api.kubeconfig("expired", "token"))
        self.assert_clean_failure(proc, 3, "the server %s refused the credentials (401 Unauthorized)" % self.api.url)
        self.assertEqual({(e["user"], e["status"]) for e in self.api.requests()}, {(None, 401)})

    def test_invalid_token(self):
        planton_cli.register_secret("no-such-token-31c8")
        config = self.write_kubeconfig("config", {"ci": {"token": "no-such-token-31c8"}}, {"ci": ("test", "ci")},
                                       "ci")
        proc = self.apply(config)
        self.assert_clean_failure(proc, 3, "the server %s refused the credentials (401 Unauthorized)" % self.api.url)
        self.assertEqual(len(self.api.requests()), 1, "a 401 is not retried for a static token")

    def test_the_hint_after_a_401_fits_the_credentials_presented(self):
        planton_cli.register_secret("wrong-password-77e1")
        config = self.write_kubeconfig("basic", {"ci": {"username": "admin", "password": "wrong-password-77e1"}},
                                       {"ci": ("test", "ci")}, "ci")
        proc = self.apply(config)
        self.assert_clean_failure(proc, 3, "the server %s refused the credentials (401 Unauthorized)" % self.api.url,
                                  "check the username and password of the kubeconfig user")
        self.assertNotIn("token", proc.stderr)
        proc = self.apply(self.api.kubeconfig("expired", "token"))
        self.assert_clean_failure(proc, 3, "check the token of the kubeconfig user (expired?)")


if __name__ == "__main__":
    unittest.main()
