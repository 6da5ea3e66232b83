"""planton-ds apply --prune against the test API server (cli.md "apply"): objects an
earlier apply of the manifest created and that it no longer renders are deleted,
found by both ownership labels; look-alikes without them, another namespace's objects
of the same name and what the DaemonSet still uses survive; --dry-run server only
lists."""
import json
import unittest

from lifecycle_case import LifecycleTestCase, labels, manifest

RBAC = "rbac.authorization.k8s.io/v1"
# What removing the second ConfigMap and the RBAC rules from the manifest prunes, in order.
PRUNED = [
    "configmap/old-config pruned",
    "rolebinding.rbac.authorization.k8s.io/fluentd pruned",
    "role.rbac.authorization.k8s.io/fluentd pruned",
    "clusterrolebinding.rbac.authorization.k8s.io/logging-fluentd pruned",
    "clusterrole.rbac.authorization.k8s.io/logging-fluentd pruned",
]


class PruneTest(LifecycleTestCase):
    commands = ("apply",)

    def setUp(self):
        super().setUp()
        self.before = self.write_manifest(config_maps={"fluentd-config": "a\n", "old-config": "b\n"},
                                          cluster_rules=True, namespace_rules=True)
        self.after = self.write_manifest(config_maps={"fluentd-config": "a\n"})
        self.applied(self.before)
        # Look-alikes that must survive: without the managed-by label, managed by
        # planton-ds for another manifest name, and the same manifest in another namespace.
        self.api.apply({"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "lookalike", "namespace": "logging",
                                     "labels": {"planton.ai/name": "fluentd", "app.kubernetes.io/name": "fluentd"}},
                        "data": {"k": "v"}})
        self.api.apply({"apiVersion": "v1", "kind": "ConfigMap",
                        "metadata": {"name": "bit-config", "namespace": "logging", "labels": labels("fluent-bit")},
                        "data": {"k": "v"}})
        self.applied(self.write_manifest(namespace="other", config_maps={"old-config": "b\n"}, cluster_rules=True,
                                         namespace_rules=True))

    def survivors(self):
        for args in [("v1", "ConfigMap", "lookalike", "logging"), ("v1", "ConfigMap", "bit-config", "logging"),
                     ("v1", "ConfigMap", "fluentd-config", "logging"), ("v1", "ServiceAccount", "fluentd", "logging"),
                     ("apps/v1", "DaemonSet", "fluentd", "logging"), ("v1", "Namespace", "logging", ""),
                     ("v1", "ConfigMap", "old-config", "other"), (RBAC, "Role", "fluentd", "other"),
                     (RBAC, "ClusterRole", "other-fluentd", ""), (RBAC, "ClusterRoleBinding", "other-fluentd", "")]:
            self.assertTrue(self.exists(*args), args)

    def test_prune_deletes_exactly_what_the_manifest_no_longer_renders(self):
        self.api.clear_log()
        proc = self.cli("apply", self.after, "--no-wait", "--prune")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        start = lines.index(PRUNED[0])
        self.assertEqual(lines[start:start + len(PRUNED)], PRUNED)
        self.assertEqual(lines[start - 1], "daemonset.apps/fluentd configured")  # after the apply
        self.assertEqual([path for path, _ in self.deletes()], [
            "/api/v1/namespaces/logging/configmaps/old-config",
            "/apis/rbac.authorization.k8s.io/v1/namespaces/logging/rolebindings/fluentd",
            "/apis/rbac.authorization.k8s.io/v1/namespaces/logging/roles/fluentd",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/logging-fluentd",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/logging-fluentd",
        ])
        for args in [("v1", "ConfigMap", "old-config", "logging"), (RBAC, "RoleBinding", "fluentd", "logging"),
                     (RBAC, "Role", "fluentd", "logging"), (RBAC, "ClusterRoleBinding", "logging-fluentd", ""),
                     (RBAC, "ClusterRole", "logging-fluentd", "")]:
            self.assertFalse(self.exists(*args), args)
        self.survivors()
        # The lists asked for both labels.
        lists = [e for e in self.api.requests("GET") if "labelSelector" in e["query"]]
        self.assertTrue(lists)
        for entry in lists:
            self.assertEqual(entry["query"]["labelSelector"],
                             ["planton.ai/name=fluentd,app.kubernetes.io/managed-by=planton-ds"])

        again = self.cli("apply", self.after, "--no-wait", "--prune")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertNotIn("pruned", again.stdout)

    def test_prune_with_a_server_dry_run_only_lists(self):
        self.api.clear_log()
        proc = self.cli("apply", self.after, "--no-wait", "--prune", "--dry-run", "server")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual([l for l in lines if "pruned" in l], [l + " (server dry run)" for l in PRUNED])
        self.assertEqual(self.deletes(), [])
        self.assertTrue(self.exists("v1", "ConfigMap", "old-config", "logging"))
        self.assertTrue(self.exists(RBAC, "ClusterRole", "logging-fluentd", ""))
        self.survivors()

    def test_without_prune_nothing_is_deleted(self):
        proc = self.cli("apply", self.after, "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("pruned", proc.stdout)
        self.assertEqual(self.deletes(), [])
        self.assertTrue(self.exists("v1", "ConfigMap", "old-config", "logging"))

    def test_prune_with_json_output_keeps_stdout_for_the_outputs(self):
        proc = self.cli("apply", self.after, "--no-wait", "--prune", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(proc.stdout.startswith("{"), proc.stdout)
        self.assertIn(PRUNED[0], proc.stderr.splitlines())


class PruneKeepsWhatIsUsedTest(LifecycleTestCase):
    commands = ("apply",)

    def test_a_service_account_no_longer_created_but_still_named_is_kept(self):
        self.applied(self.write_manifest())
        # The manifest stops creating the service account but the DaemonSet still runs as it.
        path = self.write("named.yaml", self.manifest_naming_the_account())
        proc = self.cli("apply", path, "--no-wait", "--prune")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("warning: serviceaccount/fluentd kept: no longer rendered, but the DaemonSet still refers to it",
                      proc.stderr)
        self.assertTrue(self.exists("v1", "ServiceAccount", "fluentd", "logging"))
        self.assertEqual(self.deletes(), [])

    def manifest_naming_the_account(self):
        doc = json.loads(manifest(create_service_account=False))
        doc["spec"]["service_account_name"] = "fluentd"
        return json.dumps(doc)


if __name__ == "__main__":
    unittest.main()
