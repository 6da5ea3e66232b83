"""The rollout wait of planton-ds apply against the test API server's DaemonSet
controller: success on several nodes, no matching node, OnDelete, failing pods, a stuck
pod running into --timeout, and how progress shows on a terminal and in a log."""
import re
import unittest

import daemonset_manifests as dm
from apiserver_fixture import Rule
from cluster_case import ClusterTestCase
from planton_cli import register_secret

POD = r"fluentd-[bcdfghjklmnpqrstvwxz2456789]{5}"
PROGRESS = re.compile(r"^rolling out fluentd: (waiting for generation \d+ to be observed|\d+/\d+ updated, "
                      r"\d+/\d+ available)$")


class RolloutTestCase(ClusterTestCase):
    api_options = {"tick_interval": 0.02}

    def setUp(self):
        super().setUp()
        self.kubeconfig = self.api.kubeconfig()

    def deploy(self, manifest, *args, timeout="60s", terminal=False):
        """planton-ds apply -f <manifest> --kubeconfig <admin> --timeout <timeout> args..."""
        return self.run_cli(["apply", "-f", self.write("manifest.yaml", dm.to_yaml(manifest)), "--kubeconfig",
                             self.kubeconfig, "--timeout", timeout, *args], terminal=terminal)

    def assertOk(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def pod_node(self, name):
        pods = [p for p in self.api.pods("logging", "fluentd") if p["metadata"]["name"] == name]
        self.assertEqual(len(pods), 1, name)
        return pods[0]["spec"]["nodeName"]


class ProgressTest(RolloutTestCase):
    def setUp(self):
        super().setUp()
        for name in ("worker-3", "worker-4"):
            self.api.add_node(name)

    def test_rollout_on_several_nodes_shows_one_line_per_change(self):
        self.assertOk(self.deploy(dm.manifest()))
        proc = self.deploy(dm.manifest(tag="v1.17"))
        self.assertOk(proc)
        self.assertNotRegex(proc.stderr, r"[\r\x1b]")
        lines = proc.stderr.splitlines()
        progress = [line for line in lines if line.startswith("rolling out")]
        for line in progress:
            self.assertRegex(line, PROGRESS)
        for previous, line in zip(progress, progress[1:]):
            self.assertNotEqual(previous, line)
        self.assertEqual(progress[-1], "rolling out fluentd: 5/5 updated, 5/5 available")
        self.assertEqual(lines[-1], "rolled out fluentd: 5/5 updated, 5/5 available, 5/5 ready")
        self.assertEqual(proc.stdout, "namespace/logging unchanged\ndaemonset.apps/fluentd configured\noutputs:\n  namespace: logging\n"
                                      "  daemonset_name: fluentd\n  desired_number_scheduled: 5\n"
                                      "  current_number_scheduled: 5\n  number_ready: 5\n")
        self.assertEqual({p["spec"]["containers"][0]["image"] for p in self.api.pods("logging", "fluentd")},
                         {"fluent/fluentd:v1.17"})

    def test_a_terminal_gets_a_live_line(self):
        proc = self.deploy(dm.manifest(), terminal=True)
        self.assertOk(proc)
        live = re.findall(r"\r\x1b\[K(rolling out [^\r\n\x1b]*)", proc.stderr)
        self.assertTrue(live, proc.stderr)
        for text in live:
            self.assertRegex(text, PROGRESS)
        # The line is rewritten in place, never ended, and cleared before what follows.
        self.assertNotRegex(proc.stderr, r"rolling out [^\r\x1b]*\n")
        self.assertTrue(proc.stderr.endswith("\r\x1b[Krolled out fluentd: 5/5 updated, 5/5 available, 5/5 ready\n"),
                        repr(proc.stderr))


class EndingTest(RolloutTestCase):
    def test_no_matching_node_ends_with_a_warning(self):
        proc = self.deploy(dm.manifest(node_selector={"disktype": "nvme"}))
        self.assertOk(proc)
        self.assertIn("warning: no node matches daemonset.apps/fluentd (check its node selector, affinity and "
                      "tolerations against the nodes' labels and taints), so it runs no pod\n", proc.stderr)
        self.assertIn("  desired_number_scheduled: 0\n", proc.stdout)

    def test_on_delete_ends_once_the_generation_is_observed(self):
        on_delete = {"type": "OnDelete"}
        self.assertOk(self.deploy(dm.manifest(update_strategy=on_delete)))
        proc = self.deploy(dm.manifest(tag="v1.17", update_strategy=on_delete))
        self.assertOk(proc)
        self.assertIn("note: daemonset.apps/fluentd uses the OnDelete update strategy: its pods are updated only "
                      "when they are deleted\n", proc.stderr)
        self.assertEqual(self.api.daemonset_status("fluentd", "logging")["observedGeneration"], 2)
        # Nothing replaced the pods: they still run the old image.
        self.assertEqual({p["spec"]["containers"][0]["image"] for p in self.api.pods("logging", "fluentd")},
                         {"fluent/fluentd:v1.16"})


class FailureTest(RolloutTestCase):
    def assertFailsFast(self, proc, reason):
        """Exit 1 with the fail-fast error for a pod on control-plane-1 (the first node in
        name order), whose `reason` (a regex of the reason and message) is given."""
        self.assertEqual(proc.returncode, 1, proc.stderr)
        match = re.fullmatch(
            r"(?s).*planton-ds: error: pod (%s) on node control-plane-1 is in (?:%s) \(container fluentd\); the "
            r"rollout of daemonset.apps/fluentd in namespace logging cannot finish until that is fixed\n"
            % (POD, reason), proc.stderr)
        self.assertTrue(match, proc.stderr)
        self.assertEqual(self.pod_node(match.group(1)), "control-plane-1")

    def test_image_pull_failure_fails_fast_naming_pod_and_node(self):
        self.api.fail("fluent/fluentd:missing", "ImagePullBackOff")
        proc = self.deploy(dm.manifest(tag="missing"))
        self.assertFailsFast(proc, r'ErrImagePull: failed to pull and unpack image "fluent/fluentd:missing": not found|'
                                   r'ImagePullBackOff: Back-off pulling image "fluent/fluentd:missing"')
        self.assertEqual(proc.stdout, "namespace/logging created\ndaemonset.apps/fluentd created\n")

    def test_crash_loop_fails_fast_naming_pod_and_node(self):
        self.assertOk(self.deploy(dm.manifest()))
        self.api.fail("*:crashing", "CrashLoopBackOff")
        proc = self.deploy(dm.manifest(tag="crashing"))
        self.assertFailsFast(proc, r"CrashLoopBackOff: back-off \d+s restarting failed container=fluentd")

    def test_a_stuck_pod_runs_into_the_timeout_naming_the_lagging_nodes(self):
        self.assertOk(self.deploy(dm.manifest()))
        self.api.fail("*:stuck", "NeverReady")
        proc = self.deploy(dm.manifest(tag="stuck"), timeout="2s")
        self.assertEqual(proc.returncode, 1)
        match = re.fullmatch(
            r"(?s).*planton-ds: error: the rollout of daemonset.apps/fluentd in namespace logging did not finish "
            r"within 2s\n"
            r"  last status: generation 2 \(observed 2\), desired 3, current 3, updated 1, ready 2, available 2\n"
            r"  nodes whose new pods are not yet available:\n"
            r"    control-plane-1 \(pod (%s): not ready\)\n"
            r"    worker-1 \(pod %s: previous template, not yet replaced\)\n"
            r"    worker-2 \(pod %s: previous template, not yet replaced\)\n" % (POD, POD, POD), proc.stderr)
        self.assertTrue(match, proc.stderr)
        self.assertEqual(self.pod_node(match.group(1)), "control-plane-1")

    def test_a_failing_init_container_fails_fast_naming_pod_and_node(self):
        self.api.fail("busybox:broken", "CrashLoopBackOff", container="setup")
        proc = self.deploy(dm.manifest(init_containers=[{"name": "setup", "image": "busybox:broken"}]))
        self.assertEqual(proc.returncode, 1, proc.stderr)
        match = re.fullmatch(
            r"(?s).*planton-ds: error: pod (%s) on node control-plane-1 is in CrashLoopBackOff: [^\n]* \(init "
            r"container setup\); the rollout of daemonset.apps/fluentd in namespace logging cannot finish until "
            r"that is fixed\n" % POD, proc.stderr)
        self.assertTrue(match, proc.stderr)
        self.assertEqual(self.pod_node(match.group(1)), "control-plane-1")


class ControllerRefusalTest(RolloutTestCase):
    """When admission refuses the pods the DaemonSet controller creates, its FailedCreate
    event ends the wait with the event's message, not a timeout that blames the
    controller. The limits are far beyond the test's run time, so only the event can
    end these waits. The user may write DaemonSets and read pods and events but read
    nothing else, so preflight skips its checks (with a note) and the refusal reaches
    the wait, as it does when the cause appears after preflight."""

    def setUp(self):
        super().setUp()
        register_secret("rollout-token-e2e")
        user = self.api.add_user("rollout", token="rollout-token-e2e", rules=[
            Rule(resources=("daemonsets", "pods", "events"))])
        self.kubeconfig = self.api.kubeconfig(user, "token")

    def refused(self, manifest, namespace, forbidden):
        proc = self.deploy(manifest, "--progress-timeout", "1h", timeout="1h")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("note: the node coverage is skipped: cannot list nodes: forbidden (403)", proc.stderr)
        self.assertRegex(
            proc.stderr,
            r"(?m)^planton-ds: error: the rollout of daemonset.apps/fluentd in namespace %s cannot finish: "
            r"daemonset-controller reported FailedCreate: Error creating: pods \"fluentd-[a-z0-9]*\" is "
            r"forbidden: %s$" % (namespace, forbidden))
        self.assertNotIn("did not finish", proc.stderr)
        self.assertEqual(self.api.pods(namespace, "fluentd"), [])

    def test_a_missing_service_account(self):
        ns = self.api.new_namespace("sa")
        self.refused(dm.manifest(namespace=ns, create_namespace=False, service_account_name="does-not-exist"), ns,
                     r'error looking up service account %s/does-not-exist: serviceaccount "does-not-exist" not '
                     r"found" % ns)

    def test_a_missing_priority_class(self):
        ns = self.api.new_namespace("pc")
        self.refused(dm.manifest(namespace=ns, create_namespace=False, priority_class_name="no-such-priority"), ns,
                     r"no PriorityClass with name no-such-priority was found")

    def test_a_resource_quota(self):
        ns = self.api.new_namespace("quota")
        self.api.apply({"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "pods", "namespace": ns},
                        "spec": {"hard": {"pods": "0"}}})
        self.api.wait_for(lambda: (self.api.get("v1", "ResourceQuota", "pods", ns).get("status") or {}).get("used"))
        self.refused(dm.manifest(namespace=ns, create_namespace=False), ns,
                     r"exceeded quota: pods, requested: pods=1, used: pods=0, limited: pods=0")

    def test_pod_security_enforce(self):
        ns = self.api.new_namespace("psa", labels={"pod-security.kubernetes.io/enforce": "restricted"})
        self.refused(dm.manifest(namespace=ns, create_namespace=False), ns,
                     r'violates PodSecurity "restricted:latest": .+')


if __name__ == "__main__":
    unittest.main()
