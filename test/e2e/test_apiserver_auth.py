"""The test API server's TLS, authentication and authorization, over raw HTTPS."""
import email.utils
import ssl
import unittest

from apiserver_fixture import KUBECTL, ApiServerTestCase, Rule

UNAUTHORIZED = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": "Unauthorized", "reason": "Unauthorized", "code": 401}


class AuthenticationTest(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def test_each_credential_kind_identifies_its_user(self):
        for user, method in (("admin", "cert"), ("admin", "token"), ("viewer", "basic"), ("deployer", "token")):
            with self.subTest(user=user, method=method):
                self.api.clear_log()
                status, _, body = self.api.client(user, method).request("GET", "/api/v1/namespaces")
                self.assertEqual(status, 200)
                self.assertEqual(body["kind"], "NamespaceList")
                self.assertEqual(self.api.requests()[0]["user"], user)

    def test_certificate_groups_grant_permissions(self):
        master = self.api.add_user("ops-bot", groups=("system:masters",))
        status, _, _ = self.api.client(master).request("DELETE", "/api/v1/namespaces/kube-public")
        self.assertEqual(status, 200)
        nobody = self.api.add_user("nobody")
        status, _, body = self.api.client(nobody).request("GET", "/api/v1/namespaces")
        self.assertEqual(status, 403)
        self.assertEqual(body["message"], 'namespaces is forbidden: User "nobody" cannot list resource "namespaces" '
                                          'in API group "" at the cluster scope')

    def test_refused_credentials_get_the_unauthorized_status(self):
        cases = {
            "no credentials": {},
            "unknown token": {"Authorization": "Bearer nope"},
            "expired token": {"Authorization": "Bearer expired-token"},
            "wrong password": {"Authorization": "Basic YWRtaW46d3Jvbmc="},
            "unknown scheme": {"Authorization": "Negotiate abc"},
        }
        client = self.api.client("admin", "none")
        for name, headers in cases.items():
            with self.subTest(name):
                status, resp_headers, body = client.request("GET", "/api/v1/namespaces", headers=headers)
                self.assertEqual(status, 401)
                self.assertEqual(body, UNAUTHORIZED)
                self.assertEqual(resp_headers["content-type"], "application/json")

    def test_a_client_certificate_from_another_ca_fails_the_handshake(self):
        ctx = ssl.create_default_context(cafile=self.api.ca_cert)
        cert, key = self.api.server.pki.client_cert("admin", ("system:masters",), signed_by_other_ca=True)
        ctx.load_cert_chain(cert, key)
        client = self.api.client("admin", "none")
        client.context = ctx
        with self.assertRaises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
            client.request("GET", "/api/v1/namespaces")
        self.api.wait_for(lambda: self.api.stats()["tls_failures"] == 1)
        self.assertEqual(self.api.stats()["requests"], 0)

    def test_the_server_certificate_does_not_verify_against_another_ca(self):
        client = self.api.client("admin", "token", ca=self.api.server.pki.other_ca_cert)
        with self.assertRaises(ssl.SSLCertVerificationError):
            client.request("GET", "/version")


class AuthorizationTest(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def test_forbidden_names_verb_resource_group_and_namespace(self):
        viewer = self.api.client("viewer", "token")
        status, _, body = viewer.request(
            "PATCH", "/apis/apps/v1/namespaces/kube-system/daemonsets/fluentd?fieldManager=planton-ds",
            {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd"}},
            "application/apply-patch+yaml")
        self.assertEqual(status, 403)
        self.assertEqual(body, {
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": 'daemonsets.apps "fluentd" is forbidden: User "viewer" cannot patch resource "daemonsets" '
                       'in API group "apps" in the namespace "kube-system"',
            "reason": "Forbidden", "details": {"name": "fluentd", "group": "apps", "kind": "daemonsets"},
            "code": 403})

    def test_deployer_writes_only_in_its_namespace(self):
        admin, deployer = self.api.client(), self.api.client("deployer", "token")
        self.assertEqual(admin.request("POST", "/api/v1/namespaces", {
            "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "deployer-ns"}})[0], 201)
        cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}}
        status, _, _ = deployer.request("PATCH", "/api/v1/namespaces/deployer-ns/configmaps/c?fieldManager=t", cm,
                                        "application/apply-patch+yaml")
        self.assertEqual(status, 201)
        status, _, body = deployer.request("PATCH", "/api/v1/namespaces/default/configmaps/c?fieldManager=t", cm,
                                           "application/apply-patch+yaml")
        self.assertEqual(status, 403)
        self.assertEqual(body["message"], 'configmaps "c" is forbidden: User "deployer" cannot patch resource '
                                          '"configmaps" in API group "" in the namespace "default"')
        self.assertEqual(body["details"], {"name": "c", "kind": "configmaps"})
        status, _, body = deployer.request(
            "PATCH", "/apis/rbac.authorization.k8s.io/v1/clusterroles/r?fieldManager=t",
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}},
            "application/apply-patch+yaml")
        self.assertEqual(status, 403)
        self.assertEqual(body["message"], 'clusterroles.rbac.authorization.k8s.io "r" is forbidden: User "deployer" '
                                          'cannot patch resource "clusterroles" in API group '
                                          '"rbac.authorization.k8s.io" at the cluster scope')
        self.assertEqual(deployer.request("GET", "/apis/apps/v1/daemonsets")[0], 200)

    def test_custom_rules(self):
        self.api.add_user("lister", token="lister-token", rules=[Rule(verbs=("list",), resources=("pods",))])
        client = self.api.client("lister", "token")
        self.assertEqual(client.request("GET", "/api/v1/pods")[0], 200)
        self.assertEqual(client.request("GET", "/api/v1/namespaces/default/pods/p")[0], 403)
        self.assertEqual(client.request("GET", "/api/v1/namespaces/default/configmaps")[0], 403)


class ConnectionTest(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def test_requests_reuse_one_connection_with_date_and_content_length(self):
        client = self.api.client()
        for _ in range(5):
            status, headers, body = client.request("GET", "/api/v1/nodes")
            self.assertEqual(status, 200)
            self.assertIsNotNone(email.utils.parsedate_to_datetime(headers["date"]))
            self.assertEqual(len(body["items"]), 3)
        stats = self.api.stats()
        self.assertEqual((stats["connections"], stats["tls_handshakes"], stats["requests"]), (1, 1, 5))
        self.assertEqual({e["connection"] for e in self.api.requests()}, {1})


@unittest.skipIf(KUBECTL is None, "kubectl is not installed")
class KubeconfigTest(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def kubectl_with(self, config):
        import os
        import subprocess
        return subprocess.run([KUBECTL, "--kubeconfig", config, "get", "--raw", "/version"], capture_output=True,
                              text=True, env=dict(os.environ, HOME=self.api.dir), timeout=30)

    def test_tls_server_name_and_file_paths(self):
        port = self.api.server.port
        config = self.api.kubeconfig("admin", "cert", server_url="https://127.0.0.1:%d" % port,
                                     tls_server_name="kubernetes.planton.test", embed=False)
        result = self.kubectl_with(config)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('"gitVersion": "v1.32.0"', result.stdout)
        config = self.api.kubeconfig("admin", "cert", tls_server_name="wrong.planton.test")
        result = self.kubectl_with(config)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("x509: certificate is valid for", result.stderr)
        self.assertIn("not wrong.planton.test", result.stderr)

    def test_wrong_ca_is_refused_by_the_client(self):
        result = self.kubectl_with(self.api.kubeconfig("admin", "token", ca="other"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("x509: certificate signed by unknown authority", result.stderr)

    def test_proxy_url(self):
        proxy = self.api.proxy()
        config = self.api.kubeconfig("admin", "token", proxy_url=proxy.url)
        result = self.kubectl_with(config)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(proxy.connects)
        self.assertEqual(set(proxy.connects), {"127.0.0.1:%d" % self.api.server.port})

    def test_basic_auth_and_token_kubeconfigs(self):
        for method in ("basic", "token"):
            result = self.kubectl_with(self.api.kubeconfig("viewer", method))
            self.assertEqual(result.returncode, 0, result.stderr)
        result = self.kubectl_with(self.api.kubeconfig("expired", "token"))
        self.assertIn("Unauthorized", result.stderr)


if __name__ == "__main__":
    unittest.main()
