"""One manifest, many clusters (cli.md "Many clusters"): --context a,b,c or repeated,
--all-contexts, --parallel, --fail-fast, [context] prefixes, the final table, exit codes
and -o json keyed by context, for apply, diff, status and delete, against a fleet of
eight test API servers with different CAs and ways of authenticating, one refusing
(403), one unreachable and one slow (fleet_case.py). No run may show a secret of any
context (planton_cli checks every output)."""
import base64
import json
import re
import secrets
import unittest

import daemonset_manifests as dm
import planton_cli
from fleet_case import CONTEXTS, FleetTestCase

REACHABLE = [c for c in CONTEXTS if c not in ("forbidden-5", "unreachable-7")]


class FleetApplyTest(FleetTestCase):
    def test_apply_on_every_context_of_the_kubeconfig(self):
        manifest = self.manifest("agent", "fleet-all")
        self.clear_logs()
        runs = {c: self.members[c].plugin_runs() for c in ("exec-3", "exec-9")}
        proc = self.cli("apply", "-f", manifest, "--all-contexts", "--parallel", "4")
        # The first failing context in the order given decides: forbidden-5 (refused, 1)
        # comes before unreachable-7 (3).
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        rows, counts = self.table(proc.stdout)
        self.assertEqual(list(rows), CONTEXTS)
        for context in REACHABLE:
            self.assertEqual(rows[context]["result"], "rolled out", context)
            self.assertEqual(rows[context]["desired_ready"], "3/3", context)
            self.assertRegex(rows[context]["duration"], r"^\d+\.\ds$")
            status = self.members[context].api.daemonset_status("agent", "fleet-all")
            self.assertEqual((status["desiredNumberScheduled"], status["numberReady"]), (3, 3), context)
        self.assertTrue(rows["forbidden-5"]["result"].startswith("failed: cannot apply namespace/fleet-all: "
                                                                 "forbidden (403)"), rows["forbidden-5"])
        self.assertEqual(rows["forbidden-5"]["desired_ready"], "-")
        self.assertEqual(rows["unreachable-7"]["result"], "unreachable")
        self.assertEqual(counts, "9 contexts: 7 rolled out, 1 failed, 1 unreachable")
        self.assertIsNone(self.members["forbidden-5"].api.get("apps/v1", "DaemonSet", "agent", "fleet-all"))

        # Lines carry their context; each context's error is told under its name.
        self.assert_every_line_prefixed(proc.stdout)
        self.assert_every_line_prefixed(proc.stderr)
        self.assertIn("[cert-1] daemonset.apps/agent created", proc.stdout.splitlines())
        self.assertIn("[cert-1] rolled out (3/3 ready, ", proc.stderr)
        self.assertRegex(proc.stderr, r"\[forbidden-5\] error: cannot apply namespace/fleet-all: forbidden \(403\)")
        self.assertRegex(proc.stderr, r"\[unreachable-7\] error: cannot .*: cannot connect to "
                                      r"https://127\.0\.0\.1:\d+: connection refused")
        self.assertNotIn("planton-ds: error", proc.stderr)

        # Each exec plugin ran once for its context.
        self.assertEqual(self.members["exec-3"].plugin_runs(), runs["exec-3"] + 1)
        self.assertEqual(self.members["exec-9"].plugin_runs(), runs["exec-9"] + 1)

        # At most four at once, and more than one: from the first to the last request each
        # server saw, never more than four of those windows overlap, and the slow one (its
        # every answer late) overlaps with another.
        windows = [self.first_and_last(c) for c in CONTEXTS if c != "unreachable-7"]
        self.assertLessEqual(self.most_at_once(windows), 4)
        slow = self.first_and_last("slow-8")
        self.assertGreaterEqual(self.most_at_once([slow] + [w for w in windows if w != slow]), 2)

        # Again: nothing to change anywhere.
        proc = self.cli("apply", "-f", manifest, "--context", ",".join(REACHABLE), "--parallel", "8")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rows, counts = self.table(proc.stdout)
        self.assertEqual({row["result"] for row in rows.values()}, {"unchanged"})
        self.assertEqual(counts, "7 contexts: 7 unchanged")
        self.assertEqual(self.members["exec-3"].plugin_runs(), runs["exec-3"] + 2)  # once per run and context

    def test_exit_code_is_that_of_the_first_failing_context_in_the_order_given(self):
        manifest = self.manifest("agent", "fleet-order")
        proc = self.cli("apply", "-f", manifest, "--no-wait", "--context", "token-2",
                        "--context", "unreachable-7,forbidden-5")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        rows, _ = self.table(proc.stdout)
        self.assertEqual(list(rows), ["token-2", "unreachable-7", "forbidden-5"])
        self.assertEqual(rows["token-2"]["result"], "applied")

    def test_fail_fast_with_parallel_1_is_a_canary_rollout(self):
        manifest = self.manifest("canary", "fleet-canary")
        order = ["cert-1", "token-2", "forbidden-5", "token-6", "exec-9"]
        self.clear_logs()
        runs = self.members["exec-9"].plugin_runs()
        proc = self.cli("apply", "-f", manifest, "--context", ",".join(order), "--parallel", "1", "--fail-fast")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        rows, counts = self.table(proc.stdout)
        self.assertEqual([(c, rows[c]["result"].split(":")[0]) for c in order],
                         [("cert-1", "rolled out"), ("token-2", "rolled out"), ("forbidden-5", "failed"),
                          ("token-6", "not started"), ("exec-9", "not started")])
        self.assertEqual((rows["token-6"]["desired_ready"], rows["token-6"]["duration"]), ("-", "-"))
        self.assertEqual(counts, "5 contexts: 2 rolled out, 1 failed, 2 not started")
        # One after another, and the ones not started were never contacted.
        self.assertLess(self.first_and_last("cert-1")[1], self.first_and_last("token-2")[0])
        self.assertLess(self.first_and_last("token-2")[1], self.first_and_last("forbidden-5")[0])
        self.assertEqual(self.members["token-6"].api.requests(), [])
        self.assertEqual(self.members["exec-9"].api.requests(), [])
        self.assertEqual(self.members["exec-9"].plugin_runs(), runs)

    def test_json_is_an_object_keyed_by_context(self):
        manifest = self.manifest("agent", "fleet-json")
        proc = self.cli("apply", "-f", manifest, "-o", "json", "--context", "slow-8,cert-1,unreachable-7",
                        "--parallel", "3")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        result = json.loads(proc.stdout)
        self.assertEqual(list(result), ["slow-8", "cert-1", "unreachable-7"])
        for context in ("slow-8", "cert-1"):
            entry = result[context]
            self.assertEqual((entry["result"], entry["desired"], entry["ready"]), ("rolled out", 3, 3), context)
            self.assertEqual(entry["output"], {"namespace": "fleet-json", "daemonset_name": "agent",
                                               "desired_number_scheduled": 3, "current_number_scheduled": 3,
                                               "number_ready": 3, "nodes_total": 3, "nodes_matching": 3,
                                               "nodes_excluded": []})
            self.assertGreater(entry["duration_seconds"], 0)
        unreachable = result["unreachable-7"]
        self.assertEqual(unreachable["result"], "unreachable")
        self.assertRegex(unreachable["output"]["error"], r"cannot connect to https://127\.0\.0\.1:\d+")
        # The slow cluster's requests were answered late, and it still rolled out.
        self.assertTrue(all(e["fault"] for e in self.members["slow-8"].api.requests()))
        # The table goes to stderr, stdout is the one JSON document.
        rows, _ = self.table(proc.stderr)
        self.assertEqual(rows["cert-1"]["result"], "rolled out")

    def test_many_manifests_on_many_contexts_with_a_live_terminal(self):
        first = self.manifest("logs", "fleet-live-a")
        second = self.manifest("metrics", "fleet-live-b")
        runs = self.members["exec-3"].plugin_runs()
        proc = self.cli("apply", "-f", first, "-f", second, "--context", "exec-3,token-6,files-4", terminal=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rows, _ = self.table(proc.stdout)
        self.assertEqual({c: r["desired_ready"] for c, r in rows.items()},
                         {"exec-3": "6/6", "token-6": "6/6", "files-4": "6/6"})
        # stdout is a pipe: one prefixed line per change, manifests named.
        self.assert_every_line_prefixed(proc.stdout)
        self.assertIn("[token-6] fleet-live-b/metrics: daemonset.apps/metrics created", proc.stdout.splitlines())
        # stderr is a terminal: live lines, each a context's, rewritten in place; the
        # finished results as lines.
        live = re.findall(r"\r\x1b\[K([^\r\n\x1b]*)", proc.stderr)
        self.assertTrue(any(re.match(r"\[(exec-3|token-6|files-4)\] fleet-live-\w/\w+: rolling out", t) for t in live),
                        repr(proc.stderr))
        finished = re.findall(r"\[(exec-3|token-6|files-4)\] rolled out \(6/6 ready, [\d.]+s\)\n", proc.stderr)
        self.assertEqual(sorted(finished), ["exec-3", "files-4", "token-6"])
        self.assertEqual(self.members["exec-3"].plugin_runs(), runs + 1)  # both waits shared its credential


class FleetOtherCommandsTest(FleetTestCase):
    def test_diff_says_which_contexts_drifted(self):
        v1 = self.manifest("agent", "fleet-diff")
        proc = self.cli("apply", "-f", v1, "--no-wait", "--context", "cert-1,token-2,exec-3")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        proc = self.cli("diff", "-f", v1, "--context", "cert-1,token-2,exec-3")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        rows, counts = self.table(proc.stdout)
        self.assertEqual(counts, "3 contexts: 3 in sync")

        # Someone changed the image on token-2 only.
        v2 = self.manifest("agent", "fleet-diff", tag="v2")
        proc = self.cli("apply", "-f", v2, "--no-wait", "--context", "token-2")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        proc = self.cli("diff", "-f", v1, "--context", "cert-1,token-2,exec-3,unreachable-7")
        self.assertEqual(proc.returncode, 3, proc.stderr)  # an error wins over differences
        rows, _ = self.table(proc.stdout)
        self.assertEqual({c: r["result"] for c, r in rows.items()},
                         {"cert-1": "in sync", "token-2": "differences", "exec-3": "in sync",
                          "unreachable-7": "unreachable"})
        self.assert_every_line_prefixed(proc.stdout)
        self.assertIn('[token-2] -        image: fluent/fluentd:v2', proc.stdout.splitlines())
        self.assertFalse([l for l in proc.stdout.splitlines() if l.startswith(("[cert-1] ", "[exec-3] "))])

        proc = self.cli("diff", "-f", v1, "--context", "cert-1,token-2,exec-3")
        self.assertEqual(proc.returncode, 1, proc.stderr)  # differences, no error
        rows, counts = self.table(proc.stdout)
        self.assertEqual([c for c, r in rows.items() if r["result"] == "differences"], ["token-2"])
        self.assertEqual(counts, "3 contexts: 2 in sync, 1 differences")

    def test_status_and_delete_on_several_contexts(self):
        manifest = self.manifest("agent", "fleet-status")
        proc = self.cli("apply", "-f", manifest, "--context", "files-4,token-6")
        self.assertEqual(proc.returncode, 0, proc.stderr)

        proc = self.cli("status", "-f", manifest, "--context", "files-4,token-6", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        result = json.loads(proc.stdout)
        self.assertEqual({c: (e["result"], e["output"]["number_ready"]) for c, e in result.items()},
                         {"files-4": ("ready", 3), "token-6": ("ready", 3)})

        proc = self.cli("status", "-f", manifest, "--context", "files-4,token-6")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_every_line_prefixed(proc.stdout)
        self.assertIn("[files-4]   daemonset_name: agent", proc.stdout.splitlines())

        proc = self.cli("delete", "-f", manifest, "--context", "files-4,token-6,unreachable-7")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        rows, counts = self.table(proc.stdout)
        self.assertEqual({c: r["result"] for c, r in rows.items()},
                         {"files-4": "deleted", "token-6": "deleted", "unreachable-7": "unreachable"})
        self.assertIn("[token-6] daemonset.apps/agent deleted", proc.stdout.splitlines())
        for context in ("files-4", "token-6"):  # gone once the garbage collector took the pods
            api = self.members[context].api
            api.wait_for(lambda: api.get("apps/v1", "DaemonSet", "agent", "fleet-status") is None)

    def test_no_secret_of_any_context_in_the_request_logs(self):
        # -vv logs every request and its body on every context at once: tokens, exec
        # credentials, client keys (registered by fleet_case) and the manifest's Secret
        # value must show in none of it (planton_cli checks every output).
        value = "fleet-env-" + secrets.token_hex(12)
        planton_cli.register_secret(value)
        path = self.manifest("agent", "fleet-secrets")
        manifest = dm.manifest("agent", "fleet-secrets")
        manifest["spec"]["container"]["app"]["env"] = {"secrets": {"AGENT_TOKEN": value}}
        with open(path, "w") as f:
            f.write(dm.to_yaml(manifest))
        order = ["unreachable-7", "forbidden-5"] + REACHABLE
        for command in (["apply", "--no-wait"], ["diff"], ["status"]):
            proc = self.cli("-vv", *command, "-f", path, "--context", ",".join(order), "--parallel", "9")
            self.assertEqual(proc.returncode, 3, proc.stdout + proc.stderr)  # unreachable-7 comes first
            # The manifest's lint warnings are the run's, told once before any context.
            self.assert_every_line_prefixed(proc.stderr, allowed=(re.escape(path) + r":\d+:\d+: warning: .*",))
            for context in REACHABLE:
                self.assertRegex(proc.stderr, r"\[%s\] (PATCH|GET) /api" % re.escape(context), command)
        # The Secret reached each cluster that may write it, with the value.
        for context in REACHABLE:
            secret = self.members[context].api.get("v1", "Secret", "agent-env-secrets", "fleet-secrets")
            self.assertEqual(base64.b64decode(secret["data"]["AGENT_TOKEN"]).decode(), value, context)

    def test_usage_errors(self):
        manifest = self.manifest("agent", "fleet-usage")
        proc = self.cli("apply", "-f", manifest, "--context", "cert-1,nope")
        self.assertEqual(proc.returncode, 3, proc.stderr)
        self.assertIn('planton-ds: error: context "nope" is not in the kubeconfig; known contexts: cert-1, ',
                      proc.stderr)
        proc = self.cli("apply", "-f", manifest, "--context", "cert-1", "--all-contexts")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        proc = self.cli("apply", "-f", manifest, "--context", "cert-1,token-2", "--parallel", "0")
        self.assertEqual(proc.returncode, 2, proc.stderr)
        proc = self.cli("status", "-f", manifest, "--context", "cert-1,token-2", "--watch")
        self.assertEqual(proc.returncode, 2, proc.stderr)


if __name__ == "__main__":
    unittest.main()
