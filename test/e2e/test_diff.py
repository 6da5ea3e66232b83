"""planton-ds diff against the test API server (cli.md "diff"): unified diffs of the live
objects against the server's dry-run result, secrets masked, exit 0/1/3, and no change
to the cluster."""
import unittest

from lifecycle_case import LifecycleTestCase, b64

KEY_OLD = "diff-api-key-old-5f1c0e"
KEY_NEW = "diff-api-key-new-93ab27"
DB_PASSWORD = "diff-db-password-7e44d1"


class DiffTest(LifecycleTestCase):

    def diff(self, path, *extra):
        return self.cli("diff", path, *extra)

    def assert_dry_runs_only(self):
        """diff read and dry-ran, and wrote nothing."""
        for entry in self.api.requests():
            self.assertIn(entry["method"], ("GET", "PATCH"), entry)
            if entry["method"] == "PATCH":
                self.assertEqual(entry["query"].get("dryRun"), ["All"], entry)

    def test_an_unchanged_manifest_exits_0_without_output(self):
        path = self.write_manifest(config_maps={"fluentd-config": "<source>\n  @type tail\n</source>\n"},
                                   secrets={"API_KEY": KEY_OLD}, cluster_rules=True, namespace_rules=True)
        self.applied(path)
        self.api.clear_log()
        proc = self.diff(path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, "")
        # Only preflight's node coverage (the manifest does not tolerate the control plane).
        self.assertEqual(proc.stderr, "will run on 2 of 3 nodes; not on control-plane-1 (taint "
                                      "node-role.kubernetes.io/control-plane:NoSchedule)\n")
        self.assert_dry_runs_only()
        # One GET and one dry-run PATCH per object (namespace, service account, cluster
        # role and binding, role and binding, config map, secret, daemonset), and
        # preflight's reads of the namespace and the nodes.
        self.assertEqual(len(self.api.requests("PATCH")), 9)
        self.assertEqual(len(self.api.requests("GET")), 11)

    def test_a_changed_image_exits_1_and_shows_the_image_line(self):
        self.applied(self.write_manifest(tag="v1.16"))
        self.api.clear_log()
        proc = self.diff(self.write_manifest(tag="v1.17"))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertIn("--- live/apps.v1.DaemonSet.logging.fluentd", lines)
        self.assertIn("+++ result/apps.v1.DaemonSet.logging.fluentd", lines)
        self.assertIn("-        image: registry.example/agents/fluentd:v1.16", lines)
        self.assertIn("+        image: registry.example/agents/fluentd:v1.17", lines)
        # Only the DaemonSet differs, and the server fields are left out.
        self.assertEqual([l for l in lines if l.startswith("--- ")], ["--- live/apps.v1.DaemonSet.logging.fluentd"])
        for noise in ("resourceVersion", "managedFields", "uid:", "creationTimestamp: \"", "status:"):
            self.assertNotIn(noise, proc.stdout)
        self.assertTrue(lines[2].startswith("@@ -"), proc.stdout)
        self.assert_dry_runs_only()
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertEqual(ds["spec"]["template"]["spec"]["containers"][0]["image"],
                         "registry.example/agents/fluentd:v1.16")

    def test_a_new_config_map_shows_as_added(self):
        self.applied(self.write_manifest())
        proc = self.diff(self.write_manifest(config_maps={"extra-config": "hello\n"}))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        text = proc.stdout
        start = text.index("--- live/v1.ConfigMap.logging.extra-config\n")
        self.assertEqual(text[start:text.index("--- ", start + 4)],
                         "--- live/v1.ConfigMap.logging.extra-config\n"
                         "+++ result/v1.ConfigMap.logging.extra-config\n"
                         "@@ -0,0 +1,14 @@\n"
                         "+apiVersion: v1\n"
                         "+kind: ConfigMap\n"
                         "+metadata:\n"
                         "+  name: extra-config\n"
                         "+  namespace: logging\n"
                         "+  labels:\n"
                         "+    app.kubernetes.io/name: fluentd\n"
                         "+    app.kubernetes.io/managed-by: planton-ds\n"
                         "+    planton.ai/resource: \"true\"\n"
                         "+    planton.ai/kind: KubernetesDaemonSet\n"
                         "+    planton.ai/name: fluentd\n"
                         "+data:\n"
                         "+  extra-config: |\n"
                         "+    hello\n")
        self.assertIsNone(self.api.get("v1", "ConfigMap", "extra-config", "logging"))

    def test_a_first_diff_shows_everything_added(self):
        proc = self.diff(self.write_manifest(config_maps={"a": "x"}))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        headers = [l for l in proc.stdout.splitlines() if l.startswith("--- ")]
        self.assertEqual(headers, ["--- live/v1.Namespace.logging", "--- live/v1.ServiceAccount.logging.fluentd",
                                   "--- live/v1.ConfigMap.logging.a", "--- live/apps.v1.DaemonSet.logging.fluentd"])
        self.assertEqual([l for l in proc.stdout.splitlines() if l.startswith("-") and not l.startswith("--- ")], [])
        self.assertIn("namespace logging does not exist yet", proc.stderr)
        self.assertIsNone(self.api.get("v1", "Namespace", "logging"))

    def test_secret_values_never_appear_a_change_still_shows(self):
        self.applied(self.write_manifest(secrets={"API_KEY": KEY_OLD, "DB_PASSWORD": DB_PASSWORD}))
        changed = self.write_manifest(secrets={"API_KEY": KEY_NEW, "DB_PASSWORD": DB_PASSWORD})
        for verbosity in ((), ("-v",), ("-vv",)):
            with self.subTest(verbosity=verbosity):
                proc = self.cli("diff", changed, verbosity=verbosity)
                self.assertEqual(proc.returncode, 1, proc.stderr)
                lines = proc.stdout.splitlines()
                self.assertIn("--- live/v1.Secret.logging.fluentd-env-secrets", lines)
                self.assertIn('-  API_KEY: "***"', lines)
                self.assertIn('+  API_KEY: "*** (changed)"', lines)
                self.assertIn('   DB_PASSWORD: "***"', lines)  # unchanged: a context line
                for value in (KEY_OLD, KEY_NEW, DB_PASSWORD, b64(KEY_OLD), b64(KEY_NEW), b64(DB_PASSWORD)):
                    self.assertNotIn(value, proc.stdout + proc.stderr)
        # The server really holds the old value: the masks hid a real difference.
        secret = self.api.get("v1", "Secret", "fluentd-env-secrets", "logging")
        self.assertEqual(secret["data"]["API_KEY"], b64(KEY_OLD))

    def test_a_new_secret_shows_only_masks(self):
        self.applied(self.write_manifest())
        proc = self.diff(self.write_manifest(secrets={"API_KEY": KEY_NEW}))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn('+  API_KEY: "***"', proc.stdout.splitlines())

    def test_an_unreachable_server_exits_3(self):
        config = self.api.kubeconfig(server_url="https://127.0.0.1:1")
        proc = self.cli("diff", self.write_manifest(), "--request-timeout", "2s", config=config)
        self.assert_clean_failure(proc, 3, "cannot get namespace/logging", "127.0.0.1:1")
        self.assertEqual(proc.stdout, "")

    def test_refusals_and_invalid_manifests_exit_3(self):
        viewer = self.api.kubeconfig("viewer", "token")
        proc = self.cli("diff", self.write_manifest(), config=viewer)
        self.assert_clean_failure(proc, 3, "cannot dry-run apply namespace/logging: forbidden (403)")
        invalid = self.write("invalid.yaml", "apiVersion: kubernetes.project-planton.org/v1\n"
                                             "kind: KubernetesDaemonSet\nmetadata: {name: x}\nspec: {namespace: logging, bogus: 1}\n")
        proc = self.cli("diff", invalid)
        self.assert_clean_failure(proc, 3, "invalid.yaml:4:", "invalid.yaml is not valid")


if __name__ == "__main__":
    unittest.main()
