"""Transport faults end to end: `planton-ds apply` against a test API server that answers
503/5xx, 429 with Retry-After, resets the connection or never answers (cli.md
"Kubernetes access": retries with backoff within --request-timeout; 4xx other than 429
are not retried)."""
import time
import unittest

from cluster_case import ClusterTestCase

DAEMONSET = "/apis/apps/v1/namespaces/access/daemonsets/probe"


class FaultTest(ClusterTestCase):

    def setUp(self):
        super().setUp()
        self.config = self.api.kubeconfig("admin", "cert")

    def calls(self):
        """(method, path, status, fault) of each logged request."""
        return [(e["method"], e["path"], e["status"], e["fault"]) for e in self.api.requests()]

    def test_two_503_then_success_applies(self):
        self.api.fault(503, count=2, method="PATCH", path_prefix=DAEMONSET)
        proc = self.apply(self.config, "-v")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("daemonset.apps/probe created", proc.stdout.splitlines())
        patches = [c for c in self.calls() if c[1] == DAEMONSET]
        self.assertEqual(patches, [("PATCH", DAEMONSET, 503, "503"), ("PATCH", DAEMONSET, 503, "503"),
                                   ("PATCH", DAEMONSET, 201, None)])
        retries = [line for line in proc.stderr.splitlines() if line.startswith("retrying PATCH " + DAEMONSET)]
        self.assertEqual(len(retries), 2, proc.stderr)
        self.assertTrue(retries[0].endswith("(attempt 2): 503 Service Unavailable"), retries)
        self.assertTrue(retries[1].endswith("(attempt 3): 503 Service Unavailable"), retries)
        self.assertEqual(self.api.stats()["tls_handshakes"], 1, "the retries reuse the connection")

    def test_other_server_errors_are_retried(self):
        for code in (500, 502, 504):
            with self.subTest(code=code):
                name = "probe-%d" % code
                path = "/apis/apps/v1/namespaces/access/daemonsets/" + name
                self.api.fault(code, count=1, method="PATCH", path_prefix=path)
                proc = self.apply(self.config, manifest=self.manifest(name=name))
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual([c[2] for c in self.calls() if c[1] == path], [code, 201])

    def test_429_waits_as_retry_after_says(self):
        self.api.fault(429, count=1, method="PATCH", path_prefix=DAEMONSET, retry_after=2)
        proc = self.apply(self.config, "-v")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        first, second = self.api.requests(method="PATCH", path_prefix=DAEMONSET)
        self.assertEqual((first["status"], second["status"]), (429, 201))
        # The retry came no sooner than the server asked (an unhonoured Retry-After would
        # retry after the first backoff step, 125-250ms).
        self.assertGreaterEqual(second["started"] - first["started"], 2.0)
        self.assertIn("retrying PATCH %s in 2000ms (attempt 2): 429 Too Many Requests" % DAEMONSET, proc.stderr)

    def test_reset_connection_mid_run_is_retried(self):
        self.api.fault("reset", count=1, method="PATCH", path_prefix=DAEMONSET)
        proc = self.apply(self.config)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("daemonset.apps/probe created", proc.stdout.splitlines())
        entries = self.api.requests()
        patches = [(e["status"], e["fault"]) for e in entries if e["path"] == DAEMONSET]
        self.assertEqual(patches, [(None, "reset"), (201, None)])
        # The reset closed the connection: the retry opened a second one, the earlier
        # requests shared the first.
        self.assertEqual(self.api.stats()["connections"], 2)
        self.assertEqual(len({e["connection"] for e in entries if e["path"] != DAEMONSET}), 1)

    def test_server_that_never_answers_fails_within_the_request_timeout(self):
        self.api.fault("hang", count=1000)
        started = time.monotonic()
        proc = self.apply(self.config, "--request-timeout", "2s")
        elapsed = time.monotonic() - started
        self.assert_clean_failure(
            proc, 3, "the server %s did not answer within the request timeout of 2s" % self.api.url)
        self.assertEqual(proc.stdout, "")
        # Not a speed check: the default timeout is 30s, so an ignored --request-timeout
        # would show as a run of 30s or more.
        self.assertLess(elapsed, 20)
        self.assertEqual([c[0] for c in self.calls()], ["GET"], "a timed-out request is not sent again")

    def test_forbidden_is_not_retried(self):
        proc = self.apply(self.api.kubeconfig("viewer", "token"))
        self.assert_clean_failure(proc, 1, 'User "viewer" cannot patch resource "namespaces"')
        # preflight's reads (the namespace, the nodes), the DaemonSet LIST, the namespace GET
        self.assertEqual([(c[0], c[2]) for c in self.calls()],
                         [("GET", 404), ("GET", 200), ("GET", 200), ("GET", 404), ("PATCH", 403)])

    def test_conflict_is_not_retried(self):
        proc = self.apply(self.config)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        live = self.api.get("apps/v1", "DaemonSet", "probe", "access")
        self.api.apply({"apiVersion": "apps/v1", "kind": "DaemonSet",
                        "metadata": {"name": "probe", "namespace": "access"},
                        "spec": {"selector": live["spec"]["selector"], "template": {
                            "metadata": {"labels": live["spec"]["template"]["metadata"]["labels"]},
                            "spec": {"containers": [{"name": "probe", "image": "registry.example/other:9"}]}}}},
                       manager="hotfix", force=True)
        self.api.clear_log()
        proc = self.apply(self.config, manifest=self.manifest(tag="1.4.3"))
        self.assert_clean_failure(proc, 1, "hotfix", "--force-conflicts")
        self.assertEqual([(c[0], c[2]) for c in self.calls() if c[1] == DAEMONSET], [("PATCH", 409)])


if __name__ == "__main__":
    unittest.main()
