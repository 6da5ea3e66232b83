"""apply --rollback-on-failure (cli.md "Rollback, restart"): after a rollout that fails,
every object the run changed gets back what planton-ds had applied before (from the
live objects' managedFields, read before the run's PATCHes), the objects the run created
are deleted, the restored DaemonSet is waited for, and the run exits 1 saying what was
restored. Other managers' fields are never touched."""
import base64
import copy
import re
import unittest

import daemonset_manifests as dm
from cluster_case import ClusterTestCase
from planton_cli import register_secret

NEW_PASSWORD = "another-password-Zt3"
register_secret(NEW_PASSWORD)
register_secret(base64.b64encode(NEW_PASSWORD.encode()).decode())

# What the server writes on every change: not part of what a rollback restores.
SERVER_META = ("managedFields", "resourceVersion", "generation", "uid", "creationTimestamp")
TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"


def comparable(obj):
    """The object as a user wrote it: no status, no server bookkeeping, and for a
    DaemonSet not the template generation its controller counts up."""
    obj = copy.deepcopy(obj)
    obj.pop("status", None)
    for field in SERVER_META:
        obj["metadata"].pop(field, None)
    annotations = obj["metadata"].get("annotations", {})
    annotations.pop(TEMPLATE_GENERATION, None)
    if not annotations:
        obj["metadata"].pop("annotations", None)
    return obj


def manifest(tag="v1.16", config="<source>\n  @type tail\n</source>\n", env=None, config_maps=None):
    m = dm.manifest(tag=tag, config_maps=dict({"fluentd-config": config}, **(config_maps or {})))
    m["spec"]["container"]["app"]["env"] = {"variables": env if env is not None else
                                            {"LOG_LEVEL": "info", "FLUSH_INTERVAL": "5s"}}
    return m


class RollbackTest(ClusterTestCase):
    api_options = {"tick_interval": 0.02}

    def setUp(self):
        super().setUp()
        self.kubeconfig = self.api.kubeconfig()

    def deploy(self, m, *args):
        return self.run_cli(["apply", "-f", self.write("manifest.yaml", dm.to_yaml(m)), "--kubeconfig",
                             self.kubeconfig, "--timeout", "60s", *args])

    def live(self):
        return {"ds": self.api.get("apps/v1", "DaemonSet", "fluentd", "logging"),
                "cm": self.api.get("v1", "ConfigMap", "fluentd-config", "logging")}

    def test_a_failed_rollout_restores_image_config_and_env_and_deletes_what_it_created(self):
        first = self.deploy(manifest())
        self.assertEqual(first.returncode, 0, first.stderr)
        # Another manager's fields on both objects: the rollback must leave them as they are.
        self.api.edit("apps/v1", "DaemonSet", "fluentd", "logging",
                      {"metadata": {"annotations": {"team": "observability"}}}, manager="ops-console")
        self.api.edit("v1", "ConfigMap", "fluentd-config", "logging",
                      {"metadata": {"labels": {"reviewed-by": "sre"}}}, manager="ops-console")
        before = self.live()

        self.api.fail("fluent/fluentd:missing", "ImagePullBackOff")
        proc = self.deploy(manifest(tag="missing", config="<source>\n  @type forward\n</source>\n",
                                    env={"LOG_LEVEL": "debug"}, config_maps={"fluentd-extra": "x"}),
                           "--rollback-on-failure")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), [
            "namespace/logging unchanged",
            "configmap/fluentd-config configured",
            "configmap/fluentd-extra created",
            "daemonset.apps/fluentd configured",
            "configmap/fluentd-config restored",
            "daemonset.apps/fluentd restored",
            "configmap/fluentd-extra deleted (created by this run)",
        ])
        self.assertRegex(proc.stderr, r"planton-ds: error: pod fluentd-\w+ on node \S+ is in (ErrImagePull|"
                                      r"ImagePullBackOff)")
        self.assertIn("\nrolled back: restored configmap/fluentd-config, daemonset.apps/fluentd; deleted "
                      "configmap/fluentd-extra\nthe restored daemonset.apps/fluentd is rolled out: 3/3 updated, "
                      "3/3 ready\n", proc.stderr)

        after = self.live()
        # Field by field: the image, the removed env var, the ConfigMap data, and the other
        # manager's annotation and label are exactly as before the failed run.
        self.assertEqual(comparable(after["ds"]), comparable(before["ds"]))
        self.assertEqual(comparable(after["cm"]), comparable(before["cm"]))
        container = after["ds"]["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(container["image"], "fluent/fluentd:v1.16")
        self.assertIn({"name": "FLUSH_INTERVAL", "value": "5s"}, container["env"])
        self.assertEqual(after["ds"]["metadata"]["annotations"]["team"], "observability")
        self.assertEqual(after["cm"]["metadata"]["labels"]["reviewed-by"], "sre")
        for obj in after.values():
            owners = {m["manager"] for m in obj["metadata"]["managedFields"] if m.get("subresource") != "status"}
            self.assertIn("ops-console", owners)
        self.assertIsNone(self.api.get("v1", "ConfigMap", "fluentd-extra", "logging"))
        # The restored template runs on every node.
        self.assertEqual({p["spec"]["containers"][0]["image"] for p in self.api.pods("logging", "fluentd")
                          if not p["metadata"].get("deletionTimestamp")}, {"fluent/fluentd:v1.16"})

    def test_without_the_flag_nothing_is_rolled_back(self):
        self.assertEqual(self.deploy(manifest()).returncode, 0)
        self.api.fail("fluent/fluentd:missing", "ImagePullBackOff")
        proc = self.deploy(manifest(tag="missing"))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertNotIn("rolled back", proc.stderr)
        self.assertEqual(self.live()["ds"]["spec"]["template"]["spec"]["containers"][0]["image"],
                         "fluent/fluentd:missing")

    def test_a_first_apply_that_fails_deletes_what_it_created(self):
        self.api.fail("fluent/fluentd:missing", "ImagePullBackOff")
        proc = self.deploy(manifest(tag="missing"), "--rollback-on-failure")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("\nrolled back: restored nothing; deleted daemonset.apps/fluentd, configmap/fluentd-config, "
                      "namespace/logging\n", proc.stderr)
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging"))
        self.assertIsNone(self.api.get("v1", "ConfigMap", "fluentd-config", "logging"))
        ns = self.api.get("v1", "Namespace", "logging")
        self.assertTrue(ns is None or ns["metadata"].get("deletionTimestamp"), ns)

    def test_secrets_are_restored_and_never_printed(self):
        m = manifest()
        m["spec"]["container"]["app"]["env"]["secrets"] = {"ES_PASSWORD": dm.ENV_SECRET}
        self.assertEqual(self.deploy(m).returncode, 0)
        secrets = [s for s in self.api.list("v1", "Secret", "logging") if s["metadata"]["name"].startswith("fluentd")]
        self.assertEqual(len(secrets), 1, secrets)
        before = comparable(secrets[0])
        self.api.fail("fluent/fluentd:missing", "ImagePullBackOff")
        changed = manifest(tag="missing")
        changed["spec"]["container"]["app"]["env"]["secrets"] = {"ES_PASSWORD": NEW_PASSWORD}
        proc = self.run_cli(["-vv", "apply", "-f", self.write("manifest.yaml", dm.to_yaml(changed)),
                             "--kubeconfig", self.kubeconfig, "--timeout", "60s", "--rollback-on-failure"])
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertRegex(proc.stdout, r"(?m)^secret/%s restored$" % re.escape(secrets[0]["metadata"]["name"]))
        self.assertNotIn(NEW_PASSWORD, proc.stdout + proc.stderr)
        after = self.api.get("v1", "Secret", secrets[0]["metadata"]["name"], "logging")
        self.assertEqual(comparable(after), before)


if __name__ == "__main__":
    unittest.main()
