"""planton-ds delete against the test API server (cli.md "delete"): everything the
manifest created goes, in reverse order, the DaemonSet with foreground propagation;
a namespace the manifest did not create stays; a second delete succeeds; --wait waits
until the objects are gone and fails after --timeout naming what is still there."""
import unittest

from lifecycle_case import LifecycleTestCase, labels

KEY = "delete-api-key-2b9d41"


class DeleteTest(LifecycleTestCase):
    commands = ("apply", "delete")
    api_options = {"tick_interval": 0.02}  # the controller finishes deletions on its own

    def full_manifest(self, **options):
        return self.write_manifest(config_maps={"fluentd-config": "x\n"}, secrets={"API_KEY": KEY},
                                   cluster_rules=True, namespace_rules=True, **options)

    def test_everything_the_manifest_created_is_gone(self):
        path = self.full_manifest()
        self.applied(path)
        self.api.wait_for(lambda: len(self.api.pods("logging", "fluentd")) == 2)
        self.api.clear_log()
        proc = self.cli("delete", path, "--wait", "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), [
            "daemonset.apps/fluentd deleted",
            "secret/fluentd-env-secrets deleted",
            "configmap/fluentd-config deleted",
            "rolebinding.rbac.authorization.k8s.io/fluentd deleted",
            "role.rbac.authorization.k8s.io/fluentd deleted",
            "clusterrolebinding.rbac.authorization.k8s.io/logging-fluentd deleted",
            "clusterrole.rbac.authorization.k8s.io/logging-fluentd deleted",
            "serviceaccount/fluentd deleted",
            "namespace/logging deleted",
        ])
        deletes = self.deletes()
        self.assertEqual(deletes[0], ("/apis/apps/v1/namespaces/logging/daemonsets/fluentd",
                                      {"propagationPolicy": ["Foreground"]}))
        self.assertTrue(all(query == {} for _, query in deletes[1:]), deletes)
        for api_version, kind, name, namespace in [
                ("apps/v1", "DaemonSet", "fluentd", "logging"), ("v1", "Secret", "fluentd-env-secrets", "logging"),
                ("v1", "ConfigMap", "fluentd-config", "logging"),
                ("rbac.authorization.k8s.io/v1", "RoleBinding", "fluentd", "logging"),
                ("rbac.authorization.k8s.io/v1", "Role", "fluentd", "logging"),
                ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "logging-fluentd", ""),
                ("rbac.authorization.k8s.io/v1", "ClusterRole", "logging-fluentd", ""),
                ("v1", "ServiceAccount", "fluentd", "logging"), ("v1", "Namespace", "logging", "")]:
            self.assertFalse(self.exists(api_version, kind, name, namespace), (kind, name))
        self.assertEqual(self.api.pods("logging"), [])

    def test_a_namespace_the_manifest_did_not_create_stays(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shared"}})
        path = self.write_manifest(namespace="shared", create_namespace=False, config_maps={"a": "x"})
        self.applied(path)
        self.api.clear_log()
        proc = self.cli("delete", path, "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("namespace/shared", proc.stdout)
        self.assertNotIn("/api/v1/namespaces/shared", [path for path, _ in self.deletes()])
        namespace = self.api.get("v1", "Namespace", "shared")
        self.assertIsNotNone(namespace)
        self.assertNotIn("deletionTimestamp", namespace["metadata"])
        self.assertFalse(self.exists("apps/v1", "DaemonSet", "fluentd", "shared"))
        self.assertFalse(self.exists("v1", "ConfigMap", "a", "shared"))

    def test_a_second_delete_succeeds(self):
        path = self.full_manifest()
        self.applied(path)
        self.assertEqual(self.cli("delete", path, "--wait").returncode, 0)
        proc = self.cli("delete", path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(proc.stdout.splitlines()), 9)
        self.assertTrue(all(line.endswith(" already gone") for line in proc.stdout.splitlines()), proc.stdout)

    def test_wait_fails_after_the_timeout_naming_what_is_still_there(self):
        path = self.write_manifest(config_maps={"held": "x"})
        self.applied(path)
        # Another controller's finalizer keeps the ConfigMap after its deletion.
        self.api.edit("v1", "ConfigMap", "held", "logging", {"metadata": {"finalizers": ["example.com/hold"]}})
        proc = self.cli("delete", path, "--wait", "--timeout", "1s")
        prefix = "planton-ds: error: still there after 1s (--timeout): "
        self.assert_clean_failure(proc, 1, prefix)
        error = [line for line in proc.stderr.splitlines() if line.startswith(prefix)][0]
        self.assertIn("configmap/held", error[len(prefix):].split(", "))
        self.assertIn("configmap/held deleted", proc.stdout.splitlines())

    def test_a_refused_delete_stops_with_a_clear_message(self):
        path = self.write_manifest()
        self.applied(path)
        proc = self.cli("delete", path, config=self.api.kubeconfig("viewer", "token"))
        self.assert_clean_failure(proc, 1, "cannot delete daemonset.apps/fluentd: forbidden (403)")
        self.assertTrue(self.exists("apps/v1", "DaemonSet", "fluentd", "logging"))

    def test_objects_of_another_manifest_are_left_alone(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shared"}})
        self.applied(self.write_manifest(name="fluent-bit", namespace="shared", create_namespace=False,
                                         config_maps={"bit-config": "x"}))
        path = self.write_manifest(namespace="shared", create_namespace=False, config_maps={"fluentd-config": "x"})
        self.applied(path)
        proc = self.cli("delete", path, "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        bit = self.api.get("v1", "ConfigMap", "bit-config", "shared")
        self.assertEqual(bit["metadata"]["labels"], labels("fluent-bit"))
        self.assertTrue(self.exists("apps/v1", "DaemonSet", "fluent-bit", "shared"))
        self.assertTrue(self.exists("v1", "ServiceAccount", "fluent-bit", "shared"))
        self.assertEqual(len(self.api.pods("shared", "fluent-bit")), 2)


class TerminatingNamespaceTest(LifecycleTestCase):
    commands = ("apply", "delete")  # the controller only moves on tick(): the namespace stays Terminating

    def test_deleting_a_terminating_namespace_again_is_not_an_error(self):
        path = self.write_manifest()
        self.applied(path)
        first = self.cli("delete", path)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIsNotNone(self.api.get("v1", "Namespace", "logging")["metadata"].get("deletionTimestamp"))
        second = self.cli("delete", path)
        self.assertEqual(second.returncode, 0, second.stderr)
        self.assertEqual(second.stdout.splitlines()[-1], "namespace/logging already terminating")
        self.api.tick(5)
        self.assertIsNone(self.api.get("v1", "Namespace", "logging"))


if __name__ == "__main__":
    unittest.main()
