"""The DaemonSet controller simulation of the test API server, driven tick by tick."""
import unittest

from apiserver_fixture import ApiServerTestCase

CONTROL_PLANE_TOLERATION = {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                            "effect": "NoSchedule"}


def daemonset(image="fluentd:v1", strategy=None, tolerations=None, min_ready=0, node_selector=None):
    pod_spec = {"containers": [{"name": "fluentd", "image": image}]}
    if tolerations:
        pod_spec["tolerations"] = tolerations
    if node_selector:
        pod_spec["nodeSelector"] = node_selector
    spec = {"selector": {"matchLabels": {"app": "fluentd"}},
            "template": {"metadata": {"labels": {"app": "fluentd"}}, "spec": pod_spec}}
    if strategy:
        spec["updateStrategy"] = strategy
    if min_ready:
        spec["minReadySeconds"] = min_ready
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "fluentd", "namespace": "logging"},
            "spec": spec}


class ControllerTestCase(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def setUp(self):
        super().setUp()
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "logging"}})

    def status(self):
        return self.api.daemonset_status("fluentd", "logging")

    def counts(self):
        s = self.status()
        return (s.get("currentNumberScheduled"), s.get("updatedNumberScheduled", 0), s.get("numberReady"),
                s.get("numberAvailable", 0))

    def pods(self):
        # on each node, the pod of the older template first
        return sorted(self.api.pods("logging", "fluentd"), key=lambda p: (
            p["spec"]["nodeName"], int(p["metadata"]["labels"]["pod-template-generation"])))

    def images_by_node(self):
        out = {}
        for p in self.pods():
            out.setdefault(p["spec"]["nodeName"], []).append(p["spec"]["containers"][0]["image"])
        return out


class RolloutTest(ControllerTestCase):
    def test_first_rollout_skips_the_tainted_control_plane(self):
        self.api.apply(daemonset())
        self.assertEqual(self.status(), {"currentNumberScheduled": 0, "numberMisscheduled": 0,
                                         "desiredNumberScheduled": 0, "numberReady": 0})
        self.api.tick()
        # The first sync creates the pods and writes the status it saw when it began:
        # the new pods show in the next sync's status, as their watch events arrive.
        self.assertEqual(self.status(), {"currentNumberScheduled": 0, "numberMisscheduled": 0,
                                         "desiredNumberScheduled": 2, "numberReady": 0, "observedGeneration": 1,
                                         "numberUnavailable": 2})
        pods = self.pods()
        self.assertEqual([p["spec"]["nodeName"] for p in pods], ["worker-1", "worker-2"])
        pod = pods[0]
        self.assertRegex(pod["metadata"]["name"], r"^fluentd-[bcdfghjklmnpqrstvwxz2456789]{5}$")
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertEqual(pod["metadata"]["ownerReferences"], [{
            "apiVersion": "apps/v1", "kind": "DaemonSet", "name": "fluentd", "uid": ds["metadata"]["uid"],
            "controller": True, "blockOwnerDeletion": True}])
        labels = pod["metadata"]["labels"]
        self.assertEqual(labels["app"], "fluentd")
        self.assertEqual(labels["pod-template-generation"], "1")
        self.assertRegex(labels["controller-revision-hash"], r"^[bcdfghjklmnpqrstvwxz2456789]+$")
        self.assertEqual(pod["status"]["phase"], "Pending")
        self.assertEqual(pod["status"]["containerStatuses"][0]["state"], {"waiting": {"reason": "ContainerCreating"}})

        self.api.tick()
        self.assertEqual(self.status(), {"currentNumberScheduled": 2, "numberMisscheduled": 0,
                                         "desiredNumberScheduled": 2, "numberReady": 2, "observedGeneration": 1,
                                         "updatedNumberScheduled": 2, "numberAvailable": 2})
        pod = self.pods()[0]
        self.assertEqual(pod["status"]["phase"], "Running")
        ready = [c for c in pod["status"]["conditions"] if c["type"] == "Ready"][0]
        self.assertEqual(ready["status"], "True")
        cs = pod["status"]["containerStatuses"][0]
        self.assertEqual((cs["ready"], cs["restartCount"], cs["image"]), (True, 0, "fluentd:v1"))
        self.assertIn("running", cs["state"])

    def test_tolerating_the_control_plane_taint(self):
        self.api.apply(daemonset(tolerations=[CONTROL_PLANE_TOLERATION]))
        self.api.tick(2)
        self.assertEqual(self.status()["desiredNumberScheduled"], 3)
        self.assertEqual(sorted(self.images_by_node()), ["control-plane-1", "worker-1", "worker-2"])

    def test_max_unavailable_one_replaces_one_pod_at_a_time(self):
        self.api.apply(daemonset())
        self.api.tick(2)
        self.api.apply(daemonset("fluentd:v2"))
        self.assertEqual(self.status()["observedGeneration"], 1)
        progress = []
        for _ in range(5):
            self.api.tick()
            progress.append(self.counts())
        self.assertEqual(self.status()["observedGeneration"], 2)
        # (current, updated, ready, available) after each tick: a sync deletes an old pod,
        # the next (seeing the deletion) creates its replacement, which becomes ready at the
        # next tick, when the second old pod goes; each status is what its sync began with.
        self.assertEqual(progress, [(2, 0, 2, 2), (1, 0, 1, 1), (2, 1, 2, 2), (1, 1, 1, 1), (2, 2, 2, 2)])
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v2"], "worker-2": ["fluentd:v2"]})
        self.assertTrue(all(p["metadata"]["labels"]["pod-template-generation"] == "2" for p in self.pods()))

    def test_max_unavailable_percent_rounds_up(self):
        strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "50%"}}
        self.api.apply(daemonset(strategy=strategy, tolerations=[CONTROL_PLANE_TOLERATION]))
        self.api.tick(2)
        self.api.apply(daemonset("fluentd:v2", strategy=strategy, tolerations=[CONTROL_PLANE_TOLERATION]))
        self.api.tick(2)
        self.assertEqual(self.counts(), (1, 0, 1, 1))  # ceil(50% of 3) = 2 replaced at once

    def test_max_surge_starts_the_new_pod_before_stopping_the_old_one(self):
        strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}
        self.api.apply(daemonset(strategy=strategy))
        self.api.tick(2)
        self.api.apply(daemonset("fluentd:v2", strategy=strategy))
        self.api.tick()
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v1", "fluentd:v2"], "worker-2": ["fluentd:v1"]})
        self.assertEqual(self.counts(), (2, 0, 2, 2))
        self.api.tick()  # the new pod is available: the old one on its node goes
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v2"], "worker-2": ["fluentd:v1"]})
        self.assertEqual(self.counts(), (2, 0, 2, 2))  # the old pod was still the oldest when the sync began
        self.api.tick()
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v2"], "worker-2": ["fluentd:v1", "fluentd:v2"]})
        self.assertEqual(self.counts(), (2, 1, 2, 2))
        self.api.tick(3)
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v2"], "worker-2": ["fluentd:v2"]})
        self.assertEqual(self.counts(), (2, 2, 2, 2))

    def test_min_ready_seconds_delays_availability(self):
        self.api.apply(daemonset(min_ready=3))
        self.api.tick(2)
        available = []
        for _ in range(4):
            available.append((self.status()["numberReady"], self.status().get("numberAvailable", 0)))
            self.api.tick()
        self.assertEqual(available, [(2, 0), (2, 0), (2, 0), (2, 2)])

    def test_no_matching_node(self):
        self.api.apply(daemonset(node_selector={"gpu": "true"}))
        self.api.tick()
        self.assertEqual(self.status(), {"currentNumberScheduled": 0, "numberMisscheduled": 0,
                                         "desiredNumberScheduled": 0, "numberReady": 0, "observedGeneration": 1})
        self.api.add_node("gpu-1", labels={"gpu": "true"})
        self.api.tick(2)
        self.assertEqual(self.images_by_node(), {"gpu-1": ["fluentd:v1"]})


class FailureTest(ControllerTestCase):
    def waiting_reasons(self):
        return {p["spec"]["nodeName"]: (p["status"]["containerStatuses"][0]["state"].get("waiting") or {}).get("reason")
                for p in self.pods()}

    def test_image_pull_back_off(self):
        self.api.fail("*:broken", "ImagePullBackOff")
        self.api.apply(daemonset("fluentd:broken"))
        self.api.tick(2)
        self.assertEqual(self.waiting_reasons(), {"worker-1": "ErrImagePull", "worker-2": "ErrImagePull"})
        self.api.tick()
        self.assertEqual(self.waiting_reasons(), {"worker-1": "ImagePullBackOff", "worker-2": "ImagePullBackOff"})
        pod = self.pods()[0]
        self.assertEqual(pod["status"]["phase"], "Pending")
        self.assertEqual(pod["status"]["containerStatuses"][0]["state"]["waiting"]["message"],
                         'Back-off pulling image "fluentd:broken"')
        self.assertEqual(self.counts(), (2, 2, 0, 0))
        self.assertEqual(self.status()["numberUnavailable"], 2)

    def test_crash_loop_back_off_counts_restarts(self):
        self.api.fail("fluentd:*", "CrashLoopBackOff")
        self.api.apply(daemonset())
        restarts = []
        for _ in range(4):
            self.api.tick()
            restarts.append(self.pods()[0]["status"]["containerStatuses"][0]["restartCount"])
        self.assertEqual(restarts, [0, 0, 1, 2])
        cs = self.pods()[0]["status"]["containerStatuses"][0]
        self.assertEqual(cs["state"]["waiting"]["reason"], "CrashLoopBackOff")
        self.assertEqual(cs["lastState"]["terminated"]["reason"], "Error")
        self.assertEqual(self.pods()[0]["status"]["phase"], "Running")

    def test_never_ready_and_only_on_one_node(self):
        self.api.fail("fluentd:*", "NeverReady", node="worker-2")
        self.api.apply(daemonset())
        self.api.tick(3)
        ready = {p["spec"]["nodeName"]: p["status"]["containerStatuses"][0]["ready"] for p in self.pods()}
        self.assertEqual(ready, {"worker-1": True, "worker-2": False})
        self.assertEqual(self.counts(), (2, 2, 1, 1))
        self.assertEqual(self.pods()[1]["status"]["phase"], "Running")


class PodLifecycleTest(ControllerTestCase):
    def test_on_delete_replaces_pods_only_when_deleted(self):
        strategy = {"type": "OnDelete"}
        self.api.apply(daemonset(strategy=strategy))
        self.api.tick(2)
        self.api.apply(daemonset("fluentd:v2", strategy=strategy))
        self.api.tick(3)
        self.assertEqual(self.status()["observedGeneration"], 2)
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v1"], "worker-2": ["fluentd:v1"]})
        self.assertEqual(self.counts(), (2, 0, 2, 2))
        victim = [p for p in self.pods() if p["spec"]["nodeName"] == "worker-1"][0]["metadata"]["name"]
        status, _, _ = self.api.client().request("DELETE", "/api/v1/namespaces/logging/pods/" + victim)
        self.assertEqual(status, 200)
        self.api.tick()
        self.assertEqual(self.images_by_node(), {"worker-1": ["fluentd:v2"], "worker-2": ["fluentd:v1"]})

    def test_a_deleted_pod_is_recreated(self):
        self.api.apply(daemonset())
        self.api.tick(2)
        old = {p["metadata"]["name"] for p in self.pods()}
        victim = sorted(old)[0]
        status, _, body = self.api.client().request("DELETE", "/api/v1/namespaces/logging/pods/" + victim)
        self.assertEqual((status, body["kind"]), (200, "Pod"))
        self.api.tick()
        names = {p["metadata"]["name"] for p in self.pods()}
        self.assertEqual(len(names), 2)
        self.assertNotIn(victim, names)


class AutomaticTickTest(ApiServerTestCase):
    api_options = {"tick_interval": 0.01}

    def test_the_rollout_finishes_on_its_own(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "logging"}})
        self.api.apply(daemonset())
        self.api.wait_for(lambda: (self.api.daemonset_status("fluentd", "logging") or {}).get("numberAvailable") == 2)


if __name__ == "__main__":
    unittest.main()
