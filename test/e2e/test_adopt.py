"""apply --adopt: objects written by `kubectl apply` (client-side) become planton-ds's,
as kubectl apply --server-side adopts them (client-go csaupgrade); the first plain apply
over them conflicts and says --adopt; objects of another Apply manager are taken with
--force-conflicts, naming that manager."""
import unittest

import daemonset_manifests as dm
from apiserver_fixture import KUBECTL
from cluster_case import ClusterTestCase

DS = ("apps/v1", "DaemonSet", "fluentd", "logging")


def manifest(tag="v1.16", env=None):
    m = dm.manifest(tag=tag, config_maps={"fluentd-config": "<source>\n  @type tail\n</source>\n"})
    m["spec"]["container"]["app"]["env"] = {"variables": env if env is not None else
                                            {"LOG_LEVEL": "info", "FLUSH_INTERVAL": "5s"}}
    return m


def managers(obj):
    return sorted((m["manager"], m["operation"]) for m in obj["metadata"]["managedFields"]
                  if m.get("subresource") != "status")


class AdoptTestCase(ClusterTestCase):
    api_options = {"tick_interval": 0.02}

    def setUp(self):
        super().setUp()
        self.kubeconfig = self.api.kubeconfig()

    def path(self, m):
        return self.write("manifest.yaml", dm.to_yaml(m))

    def deploy(self, m, *args):
        return self.run_cli(["apply", "-f", self.path(m), "--kubeconfig", self.kubeconfig, "--timeout", "60s",
                             *args])

    def container(self):
        return self.api.get(*DS)["spec"]["template"]["spec"]["containers"][0]


@unittest.skipIf(KUBECTL is None, "kubectl is not installed")
class ClientSideAdoptionTest(AdoptTestCase):
    def kubectl_apply(self, m):
        """`planton-ds render -f X | kubectl apply -f -`: kubectl's client-side apply."""
        rendered = self.run_cli(["render", "-f", self.path(m)])
        self.assertEqual(rendered.returncode, 0, rendered.stderr)
        result = self.api.kubectl("apply", "-f", "-", input=rendered.stdout)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_render_kubectl_apply_then_adopt_with_a_new_image_then_a_removed_field_goes(self):
        self.kubectl_apply(manifest())
        ds = self.api.get(*DS)
        self.assertIn("kubectl.kubernetes.io/last-applied-configuration", ds["metadata"]["annotations"])
        self.assertIn(("kubectl-client-side-apply", "Update"), managers(ds))

        # Without --adopt: the conflict names kubectl's manager and says what to do.
        proc = self.deploy(manifest(tag="v1.17"))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn('.spec.template.spec.containers[name="fluentd"].image: conflict with '
                      '"kubectl-client-side-apply" using apps/v1\n'
                      '"kubectl-client-side-apply" wrote them with kubectl (client-side): --adopt moves their fields '
                      "to planton-ds, as kubectl apply --server-side does, so the manifest owns them from now on\n"
                      "--force-conflicts takes these fields over", proc.stderr)
        self.assertEqual(self.container()["image"], "fluent/fluentd:v1.16")

        proc = self.deploy(manifest(tag="v1.17"), "--adopt")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('note: daemonset.apps/fluentd: adopted: the fields of "kubectl-client-side-apply" (kubectl, '
                      'client-side) now belong to "planton-ds", so fields removed from the manifest are removed '
                      "from the object\n", proc.stderr)
        self.assertIn("daemonset.apps/fluentd configured", proc.stdout.splitlines())
        self.assertEqual(self.container()["image"], "fluent/fluentd:v1.17")
        for kind in (DS, ("v1", "ConfigMap", "fluentd-config", "logging"), ("v1", "Namespace", "logging", "")):
            self.assertNotIn(("kubectl-client-side-apply", "Update"), managers(self.api.get(*kind)), kind)
            self.assertIn(("planton-ds", "Apply"), managers(self.api.get(*kind)), kind)

        # A field removed from the manifest is removed from the object, now that it is ours.
        proc = self.deploy(manifest(tag="v1.17", env={"LOG_LEVEL": "info"}))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("adopted", proc.stderr)
        env = self.container()["env"]
        self.assertNotIn("FLUSH_INTERVAL", [e["name"] for e in env])
        self.assertIn({"name": "LOG_LEVEL", "value": "info"}, env)

    def test_without_adoption_a_forced_apply_leaves_removed_fields_behind(self):
        """Why --adopt exists: --force-conflicts alone takes the changed fields, but the
        client-side manager keeps the rest, so a field later removed from the manifest
        stays on the object."""
        self.kubectl_apply(manifest())
        self.assertEqual(self.deploy(manifest(tag="v1.17"), "--force-conflicts").returncode, 0)
        proc = self.deploy(manifest(tag="v1.17", env={"LOG_LEVEL": "info"}))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn({"name": "FLUSH_INTERVAL", "value": "5s"}, self.container()["env"])

    def test_adopt_dry_run_changes_nothing(self):
        self.kubectl_apply(manifest())
        before = self.api.get(*DS)
        proc = self.deploy(manifest(), "--adopt", "--dry-run", "server")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("note: daemonset.apps/fluentd: would be adopted: the fields of \"kubectl-client-side-apply\"",
                      proc.stderr)
        self.assertIn("daemonset.apps/fluentd unchanged (server dry run)", proc.stdout.splitlines())
        after = self.api.get(*DS)
        self.assertEqual(after["spec"], before["spec"])
        self.assertEqual(after["metadata"].get("annotations"), before["metadata"].get("annotations"))
        self.assertEqual([m for m in after["metadata"]["managedFields"] if m.get("subresource") != "status"],
                         [m for m in before["metadata"]["managedFields"] if m.get("subresource") != "status"])


class ApplyManagerTest(AdoptTestCase):
    def test_an_object_of_another_apply_manager_is_taken_with_force_conflicts_naming_it(self):
        self.assertEqual(self.deploy(manifest(), "--no-wait").returncode, 0)
        self.api.apply({"apiVersion": "apps/v1", "kind": "DaemonSet",
                        "metadata": {"name": "fluentd", "namespace": "logging"},
                        "spec": {"template": {"spec": {"containers": [
                            {"name": "fluentd", "image": "fluent/fluentd:pulumi"}]}}}},
                       manager="pulumi-kubernetes-2f8c", force=True)
        proc = self.deploy(manifest(), "--no-wait")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn('conflict with "pulumi-kubernetes-2f8c"\n--force-conflicts takes these fields over', proc.stderr)
        self.assertNotIn("--adopt", proc.stderr)  # an Apply manager is no client-side one

        proc = self.deploy(manifest(), "--force-conflicts")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('note: daemonset.apps/fluentd: --force-conflicts took fields over from '
                      '"pulumi-kubernetes-2f8c" (another Apply manager; it owned them before)\n', proc.stderr)
        self.assertEqual(self.container()["image"], "fluent/fluentd:v1.16")
        pulumi = [m for m in self.api.get(*DS)["metadata"]["managedFields"] if m["manager"] == "pulumi-kubernetes-2f8c"]
        self.assertNotIn('"f:image"', str(pulumi).replace("'", '"'))


if __name__ == "__main__":
    unittest.main()
