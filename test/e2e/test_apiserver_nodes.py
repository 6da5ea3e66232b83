"""Nodes of the test API server and where its DaemonSet controller runs pods, decided as
daemon_controller.go's NodeShouldRunDaemonPod does (node selector, required node affinity,
taints against the template's tolerations plus the ones the controller adds itself), with
the taints the node lifecycle controller sets from conditions and cordoning; and the
kubelet's init containers."""
import itertools
import unittest

from apiserver_fixture import NodeSpec, SharedApiServerTestCase, daemonset_object

_names = itertools.count(1)

NODES = [
    NodeSpec("plain"),
    NodeSpec("gpu", {"gpu": "true", "zone": "a", "cores": "64"}),
    NodeSpec("zone-b", {"zone": "b", "cores": "8"}),
    NodeSpec("dedicated", taints=[{"key": "dedicated", "value": "logging", "effect": "NoSchedule"}]),
    NodeSpec("soft", taints=[{"key": "soft", "effect": "PreferNoSchedule"}]),
    NodeSpec("evicting", taints=[{"key": "evict", "effect": "NoExecute"}]),
    NodeSpec("cordoned", unschedulable=True),
    NodeSpec("not-ready", conditions={"Ready": "False"}),
    NodeSpec("unreachable", conditions={"Ready": "Unknown"}),
    NodeSpec("disk-pressure", conditions={"DiskPressure": "True"}),
    NodeSpec("no-network", conditions={"NetworkUnavailable": "True"}),
]


daemonset = daemonset_object


def affinity(*terms):
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": list(terms)}}}


class PlacementTest(SharedApiServerTestCase):
    api_options = {"tick_interval": None, "nodes": NODES}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "placement"}})
        cls.api.tick()  # the node lifecycle controller taints the nodes by condition

    def nodes_for(self, **pod_spec):
        name = "ds-%d" % next(_names)
        self.api.apply(daemonset(name, "placement", **pod_spec))
        self.api.tick(2)
        status = self.api.daemonset_status(name, "placement")
        nodes = sorted(p["spec"]["nodeName"] for p in self.api.pods("placement", name))
        self.assertEqual(status["desiredNumberScheduled"], len(nodes))
        return nodes

    def test_condition_and_cordon_taints(self):
        taints = {n: [(t["key"], t["effect"]) for t in self.api.get("v1", "Node", n)["spec"].get("taints", [])]
                  for n in ("not-ready", "unreachable", "disk-pressure", "no-network", "cordoned")}
        self.assertEqual(taints, {
            "not-ready": [("node.kubernetes.io/not-ready", "NoSchedule"), ("node.kubernetes.io/not-ready",
                                                                           "NoExecute")],
            "unreachable": [("node.kubernetes.io/unreachable", "NoSchedule"),
                            ("node.kubernetes.io/unreachable", "NoExecute")],
            "disk-pressure": [("node.kubernetes.io/disk-pressure", "NoSchedule")],
            "no-network": [("node.kubernetes.io/network-unavailable", "NoSchedule")],
            "cordoned": [("node.kubernetes.io/unschedulable", "NoSchedule")]})
        no_execute = self.api.get("v1", "Node", "not-ready")["spec"]["taints"][1]
        self.assertIn("timeAdded", no_execute)
        ready = [c for c in self.api.get("v1", "Node", "not-ready")["status"]["conditions"] if c["type"] == "Ready"]
        self.assertEqual((ready[0]["status"], ready[0]["reason"]), ("False", "KubeletNotReady"))

    def test_default_placement(self):
        # The controller's own tolerations cover cordoned nodes and pressure, not a node that
        # is not ready or unreachable (their NoSchedule taint), nor the user's taints.
        self.assertEqual(self.nodes_for(), ["cordoned", "disk-pressure", "gpu", "plain", "soft", "zone-b"])

    def test_host_network_tolerates_an_unavailable_network(self):
        self.assertIn("no-network", self.nodes_for(hostNetwork=True))

    def test_tolerations(self):
        cases = {
            "Equal with the value": ([{"key": "dedicated", "operator": "Equal", "value": "logging",
                                       "effect": "NoSchedule"}], "dedicated", True),
            "Equal with another value": ([{"key": "dedicated", "value": "metrics", "effect": "NoSchedule"}],
                                         "dedicated", False),
            "Exists, any effect": ([{"key": "dedicated", "operator": "Exists"}], "dedicated", True),
            "Exists with an empty key tolerates everything": ([{"operator": "Exists"}], "not-ready", True),
            "NoExecute with tolerationSeconds still runs": ([{"key": "evict", "operator": "Exists",
                                                              "effect": "NoExecute", "tolerationSeconds": 60}],
                                                            "evicting", True),
            "a NoSchedule toleration does not cover NoExecute": ([{"key": "evict", "operator": "Exists",
                                                                   "effect": "NoSchedule"}], "evicting", False),
            "not-ready NoSchedule tolerated": ([{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                                                 "effect": "NoSchedule"}], "not-ready", True),
        }
        for name, (tolerations, node, runs) in cases.items():
            with self.subTest(name):
                self.assertEqual(node in self.nodes_for(tolerations=tolerations), runs)

    def test_node_selector_and_affinity(self):
        self.assertEqual(self.nodes_for(nodeSelector={"gpu": "true"}), ["gpu"])
        term = lambda *e: {"matchExpressions": list(e)}  # noqa: E731
        cases = [
            (affinity(term({"key": "zone", "operator": "In", "values": ["a", "b"]})), ["gpu", "zone-b"]),
            (affinity(term({"key": "zone", "operator": "NotIn", "values": ["a"]})),
             ["cordoned", "disk-pressure", "plain", "soft", "zone-b"]),
            (affinity(term({"key": "gpu", "operator": "Exists"})), ["gpu"]),
            (affinity(term({"key": "zone", "operator": "DoesNotExist"})),
             ["cordoned", "disk-pressure", "plain", "soft"]),
            (affinity(term({"key": "cores", "operator": "Gt", "values": ["16"]})), ["gpu"]),
            (affinity(term({"key": "cores", "operator": "Lt", "values": ["16"]})), ["zone-b"]),
            (affinity(term({"key": "gpu", "operator": "Exists"}), term({"key": "zone", "operator": "In",
                                                                          "values": ["b"]})), ["gpu", "zone-b"]),
            (affinity(term({"key": "zone", "operator": "In", "values": ["a"]},
                           {"key": "cores", "operator": "Lt", "values": ["16"]})), []),
            (affinity({"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["soft"]}]}),
             ["soft"]),
        ]
        for node_affinity, nodes in cases:
            with self.subTest(node_affinity):
                self.assertEqual(self.nodes_for(affinity=node_affinity), nodes)


class TaintChangesTest(SharedApiServerTestCase):
    api_options = {"tick_interval": None}

    def test_running_pods_stay_on_a_no_schedule_taint_and_go_on_no_execute(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "taints"}})
        self.api.apply(daemonset("agent", "taints"))
        self.api.tick(3)
        self.assertEqual(self.api.daemonset_status("agent", "taints")["numberReady"], 2)
        self.api.add_node("worker-1", taints=[{"key": "maintenance", "effect": "NoSchedule"}])
        self.api.tick(2)
        status = self.api.daemonset_status("agent", "taints")
        # shouldContinueRunning: the pod stays, counted as misscheduled
        self.assertEqual((status["desiredNumberScheduled"], status["numberMisscheduled"]), (1, 1))
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in self.api.pods("taints")), ["worker-1", "worker-2"])
        self.api.add_node("worker-1", taints=[{"key": "maintenance", "effect": "NoExecute"}])
        self.api.tick(2)
        self.assertEqual([p["spec"]["nodeName"] for p in self.api.pods("taints")], ["worker-2"])
        self.assertEqual(self.api.daemonset_status("agent", "taints")["numberMisscheduled"], 0)
        self.api.add_node("worker-1")
        self.api.tick(2)
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in self.api.pods("taints")), ["worker-1", "worker-2"])
        # a node that goes away takes its pods with it (pod GC)
        self.api.remove_node("worker-2")
        self.api.tick(2)
        self.assertEqual([p["spec"]["nodeName"] for p in self.api.pods("taints")], ["worker-1"])
        self.assertEqual(self.api.daemonset_status("agent", "taints")["desiredNumberScheduled"], 1)


class InitContainerTest(SharedApiServerTestCase):
    api_options = {"tick_interval": None}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "init"}})

    def start(self, name, image="agent:1"):
        self.api.apply(daemonset(name, "init", initContainers=[{"name": "fetch", "image": "fetch:" + name},
                                                               {"name": "setup", "image": "setup:" + name}],
                                 containers=[{"name": "agent", "image": image}]))

    def pod(self, name):
        return [p for p in self.api.pods("init", name) if p["spec"]["nodeName"] == "worker-1"][0]

    def column(self, name):
        proc = self.api.kubectl("get", "pod", self.pod(name)["metadata"]["name"], "-n", "init", "--no-headers")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.split()[2]

    def test_init_containers_run_first_in_order(self):
        self.start("ok")
        seen = []
        for _ in range(4):
            self.api.tick()
            pod = self.pod("ok")
            inits = [(s["name"], list(s["state"])[0], s["ready"]) for s in pod["status"]["initContainerStatuses"]]
            main = list(pod["status"]["containerStatuses"][0]["state"])[0]
            seen.append((pod["status"]["phase"], inits, main, self.column("ok")))
        self.assertEqual(seen, [
            ("Pending", [("fetch", "waiting", False), ("setup", "waiting", False)], "waiting", "Init:0/2"),
            ("Pending", [("fetch", "running", False), ("setup", "waiting", False)], "waiting", "Init:0/2"),
            ("Pending", [("fetch", "terminated", True), ("setup", "running", False)], "waiting", "Init:1/2"),
            ("Running", [("fetch", "terminated", True), ("setup", "terminated", True)], "running", "Running")])
        initialized = [c for c in self.pod("ok")["status"]["conditions"] if c["type"] == "Initialized"][0]
        self.assertEqual(initialized["status"], "True")

    def test_a_failing_init_container_keeps_the_pod_pending(self):
        self.api.fail("setup:crash", "CrashLoopBackOff")
        self.start("crash")
        self.api.tick(6)
        pod = self.pod("crash")
        setup = pod["status"]["initContainerStatuses"][1]
        self.assertEqual(setup["state"]["waiting"]["reason"], "CrashLoopBackOff")
        self.assertEqual(setup["lastState"]["terminated"]["reason"], "Error")
        self.assertEqual(setup["restartCount"], 3)
        self.assertEqual(pod["status"]["phase"], "Pending")
        self.assertEqual(pod["status"]["containerStatuses"][0]["state"], {"waiting": {"reason": "PodInitializing"}})
        initialized = [c for c in pod["status"]["conditions"] if c["type"] == "Initialized"][0]
        self.assertEqual((initialized["status"], initialized["reason"], initialized["message"]),
                         ("False", "ContainersNotInitialized", "containers with incomplete status: [setup]"))
        self.assertEqual(self.column("crash"), "Init:CrashLoopBackOff")
        self.assertEqual(self.api.daemonset_status("crash", "init").get("numberReady"), 0)

    def test_fail_can_target_an_init_container_by_name(self):
        # the same image in the init container and the container: only the init one fails
        self.api.fail("shared:*", "ImagePullBackOff", container="fetch")
        self.api.apply(daemonset("pull", "init", initContainers=[{"name": "fetch", "image": "shared:1"}],
                                 containers=[{"name": "agent", "image": "shared:1"}]))
        self.api.tick(2)
        self.assertEqual(self.column("pull"), "Init:ErrImagePull")
        self.api.tick()
        self.assertEqual(self.column("pull"), "Init:ImagePullBackOff")


class LargeClusterTest(SharedApiServerTestCase):
    api_options = {"tick_interval": None, "nodes": 400}

    def test_a_rollout_on_many_nodes(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "big"}})
        self.api.apply(daemonset("agent", "big"))
        self.api.tick(4)
        status = self.api.daemonset_status("agent", "big")
        self.assertEqual((status["desiredNumberScheduled"], status["numberReady"], status.get("numberAvailable")),
                         (400, 400, 400))
        self.assertEqual(len(self.api.list("v1", "Node")), 401)
        # a rolling update one node at a time, at most 250 creates or deletes a sync
        self.api.apply(daemonset("agent", "big", image="agent:2"))
        self.api.tick(3)
        self.assertEqual(self.api.daemonset_status("agent", "big")["updatedNumberScheduled"], 1)


if __name__ == "__main__":
    unittest.main()
