"""planton-ds status against the test API server (cli.md "status"): the DaemonSet's live
counts, whether its current generation is rolled out (exit 0) or not (exit 1), the node
coverage, its pods per node with age, image and current or older template, the last
Warning events of the DaemonSet and its pods, the stack outputs under Planton's keys,
--watch until interrupted, and a clear failure when the DaemonSet does not exist or the
cluster cannot be reached (exit 3)."""
import json
import re
import select
import signal
import time
import unittest

import daemonset_manifests as dm
import planton_cli
from apiserver_fixture import Rule
from lifecycle_case import LifecycleTestCase, manifest

OUTPUT_KEYS = ["namespace", "daemonset_name", "desired_number_scheduled", "current_number_scheduled",
               "number_ready"]


TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"
CELL = re.compile(r"\S+(?: \S+)*")  # a table cell: words one space apart


def table(lines, header):
    """The rows of the table whose header starts with `header`, as lists of cells (cells
    are two or more spaces apart; a cell itself has at most single spaces)."""
    start = [i for i, line in enumerate(lines) if line.startswith(header)][0]
    rows = []
    for line in lines[start:]:
        if not line:
            break
        rows.append(CELL.findall(line))
    return rows


class StatusTest(LifecycleTestCase):

    def status(self, path, *extra):
        return self.cli("status", path, *extra)

    def test_json_carries_plantons_output_keys_with_the_live_counts(self):
        path = self.write_manifest()
        self.applied(path)
        self.api.tick(4)
        live = self.api.daemonset_status("fluentd", "logging")
        self.assertEqual(live["numberReady"], 2, live)  # worker-1 and worker-2; the control plane is tainted
        proc = self.status(path, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertEqual(list(out)[:5], OUTPUT_KEYS)
        self.assertEqual({k: out[k] for k in OUTPUT_KEYS},
                         {"namespace": "logging", "daemonset_name": "fluentd",
                          "desired_number_scheduled": live["desiredNumberScheduled"],
                          "current_number_scheduled": live["currentNumberScheduled"],
                          "number_ready": live["numberReady"]})
        self.assertEqual(out["number_available"], live["numberAvailable"])
        self.assertEqual(out["updated_number_scheduled"], live["updatedNumberScheduled"])
        pods = {p["metadata"]["name"]: p["spec"]["nodeName"] for p in self.api.pods("logging", "fluentd")}
        self.assertEqual({p["name"]: p["node"] for p in out["pods"]}, pods)
        self.assertEqual({(p["phase"], p["ready"], p["restarts"], p["reason"]) for p in out["pods"]},
                         {("Running", "1/1", 0, "")})
        # Rolled out and ready, with the coverage keys of preflight, every pod of the current
        # template, and no Warning events.
        self.assertEqual((out["rolled_out"], out["rollout_gaps"]), (True, []))
        self.assertEqual((out["nodes_total"], out["nodes_matching"]), (3, 2))
        self.assertEqual(out["nodes_excluded"],
                         [{"node": "control-plane-1", "reason": "taint node-role.kubernetes.io/control-plane:NoSchedule"}])
        for pod in out["pods"]:
            self.assertEqual((pod["images"], pod["template_generation"], pod["current_template"]),
                             (["registry.example/agents/fluentd:v1.16"], "1", True))
            self.assertRegex(pod["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(out["warning_events"], [])
        self.assertNotIn("notes", out)

    def test_counts_follow_the_rollout_and_so_does_the_exit_code(self):
        path = self.write_manifest()
        self.applied(path)
        proc = self.status(path, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)  # not rolled out: shown, with no error line
        self.assertEqual(proc.stderr, "")
        before = json.loads(proc.stdout)
        self.assertEqual((before["desired_number_scheduled"], before["number_ready"], before["pods"]), (0, 0, []))
        self.assertEqual((before["rolled_out"], before["rollout_gaps"]), (False, ["generation 1 not observed yet"]))
        self.api.tick(4)
        proc = self.status(path, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        after = json.loads(proc.stdout)
        self.assertEqual((after["desired_number_scheduled"], after["number_ready"], len(after["pods"])), (2, 2, 2))

    def test_text_shows_the_pods_per_node_and_the_outputs(self):
        path = self.write_manifest(tag="bad-1")
        self.api.fail("*:bad-*", "ImagePullBackOff", node="worker-2")
        self.applied(path)
        self.api.tick(4)
        proc = self.status(path)
        self.assertEqual(proc.returncode, 1, proc.stderr)  # worker-2 is not ready
        self.assertEqual(proc.stderr, "")
        pods = {p["spec"]["nodeName"]: p["metadata"]["name"] for p in self.api.pods("logging", "fluentd")}
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[:6], [
            "daemonset.apps/fluentd in namespace logging",
            "  generation 1, observed 1",
            "  desired 2, current 2, updated 2, ready 1, available 1, unavailable 1",
            "  not rolled out: 1/2 ready, 1/2 available",
            "  will run on 2 of 3 nodes; not on control-plane-1 (taint node-role.kubernetes.io/control-plane:NoSchedule)",
            ""])
        header = lines.index([line for line in lines if line.startswith("NODE ")][0])
        pod_lines = lines[header:header + 3]
        self.assertEqual(pod_lines[0].split(),
                         ["NODE", "POD", "PHASE", "READY", "RESTARTS", "AGE", "IMAGE", "TEMPLATE", "REASON"])
        # Aligned columns: each cell starts where its header does.
        starts = [[m.start() for m in CELL.finditer(line)] for line in pod_lines]
        self.assertEqual(starts[1], starts[0][:8])
        self.assertEqual(starts[2], starts[0])
        rows = table(lines, "NODE ")
        self.assertEqual([len(row) for row in rows], [9, 8, 9])  # worker-1 has no REASON
        self.assertEqual([row[0] for row in rows[1:]], ["worker-1", "worker-2"])
        self.assertEqual(rows[1][:5], ["worker-1", pods["worker-1"], "Running", "1/1", "0"])
        self.assertRegex(rows[1][5], r"^\d+s$")  # AGE
        self.assertEqual(rows[1][6:], ["registry.example/agents/fluentd:bad-1", "current"])
        self.assertEqual(rows[2][:2], ["worker-2", pods["worker-2"]])
        self.assertEqual(rows[2][-2:], ["current", "ImagePullBackOff"])
        # The kubelet's Warning events of worker-2's pod: the failed pulls, oldest first.
        events = table(lines, "LAST SEEN ")
        self.assertEqual(events[0], ["LAST SEEN", "REASON", "OBJECT", "MESSAGE"])
        self.assertIn(["Failed", "pod/" + pods["worker-2"], "Error: ImagePullBackOff"], [e[1:] for e in events[1:]])
        self.assertTrue(all(e[2] == "pod/" + pods["worker-2"] for e in events[1:]), events)
        self.assertEqual(lines[-6:], ["outputs:", "  namespace: logging", "  daemonset_name: fluentd",
                                      "  desired_number_scheduled: 2", "  current_number_scheduled: 2",
                                      "  number_ready: 1"])

    def test_pods_of_the_current_and_of_an_older_template(self):
        self.applied(self.write_manifest(tag="v1"))
        self.api.tick(4)
        changed = self.write_manifest(tag="v2")
        self.applied(changed)
        # Before the controller saw the change, every pod runs the older template.
        proc = self.status(changed, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertEqual(out["rollout_gaps"], ["generation 2 not observed yet", "2 pods run an older template"])
        self.assertEqual([(p["images"], p["current_template"]) for p in out["pods"]],
                         [(["registry.example/agents/fluentd:v1"], False)] * 2)
        # One node at a time (max unavailable 1): a moment with one pod of each template.
        for _ in range(20):
            self.api.tick(1)
            live = [p for p in self.api.pods("logging", "fluentd") if not p["metadata"].get("deletionTimestamp")]
            if len({p["metadata"]["labels"]["pod-template-generation"] for p in live}) == 2:
                break
        else:
            self.fail("the controller never ran both templates at once")
        current = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")["metadata"]["annotations"][
            TEMPLATE_GENERATION]
        self.assertEqual(current, "2")
        expected = {p["metadata"]["name"]: p["metadata"]["labels"]["pod-template-generation"] == current
                    for p in live}
        proc = self.status(changed, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertEqual({p["name"]: p["current_template"] for p in out["pods"]}, expected)
        self.assertIn("1 pod runs an older template", out["rollout_gaps"])
        self.assertEqual({p["images"][0] for p in out["pods"] if p["current_template"]},
                         {"registry.example/agents/fluentd:v2"})
        proc = self.status(changed)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        rows = table(proc.stdout.splitlines(), "NODE ")
        self.assertEqual({row[1]: (row[6], row[7]) for row in rows[1:]},
                         {name: ("registry.example/agents/fluentd:" + ("v2" if now else "v1"),
                                 "current" if now else "older") for name, now in expected.items()})
        # Once every node runs the new template: rolled out.
        self.api.tick(8)
        proc = self.status(changed, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual({p["current_template"] for p in json.loads(proc.stdout)["pods"]}, {True})

    def test_coverage_of_tainted_and_labelled_nodes(self):
        self.api.add_node("gpu-1", labels={"accelerator": "nvidia"})
        self.api.add_node("db-1", taints=[{"key": "dedicated", "value": "db", "effect": "NoExecute"}])
        everywhere = self.write_manifest()
        self.applied(everywhere)
        gpus = dm.manifest("gpu-agent", "logging", create_namespace=False, node_selector={"accelerator": "nvidia"})
        gpus_path = self.write("gpu.yaml", dm.to_yaml(gpus))
        self.applied(gpus_path)
        self.api.tick(4)

        proc = self.status(everywhere)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("  will run on 3 of 5 nodes; not on control-plane-1 (taint "
                      "node-role.kubernetes.io/control-plane:NoSchedule); db-1 (taint dedicated=db:NoExecute)\n",
                      proc.stdout)
        out = json.loads(self.status(everywhere, "-o", "json").stdout)
        self.assertEqual((out["nodes_total"], out["nodes_matching"]), (5, 3))
        self.assertEqual(out["nodes_matching"], self.api.daemonset_status("fluentd", "logging")["desiredNumberScheduled"])
        self.assertEqual(sorted(p["node"] for p in out["pods"]), ["gpu-1", "worker-1", "worker-2"])

        proc = self.status(gpus_path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        [line] = [l for l in proc.stdout.splitlines() if l.startswith("  will run on ")]
        self.assertEqual(line, "  will run on 1 of 5 nodes; not on control-plane-1, db-1, worker-1, worker-2 "
                               "(node selector accelerator=nvidia)")
        out = json.loads(self.status(gpus_path, "-o", "json").stdout)
        self.assertEqual((out["nodes_total"], out["nodes_matching"], [p["node"] for p in out["pods"]]),
                         (5, 1, ["gpu-1"]))
        self.assertEqual(sorted(e["node"] for e in out["nodes_excluded"]),
                         ["control-plane-1", "db-1", "worker-1", "worker-2"])

    def test_a_missing_daemonset_fails_clearly(self):
        proc = self.status(self.write_manifest(name="absent"))
        self.assert_clean_failure(
            proc, 1, "daemonset.apps/absent not found in namespace logging (not applied yet? run planton-ds apply")
        self.assertEqual(proc.stdout, "")

    def test_an_unreachable_server_exits_3(self):
        config = self.api.kubeconfig(server_url="https://127.0.0.1:1")
        proc = self.cli("status", self.write_manifest(), "--request-timeout", "2s", config=config)
        self.assert_clean_failure(proc, 3, "cannot get daemonset.apps/fluentd")

    def test_a_server_that_keeps_failing_exits_3(self):
        path = self.write_manifest()
        self.applied(path)
        self.api.fault(503, count=1000, path_prefix="/api/v1/namespaces/logging/pods")
        proc = self.status(path, "--request-timeout", "2s")
        self.assert_clean_failure(proc, 3, "cannot list pods in namespace logging")
        self.assertEqual(proc.stdout, "")

    def test_several_manifests_exit_1_when_one_is_not_rolled_out(self):
        both = self.write("both.yaml", manifest("ready-agent", "status-a") + "---\n" +
                          manifest("late-agent", "status-b"))
        self.applied(self.write("ready.yaml", manifest("ready-agent", "status-a")))
        self.api.tick(4)
        self.applied(self.write("late.yaml", manifest("late-agent", "status-b")))  # not observed yet
        proc = self.status(both)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertNotIn("error", proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[-1], "2 manifests: 1 ready, 1 not ready")
        self.assertIn("status-a/ready-agent:   rolled out and ready", lines)
        self.assertIn("status-b/late-agent:   not rolled out: generation 1 not observed yet", lines)
        proc = self.status(both, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual([(s["daemonset_name"], s["rolled_out"]) for s in json.loads(proc.stdout)],
                         [("ready-agent", True), ("late-agent", False)])

    def test_several_manifests_the_first_failure_in_order_decides_the_exit_code(self):
        # Not rolled out is a failure of the run like an unreadable DaemonSet: whichever
        # comes first decides (cli.md "Many manifests").
        self.applied(self.write("late.yaml", manifest("late-agent", "status-c")))  # not observed yet
        self.applied(self.write("down.yaml", manifest("down-agent", "status-d")))
        self.api.fault(503, count=100000, path_prefix="/api/v1/namespaces/status-d/pods")
        late_first = self.write("late-first.yaml", manifest("late-agent", "status-c") + "---\n" +
                                manifest("down-agent", "status-d"))
        proc = self.status(late_first, "--request-timeout", "2s")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], "2 manifests: 1 not ready, 1 unreachable")
        self.assertIn("status-d/down-agent: error: cannot list pods in namespace status-d", proc.stderr)
        down_first = self.write("down-first.yaml", manifest("down-agent", "status-d") + "---\n" +
                                manifest("late-agent", "status-c"))
        proc = self.status(down_first, "--request-timeout", "2s")
        self.assertEqual(proc.returncode, 3, proc.stderr)


class RefusalTest(LifecycleTestCase):
    """A user who may read and write DaemonSets, pods and events only: preflight cannot
    read the service account (403, skipped with a note), so apply writes a DaemonSet whose
    pods admission refuses; status shows the controller's FailedCreate events and, as the
    nodes may not be listed, says that the coverage is skipped."""

    def setUp(self):
        super().setUp()
        planton_cli.register_secret("status-token-e2e")
        user = self.api.add_user("status", token="status-token-e2e", rules=[
            Rule(resources=("daemonsets", "pods", "events"))])
        self.config = self.api.kubeconfig(user, "token")

    def test_warning_events_of_a_refused_pod_creation(self):
        ns = self.api.new_namespace("sa")
        path = self.write("refused.yaml", dm.to_yaml(dm.manifest(namespace=ns, create_namespace=False,
                                                                  service_account_name="does-not-exist")))
        self.applied(path)
        self.api.tick(3)
        proc = self.cli("status", path)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertIn("  not rolled out: 0/3 updated, 0/3 ready, 0/3 available", lines)
        self.assertIn("  note: the node coverage is skipped: cannot list nodes: forbidden (403)", "\n".join(lines))
        self.assertFalse([l for l in lines if "will run on" in l], lines)
        self.assertIn("no pods", lines)
        events = table(lines, "LAST SEEN ")
        self.assertGreaterEqual(len(events), 2, events)
        for event in events[1:]:
            self.assertEqual(event[1:3], ["FailedCreate", "daemonset/fluentd"])
            self.assertRegex(event[3], r'^Error creating: pods "fluentd-[a-z0-9]*" is forbidden: error looking up '
                                       r'service account %s/does-not-exist: serviceaccount "does-not-exist" not '
                                       r"found$" % ns)
        self.assertLessEqual(len(events) - 1, 5)

        proc = self.cli("status", path, "-o", "json")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        out = json.loads(proc.stdout)
        self.assertNotIn("nodes_total", out)
        self.assertEqual(len(out["notes"]), 1)
        self.assertTrue(out["notes"][0].startswith("the node coverage is skipped: cannot list nodes: forbidden (403)"))
        self.assertEqual({(e["reason"], e["object"]) for e in out["warning_events"]},
                         {("FailedCreate", "daemonset/fluentd")})
        self.assertEqual(len(out["warning_events"]), len(events) - 1)
        for event in out["warning_events"]:
            self.assertIn("error looking up service account %s/does-not-exist" % ns, event["message"])
            self.assertGreaterEqual(event["count"], 1)
            self.assertLessEqual(event["first_seen"], event["last_seen"])


class WatchTest(LifecycleTestCase):

    def read_line(self, proc, deadline):
        """The next stdout line of a running process (a hang fails the test, not the suite)."""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                return proc.stdout.readline()
        self.fail("planton-ds status --watch printed nothing more")

    def test_watch_prints_each_change_until_interrupted(self):
        path = self.write_manifest()
        self.applied(path)
        proc = planton_cli.start(["status", "-f", path, "--kubeconfig", self.config, "--watch", "--interval",
                                  "100ms", "-o", "json"], env={"HOME": self.home})
        try:
            deadline = time.monotonic() + 60
            seen = [json.loads(self.read_line(proc, deadline))]
            self.assertEqual(seen[0]["number_ready"], 0)
            self.api.tick(4)
            while seen[-1]["number_ready"] < 2:
                seen.append(json.loads(self.read_line(proc, deadline)))
            # One line per change: no two consecutive lines are the same.
            self.assertTrue(all(a != b for a, b in zip(seen, seen[1:])), seen)
            proc.send_signal(signal.SIGINT)
        finally:
            out, err = planton_cli.finish(proc)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(err, "")
        for line in out.splitlines():
            self.assertNotEqual(json.loads(line), seen[-1])  # nothing changed after the last one read


if __name__ == "__main__":
    unittest.main()
