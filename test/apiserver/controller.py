"""The simulated control plane, advanced one deterministic step per tick: the kubelet
moves pod statuses, the namespace controller finishes terminating namespaces, the
garbage collector deletes dependents (foreground and background propagation), and the
DaemonSet controller creates, replaces and counts pods."""
import math
import random
import threading
import time

from . import daemonset, errors, kubelet, resources
from .daemonset import DAEMONSET, NODE, POD

NAMESPACE = resources.by_kind("v1", "Namespace")
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
CONTROLLER_MANAGER = "kube-controller-manager"


class Controller:
    def __init__(self, store, registry, nodes=None, seconds_per_tick=1.0, seed=1, namespace_delay=0.0):
        self.store = store
        # Wall seconds a deleted namespace stays Terminating at least (its contents with it):
        # `kubectl delete -f` of a file that starts with the namespace must still find the
        # other objects, as it does on a real cluster.
        self.namespace_delay = namespace_delay
        self.registry = registry
        self.node_specs = list(nodes) if nodes is not None else kubelet.default_nodes()
        self.seconds_per_tick = seconds_per_tick
        self.failures = []
        self.ticks = 0
        self._random = random.Random(seed)
        self._pods = {}  # pod uid -> {"created": tick, "ready": tick or None}
        self._thread = None
        self._stop = threading.Event()
        self._pod_ips = 0
        self._terminating = {}  # namespace uid -> when the controller first saw it terminating

    # ---- set-up and configuration -----------------------------------------------------

    def bootstrap(self):
        with self.store.lock:
            for name in SYSTEM_NAMESPACES:
                if self.store.get(NAMESPACE, "", name) is None:
                    self.registry.create(NAMESPACE, "", {"apiVersion": "v1", "kind": "Namespace",
                                                         "metadata": {"name": name}}, "kube-apiserver", False)
            for spec in self.node_specs:
                self.add_node(spec)

    def add_node(self, spec, labels=None, taints=None):
        """Adds (or replaces) a node: spec is a kubelet.NodeSpec or a name."""
        if isinstance(spec, str):
            spec = kubelet.NodeSpec(spec, dict(labels or {}), list(taints or []))
        with self.store.lock:
            index = len(self.store.list(NODE)) + 1
            existing = self.store.get(NODE, "", spec.name)
            obj = kubelet.node_object(spec, index)
            if existing:
                obj["metadata"]["uid"] = existing["metadata"]["uid"]
                obj["metadata"]["creationTimestamp"] = existing["metadata"]["creationTimestamp"]
                return self.store.put(obj)
            _, stored = self.registry.create(NODE, "", obj, "kubelet", False)
            return stored

    def remove_node(self, name):
        with self.store.lock:
            return self.store.remove(NODE, "", name)

    def fail(self, image, mode, node=None):
        """Containers with an image matching `image` (fnmatch pattern, e.g. "*:broken")
        fail in `mode` (see kubelet.Failure), optionally only on one node."""
        f = kubelet.Failure(image, mode, node)
        self.failures.append(f)
        return f

    # ---- ticking -------------------------------------------------------------------------

    def run_every(self, interval, stopping):
        def loop():
            while not stopping.is_set() and not self._stop.is_set():
                self.tick()
                self._stop.wait(interval)

        self._stop.clear()
        self._thread = threading.Thread(target=loop, name="controller", daemon=True)
        self._thread.start()

    def stop(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    @property
    def running(self):
        return self._thread is not None

    def tick(self, count=1):
        """Advances the simulation by `count` steps."""
        for _ in range(count):
            with self.store.lock:
                self.ticks += 1
                self._kubelet_step()
                self._finish_namespaces()
                self._collect_garbage()
                for ds in self.store.list(DAEMONSET):
                    if not ds["metadata"].get("deletionTimestamp"):
                        self._sync(ds)

    # ---- kubelet ---------------------------------------------------------------------------

    def _available(self, min_ready_seconds):
        need = math.ceil((min_ready_seconds or 0) / self.seconds_per_tick) if self.seconds_per_tick else 0

        def available(pod):
            if not kubelet.is_ready(pod):
                return False
            state = self._pods.get(pod["metadata"].get("uid"))
            ready_tick = state["ready"] if state and state["ready"] is not None else -10 ** 9
            return self.ticks - ready_tick >= need

        return available

    def _kubelet_step(self):
        nodes = {n["metadata"]["name"]: n for n in self.store.list(NODE)}
        for pod in self.store.list(POD):
            uid = pod["metadata"].get("uid")
            state = self._pods.get(uid)
            node = nodes.get((pod.get("spec") or {}).get("nodeName"))
            if state is None or node is None or pod["metadata"].get("deletionTimestamp"):
                continue
            age = self.ticks - state["created"]
            status = kubelet.pod_status(pod, age, self.failures, kubelet.node_ip(node), state["ip"],
                                        pod.get("status"))
            if status != pod.get("status"):
                pod["status"] = status
                self.registry.update(POD, pod["metadata"]["namespace"], pod["metadata"]["name"], pod, "kubelet",
                                     False, "status")
            ready = kubelet.is_ready(pod)
            if ready and state["ready"] is None:
                state["ready"] = self.ticks
            elif not ready:
                state["ready"] = None

    # ---- namespaces and garbage collection -----------------------------------------------

    def _delete(self, rtype, obj):
        meta = obj["metadata"]
        self._pods.pop(meta.get("uid"), None)
        self.store.remove(rtype, meta.get("namespace", ""), meta["name"])

    def _finish_namespaces(self):
        now = time.monotonic()
        for ns in self.store.list(NAMESPACE):
            if not ns["metadata"].get("deletionTimestamp"):
                continue
            seen = self._terminating.setdefault(ns["metadata"]["uid"], now)
            if now - seen < self.namespace_delay:
                continue
            name = ns["metadata"]["name"]
            for rtype in resources.RESOURCE_TYPES:
                if rtype.namespaced:
                    for obj in self.store.list(rtype, name):
                        self._delete(rtype, obj)
            self.store.remove(NAMESPACE, "", name)

    def _collect_garbage(self):
        everything = [(rt, o) for rt in resources.RESOURCE_TYPES for o in self.store.list(rt)]
        uids = {o["metadata"].get("uid") for _, o in everything}
        dependents = {}
        for rt, o in everything:
            for ref in o["metadata"].get("ownerReferences") or []:
                dependents.setdefault(ref.get("uid"), []).append((rt, o))
        for rt, o in everything:
            meta = o["metadata"]
            if not meta.get("deletionTimestamp") or rt is NAMESPACE:  # namespaces: _finish_namespaces
                continue
            finalizers = list(meta.get("finalizers") or [])
            if "foregroundDeletion" in finalizers:
                for drt, dep in dependents.get(meta.get("uid"), []):
                    self._delete(drt, dep)
                finalizers.remove("foregroundDeletion")
                if finalizers:
                    meta["finalizers"] = finalizers
                    self.store.put(o)
                    continue
            if not finalizers:
                self._delete(rt, o)
                uids.discard(meta.get("uid"))
        for rt, o in everything:
            refs = o["metadata"].get("ownerReferences") or []
            if refs and all(r.get("uid") not in uids for r in refs) and self.store.get(
                    rt, o["metadata"].get("namespace", ""), o["metadata"]["name"]) is not None:
                self._delete(rt, o)

    # ---- the DaemonSet controller ------------------------------------------------------------

    def _creation_order(self, pod):
        # creationTimestamp has one-second resolution; the controller knows the real order.
        state = self._pods.get(pod["metadata"].get("uid"))
        return (pod["metadata"].get("creationTimestamp", ""), state["seq"] if state else 0, pod["metadata"]["name"])

    def _suffix(self):
        return "".join(self._random.choice(daemonset.HASH_ALPHABET) for _ in range(5))

    def _create_pod(self, ds, node, hash_, tgen):
        for _ in range(10):
            pod = daemonset.new_pod(ds, node, hash_, tgen, self._suffix())
            if self.store.get(POD, pod["metadata"]["namespace"], pod["metadata"]["name"]) is None:
                break
        self._pod_ips += 1
        pod["status"] = kubelet.pod_status(pod, 0, self.failures, kubelet.node_ip(node), "", None)
        try:
            _, stored = self.registry.create(POD, pod["metadata"]["namespace"], pod, CONTROLLER_MANAGER, False)
        except errors.ApiError:
            return None  # e.g. the namespace is terminating
        ip = "10.244.%d.%d" % (self._pod_ips // 250, self._pod_ips % 250 + 2)
        self._pods[stored["metadata"]["uid"]] = {"created": self.ticks, "ready": None, "ip": ip,
                                                 "seq": self._pod_ips}
        return stored

    def _sync(self, ds):
        meta, spec = ds["metadata"], ds.get("spec") or {}
        template = spec.get("template") or {}
        hash_ = daemonset.template_hash(template)
        tgen = daemonset.template_generation(ds)
        nodes = {n["metadata"]["name"]: n for n in self.store.list(NODE)}
        tspec = template.get("spec") or {}
        node_pods = daemonset.pods_by_node(daemonset.owned_pods(self.store, ds), self._creation_order)
        available = self._available(spec.get("minReadySeconds"))
        rolling = ((spec.get("updateStrategy") or {}).get("type") or "RollingUpdate") == "RollingUpdate"
        surge = rolling and daemonset.scaled(((spec.get("updateStrategy") or {}).get("rollingUpdate") or {})
                                             .get("maxSurge"), 1) > 0
        desired = sum(1 for n in nodes.values() if kubelet.should_run(tspec, n))

        # manage: one pod per node that should run one, none elsewhere
        for name, node in sorted(nodes.items()):
            pods = node_pods.get(name) or []
            if kubelet.should_run(tspec, node):
                if not pods:
                    self._create_pod(ds, node, hash_, tgen)
                elif len(pods) > 1 and not surge:
                    for extra in pods[1:]:
                        self._delete(POD, extra)
            else:
                for p in pods:
                    self._delete(POD, p)
        for name in [n for n in node_pods if n not in nodes]:
            for p in node_pods[name]:
                self._delete(POD, p)

        if rolling:
            # updatedDesiredNodeCounts: every node that should run a pod takes part, also
            # one whose pod is gone (it counts as unavailable).
            eligible = {n: node_pods.get(n) or [] for n in nodes if kubelet.should_run(tspec, nodes[n])}
            to_delete, to_create = daemonset.rolling_update(ds, eligible, nodes, hash_, tgen, desired, available)
            for p in to_delete:
                self._delete(POD, p)
            for name in to_create:
                self._create_pod(ds, nodes[name], hash_, tgen)

        node_pods = daemonset.pods_by_node(daemonset.owned_pods(self.store, ds), self._creation_order)
        status = daemonset.compute_status(ds, nodes, node_pods, hash_, tgen, available, meta.get("generation"))
        if status != ds.get("status"):
            current = self.store.get(DAEMONSET, meta["namespace"], meta["name"])
            current["status"] = status
            self.registry.update(DAEMONSET, meta["namespace"], meta["name"], current, CONTROLLER_MANAGER, False,
                                 "status")
