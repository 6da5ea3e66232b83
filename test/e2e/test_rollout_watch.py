"""The rollout wait watches the DaemonSet and the namespace's Warning events instead of
polling, and the pods once one of them reports a Warning: what the test API server's
request log shows of it, a stream the server closes (resumed from the last
resourceVersion), a resourceVersion that fell out of the server's watch window (410,
listed again), a refusal and a crashing pod seen through the watches, and polling when
the credentials may not watch."""
import os
import unittest

import daemonset_manifests as dm
import planton_cli
from apiserver_fixture import Rule, SharedApiServerTestCase, daemonset_object
from cluster_case import ScratchHome
from planton_cli import register_secret

# minReadySeconds 100 at 1 simulated second per 20 ms tick: the rollout lasts about 2 s
# after the pods are ready, a quiet time in which the DaemonSet does not change.
SLOW = {"min_ready_seconds": 100}


class WatchWaitTest(ScratchHome, SharedApiServerTestCase):
    # A window of 60 changes per resource type: wide enough for the wait's own watches to
    # start from their lists, narrow enough for a test to push a version out of it.
    api_options = {"tick_interval": 0.02, "watch_window": 60}

    def setUp(self):
        super().setUp()
        self.kubeconfig = self.api.kubeconfig()

    def args(self, namespace, *extra, **spec):
        path = os.path.join(self.tmp, "manifest.yaml")
        with open(path, "w") as f:
            f.write(dm.to_yaml(dm.manifest(namespace=namespace, **spec)))
        return ["apply", "-f", path, "--kubeconfig", self.kubeconfig, *extra]

    def deploy(self, namespace, *extra, **spec):
        return planton_cli.run(self.args(namespace, *extra, **spec), env={"HOME": self.home})

    def start(self, namespace, *extra, **spec):
        return planton_cli.start(self.args(namespace, *extra, **spec), env={"HOME": self.home})

    def log(self, namespace, resource, watch):
        """The wait's GETs of a collection of the namespace (those after apply's PATCH of
        the DaemonSet): the watches or the LISTs."""
        prefix = ("/apis/apps/v1" if resource == "daemonsets" else "/api/v1") + "/namespaces/%s/%s" % (
            namespace, resource)
        patch = self.api.requests("PATCH", "/apis/apps/v1/namespaces/%s/daemonsets/fluentd" % namespace)[-1]
        return [e for e in self.api.requests("GET", prefix) if e["started"] > patch["started"]
                and e["path"] == prefix and (e["query"].get("watch") == ["1"]) == watch]

    def assertRolledOut(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr.splitlines()[-1], "rolled out fluentd: 3/3 updated, 3/3 available, 3/3 ready")

    def test_the_wait_watches_and_lists_each_kind_once(self):
        ns = self.api.new_namespace("watch")
        proc = self.deploy(ns, **SLOW)  # long enough for every watch to have started
        self.assertRolledOut(proc)
        for resource in ("daemonsets", "pods", "events"):
            self.assertEqual(len(self.log(ns, resource, False)), 1, resource)
        for resource in ("daemonsets", "events"):
            watches = self.log(ns, resource, True)
            self.assertGreaterEqual(len(watches), 1, resource)
            self.assertEqual(watches[0]["query"]["allowWatchBookmarks"], ["true"], resource)
            self.assertIn("resourceVersion", watches[0]["query"], resource)
        self.assertEqual(self.log(ns, "daemonsets", True)[0]["query"]["fieldSelector"], ["metadata.name=fluentd"])
        self.assertEqual(self.log(ns, "events", True)[0]["query"]["fieldSelector"], ["type=Warning"])
        self.assertEqual(self.log(ns, "pods", True), [], "no pod reported a Warning: the pods are not watched")
        self.assertEqual(self.api.requests("GET", "/apis/apps/v1/namespaces/%s/daemonsets/fluentd" % ns), [],
                         "the DaemonSet is never polled")

    def test_the_watch_connections_resume_the_request_connections_tls_session(self):
        ns = self.api.new_namespace("resume")
        self.api.clear_log()
        proc = self.deploy(ns, **SLOW)
        self.assertRolledOut(proc)
        stats = self.api.stats()
        # The request connection and one per watch (HTTP/1.1 cannot share one): every
        # watch connection offers the session of the first (the server may take a ticket
        # only once, so two watches starting together may not both resume).
        self.assertEqual(stats["tls_handshakes"], 3, stats)
        self.assertGreaterEqual(stats["tls_resumed"], 1, stats)
        # The server knows the client certificate's user on the resumed connections too.
        requests = self.api.requests()
        self.assertTrue(any(e["watch"] for e in requests))
        self.assertEqual({e["user"] for e in requests}, {requests[0]["user"]})
        self.assertIsNotNone(requests[0]["user"])

    def test_a_pod_that_reports_a_warning_is_watched_and_fails_the_wait(self):
        ns = self.api.new_namespace("crash")
        self.api.fail("*:crash-watched", "CrashLoopBackOff")
        proc = self.deploy(ns, "--progress-timeout", "1h", "--timeout", "1h", "-v", tag="crash-watched")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stderr, r"(?m)^planton-ds: error: pod fluentd-[a-z0-9]+ on node [-a-z0-9]+ is in "
                                      r"CrashLoopBackOff: .* \(container fluentd\); the rollout of "
                                      r"daemonset.apps/fluentd in namespace %s cannot finish until that is fixed$" % ns)
        # The kubelet's BackOff Warning made the wait read the pods again (and watch them,
        # had the list not shown the crash already).
        self.assertRegex(proc.stderr, r"(?m)^pod fluentd-[a-z0-9]+ reported BackOff: watching the pods of "
                                      r"daemonset.apps/fluentd$")
        lists = self.log(ns, "pods", False)
        self.assertEqual(len(lists), 2)
        self.assertIn("pod-template-generation=1", lists[1]["query"]["labelSelector"][0])

    def test_a_stream_the_server_closes_is_resumed_from_the_last_version(self):
        ns = self.api.new_namespace("close")
        self.api.fault("close", path_prefix="/apis/apps/v1/namespaces/%s/daemonsets" % ns, delay=0.5)
        proc = self.deploy(ns, **SLOW)
        self.assertRolledOut(proc)
        watches = self.log(ns, "daemonsets", True)
        self.assertGreaterEqual(len(watches), 2)
        self.assertEqual(watches[0]["fault"], "close")
        self.assertLessEqual(int(watches[0]["query"]["resourceVersion"][0]),
                             int(watches[1]["query"]["resourceVersion"][0]))
        self.assertEqual(len(self.log(ns, "daemonsets", False)), 1, "resumed, not listed again")

    def test_a_version_out_of_the_watch_window_is_listed_again(self):
        ns = self.api.new_namespace("gone")
        other = self.api.new_namespace("other")
        prefix = "/apis/apps/v1/namespaces/%s/daemonsets" % ns
        proc = self.start(ns, min_ready_seconds=250)
        try:
            self.api.wait_for(lambda: self.api.watches(prefix))
            # The pods are ready and the DaemonSet waits for minReadySeconds: it does not
            # change now, so the wait's last version stays where it is ...
            self.api.wait_for(lambda: (self.api.daemonset_status("fluentd", ns) or {}).get("numberReady") == 3)
            # ... while more DaemonSet changes than the window holds happen elsewhere (a
            # DaemonSet that matches no node, relabelled again and again).
            filler = daemonset_object("filler", other, nodeSelector={"planton.test/none": "x"})
            for i in range(70):
                filler["metadata"]["labels"] = {"round": str(i)}
                self.api.apply(filler)
            self.assertEqual(self.api.close_watches(prefix), 1)
        finally:
            out, err = planton_cli.finish(proc)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(err.splitlines()[-1], "rolled out fluentd: 3/3 updated, 3/3 available, 3/3 ready")
        watches = self.log(ns, "daemonsets", True)
        self.assertGreaterEqual(len(watches), 3)
        self.assertEqual(watches[1]["events"], 1)  # the ERROR event: 410 Expired
        self.assertEqual(len(self.log(ns, "daemonsets", False)), 2, "listed again after the 410")

    def test_a_refusal_seen_by_the_events_watch_ends_the_wait(self):
        # A quota is not among preflight's checks: the refusal reaches the wait. The
        # limits are far beyond the test's run time, so only the event can end it.
        ns = self.api.new_namespace("quota")
        self.api.apply({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "pods", "namespace": ns},
                        "spec": {"hard": {"pods": "0"}}})
        self.api.wait_for(lambda: (self.api.get("v1", "ResourceQuota", "pods", ns).get("status") or {}).get("used"))
        proc = self.deploy(ns, "--progress-timeout", "1h", "--timeout", "1h", create_namespace=False)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(
            proc.stderr,
            r"(?m)^planton-ds: error: the rollout of daemonset.apps/fluentd in namespace %s cannot finish: "
            r"daemonset-controller reported FailedCreate: Error creating: pods \"fluentd-[a-z0-9]*\" is "
            r"forbidden: exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0$" % ns)
        self.assertTrue(self.log(ns, "events", True))

    def test_credentials_that_may_not_watch_poll(self):
        ns = self.api.new_namespace("nowatch")
        register_secret("no-watch-token-e2e")
        user = self.api.add_user("no-watch", token="no-watch-token-e2e", rules=[
            Rule(verbs=("get", "list", "create", "patch", "update"))])
        self.kubeconfig = self.api.kubeconfig(user, "token")
        proc = self.deploy(ns, "-v")
        self.assertRolledOut(proc)
        self.assertRegex(proc.stderr, r"(?m)^cannot watch (daemonset.apps/fluentd|the Warning events in namespace %s) "
                                      r"\(HTTP 403: the credentials may not watch\); polling instead$" % ns)
        # Polled: GETs of the DaemonSet, which the watching wait never sends.
        self.assertTrue(self.api.requests("GET", "/apis/apps/v1/namespaces/%s/daemonsets/fluentd" % ns))


if __name__ == "__main__":
    unittest.main()
