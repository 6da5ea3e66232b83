"""Interop with kubectl: `planton-ds render -f X | kubectl apply --server-side -f -`
creates the same objects as `planton-ds apply -f X` (README, objects.md "Output
format"), and kubectl's server-side dry run accepts the rendered output of every
example."""
import copy
import glob
import json
import os
import unittest

import planton_cli
from apiserver_fixture import KUBECTL, ApiServerFixture
from cluster_case import ClusterTestCase, object_lines

EXAMPLES = sorted(glob.glob(os.path.join(planton_cli.SOURCE_DIR, "manifests", "examples", "*.yaml")))
SERVER_FIELDS = ("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation")


def without_server_fields(obj):
    obj = copy.deepcopy(obj)
    obj.pop("status", None)
    for field in SERVER_FIELDS:
        obj["metadata"].pop(field, None)
    return obj


@unittest.skipIf(KUBECTL is None, "kubectl is not installed")
class KubectlInteropTest(ClusterTestCase):

    def render(self, path, output="yaml"):
        proc = self.run_cli(["render", "-f", path, "-o", output])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def objects(self, path):
        return json.loads(self.render(path, "json"))["items"]

    def existing_namespaces(self, api, objects, all_of_them=False):
        """Creates the namespaces the objects go in that the manifest does not create
        itself (a manifest without create_namespace deploys into an existing one), or
        all of them (a dry run creates none, so its namespaced objects need them)."""
        created = set() if all_of_them else {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"}
        for ns in {o["metadata"].get("namespace") for o in objects} - created - {None}:
            if api.get("v1", "Namespace", ns) is None:
                api.put({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})

    def test_kubectl_apply_of_render_creates_what_apply_creates(self):
        other = ApiServerFixture(tick_interval=None).start()
        self.addCleanup(other.stop)
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                objects = self.objects(path)
                self.existing_namespaces(self.api, objects)
                self.existing_namespaces(other, objects)
                result = self.api.kubectl("apply", "--server-side", "-f", "-", input=self.render(path))
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(len(result.stdout.splitlines()), len(objects), result.stdout)
                existed = {o["metadata"]["name"] for o in objects
                           if o["kind"] == "Namespace" and other.get("v1", "Namespace", o["metadata"]["name"])}
                proc = self.run_cli(["apply", "--no-wait", "-f", path, "--kubeconfig", other.kubeconfig()])
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(len(object_lines(proc.stdout)), len(objects), proc.stdout)
                for obj in objects:
                    ref = (obj["apiVersion"], obj["kind"], obj["metadata"]["name"],
                           obj["metadata"].get("namespace", ""))
                    by_kubectl, by_planton = self.api.get(*ref), other.get(*ref)
                    self.assertIsNotNone(by_kubectl, ref)
                    self.assertIsNotNone(by_planton, ref)
                    if obj["kind"] == "Namespace":
                        # The one difference: apply marks a namespace it creates (not one an
                        # earlier example created) as its manifest's (cli.md "delete");
                        # kubectl has no such mark.
                        annotations = by_planton["metadata"].pop("annotations", {})
                        mark = annotations.pop("planton-ds.io/created-for", None)
                        self.assertEqual(mark, None if ref[2] in existed else obj["metadata"]["labels"]["planton.ai/name"],
                                         ref)
                        if annotations:
                            by_planton["metadata"]["annotations"] = annotations
                    self.assertEqual(without_server_fields(by_kubectl), without_server_fields(by_planton), ref)
                    managers = {m["manager"] for m in by_planton["metadata"]["managedFields"]
                                if m.get("subresource") != "status"}
                    self.assertEqual(managers, {"planton-ds"}, ref)

    def test_kubectl_server_dry_run_accepts_every_example(self):
        self.assertGreaterEqual(len(EXAMPLES), 5)
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                objects = self.objects(path)
                self.existing_namespaces(self.api, objects, all_of_them=True)
                before = self.api.revision
                result = self.api.kubectl("apply", "--server-side", "--dry-run=server", "-f", "-",
                                          input=self.render(path))
                self.assertEqual(result.returncode, 0, result.stderr)
                lines = result.stdout.splitlines()
                self.assertEqual(len(lines), len(objects), result.stdout)
                self.assertTrue(all(line.endswith(" serverside-applied (server dry run)") for line in lines), lines)
                self.assertEqual(self.api.revision, before, "a dry run stores nothing")


if __name__ == "__main__":
    unittest.main()
