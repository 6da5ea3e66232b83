"""The simulated control plane, advanced one deterministic step per tick. Like the real
controllers, each reacts to what changed since its last step (as informers deliver watch
events, one tick late) rather than rescanning everything:

- the kubelet moves the status of the pods it runs (init containers, then containers);
- the namespace controller finishes terminating namespaces;
- the service account controller (pkg/controller/serviceaccount) and the root CA
  publisher (pkg/controller/certificates/rootcacertpublisher) give every namespace its
  `default` ServiceAccount and `kube-root-ca.crt` ConfigMap;
- the node lifecycle controller (pkg/controller/nodelifecycle) taints nodes by condition;
- the resource quota controller (pkg/controller/resourcequota) counts pods;
- the garbage collector deletes dependents (foreground and background propagation) and
  pod GC deletes pods bound to nodes that no longer exist;
- the DaemonSet controller (pkg/controller/daemon) syncs each DaemonSet that changed,
  whose pods or nodes changed, or whose retry is due."""
import copy
import math
import random
import threading
import time

from . import daemonset, errors, events, kubelet, resources
from .daemonset import DAEMONSET, NODE, POD
from .rest import rfc3339

NAMESPACE = resources.by_kind("v1", "Namespace")
SERVICE_ACCOUNT = resources.by_kind("v1", "ServiceAccount")
CONFIG_MAP = resources.by_kind("v1", "ConfigMap")
PRIORITY_CLASS = resources.by_kind("scheduling.k8s.io/v1", "PriorityClass")
RESOURCE_QUOTA = resources.by_kind("v1", "ResourceQuota")
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
CONTROLLER_MANAGER = "kube-controller-manager"
ROOT_CA_CONFIG_MAP = "kube-root-ca.crt"
ROOT_CA_DESCRIPTION = ("Contains a CA bundle that can be used to verify the kube-apiserver when using internal "
                       "endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
                       "guaranteed across distributions of Kubernetes clusters.")
# pkg/registry/scheduling/rest/storage_scheduling.go (scheduling.SystemPriorityClasses)
SYSTEM_PRIORITY_CLASSES = [
    ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current "
                                         "node."),
    ("system-cluster-critical", 2000000000, "Used for system critical pods that must run in the cluster, but can "
                                            "be moved to another node if necessary."),
]
# daemon_controller.go: BurstReplicas; controller_utils.go: SlowStartInitialBatchSize
BURST_REPLICAS = 250
SLOW_START_INITIAL_BATCH = 1
# workqueue.DefaultControllerRateLimiter: per-item exponential backoff 5 ms .. 1000 s
BACKOFF_BASE = 0.005
BACKOFF_MAX = 1000.0


class Controller:
    def __init__(self, store, registry, nodes=None, seconds_per_tick=1.0, seed=1, namespace_delay=0.0, ca_pem=""):
        self.store = store
        # Wall seconds a deleted namespace stays Terminating at least (its contents with it):
        # `kubectl delete -f` of a file that starts with the namespace must still find the
        # other objects, as it does on a real cluster.
        self.namespace_delay = namespace_delay
        self.registry = registry
        self.node_specs = list(nodes) if nodes is not None else kubelet.default_nodes()
        self.seconds_per_tick = seconds_per_tick
        self.ca_pem = ca_pem
        self.failures = []
        self.ticks = 0
        self._random = random.Random(seed)
        self._pods = {}  # pod uid -> kubelet state: created tick, ready tick, ip, seq, key
        self._active = set()  # pod uids whose status still moves
        self._thread = None
        self._stop = threading.Event()
        self._pod_ips = 0
        self._terminating = {}  # namespace uid -> when the controller first saw it terminating
        self._seen = None  # the revision up to which changes were handled
        self._ds = {}  # DaemonSet uid -> sync state (failures, retry_at, requeue_at, placement cache)
        self.recorder = events.Recorder(store, self.now, rfc3339)
        self.syncs = 0  # DaemonSet syncs, for tests and profiling

    def now(self):
        """Simulated seconds since the start (the controllers' clock)."""
        return self.ticks * self.seconds_per_tick

    # ---- set-up and configuration -----------------------------------------------------

    def bootstrap(self):
        with self.store.lock:
            for name in SYSTEM_NAMESPACES:
                if self.store.peek(NAMESPACE, "", name) is None:
                    self.registry.create(NAMESPACE, "", {"apiVersion": "v1", "kind": "Namespace",
                                                         "metadata": {"name": name}}, "kube-apiserver", False)
            for name, value, description in SYSTEM_PRIORITY_CLASSES:
                if self.store.peek(PRIORITY_CLASS, "", name) is None:
                    self.registry.create(PRIORITY_CLASS, "", {
                        "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name},
                        "value": value, "description": description}, "kube-apiserver", False)
            for index, spec in enumerate(self.node_specs, 1):
                self._put_node(spec, index)
            for ns in self.store.items(NAMESPACE):
                self._ensure_namespace_objects(ns["metadata"]["name"])
            self._seen = self.store.revision

    def _put_node(self, spec, index):
        obj = kubelet.node_object(spec, index)
        existing = self.store.peek(NODE, "", spec.name)
        if existing:
            obj["metadata"]["uid"] = existing["metadata"]["uid"]
            obj["metadata"]["creationTimestamp"] = existing["metadata"]["creationTimestamp"]
            obj["status"]["conditions"] = kubelet.node_conditions(spec.conditions, rfc3339(),
                                                                  existing["status"].get("conditions"))
            return self.store.put(obj)
        _, stored = self.registry.create(NODE, "", obj, "kubelet", False)
        return stored

    def add_node(self, spec, labels=None, taints=None, unschedulable=False, conditions=None):
        """Adds (or replaces) a node: spec is a kubelet.NodeSpec or a name."""
        if isinstance(spec, str):
            spec = kubelet.NodeSpec(spec, dict(labels or {}), list(taints or []), unschedulable,
                                    dict(conditions or {}))
        with self.store.lock:
            existing = self.store.peek(NODE, "", spec.name)
            index = self.store.count(NODE) + (0 if existing else 1)
            return self._put_node(spec, index)

    def remove_node(self, name):
        with self.store.lock:
            return self.store.remove(NODE, "", name)

    def fail(self, image, mode, node=None, container=None):
        """Containers with an image matching `image` (fnmatch pattern, e.g. "*:broken")
        fail in `mode` (see kubelet.Failure), optionally only on one node or only those
        whose name matches `container` (init containers included)."""
        f = kubelet.Failure(image, mode, node, container)
        with self.store.lock:
            self.failures.append(f)
            self._active.update(self._pods)
        return f

    def ensure_default_service_account(self, namespace):
        """The service account controller's step for one namespace (used by admission,
        which waits for it when a pod names the `default` service account)."""
        with self.store.lock:
            self._ensure_namespace_objects(namespace)

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
                changes = self._changes()
                self._kubelet_step(changes)
                self._finish_namespaces()
                self._namespace_controllers(changes)
                self._node_lifecycle(changes)
                self._quota_controller(changes)
                self._collect_garbage(changes)
                self._daemonsets(changes)

    def _changes(self):
        """What every type saw since the last step: {plural: [Change]} or None for a type
        whose window no longer reaches back (then everything counts as changed)."""
        since, self._seen = self._seen, self.store.revision
        if since is None:
            return {rt.plural: None for rt in resources.RESOURCE_TYPES}
        return {rt.plural: self.store.changes_since(rt, since) for rt in resources.RESOURCE_TYPES}

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

    def _kubelet_step(self, changes):
        for uid in sorted(self._active, key=lambda u: self._pods[u]["seq"] if u in self._pods else 0):
            state = self._pods.get(uid)
            if state is None:
                self._active.discard(uid)
                continue
            namespace, name = state["key"]
            pod = self.store.peek(POD, namespace, name)
            if pod is None or pod["metadata"].get("uid") != uid:
                self._pods.pop(uid, None)
                self._active.discard(uid)
                continue
            node = self.store.peek(NODE, "", (pod.get("spec") or {}).get("nodeName") or "")
            if node is None or pod["metadata"].get("deletionTimestamp"):
                continue
            age = self.ticks - state["created"]
            old_status = pod.get("status") or {}
            status = kubelet.pod_status(pod, age, self.failures, kubelet.node_ip(node), state["ip"], old_status)
            if status != old_status:
                for type_, reason, message, path in kubelet.failure_events(pod, old_status, status):
                    self.recorder.event(pod, type_, reason, message, "kubelet", node["metadata"]["name"], path)
                pod = self.registry.update_status(POD, namespace, name, status, "kubelet")
            ready = kubelet.is_ready(pod)
            if ready and state["ready"] is None:
                state["ready"] = self.ticks
            elif not ready:
                state["ready"] = None
            if kubelet.settled(pod, age, self.failures) and status == old_status:
                self._active.discard(uid)

    # ---- namespaces, service accounts, root CA -------------------------------------------

    def _delete(self, rtype, obj):
        meta = obj["metadata"]
        uid = meta.get("uid")
        self._pods.pop(uid, None)
        self._active.discard(uid)
        self.store.remove(rtype, meta.get("namespace", ""), meta["name"])

    def _finish_namespaces(self):
        """The namespace controller (pkg/controller/namespace/deletion/
        namespaced_resources_deleter.go in kubernetes/kubernetes): a namespace with a
        deletionTimestamp loses every object of every namespaced resource in it
        (deleteAllContent), whoever made them, and then goes itself (the `kubernetes`
        finalizer removed). The docs ("Namespaces", "Deleting a namespace") say the same:
        deleting a namespace deletes everything in it. Objects go without their own
        finalizers' wait."""
        now = time.monotonic()
        for ns in self.store.items(NAMESPACE):
            if not ns["metadata"].get("deletionTimestamp"):
                continue
            seen = self._terminating.setdefault(ns["metadata"]["uid"], now)
            if now - seen < self.namespace_delay:
                continue
            name = ns["metadata"]["name"]
            for rtype in resources.RESOURCE_TYPES:
                if rtype.namespaced:
                    for obj in self.store.items(rtype, name):
                        self._delete(rtype, obj)
            self.store.remove(NAMESPACE, "", name)

    def _namespace_controllers(self, changes):
        """A namespace that was added, or lost its default service account or root CA
        config map, gets them (again)."""
        names = set()
        for plural, wanted in (("namespaces", None), ("serviceaccounts", "default"),
                               ("configmaps", ROOT_CA_CONFIG_MAP)):
            if changes[plural] is None:
                names.update(ns["metadata"]["name"] for ns in self.store.items(NAMESPACE))
                continue
            for c in changes[plural]:
                if wanted is None and c.type != "DELETED":
                    names.add(c.name)
                elif wanted is not None and c.type == "DELETED" and c.name == wanted:
                    names.add(c.namespace)
        for name in sorted(names):
            self._ensure_namespace_objects(name)

    def _ensure_namespace_objects(self, namespace):
        ns = self.store.peek(NAMESPACE, "", namespace)
        if ns is None or ns["metadata"].get("deletionTimestamp"):
            return
        try:
            if self.store.peek(SERVICE_ACCOUNT, namespace, "default") is None:
                self.registry.create(SERVICE_ACCOUNT, namespace, {
                    "apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}},
                    CONTROLLER_MANAGER, False)
            if self.store.peek(CONFIG_MAP, namespace, ROOT_CA_CONFIG_MAP) is None:
                self.registry.create(CONFIG_MAP, namespace, {
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": ROOT_CA_CONFIG_MAP,
                                 "annotations": {"kubernetes.io/description": ROOT_CA_DESCRIPTION}},
                    "data": {"ca.crt": self.ca_pem}}, CONTROLLER_MANAGER, False)
        except errors.ApiError:
            pass  # e.g. the namespace began terminating

    # ---- nodes and quotas ------------------------------------------------------------------

    def _node_lifecycle(self, changes):
        nodes = changes["nodes"]
        names = {n["metadata"]["name"] for n in self.store.items(NODE)} if nodes is None else \
            {c.name for c in nodes if c.type != "DELETED"}
        now = rfc3339()
        for name in sorted(names):
            node = self.store.peek(NODE, "", name)
            if node is None:
                continue
            taints = kubelet.lifecycle_taints(node, now)
            if taints != ((node.get("spec") or {}).get("taints") or []):
                updated = copy.deepcopy(node)
                if taints:
                    updated["spec"]["taints"] = taints
                else:
                    updated["spec"].pop("taints", None)
                self.registry.update(NODE, "", name, updated, CONTROLLER_MANAGER, False)

    def _quota_controller(self, changes):
        """status.hard from spec.hard and status.used counted from the pods (that are not
        terminal), for the object-count resources `pods` and `count/pods`."""
        pods, quotas = changes["pods"], changes["resourcequotas"]
        if pods is None or quotas is None:
            namespaces = {q["metadata"]["namespace"] for q in self.store.items(RESOURCE_QUOTA)}
        else:
            namespaces = {c.namespace for c in pods} | {c.namespace for c in quotas}
        for namespace in sorted(namespaces):
            for quota in self.store.items(RESOURCE_QUOTA, namespace):
                hard = {k: v for k, v in ((quota.get("spec") or {}).get("hard") or {}).items()
                        if k in ("pods", "count/pods")}
                count = sum(1 for p in self.store.items(POD, namespace)
                            if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"))
                status = {"hard": hard, "used": {k: str(count) for k in hard}} if hard else {}
                if status != (quota.get("status") or {}):
                    self.registry.update_status(RESOURCE_QUOTA, namespace, quota["metadata"]["name"], status,
                                                CONTROLLER_MANAGER)

    # ---- garbage collection -----------------------------------------------------------------

    def _collect_garbage(self, changes):
        """The garbage collector (foreground: the owner waits for its dependents; orphaned
        dependents of a deleted owner go) and pod GC (pods bound to a node that no longer
        exists), run when something was deleted or is being deleted."""
        if not any(cs is None or any(c.type == "DELETED" or c.deleting for c in cs) for cs in changes.values()):
            return
        everything = [(rt, o) for rt in resources.RESOURCE_TYPES if rt.plural != "events"
                      for o in self.store.items(rt)]
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
                    updated = copy.deepcopy(o)
                    updated["metadata"]["finalizers"] = finalizers
                    self.store.put(updated)
                    continue
            if not finalizers:
                self._delete(rt, o)
                uids.discard(meta.get("uid"))
        for rt, o in everything:
            refs = o["metadata"].get("ownerReferences") or []
            if refs and all(r.get("uid") not in uids for r in refs) and self.store.peek(
                    rt, o["metadata"].get("namespace", ""), o["metadata"]["name"]) is not None:
                self._delete(rt, o)
        nodes = {n["metadata"]["name"] for n in self.store.items(NODE)}
        for pod in self.store.items(POD):  # pkg/controller/podgc: orphaned pods
            node = (pod.get("spec") or {}).get("nodeName")
            if node and node not in nodes:
                self._delete(POD, pod)

    # ---- the DaemonSet controller ------------------------------------------------------------

    def _daemonsets(self, changes):
        sets = {ds["metadata"]["uid"]: ds for ds in self.store.items(DAEMONSET)}
        for uid in list(self._ds):
            if uid not in sets:
                del self._ds[uid]
        dirty = set()
        everything = any(changes[p] is None for p in ("daemonsets", "pods", "nodes")) or any(
            c.type != "DELETED" for c in changes["nodes"] or [])
        if everything:
            dirty = set(sets)
        else:
            dirty.update(c.uid for c in changes["daemonsets"] if c.type != "DELETED")
            for c in changes["pods"]:
                dirty.update(c.owners)
            if any(c.type == "DELETED" for c in changes["nodes"]):
                dirty = set(sets)
        now = self.now()
        for uid, state in self._ds.items():
            if state["retry_at"] is not None and now >= state["retry_at"] - 1e-9:
                dirty.add(uid)
            if state["requeue_at"] is not None and now >= state["requeue_at"] - 1e-9:
                dirty.add(uid)
        for uid in sorted(dirty & set(sets), key=lambda u: (sets[u]["metadata"]["namespace"],
                                                             sets[u]["metadata"]["name"])):
            ds = sets[uid]
            if not ds["metadata"].get("deletionTimestamp"):
                self._sync(ds)

    def _creation_order(self, pod):
        # creationTimestamp has one-second resolution; the controller knows the real order.
        state = self._pods.get(pod["metadata"].get("uid"))
        return (pod["metadata"].get("creationTimestamp", ""), state["seq"] if state else 0, pod["metadata"]["name"])

    def _state(self, ds):
        uid = ds["metadata"]["uid"]
        state = self._ds.get(uid)
        if state is None:
            state = self._ds[uid] = {"failures": 0, "retry_at": None, "requeue_at": None, "placement": {},
                                     "template": None}
        return state

    def _placement(self, ds, state, nodes, pod_spec):
        """(shouldRun, shouldContinueRunning) per node, cached per node resourceVersion."""
        template = ((ds.get("spec") or {}).get("template") or {}).get("spec")
        if state["template"] != template:
            state["template"], state["placement"] = copy.deepcopy(template), {}
        cache = state["placement"]
        out = {}
        for name, node in nodes.items():
            rv = node["metadata"].get("resourceVersion")
            hit = cache.get(name)
            if hit is None or hit[0] != rv:
                hit = cache[name] = (rv, daemonset.node_should_run(pod_spec, node))
            out[name] = hit[1]
        return out

    def _create_pod(self, ds, node_name, hash_, tgen, pod_spec):
        pod = daemonset.new_pod(ds, node_name, hash_, tgen, pod_spec)
        node = self.store.peek(NODE, "", node_name)
        pod["status"] = kubelet.pod_status(pod, 0, self.failures, kubelet.node_ip(node), "", None)
        try:
            _, stored = self.registry.create(POD, pod["metadata"]["namespace"], pod, CONTROLLER_MANAGER, False)
        except errors.ApiError as e:
            causes = ((e.body.get("details") or {}).get("causes") or [])
            if not any(c.get("reason") == "NamespaceTerminating" for c in causes):
                # controller_utils.go: RealPodControl.CreatePods
                self.recorder.event(ds, "Warning", "FailedCreate", "Error creating: %s" % e.body.get("message"),
                                    "daemonset-controller")
                return e
            return None
        self._pod_ips += 1
        ip = "10.244.%d.%d" % (self._pod_ips // 250, self._pod_ips % 250 + 2)
        uid = stored["metadata"]["uid"]
        self._pods[uid] = {"created": self.ticks, "ready": None, "ip": ip, "seq": self._pod_ips,
                           "key": (stored["metadata"]["namespace"], stored["metadata"]["name"])}
        self._active.add(uid)
        self.recorder.event(ds, "Normal", "SuccessfulCreate", "Created pod: %s" % stored["metadata"]["name"],
                            "daemonset-controller")
        return None

    def _delete_pod(self, ds, name):
        pod = self.store.peek(POD, ds["metadata"]["namespace"], name)
        if pod is None or pod["metadata"].get("deletionTimestamp"):
            return
        self._delete(POD, pod)
        self.recorder.event(ds, "Normal", "SuccessfulDelete", "Deleted pod: %s" % name, "daemonset-controller")

    def _sync_nodes(self, ds, to_delete, to_create, hash_, tgen, pod_spec):
        """syncNodes: creates in slow-start batches (1, 2, 4, ...; a batch with a failure
        ends the creates of this sync), at most BURST_REPLICAS creates and deletes per sync;
        returns the errors."""
        failures = []
        to_create = to_create[:BURST_REPLICAS]
        pos, batch = 0, min(len(to_create), SLOW_START_INITIAL_BATCH)
        while pos < len(to_create):
            errors_before = len(failures)
            for node_name in to_create[pos:pos + batch]:
                err = self._create_pod(ds, node_name, hash_, tgen, pod_spec)
                if err is not None:
                    failures.append(err)
            pos += batch
            if len(failures) > errors_before:
                break
            batch = min(2 * batch, len(to_create) - pos)
        for name in to_delete[:BURST_REPLICAS]:
            self._delete_pod(ds, name)
        return failures

    def _sync(self, ds):
        """syncDaemonSet: manage (pods per node), then the rolling update when manage had
        nothing to do, then the status, computed from the pods as they were when the sync
        began (the informer's view): pods it creates or deletes show in the next sync's
        status, as on a real cluster, where the DaemonSet's status is written twice for a
        first rollout (observedGeneration, then the counts)."""
        self.syncs += 1
        state = self._state(ds)
        meta, spec = ds["metadata"], ds.get("spec") or {}
        template = spec.get("template") or {}
        hash_ = daemonset.template_hash(template)
        tgen = daemonset.template_generation(ds)
        pod_spec = daemonset.daemon_pod_spec(ds)
        nodes = {n["metadata"]["name"]: n for n in self.store.items(NODE)}
        placement = self._placement(ds, state, nodes, pod_spec)
        uid = meta["uid"]
        owned = [p for p in self.store.items(POD, meta["namespace"])
                 if any(r.get("uid") == uid and r.get("controller") for r in p["metadata"].get("ownerReferences") or [])]
        node_pods = daemonset.pods_by_node(owned, self._creation_order)
        available = self._available(spec.get("minReadySeconds"))
        strategy = (spec.get("updateStrategy") or {}).get("type") or "RollingUpdate"
        surge = strategy == "RollingUpdate" and daemonset.scaled(
            ((spec.get("updateStrategy") or {}).get("rollingUpdate") or {}).get("maxSurge"), 1) > 0

        # manage
        to_create, to_delete = [], []
        for name in sorted(nodes):
            run, keep = placement[name]
            create, delete = daemonset.pods_on_node(ds, name, node_pods.get(name) or [], run, keep, surge, hash_,
                                                    available)
            if create:
                to_create.append(name)
            to_delete += delete
        failures = self._sync_nodes(ds, to_delete, to_create, hash_, tgen, pod_spec)
        acted = bool(to_create or to_delete)

        # rolling update, once the effects of manage have been observed (expectations)
        if not failures and not acted and strategy == "RollingUpdate":
            eligible = {n: node_pods.get(n) or [] for n in nodes if placement[n][0]}
            eligible.update({n: pods for n, pods in node_pods.items() if n in nodes})
            old_pods, surge_nodes = daemonset.rolling_update(ds, eligible, placement, hash_, tgen, available)
            failures += self._sync_nodes(ds, old_pods, surge_nodes, hash_, tgen, pod_spec)

        status = daemonset.compute_status(ds, nodes, node_pods, placement, hash_, tgen, available,
                                          meta.get("generation"))
        if status != ds.get("status"):
            self.registry.update_status(DAEMONSET, meta["namespace"], meta["name"], status, CONTROLLER_MANAGER)
        # processNextWorkItem: a failed sync is retried with the rate limiter's backoff;
        # updateDaemonSetStatus: resync after minReadySeconds while pods wait to be available.
        now = self.now()
        if failures:
            state["failures"] += 1
            state["retry_at"] = now + min(BACKOFF_BASE * 2 ** (state["failures"] - 1), BACKOFF_MAX)
        else:
            state["failures"], state["retry_at"] = 0, None
        min_ready = spec.get("minReadySeconds") or 0
        if state["requeue_at"] is not None and state["requeue_at"] <= now + 1e-9:
            state["requeue_at"] = None
        if min_ready > 0 and status.get("numberReady", 0) != status.get("numberAvailable", 0):
            due = now + min_ready
            state["requeue_at"] = due if state["requeue_at"] is None else min(state["requeue_at"], due)
