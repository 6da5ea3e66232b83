"""planton-ds delete never takes a namespace with other people's objects in it (cli.md
"delete"): apply marks a namespace it creates, and only one it creates, with
planton-ds.io/created-for; delete removes only a namespace marked for its manifest, and
only when nothing else lives in it (or with --delete-namespace); --dry-run server deletes
nothing.

The test API server's namespace controller deletes everything in a deleted namespace, as
Kubernetes' does, so a namespace deleted by mistake shows here as the loss of the other
team's objects."""
import unittest

from lifecycle_case import LifecycleTestCase

MARK = "planton-ds.io/created-for"


def foreign_objects(namespace):
    """Another team's ConfigMap, Secret, Deployment and pod."""
    return [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "grafana-dashboards", "namespace": namespace},
         "data": {"nodes.json": "{}"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "team-token", "namespace": namespace},
         "type": "Opaque", "data": {"token": "c2VjcmV0"}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": namespace},
         "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}},
    ]


FOREIGN_POD = ("v1", "Pod", "debug")


class DeleteNamespaceTest(LifecycleTestCase):
    commands = ("apply", "delete")
    api_options = {"tick_interval": 0.02}  # the controllers run: namespaces get their defaults, deletions finish

    def add_foreign_objects(self, namespace):
        for obj in foreign_objects(namespace):
            self.api.apply(obj, manager="another-team")
        self.api.put({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": namespace},
                      "spec": {"nodeName": "worker-1", "containers": [{"name": "sh", "image": "busybox:1.36"}]},
                      "status": {"phase": "Running"}})

    def assert_foreign_objects_there(self, namespace):
        for obj in foreign_objects(namespace):
            self.assertTrue(self.exists(obj["apiVersion"], obj["kind"], obj["metadata"]["name"], namespace),
                            obj["metadata"]["name"])
        self.assertTrue(self.exists(FOREIGN_POD[0], FOREIGN_POD[1], FOREIGN_POD[2], namespace))
        ns = self.api.get("v1", "Namespace", namespace)
        self.assertIsNotNone(ns)
        self.assertNotIn("deletionTimestamp", ns["metadata"])

    def objects_in(self, namespace):
        """(kind, name) of the ConfigMaps, ServiceAccounts, DaemonSets and pods there."""
        return {(o["kind"], o["metadata"]["name"])
                for kind in (("v1", "ConfigMap"), ("v1", "ServiceAccount"), ("apps/v1", "DaemonSet"), ("v1", "Pod"))
                for o in self.api.list(*kind, namespace=namespace)}

    def mark(self, namespace):
        return (self.api.get("v1", "Namespace", namespace)["metadata"].get("annotations") or {}).get(MARK)

    def settle(self):
        """Lets the controllers finish what a delete started (the namespace controller
        included), so that a namespace deleted by mistake has taken its objects along."""
        self.api.wait_for(lambda: not [ns for ns in self.api.list("v1", "Namespace")
                                       if ns["metadata"].get("deletionTimestamp")])

    def test_a_namespace_that_existed_before_apply_is_never_deleted(self):
        # The reported case: shared-ns held another team's objects; the manifest says
        # create_namespace: true.
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shared-ns"}})
        self.add_foreign_objects("shared-ns")
        path = self.write_manifest(namespace="shared-ns", config_maps={"fluentd-config": "x"})
        proc = self.applied(path)
        self.assertIn("namespace/shared-ns configured", proc.stdout.splitlines())
        self.assertIsNone(self.mark("shared-ns"))
        again = self.applied(path)
        self.assertIn("namespace/shared-ns unchanged", again.stdout.splitlines())
        self.assertIsNone(self.mark("shared-ns"))

        for extra in ((), ("--delete-namespace",)):
            proc = self.cli("delete", path, "--wait", *extra)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(proc.stdout.splitlines()[-1], "namespace/shared-ns kept: planton-ds did not create it")
            self.assertNotIn("/api/v1/namespaces/shared-ns", [p for p, _ in self.deletes()])
            self.settle()
            self.assert_foreign_objects_there("shared-ns")
        self.assertFalse(self.exists("apps/v1", "DaemonSet", "fluentd", "shared-ns"))
        self.assertFalse(self.exists("v1", "ConfigMap", "fluentd-config", "shared-ns"))

    def test_a_created_namespace_that_holds_other_objects_is_kept(self):
        path = self.write_manifest(config_maps={"fluentd-config": "x"})
        proc = self.applied(path)
        self.assertIn("namespace/logging created", proc.stdout.splitlines())
        self.assertEqual(self.mark("logging"), "fluentd")
        self.add_foreign_objects("logging")

        proc = self.cli("delete", path, "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1],
                         "namespace/logging kept: it holds configmap/grafana-dashboards, secret/team-token, "
                         "pod/debug, deployment.apps/web")
        self.assertIn("--delete-namespace deletes namespace logging with everything in it", proc.stderr)
        self.settle()
        self.assert_foreign_objects_there("logging")
        self.assertFalse(self.exists("apps/v1", "DaemonSet", "fluentd", "logging"))
        self.assertEqual(self.api.pods("logging", "fluentd"), [])

        # --delete-namespace removes the marked namespace, and with it (namespace
        # controller) everything in it: what the checks above protect.
        proc = self.cli("delete", path, "--wait", "--delete-namespace")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], "namespace/logging deleted")
        self.assertIsNone(self.api.get("v1", "Namespace", "logging"))
        self.assertFalse(self.exists("v1", "ConfigMap", "grafana-dashboards", "logging"))
        self.assertFalse(self.exists("apps/v1", "Deployment", "web", "logging"))

    def test_a_created_namespace_with_only_the_manifests_objects_is_deleted(self):
        path = self.write_manifest(config_maps={"fluentd-config": "x"}, secrets={"API_KEY": "ns-key-5c1e2a"},
                                   namespace_rules=True)
        self.applied(path)
        self.api.wait_for(lambda: len(self.api.pods("logging", "fluentd")) == 2)
        # What Kubernetes put there by itself does not count.
        self.assertTrue(self.exists("v1", "ConfigMap", "kube-root-ca.crt", "logging"))
        self.assertTrue(self.exists("v1", "ServiceAccount", "default", "logging"))
        self.api.apply({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
                        "metadata": {"name": "default-token-x7k2p", "namespace": "logging",
                                     "annotations": {"kubernetes.io/service-account.name": "default"}}},
                       manager="kube-controller-manager")
        again = self.applied(path)
        self.assertIn("namespace/logging unchanged", again.stdout.splitlines())
        self.assertEqual(self.mark("logging"), "fluentd")

        proc = self.cli("delete", path, "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], "namespace/logging deleted")
        self.assertIsNone(self.api.get("v1", "Namespace", "logging"))

    def test_a_namespace_created_for_another_manifest_is_kept(self):
        self.applied(self.write_manifest(name="fluent-bit"))
        path = self.write_manifest()
        self.applied(path)
        self.assertEqual(self.mark("logging"), "fluent-bit")
        proc = self.cli("delete", path, "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1],
                         "namespace/logging kept: planton-ds created it for manifest fluent-bit")
        self.assertTrue(self.exists("apps/v1", "DaemonSet", "fluent-bit", "logging"))

    def test_dry_run_deletes_nothing(self):
        path = self.write_manifest(config_maps={"fluentd-config": "x"})
        self.applied(path)
        self.api.wait_for(lambda: len(self.api.pods("logging", "fluentd")) == 2)
        before = self.objects_in("logging")
        self.api.clear_log()
        proc = self.cli("delete", path, "--dry-run", "server", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), [
            "daemonset.apps/fluentd deleted (server dry run)",
            "configmap/fluentd-config deleted (server dry run)",
            "serviceaccount/fluentd deleted (server dry run)",
            "namespace/logging deleted (server dry run)",
        ])
        deletes = self.deletes()
        self.assertEqual(len(deletes), 4)
        self.assertTrue(all(query.get("dryRun") == ["All"] for _, query in deletes), deletes)
        self.settle()
        self.assertEqual(self.objects_in("logging"), before)
        self.assertNotIn("deletionTimestamp", self.api.get("v1", "Namespace", "logging")["metadata"])


if __name__ == "__main__":
    unittest.main()
