"""planton-ds status against the test API server (cli.md "status"): the DaemonSet's live
counts, its pods per node, the stack outputs under Planton's keys, --watch until
interrupted, and a clear failure when the DaemonSet does not exist."""
import json
import select
import signal
import time
import unittest

import planton_cli
from lifecycle_case import LifecycleTestCase

OUTPUT_KEYS = ["namespace", "daemonset_name", "desired_number_scheduled", "current_number_scheduled",
               "number_ready"]


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

    def test_counts_follow_the_rollout(self):
        path = self.write_manifest()
        self.applied(path)
        before = json.loads(self.status(path, "-o", "json").stdout)
        self.assertEqual((before["desired_number_scheduled"], before["number_ready"], before["pods"]), (0, 0, []))
        self.api.tick(4)
        after = json.loads(self.status(path, "-o", "json").stdout)
        self.assertEqual((after["desired_number_scheduled"], after["number_ready"], len(after["pods"])), (2, 2, 2))

    def test_text_shows_the_pods_per_node_and_the_outputs(self):
        path = self.write_manifest(tag="bad-1")
        self.api.fail("*:bad-*", "ImagePullBackOff", node="worker-2")
        self.applied(path)
        self.api.tick(4)
        proc = self.status(path)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        pods = {p["spec"]["nodeName"]: p["metadata"]["name"] for p in self.api.pods("logging", "fluentd")}
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[0], "daemonset.apps/fluentd in namespace logging")
        header = [i for i, line in enumerate(lines) if line.startswith("NODE ")][0]
        table = lines[header:]
        self.assertEqual(table[0].split(), ["NODE", "POD", "PHASE", "READY", "RESTARTS", "REASON"])
        self.assertEqual(table[0].index("POD"), table[1].index(pods["worker-1"]))  # aligned columns
        self.assertEqual(table[1].split(), ["worker-1", pods["worker-1"], "Running", "1/1", "0"])
        self.assertEqual(table[2].split()[:2], ["worker-2", pods["worker-2"]])
        self.assertEqual(table[2].split()[-1], "ImagePullBackOff")
        self.assertEqual(lines[-6:], ["outputs:", "  namespace: logging", "  daemonset_name: fluentd",
                                      "  desired_number_scheduled: 2", "  current_number_scheduled: 2",
                                      "  number_ready: 1"])

    def test_a_missing_daemonset_fails_clearly(self):
        proc = self.status(self.write_manifest(name="absent"))
        self.assert_clean_failure(
            proc, 1, "daemonset.apps/absent not found in namespace logging (not applied yet? run planton-ds apply")
        self.assertEqual(proc.stdout, "")

    def test_an_unreachable_server_exits_3(self):
        config = self.api.kubeconfig(server_url="https://127.0.0.1:1")
        proc = self.cli("status", self.write_manifest(), "--request-timeout", "2s", config=config)
        self.assert_clean_failure(proc, 3, "cannot get daemonset.apps/fluentd")


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
