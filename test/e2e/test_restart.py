"""planton-ds restart against the test API server (cli.md "Rollback, restart").

RollingUpdate: one merge patch of the pod template annotation planton-ds.io/restarted-at
under the field manager planton-ds-restart, then the rollout wait; a later unchanged
apply rolls nothing. OnDelete: planton-ds deletes the pods itself, never leaving more
than max_unavailable nodes without a ready pod — checked against the server's full
history of pod changes (its watch window), not samples."""
import json
import unittest

from lifecycle_case import LifecycleTestCase, manifest

from apiserver import resources  # noqa: E402 (lifecycle_case puts test/ on the path)

POD = resources.by_kind("v1", "Pod")
ANNOTATION = "planton-ds.io/restarted-at"


def on_delete_manifest(**options):
    doc = json.loads(manifest(**options))
    doc["spec"]["update_strategy"] = {"type": "OnDelete"}
    return json.dumps(doc, indent=2) + "\n"


class RestartTest(LifecycleTestCase):
    commands = ("apply", "restart")
    api_options = {"tick_interval": 0.02, "nodes": 4}

    def pod_uids(self):
        return {p["metadata"]["uid"] for p in self.api.pods("logging", "fluentd")}

    def all_ready(self, count=4):
        pods = [p for p in self.api.pods("logging", "fluentd") if not p["metadata"].get("deletionTimestamp")]
        return len(pods) == count and all(
            any(c.get("type") == "Ready" and c.get("status") == "True"
                for c in (p.get("status") or {}).get("conditions") or []) for p in pods)

    def test_rolling_update_restart_rolls_once_and_a_later_apply_rolls_nothing(self):
        path = self.write_manifest()
        proc = self.cli("apply", path, "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        before = self.pod_uids()
        self.assertEqual(len(before), 4)

        proc = self.cli("restart", path, "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0], "daemonset.apps/fluentd restarted")
        patches = [e for e in self.api.requests("PATCH") if e["path"].endswith("/daemonsets/fluentd")]
        self.assertEqual(patches[-1]["query"].get("fieldManager"), ["planton-ds-restart"])
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertIn(ANNOTATION, ds["spec"]["template"]["metadata"]["annotations"])
        restarted_at = ds["spec"]["template"]["metadata"]["annotations"][ANNOTATION]
        self.assertRegex(restarted_at, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        managers = {m["manager"] for m in ds["metadata"]["managedFields"]}
        self.assertIn("planton-ds-restart", managers)
        after_restart = self.pod_uids()
        self.assertEqual(len(after_restart), 4)
        self.assertFalse(before & after_restart, "every pod was replaced")
        self.assertTrue(self.all_ready())
        generation = ds["metadata"]["generation"]

        proc = self.cli("apply", path, "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("daemonset.apps/fluentd unchanged", proc.stdout.splitlines())
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertEqual(ds["metadata"]["generation"], generation)
        self.assertEqual(ds["spec"]["template"]["metadata"]["annotations"][ANNOTATION], restarted_at)
        self.api.tick(3)
        self.assertEqual(self.pod_uids(), after_restart)

    def test_on_delete_restart_keeps_at_most_max_unavailable_nodes_down(self):
        path = self.write("ondelete.yaml", on_delete_manifest())
        proc = self.cli("apply", path, "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.api.wait_for(self.all_ready)
        before = {p["metadata"]["name"]: p["spec"]["nodeName"] for p in self.api.pods("logging", "fluentd")}
        start = self.api.revision
        live = {p["metadata"]["uid"]: p for p in self.api.pods("logging", "fluentd")}

        proc = self.cli("restart", path, "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        replaced = [line for line in proc.stdout.splitlines() if " replaced by " in line]
        self.assertEqual(len(replaced), 4, proc.stdout)
        self.assertEqual(sorted(line.split()[0] for line in replaced), sorted("pod/" + n for n in before))
        self.assertTrue(self.all_ready())
        self.assertFalse(set(before) & {p["metadata"]["name"] for p in self.api.pods("logging", "fluentd")})

        # Replay every pod change since the restart began: nodes without a ready pod.
        worst = 0
        for change in self.api.server.store.changes_since(POD, start):
            event = json.loads(change.line)
            pod = event["object"]
            if pod["metadata"].get("namespace") != "logging":
                continue
            if event["type"] == "DELETED":
                live.pop(pod["metadata"]["uid"], None)
            else:
                live[pod["metadata"]["uid"]] = pod
            up = {p["spec"].get("nodeName") for p in live.values()
                  if not p["metadata"].get("deletionTimestamp") and any(
                      c.get("type") == "Ready" and c.get("status") == "True"
                      for c in (p.get("status") or {}).get("conditions") or [])}
            worst = max(worst, len(set(before.values()) - up))
        self.assertEqual(worst, 1, "max_unavailable is 1: one node down at a time, and each went down")
        pod_deletes = [e for e in self.api.requests("DELETE") if "/pods/" in e["path"]]
        self.assertEqual(len(pod_deletes), 4)

    def test_outdated_only_restarts_only_pods_of_an_older_template(self):
        path = self.write("ondelete.yaml", on_delete_manifest())
        self.assertEqual(self.cli("apply", path, "--timeout", "1m").returncode, 0)
        self.api.wait_for(self.all_ready)
        # One pod already runs the new template, the others an older one.
        newer = self.write("ondelete-2.yaml", on_delete_manifest(tag="v1.17"))
        proc = self.cli("apply", newer, "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("planton-ds restart -f %s --outdated-only" % newer, proc.stderr)
        first = sorted(self.api.pods("logging", "fluentd"), key=lambda p: p["spec"]["nodeName"])[0]
        self.api.delete("v1", "Pod", first["metadata"]["name"], "logging")
        self.api.wait_for(self.all_ready)
        current = {p["metadata"]["name"] for p in self.api.pods("logging", "fluentd")
                   if p["spec"]["containers"][0]["image"].endswith(":v1.17")}
        self.assertEqual(len(current), 1)

        proc = self.cli("restart", newer, "--outdated-only", "--timeout", "1m")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        deleted = {e["path"].rsplit("/", 1)[1] for e in self.api.requests("DELETE") if "/pods/" in e["path"]}
        self.assertEqual(len(deleted), 3)
        self.assertFalse(deleted & current)
        images = {p["spec"]["containers"][0]["image"] for p in self.api.pods("logging", "fluentd")}
        self.assertEqual(images, {"registry.example/agents/fluentd:v1.17"})

        proc = self.cli("restart", newer, "--outdated-only")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("nothing to restart", proc.stderr)

    def test_a_replacement_that_cannot_start_stops_the_restart(self):
        path = self.write("ondelete.yaml", on_delete_manifest())
        self.assertEqual(self.cli("apply", path, "--timeout", "1m").returncode, 0)
        self.api.wait_for(self.all_ready)
        self.api.fail("*:v1.16", "ImagePullBackOff", node="worker-1")
        proc = self.cli("restart", path, "--timeout", "1m")
        self.assert_clean_failure(proc, 1, "on node worker-1 is in ", "not yet restarted: worker-2, worker-3, worker-4")
        self.assertTrue("is in ImagePullBackOff" in proc.stderr or "is in ErrImagePull" in proc.stderr, proc.stderr)
        pod_deletes = [e for e in self.api.requests("DELETE") if "/pods/" in e["path"]]
        self.assertEqual(len(pod_deletes), 1)


if __name__ == "__main__":
    unittest.main()
