"""Several manifests in one run (cli.md "Many manifests"): -f repeated, folders and
multi-document files for apply, diff, status, delete and render. apply applies every
manifest in order, then waits for all their rollouts together, each on a connection of
its own; lines are prefixed namespace/name; a summary line ends the run; the exit code is
that of the first failure; -o json is an array; --prune works per manifest."""
import json
import os
import shutil
import tempfile
import unittest

import daemonset_manifests as dm
import planton_cli
from apiserver_fixture import SharedApiServerTestCase

NEVER_PULLS = "registry.example/never-pulls"


def object_line(prefix, line):
    return "%s: %s" % (prefix, line)


class ManyManifestsTestCase(SharedApiServerTestCase):
    """One server for the class (each test uses namespaces of its own), a scratch folder
    per test."""

    api_options = {"tick_interval": 0.02}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api.fail(NEVER_PULLS + ":*", "ImagePullBackOff")
        cls.config = cls.api.kubeconfig()

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="planton-e2e-many-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def write(self, relative, *manifests):
        """Writes the manifests as one (multi-document) YAML file; returns its path."""
        path = os.path.join(self.tmp, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("---\n".join(dm.to_yaml(m) for m in manifests))
        return path

    def cli(self, *args):
        return planton_cli.run(list(args) + ["--kubeconfig", self.config], env={"HOME": self.tmp})

    def requests_in(self, namespace, method=None):
        return [e for e in self.api.requests(method) if "/namespaces/%s/" % namespace in e["path"]
                or e["path"].endswith("/namespaces/%s" % namespace)]


class ApplyManyTest(ManyManifestsTestCase):
    def test_a_folder_applies_in_order_waits_together_and_exits_with_the_first_failure(self):
        folder = os.path.join(self.tmp, "agents")
        self.write("agents/a-logs.yaml", dm.manifest("logs", "m1-logging"))
        self.write("agents/b-broken.yaml", dm.manifest("broken", "m1-broken", repo=NEVER_PULLS))
        self.write("agents/nested/c-metrics.yml", dm.manifest("metrics", "m1-metrics"))
        self.write("agents/README.yaml.txt", dm.manifest("ignored", "m1-ignored"))  # not *.yaml/*.yml
        # The first reads of each DaemonSet (apply's LIST, the wait's first read) are
        # answered a second late, so that waits run one after another could not overlap.
        for namespace in ("m1-logging", "m1-metrics"):
            self.api.fault("delay", count=2, method="GET", delay=1.0,
                           path_prefix="/apis/apps/v1/namespaces/%s/daemonsets" % namespace)
        self.api.clear_log()
        proc = self.cli("apply", "-f", folder)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)

        # Each line names its manifest; the files are taken in sorted path order.
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[:6], [
            "m1-logging/logs: namespace/m1-logging created",
            "m1-logging/logs: daemonset.apps/logs created",
            "m1-broken/broken: namespace/m1-broken created",
            "m1-broken/broken: daemonset.apps/broken created",
            "m1-metrics/metrics: namespace/m1-metrics created",
            "m1-metrics/metrics: daemonset.apps/metrics created",
        ])
        self.assertEqual(lines[-1], "3 manifests: 2 rolled out, 1 failed")
        self.assertIn("m1-logging/logs: rolled out logs: 3/3 updated, 3/3 available, 3/3 ready", proc.stderr)
        self.assertIn("m1-metrics/metrics: rolled out metrics: 3/3 updated, 3/3 available, 3/3 ready",
                      proc.stderr)
        self.assertRegex(proc.stderr, r"m1-broken/broken: error: pod broken-\S+ on node \S+ is in "
                                      r"(ErrImagePull|ImagePullBackOff)")
        self.assertNotIn("planton-ds: error", proc.stderr)  # each failure is told under its manifest
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "ignored", "m1-ignored"))
        for name, namespace in (("logs", "m1-logging"), ("metrics", "m1-metrics")):
            status = self.api.daemonset_status(name, namespace)
            self.assertEqual(status["numberReady"], status["desiredNumberScheduled"])

        # Applied in order, every PATCH before the first request of any wait.
        log = self.api.requests()
        patches = [e for e in log if e["method"] == "PATCH"]
        self.assertEqual([e["path"].rsplit("/", 1)[1] for e in patches],
                         ["m1-logging", "logs", "m1-broken", "broken", "m1-metrics", "metrics"])
        last_patch = log.index(patches[-1])
        waits = {ns: [e for e in log[last_patch + 1:] if "/namespaces/%s/" % ns in e["path"]]
                 for ns in ("m1-logging", "m1-broken", "m1-metrics")}
        for ns, entries in waits.items():
            self.assertTrue(entries, ns)
        # Together: the waits overlap in time (from the start of a wait's first request to
        # the end of its last), and each has a connection of its own.
        spans = [(entries[0]["started"], max(e["started"] + e["seconds"] for e in entries))
                 for entries in (waits["m1-logging"], waits["m1-metrics"])]
        self.assertLess(max(start for start, _ in spans), min(end for _, end in spans),
                        "the waits ran one after another")
        connections = [{e["connection"] for e in entries} for entries in waits.values()]
        for i, one in enumerate(connections):
            for other in connections[i + 1:]:
                self.assertFalse(one & other, "two waits shared a connection")

    def test_json_is_an_array_in_order_with_the_failure_in_its_element(self):
        first = self.write("one.yaml", dm.manifest("logs", "m2-logging"))
        both = self.write("two.yaml", dm.manifest("broken", "m2-broken", repo=NEVER_PULLS),
                          dm.manifest("metrics", "m2-metrics"))
        proc = self.cli("apply", "-f", first, "-f", both, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        outputs = json.loads(proc.stdout)
        self.assertEqual([(o["namespace"], o["daemonset_name"]) for o in outputs],
                         [("m2-logging", "logs"), ("m2-broken", "broken"), ("m2-metrics", "metrics")])
        self.assertEqual([sorted(o) for o in outputs[::2]], [sorted(
            ["namespace", "daemonset_name", "desired_number_scheduled", "current_number_scheduled",
             "number_ready", "nodes_total", "nodes_matching", "nodes_excluded"])] * 2)
        self.assertEqual(outputs[0]["number_ready"], 3)
        self.assertRegex(outputs[1]["error"], r"pod broken-\S+ on node \S+ is in")
        # Object lines and the summary go to stderr: stdout is the one JSON document.
        self.assertIn("m2-logging/logs: daemonset.apps/logs created", proc.stderr)
        self.assertIn("3 manifests: 2 rolled out, 1 failed", proc.stderr)

    def test_a_multi_document_file_and_prune_per_manifest(self):
        config_maps = {"agent-config": "a\n", "old-config": "b\n"}
        before = self.write("pair.yaml", dm.manifest("logs", "m3-logging", config_maps=config_maps),
                            dm.manifest("metrics", "m3-metrics", config_maps=config_maps))
        proc = self.cli("apply", "-f", before, "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("m3-metrics/metrics: configmap/old-config created", proc.stdout.splitlines())
        self.assertEqual(proc.stdout.splitlines()[-1], "2 manifests: 2 applied")

        # Only the first manifest drops old-config: only its copy is pruned.
        after = self.write("pair.yaml", dm.manifest("logs", "m3-logging", config_maps={"agent-config": "a\n"}),
                           dm.manifest("metrics", "m3-metrics", config_maps=config_maps))
        proc = self.cli("apply", "-f", after, "--no-wait", "--prune")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("m3-logging/logs: configmap/old-config pruned", proc.stdout.splitlines())
        self.assertNotIn("pruned", proc.stdout.replace("m3-logging/logs: configmap/old-config pruned", ""))
        self.assertIsNone(self.api.get("v1", "ConfigMap", "old-config", "m3-logging"))
        self.assertIsNotNone(self.api.get("v1", "ConfigMap", "old-config", "m3-metrics"))
        self.assertEqual(proc.stdout.splitlines()[-1], "2 manifests: 1 applied, 1 unchanged")

    def test_the_same_daemonset_twice_is_refused_before_anything_is_sent(self):
        a = self.write("a.yaml", dm.manifest("logs", "m4-logging"))
        b = self.write("b.yaml", dm.manifest("logs", "m4-logging", tag="v2"))
        self.api.clear_log()
        proc = self.cli("apply", "-f", a, "-f", b)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("planton-ds: error: the DaemonSet m4-logging/logs is given twice: in %s (document 1) and "
                      "in %s (document 1)" % (a, b), proc.stderr)
        self.assertEqual(self.api.requests(), [])

    def test_an_invalid_file_stops_the_run_before_anything_is_sent(self):
        good = self.write("good.yaml", dm.manifest("logs", "m5-logging"))
        bad = self.write("bad.yaml", dm.manifest("bad", "m5-bad", tag="not a tag"))
        self.api.clear_log()
        proc = self.cli("apply", "-f", good, "-f", bad)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn(bad + ":", proc.stderr)  # its diagnostics
        self.assertIn("planton-ds: error: 1 of 2 files are not usable", proc.stderr)
        self.assertEqual(self.api.requests(), [])

    def test_an_unreachable_cluster_is_tried_once(self):
        folder = os.path.join(self.tmp, "agents")
        self.write("agents/a.yaml", dm.manifest("logs", "m6-logging"))
        self.write("agents/b.yaml", dm.manifest("metrics", "m6-metrics"))
        closed = self.api.kubeconfig(server_url="https://127.0.0.1:9")  # discard: nothing listens
        proc = planton_cli.run(["apply", "-f", folder, "--kubeconfig", closed, "--request-timeout", "1s"],
                               env={"HOME": self.tmp})
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn("m6-logging/logs: error: cannot ", proc.stderr)
        self.assertIn("m6-metrics/metrics: error: not attempted: the cluster could not be reached for "
                      "m6-logging/logs", proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], "2 manifests: 2 unreachable")


class OtherCommandsTest(ManyManifestsTestCase):
    def setUp(self):
        super().setUp()
        self.folder = os.path.join(self.tmp, "agents")
        self.write("agents/a.yaml", dm.manifest("logs", "m7-logging"))
        self.write("agents/b.yaml", dm.manifest("metrics", "m7-metrics"))
        proc = self.cli("apply", "-f", self.folder)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_diff_status_and_delete_act_on_each(self):
        proc = self.cli("diff", "-f", self.folder)
        self.assertEqual((proc.returncode, proc.stdout), (0, "2 manifests: 2 in sync\n"), proc.stderr)

        self.write("agents/b.yaml", dm.manifest("metrics", "m7-metrics", tag="v2"))
        proc = self.cli("diff", "-f", self.folder)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[-1], "2 manifests: 1 in sync, 1 differences")
        self.assertTrue(all(line.startswith("m7-metrics/metrics: ") for line in lines[:-1]), lines)
        self.assertIn('m7-metrics/metrics: +        image: fluent/fluentd:v2', lines)

        proc = self.cli("status", "-f", self.folder)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[-1], "2 manifests: 2 ready")
        self.assertTrue(all(line.startswith(("m7-logging/logs: ", "m7-metrics/metrics: ")) for line in lines[:-1]))
        self.assertIn("m7-logging/logs:   daemonset_name: logs", lines)
        self.assertIn("m7-metrics/metrics:   daemonset_name: metrics", lines)

        proc = self.cli("status", "-f", self.folder, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([s["daemonset_name"] for s in json.loads(proc.stdout)], ["logs", "metrics"])

        proc = self.cli("delete", "-f", self.folder)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[0], "m7-logging/logs: daemonset.apps/logs deleted")
        self.assertIn("m7-metrics/metrics: daemonset.apps/metrics deleted", lines)
        self.assertEqual(lines[-1], "2 manifests: 2 deleted")
        # Foreground deletion: each DaemonSet goes once the garbage collector took its pods.
        self.api.wait_for(lambda: self.api.get("apps/v1", "DaemonSet", "logs", "m7-logging") is None)
        self.api.wait_for(lambda: self.api.get("apps/v1", "DaemonSet", "metrics", "m7-metrics") is None)


class RenderManyTest(unittest.TestCase):
    def test_render_prints_every_manifest_in_order(self):
        tmp = tempfile.mkdtemp(prefix="planton-e2e-render-")
        self.addCleanup(shutil.rmtree, tmp, True)

        def write(relative, manifest):
            path = os.path.join(tmp, relative)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(dm.to_yaml(manifest))
            return path

        first = write("z-first.yaml", dm.manifest("zeta", "ns-z"))
        write("folder/b.yaml", dm.manifest("beta", "ns-b"))
        write("folder/a.yaml", dm.manifest("alpha", "ns-a"))
        proc = planton_cli.run(["render", "-f", first, "-f", os.path.join(tmp, "folder"), "-o", "json"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        names = [(o["kind"], o["metadata"]["name"]) for o in json.loads(proc.stdout)["items"]]
        self.assertEqual(names, [("Namespace", "ns-z"), ("DaemonSet", "zeta"), ("Namespace", "ns-a"),
                                 ("DaemonSet", "alpha"), ("Namespace", "ns-b"), ("DaemonSet", "beta")])
        separate = [planton_cli.run(["render", "-f", path]).stdout
                    for path in (first, os.path.join(tmp, "folder", "a.yaml"), os.path.join(tmp, "folder", "b.yaml"))]
        together = planton_cli.run(["render", "-f", first, "-f", os.path.join(tmp, "folder")]).stdout
        # The same YAML stream as the three rendered one by one, "---" between objects.
        self.assertEqual(together, "---\n".join(separate))


if __name__ == "__main__":
    unittest.main()
