"""Preflight of apply and diff against the test API server: a missing service account or
PriorityClass and a Pod Security `enforce` label stop apply before any write (the
server's request log shows no PATCH), `warn` gives a warning, the node coverage agrees
with the DaemonSet controller's desiredNumberScheduled, a 403 skips a check with a note,
and diff prints preflight errors after the diff and exits 1."""
import json
import unittest

import daemonset_manifests as dm
from apiserver_fixture import Rule
from cluster_case import ClusterTestCase
from planton_cli import register_secret


class PreflightTestCase(ClusterTestCase):
    api_options = {"tick_interval": 0.02}

    def setUp(self):
        super().setUp()
        self.kubeconfig = self.api.kubeconfig()

    def run_on(self, command, manifest, *args, kubeconfig=None):
        return self.run_cli([command, "-f", self.write("manifest.yaml", dm.to_yaml(manifest)), "--kubeconfig",
                             kubeconfig or self.kubeconfig, *args])

    def assertStoppedBeforeAnyWrite(self, proc):
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertTrue(proc.stderr.rstrip().endswith("nothing was changed (preflight, before any write)"),
                        proc.stderr)
        self.assertEqual({e["method"] for e in self.api.requests()}, {"GET"})


class RefusalsTest(PreflightTestCase):
    def test_a_missing_service_account_stops_apply_before_any_patch(self):
        ns = self.api.new_namespace("sa")
        proc = self.run_on("apply", dm.manifest(namespace=ns, create_namespace=False,
                                                service_account_name="does-not-exist"))
        self.assertStoppedBeforeAnyWrite(proc)
        self.assertIn("planton-ds: error: service account %s/does-not-exist does not exist and the manifest does "
                      "not create it: the DaemonSet controller could not create any pod" % ns, proc.stderr)
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "fluentd", ns))

    def test_a_service_account_the_manifest_creates_is_fine(self):
        proc = self.run_on("apply", dm.manifest(create_service_account=True, service_account_name="fluentd"),
                           "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_a_missing_priority_class_stops_apply_before_any_patch(self):
        proc = self.run_on("apply", dm.manifest(priority_class_name="no-such-priority"))
        self.assertStoppedBeforeAnyWrite(proc)
        self.assertIn("planton-ds: error: PriorityClass no-such-priority does not exist", proc.stderr)

    def test_system_priority_classes_always_exist(self):
        proc = self.run_on("apply", dm.manifest(priority_class_name="system-node-critical"), "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.api.requests("GET", "/apis/scheduling.k8s.io/v1/priorityclasses"), [])

    def test_pod_security_enforce_lists_each_offending_field(self):
        ns = self.api.new_namespace("psa", labels={"pod-security.kubernetes.io/enforce": "baseline"})
        manifest = dm.manifest(namespace=ns, create_namespace=False, host_network=True)
        app = manifest["spec"]["container"]["app"]
        app["security_context"] = {"privileged": True}
        app["volume_mounts"] = [{"name": "varlog", "mount_path": "/var/log", "read_only": True,
                                 "host_path": "/var/log"}]
        proc = self.run_on("apply", manifest)
        self.assertStoppedBeforeAnyWrite(proc)
        self.assertIn(
            'planton-ds: error: namespace %s enforces Pod Security "baseline:latest" (label '
            'pod-security.kubernetes.io/enforce), so admission refuses every pod of the DaemonSet:\n'
            "  host namespaces: hostNetwork=true\n"
            '  hostPath volumes: volume "varlog"\n' % ns, proc.stderr)
        self.assertIn('  privileged: container "fluentd" must not set securityContext.privileged=true\n', proc.stderr)

    def test_pod_security_warn_is_a_warning_and_apply_goes_on(self):
        ns = self.api.new_namespace("psa", labels={"pod-security.kubernetes.io/warn": "restricted"})
        proc = self.run_on("apply", dm.manifest(namespace=ns, create_namespace=False), "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('warning: the pod would violate Pod Security "restricted:latest" of namespace %s (label '
                      'pod-security.kubernetes.io/warn; pods are still admitted):\n'
                      "  allowPrivilegeEscalation != false: " % ns, proc.stderr)

    def test_diff_prints_preflight_errors_after_the_diff_and_exits_1(self):
        proc = self.run_on("diff", dm.manifest(priority_class_name="no-such-priority"))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("--- live/apps.v1.DaemonSet.logging.fluentd", proc.stdout)
        self.assertIn("error: PriorityClass no-such-priority does not exist", proc.stderr)
        for e in self.api.requests("PATCH"):
            self.assertEqual(e["query"].get("dryRun"), ["All"])


class CoverageTest(PreflightTestCase):
    def setUp(self):
        super().setUp()
        self.api.add_node("gpu-1", labels={"accelerator": "nvidia"})
        self.api.add_node("db-1", taints=[{"key": "dedicated", "value": "db", "effect": "NoExecute"}])
        self.api.add_node("cordoned-1", unschedulable=True)

    def test_coverage_line_and_json_agree_with_the_controller(self):
        manifest = dm.manifest()
        manifest["spec"].pop("tolerations")
        proc = self.run_on("apply", manifest, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [line] = [l for l in proc.stderr.splitlines() if l.startswith("will run on ")]
        self.assertTrue(line.startswith("will run on 4 of 6 nodes; not on "), line)
        self.assertIn("control-plane-1 (taint node-role.kubernetes.io/control-plane:NoSchedule)", line)
        self.assertIn("db-1 (taint dedicated=db:NoExecute)", line)
        outputs = json.loads(proc.stdout)
        self.assertEqual((outputs["nodes_total"], outputs["nodes_matching"]), (6, 4))
        self.assertEqual(sorted(outputs["nodes_excluded"], key=lambda e: e["node"]), [
            {"node": "control-plane-1", "reason": "taint node-role.kubernetes.io/control-plane:NoSchedule"},
            {"node": "db-1", "reason": "taint dedicated=db:NoExecute"}])
        # The controller agrees: a cordoned node runs a daemon pod, the others do not.
        self.assertEqual(self.api.daemonset_status("fluentd", "logging")["desiredNumberScheduled"], 4)

    def test_node_affinity_and_selector(self):
        manifest = dm.manifest(node_selector={"accelerator": "nvidia"})
        proc = self.run_on("apply", manifest, "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [line] = [l for l in proc.stderr.splitlines() if l.startswith("will run on ")]
        prefix, suffix = "will run on 1 of 6 nodes; not on ", " (node selector accelerator=nvidia)"
        self.assertTrue(line.startswith(prefix) and line.endswith(suffix), line)
        self.assertEqual(sorted(line[len(prefix):-len(suffix)].split(", ")),
                         ["control-plane-1", "cordoned-1", "db-1", "worker-1", "worker-2"])

    def test_zero_nodes_is_a_warning(self):
        proc = self.run_on("apply", dm.manifest(node_selector={"disktype": "nvme"}), "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("warning: no node will run daemonset.apps/fluentd: will run on 0 of 6 nodes", proc.stderr)

    def test_a_403_on_the_node_list_skips_coverage_with_a_note(self):
        register_secret("preflight-token-e2e")
        user = self.api.add_user("nonodes", token="preflight-token-e2e", rules=[
            Rule(resources=("namespaces", "daemonsets", "pods", "events", "serviceaccounts", "priorityclasses"))])
        proc = self.run_on("apply", dm.manifest(), "--no-wait", kubeconfig=self.api.kubeconfig(user, "token"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("note: the node coverage is skipped: cannot list nodes: forbidden (403)", proc.stderr)
        self.assertNotIn("will run on", proc.stderr)


class ManyNodesTest(PreflightTestCase):
    """A cluster of more nodes than one page: the coverage reads the node list in pages of
    500 (limit and continue), as kubectl does, and still counts every node."""
    api_options = {"tick_interval": 0.02, "nodes": 1100}

    def test_the_node_list_is_read_in_pages_and_every_node_counts(self):
        manifest = dm.manifest()
        manifest["spec"].pop("tolerations")
        proc = self.run_on("diff", manifest)
        self.assertEqual(proc.returncode, 1, proc.stderr)  # everything would be created
        self.assertIn("will run on 1100 of 1101 nodes; not on control-plane-1 "
                      "(taint node-role.kubernetes.io/control-plane:NoSchedule)", proc.stdout + proc.stderr)
        pages = self.api.requests("GET", "/api/v1/nodes")
        self.assertEqual([e["query"].get("limit") for e in pages], [["500"]] * 3)
        self.assertEqual([bool(e["query"].get("continue")) for e in pages], [False, True, True])


if __name__ == "__main__":
    unittest.main()
