"""Nodes (labels, taints, unschedulable, conditions), the scheduling predicates a
DaemonSet uses, and a kubelet that moves each pod's status one step per tick: init
containers first, one after the other, then the containers, with failures chosen by the
test (image pull errors, crash loops, containers that never become ready) for any
container, init containers included."""
import fnmatch
import hashlib
from dataclasses import dataclass, field

from .rest import rfc3339

CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}

# The node conditions the kubelet reports (pkg/kubelet/nodestatus/setters.go), per status:
# (reason, message).
CONDITION_TEXT = {
    "MemoryPressure": {"False": ("KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                       "True": ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available")},
    "DiskPressure": {"False": ("KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                     "True": ("KubeletHasDiskPressure", "kubelet has disk pressure")},
    "PIDPressure": {"False": ("KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    "True": ("KubeletHasInsufficientPID", "kubelet has insufficient PID available")},
    "Ready": {"True": ("KubeletReady", "kubelet is posting ready status"),
              "False": ("KubeletNotReady", "container runtime network not ready: NetworkReady=false "
                                           "reason:NetworkPluginNotReady message:Network plugin returns error: "
                                           "cni plugin not initialized"),
              # written by the node lifecycle controller when the kubelet stops posting
              "Unknown": ("NodeStatusUnknown", "Kubelet stopped posting node status.")},
    "NetworkUnavailable": {"True": ("NoRouteCreated", "Node created without a route"),
                           "False": ("RouteCreated", "RouteController created a route")},
}
DEFAULT_CONDITIONS = {"MemoryPressure": "False", "DiskPressure": "False", "PIDPressure": "False", "Ready": "True"}

# pkg/controller/nodelifecycle/node_lifecycle_controller.go: nodeConditionToTaintKeyStatusMap
# (NoSchedule taints by condition), the unschedulable taint, and the NoExecute taints of
# taint-based eviction for a node that is not ready or unreachable.
CONDITION_TAINTS = {("Ready", "False"): "node.kubernetes.io/not-ready",
                    ("Ready", "Unknown"): "node.kubernetes.io/unreachable",
                    ("MemoryPressure", "True"): "node.kubernetes.io/memory-pressure",
                    ("DiskPressure", "True"): "node.kubernetes.io/disk-pressure",
                    ("NetworkUnavailable", "True"): "node.kubernetes.io/network-unavailable",
                    ("PIDPressure", "True"): "node.kubernetes.io/pid-pressure"}
UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"
MANAGED_TAINT_KEYS = set(CONDITION_TAINTS.values()) | {UNSCHEDULABLE_TAINT}


@dataclass
class NodeSpec:
    """A node of the simulated cluster. taints: the taints set by users (the node
    lifecycle controller adds those of the conditions and of unschedulable);
    conditions: {type: "True"|"False"|"Unknown"} over the defaults (ready, no pressure)."""
    name: str
    labels: dict = field(default_factory=dict)
    taints: list = field(default_factory=list)
    unschedulable: bool = False
    conditions: dict = field(default_factory=dict)


def default_nodes():
    """One tainted control-plane node and two workers."""
    return [NodeSpec("control-plane-1", {"node-role.kubernetes.io/control-plane": ""}, [dict(CONTROL_PLANE_TAINT)]),
            NodeSpec("worker-1"), NodeSpec("worker-2")]


def many_nodes(count):
    """The control-plane node and `count` workers (worker-1 ... worker-<count>)."""
    return default_nodes()[:1] + [NodeSpec("worker-%d" % i) for i in range(1, count + 1)]


def node_conditions(conditions, now, old=None):
    old_by_type = {c.get("type"): c for c in old or []}
    out = []
    merged = dict(DEFAULT_CONDITIONS)
    merged.update(conditions or {})
    for ctype, status in merged.items():
        reason, message = CONDITION_TEXT.get(ctype, {}).get(status, ("", ""))
        previous = old_by_type.get(ctype)
        since = previous["lastTransitionTime"] if previous and previous.get("status") == status else now
        out.append({"type": ctype, "status": status, "lastHeartbeatTime": now, "lastTransitionTime": since,
                    "reason": reason, "message": message})
    return out


def node_object(spec, index):
    labels = {"kubernetes.io/arch": "amd64", "kubernetes.io/hostname": spec.name, "kubernetes.io/os": "linux",
              "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux"}
    labels.update(spec.labels)
    node_spec = {"podCIDR": "10.244.%d.%d/24" % (index // 256, index % 256),
                 "podCIDRs": ["10.244.%d.%d/24" % (index // 256, index % 256)]}
    if spec.taints:
        node_spec["taints"] = [dict(t) for t in spec.taints]
    if spec.unschedulable:
        node_spec["unschedulable"] = True
    now = rfc3339()
    node = {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": spec.name, "labels": labels,
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
        "spec": node_spec,
        "status": {
            "capacity": {"cpu": "4", "memory": "8145440Ki", "pods": "110", "ephemeral-storage": "61202244Ki"},
            "allocatable": {"cpu": "4", "memory": "8043040Ki", "pods": "110", "ephemeral-storage": "56403987978"},
            "conditions": node_conditions(spec.conditions, now),
            "addresses": [{"type": "InternalIP", "address": "10.%d.%d.%d" % (index // 65536, index // 256 % 256,
                                                                          index % 256)},
                          {"type": "Hostname", "address": spec.name}],
            "nodeInfo": {"kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0", "operatingSystem": "linux",
                         "architecture": "amd64", "containerRuntimeVersion": "containerd://1.7.24",
                         "osImage": "Debian GNU/Linux 12 (bookworm)", "kernelVersion": "6.1.0-28-amd64"},
        },
    }
    node_spec_taints = lifecycle_taints(node, now)
    if node_spec_taints != node_spec.get("taints", []):
        node_spec["taints"] = node_spec_taints
    return node


def lifecycle_taints(node, now):
    """The node's taints as the node lifecycle controller keeps them: the user's taints,
    plus a NoSchedule taint per condition of CONDITION_TAINTS and for spec.unschedulable,
    plus the NoExecute not-ready/unreachable taint (with timeAdded) of taint-based
    eviction. Taints it manages that no longer apply are removed."""
    spec = node.get("spec") or {}
    old = spec.get("taints") or []
    kept = [t for t in old if t.get("key") not in MANAGED_TAINT_KEYS]
    conditions = {c.get("type"): c.get("status") for c in (node.get("status") or {}).get("conditions") or []}
    wanted = []
    for (ctype, status), key in CONDITION_TAINTS.items():
        if conditions.get(ctype) == status:
            wanted.append({"key": key, "effect": "NoSchedule"})
    if spec.get("unschedulable"):
        wanted.append({"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule"})
    for status, key in (("False", "node.kubernetes.io/not-ready"), ("Unknown", "node.kubernetes.io/unreachable")):
        if conditions.get("Ready") == status:
            previous = next((t for t in old if t.get("key") == key and t.get("effect") == "NoExecute"), None)
            wanted.append({"key": key, "effect": "NoExecute",
                           "timeAdded": (previous or {}).get("timeAdded") or now})
    for t in wanted:
        previous = next((o for o in old if o.get("key") == t["key"] and o.get("effect") == t["effect"]), None)
        kept.append(previous if previous is not None and t["effect"] == "NoSchedule" else t)
    return kept


def node_ip(node):
    for a in (node.get("status") or {}).get("addresses") or []:
        if a.get("type") == "InternalIP":
            return a.get("address")
    return "10.0.0.1"


# ---- scheduling predicates ------------------------------------------------------------------

def _expression_matches(expr, labels):
    """k8s.io/component-helpers/scheduling/corev1/nodeaffinity: a NodeSelectorRequirement."""
    key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
    has, value = key in labels, labels.get(key)
    if op == "In":
        return has and value in values
    if op == "NotIn":
        return not has or value not in values
    if op == "Exists":
        return has
    if op == "DoesNotExist":
        return not has
    if op in ("Gt", "Lt"):
        try:
            n, bound = int(value), int(values[0])
        except (TypeError, ValueError, IndexError):
            return False
        return n > bound if op == "Gt" else n < bound
    return False


def _term_matches(term, node):
    """A NodeSelectorTerm: all its requirements (an empty term matches nothing)."""
    labels = node["metadata"].get("labels") or {}
    fields = {"metadata.name": node["metadata"]["name"]}
    exprs, field_exprs = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not field_exprs:
        return False
    return all(_expression_matches(e, labels) for e in exprs) and all(
        _expression_matches(e, fields) for e in field_exprs)


def tolerates(tolerations, taint):
    """ToleratesTaint (k8s.io/api/core/v1/toleration.go): the effect matches (an empty
    effect matches all), the key matches (an empty key with Exists matches every key),
    and Exists, or Equal with the same value. tolerationSeconds does not matter here."""
    for t in tolerations or []:
        if t.get("effect") and t.get("effect") != taint.get("effect"):
            continue
        if t.get("key") and t.get("key") != taint.get("key"):
            continue
        op = t.get("operator") or "Equal"
        if op == "Exists":
            return True
        if op == "Equal" and (t.get("value") or "") == (taint.get("value") or ""):
            return True
    return False


def untolerated(taints, tolerations, effects):
    """FindMatchingUntoleratedTaint: the first taint with one of `effects` not tolerated."""
    for taint in taints or []:
        if taint.get("effect") in effects and not tolerates(tolerations, taint):
            return taint
    return None


def fits_node(pod_spec, node):
    """The nodeName and required node affinity predicates (nodeSelector and
    requiredDuringSchedulingIgnoredDuringExecution: nodeaffinity.GetRequiredNodeAffinity)."""
    if pod_spec.get("nodeName") and pod_spec["nodeName"] != node["metadata"]["name"]:
        return False
    labels = node["metadata"].get("labels") or {}
    for k, v in (pod_spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    required = ((pod_spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution")
    if required and not any(_term_matches(t, node) for t in required.get("nodeSelectorTerms") or []):
        return False
    return True


# ---- failures --------------------------------------------------------------------------------

@dataclass
class Failure:
    """Containers whose image matches `image` (fnmatch pattern), optionally only on
    `node` and only those whose name matches `container` (fnmatch; init containers
    included), fail in `mode`: "ImagePullBackOff", "CrashLoopBackOff", "NeverReady", or
    any other waiting reason ("CreateContainerConfigError", "InvalidImageName"), kept as
    is."""
    image: str
    mode: str
    node: str = None
    container: str = None

    def applies(self, image, node, container=None):
        return (fnmatch.fnmatchcase(image or "", self.image) and (self.node is None or self.node == node)
                and (self.container is None or fnmatch.fnmatchcase(container or "", self.container)))


def failure_mode(failures, image, node, container=None):
    for f in failures:
        if f.applies(image, node, container):
            return f.mode
    return None


# ---- pod status ------------------------------------------------------------------------------

def _condition(ctype, ok, old_conditions, now, reason=None, message=None):
    status = "True" if ok else "False"
    previous = next((c for c in old_conditions if c.get("type") == ctype), None)
    since = previous["lastTransitionTime"] if previous and previous.get("status") == status else now
    c = {"type": ctype, "status": status, "lastProbeTime": None, "lastTransitionTime": since}
    if not ok and reason:
        c["reason"], c["message"] = reason, message
    return c


def container_status(container, age, mode, started_at, waiting_reason="ContainerCreating"):
    """The status of a container `age` ticks after it could start (0: not yet started)."""
    image = container.get("image", "")
    base = {"name": container.get("name", ""), "image": image}
    waiting = None
    if age <= 0:
        waiting = (waiting_reason, None)
    elif mode == "ImagePullBackOff":
        waiting = ("ErrImagePull", 'failed to pull and unpack image "%s": not found' % image) if age == 1 else \
            ("ImagePullBackOff", 'Back-off pulling image "%s"' % image)
    elif mode == "CrashLoopBackOff" and age >= 2:
        restarts = age - 1
        return dict(base, state={"waiting": {"reason": "CrashLoopBackOff",
                                             "message": "back-off %ds restarting failed container=%s" % (
                                                 min(10 * 2 ** (restarts - 1), 300), base["name"])}},
                    lastState={"terminated": {"exitCode": 1, "reason": "Error", "startedAt": started_at,
                                              "finishedAt": started_at, "containerID": _cid(container)}},
                    ready=False, restartCount=restarts, imageID=_image_id(image), containerID=_cid(container),
                    started=False)
    elif mode not in (None, "CrashLoopBackOff", "NeverReady"):
        waiting = (mode, None)
    if waiting:
        w = {"reason": waiting[0]}
        if waiting[1]:
            w["message"] = waiting[1]
        return dict(base, state={"waiting": w}, lastState={}, ready=False, restartCount=0, imageID="",
                    started=False)
    ready = mode is None
    return dict(base, state={"running": {"startedAt": started_at}}, lastState={}, ready=ready, restartCount=0,
                imageID=_image_id(image), containerID=_cid(container), started=True)


def _completed(container, status, started_at):
    """An init container that ran to completion (kubelet: ready once it exited 0)."""
    return dict({"name": container.get("name", ""), "image": container.get("image", "")},
                state={"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": started_at,
                                      "finishedAt": started_at, "containerID": _cid(container)}},
                lastState={}, ready=True, restartCount=status.get("restartCount", 0),
                imageID=_image_id(container.get("image", "")), containerID=_cid(container), started=False)


def _image_id(image):
    repo = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image.split("@")[0]
    return "%s@sha256:%s" % (repo, hashlib.sha256(image.encode()).hexdigest())


def _cid(container):
    return "containerd://" + hashlib.sha256(repr(container.get("name")).encode()).hexdigest()


def init_statuses(spec, age, failures, node, started_at):
    """(initContainerStatuses, ticks the init phase took or None while it is not over).
    Init container i starts at age i+1 when the ones before it completed; a successful one
    runs for a tick and completes the next, when the following one starts."""
    out, start, done = [], 1, True
    for c in spec.get("initContainers") or []:
        if not done:
            out.append(container_status(c, 0, None, started_at, "PodInitializing"))
            continue
        mode = failure_mode(failures, c.get("image"), node, c.get("name"))
        rel = age - start + 1
        if mode is None and rel >= 2:
            out.append(_completed(c, {}, started_at))
            start += 1
            continue
        status = container_status(c, rel, mode, started_at, "PodInitializing")
        # prober_manager.go: an init container is ready once it exited 0, not while it runs
        status["ready"] = False
        out.append(status)
        done = False
    return out, (start - 1 if done else None)


def pod_status(pod, age, failures, host_ip, pod_ip, old_status):
    spec = pod.get("spec") or {}
    node = spec.get("nodeName")
    now = rfc3339()
    old_status = old_status or {}
    started_at = old_status.get("startTime") or now
    inits, init_ticks = init_statuses(spec, age, failures, node, started_at)
    initialized = init_ticks is not None
    main_age = age - init_ticks if initialized else 0
    waiting_reason = "PodInitializing" if spec.get("initContainers") else "ContainerCreating"
    statuses = [container_status(c, main_age, failure_mode(failures, c.get("image"), node, c.get("name")),
                                 started_at, waiting_reason)
                for c in spec.get("containers") or []]
    old_by_name = {c.get("name"): c for c in (old_status.get("containerStatuses") or [])
                   + (old_status.get("initContainerStatuses") or [])}
    for s in statuses + inits:  # keep the start time of a container that keeps running
        old = old_by_name.get(s["name"], {})
        if "running" in s["state"] and "running" in (old.get("state") or {}):
            s["state"]["running"]["startedAt"] = old["state"]["running"]["startedAt"]
    all_ready = bool(statuses) and all(s["ready"] for s in statuses)
    running = initialized and any("running" in s["state"] or s["restartCount"] for s in statuses)
    unready = [s["name"] for s in statuses if not s["ready"]]
    incomplete = [s["name"] for s in inits if (s["state"].get("terminated") or {}).get("exitCode") != 0]
    old_conditions = old_status.get("conditions") or []
    msg = "containers with unready status: [%s]" % " ".join(unready)
    status = {
        "phase": "Running" if running else "Pending",
        "conditions": [
            _condition("PodReadyToStartContainers", age > 0, old_conditions, now),
            _condition("Initialized", initialized, old_conditions, now, "ContainersNotInitialized",
                       "containers with incomplete status: [%s]" % " ".join(incomplete)),
            _condition("Ready", all_ready, old_conditions, now, "ContainersNotReady", msg),
            _condition("ContainersReady", all_ready, old_conditions, now, "ContainersNotReady", msg),
            _condition("PodScheduled", True, old_conditions, now),
        ],
        "hostIP": host_ip, "hostIPs": [{"ip": host_ip}],
    }
    if age > 0:
        status["podIP"], status["podIPs"] = pod_ip, [{"ip": pod_ip}]
    status["startTime"] = started_at
    if inits:
        status["initContainerStatuses"] = inits
    status["containerStatuses"] = statuses
    status["qosClass"] = "BestEffort" if not any((c.get("resources") or {}) for c in spec.get("containers") or []) \
        else "Burstable"
    return status


def settled(pod, age, failures):
    """Whether the pod's status no longer changes with age (so the kubelet can skip it)."""
    spec = pod.get("spec") or {}
    node = spec.get("nodeName")
    modes = [failure_mode(failures, c.get("image"), node, c.get("name"))
             for c in (spec.get("initContainers") or []) + (spec.get("containers") or [])]
    if any(m in ("CrashLoopBackOff", "ImagePullBackOff") for m in modes):
        return False
    return age > len(spec.get("initContainers") or []) + 2


def is_ready(pod):
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


# ---- the kubelet's events (pkg/kubelet/images/image_manager.go, kuberuntime) -----------------

def failure_events(pod, old_status, new_status):
    """The events a kubelet records when a container's image cannot be pulled or it keeps
    crashing: (type, reason, message, fieldPath) for each change of a failing container."""
    out = []
    spec = pod.get("spec") or {}
    old = {c.get("name"): c for c in (old_status.get("containerStatuses") or [])
           + (old_status.get("initContainerStatuses") or [])}
    for key, statuses in (("initContainers", new_status.get("initContainerStatuses") or []),
                          ("containers", new_status.get("containerStatuses") or [])):
        for s in statuses:
            waiting = (s.get("state") or {}).get("waiting") or {}
            before = (old.get(s["name"]) or {}).get("state") or {}
            reason = waiting.get("reason")
            if not reason or reason in ("ContainerCreating", "PodInitializing"):
                continue
            if before.get("waiting", {}).get("reason") == reason and s.get("restartCount") == \
                    (old.get(s["name"]) or {}).get("restartCount"):
                continue
            path = "spec.%s{%s}" % (key, s["name"])
            image = s.get("image", "")
            if reason == "ErrImagePull":
                out += [("Normal", "Pulling", 'Pulling image "%s"' % image, path),
                        ("Warning", "Failed", 'Failed to pull image "%s": %s' % (image, waiting.get("message", "")),
                         path),
                        ("Warning", "Failed", "Error: ErrImagePull", path)]
            elif reason == "ImagePullBackOff":
                out += [("Normal", "BackOff", 'Back-off pulling image "%s"' % image, path),
                        ("Warning", "Failed", "Error: ImagePullBackOff", path)]
            elif reason == "CrashLoopBackOff":
                meta = pod["metadata"]
                out.append(("Warning", "BackOff", "Back-off restarting failed container %s in pod %s_%s(%s)" % (
                    s["name"], meta["name"], meta.get("namespace", ""), meta.get("uid", "")), path))
            else:
                out.append(("Warning", "Failed", "Error: %s" % reason, path))
    return out
