"""Nodes, the scheduling predicates a DaemonSet uses (nodeSelector, required node
affinity, taints and tolerations), and a kubelet that moves each pod's status one step
per tick, with failures chosen by the test (image pull errors, crash loops, pods that
never become ready)."""
import fnmatch
from dataclasses import dataclass, field

from .rest import rfc3339

CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}


@dataclass
class NodeSpec:
    name: str
    labels: dict = field(default_factory=dict)
    taints: list = field(default_factory=list)
    unschedulable: bool = False


def default_nodes():
    """One tainted control-plane node and two workers."""
    return [NodeSpec("control-plane-1", {"node-role.kubernetes.io/control-plane": ""}, [dict(CONTROL_PLANE_TAINT)]),
            NodeSpec("worker-1"), NodeSpec("worker-2")]


def node_object(spec, index):
    labels = {"kubernetes.io/arch": "amd64", "kubernetes.io/hostname": spec.name, "kubernetes.io/os": "linux",
              "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux"}
    labels.update(spec.labels)
    node_spec = {"podCIDR": "10.244.%d.0/24" % index, "podCIDRs": ["10.244.%d.0/24" % index]}
    if spec.taints:
        node_spec["taints"] = [dict(t) for t in spec.taints]
    if spec.unschedulable:
        node_spec["unschedulable"] = True
    now = rfc3339()
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": spec.name, "labels": labels,
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
        "spec": node_spec,
        "status": {
            "capacity": {"cpu": "4", "memory": "8145440Ki", "pods": "110", "ephemeral-storage": "61202244Ki"},
            "allocatable": {"cpu": "4", "memory": "8043040Ki", "pods": "110", "ephemeral-storage": "56403987978"},
            "conditions": [
                {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": now, "lastTransitionTime": now,
                 "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
                {"type": "Ready", "status": "True", "lastHeartbeatTime": now, "lastTransitionTime": now,
                 "reason": "KubeletReady", "message": "kubelet is posting ready status"}],
            "addresses": [{"type": "InternalIP", "address": "10.0.0.%d" % (10 + index)},
                          {"type": "Hostname", "address": spec.name}],
            "nodeInfo": {"kubeletVersion": "v1.32.0", "kubeProxyVersion": "v1.32.0", "operatingSystem": "linux",
                         "architecture": "amd64", "containerRuntimeVersion": "containerd://1.7.24",
                         "osImage": "Debian GNU/Linux 12 (bookworm)", "kernelVersion": "6.1.0-28-amd64"},
        },
    }


def node_ip(node):
    for a in (node.get("status") or {}).get("addresses") or []:
        if a.get("type") == "InternalIP":
            return a.get("address")
    return "10.0.0.1"


# ---- scheduling predicates ------------------------------------------------------------------

def _expression_matches(expr, labels):
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
    labels = node["metadata"].get("labels") or {}
    fields = {"metadata.name": node["metadata"]["name"]}
    exprs, field_exprs = term.get("matchExpressions") or [], term.get("matchFields") or []
    if not exprs and not field_exprs:
        return False
    return all(_expression_matches(e, labels) for e in exprs) and all(
        _expression_matches(e, fields) for e in field_exprs)


def tolerates(tolerations, taint):
    for t in tolerations or []:
        if t.get("effect") and t.get("effect") != taint.get("effect"):
            continue
        op = t.get("operator") or "Equal"
        if op == "Exists":
            if not t.get("key") or t.get("key") == taint.get("key"):
                return True
        elif t.get("key") == taint.get("key") and (t.get("value") or "") == (taint.get("value") or ""):
            return True
    return False


def should_run(pod_spec, node):
    """NodeShouldRunDaemonPod: node name, nodeSelector, required node affinity, and
    NoSchedule/NoExecute taints that the pod must tolerate."""
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
    for taint in (node.get("spec") or {}).get("taints") or []:
        if taint.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(pod_spec.get("tolerations"), taint):
            return False
    return True


# ---- failures --------------------------------------------------------------------------------

@dataclass
class Failure:
    """Containers whose image matches `image` (fnmatch pattern), optionally only on
    `node`, fail in `mode`: "ImagePullBackOff", "CrashLoopBackOff", "NeverReady", or any
    other waiting reason ("CreateContainerConfigError", "InvalidImageName"), kept as is."""
    image: str
    mode: str
    node: str = None

    def applies(self, image, node):
        return fnmatch.fnmatchcase(image or "", self.image) and (self.node is None or self.node == node)


def failure_mode(failures, image, node):
    for f in failures:
        if f.applies(image, node):
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


def container_status(container, age, mode, started_at):
    """The containerStatus of a container `age` ticks after its pod was created."""
    image = container.get("image", "")
    base = {"name": container.get("name", ""), "image": image}
    waiting = None
    if age == 0:
        waiting = ("ContainerCreating", None)
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


def _image_id(image):
    import hashlib
    repo = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image.split("@")[0]
    return "%s@sha256:%s" % (repo, hashlib.sha256(image.encode()).hexdigest())


def _cid(container):
    import hashlib
    return "containerd://" + hashlib.sha256(repr(container.get("name")).encode()).hexdigest()


def pod_status(pod, age, failures, host_ip, pod_ip, old_status):
    spec = pod.get("spec") or {}
    node = spec.get("nodeName")
    now = rfc3339()
    old_status = old_status or {}
    started_at = old_status.get("startTime") or now
    statuses = [container_status(c, age, failure_mode(failures, c.get("image"), node), started_at)
                for c in spec.get("containers") or []]
    old_by_name = {c.get("name"): c for c in old_status.get("containerStatuses") or []}
    for s in statuses:  # keep the start time of a container that keeps running
        old = old_by_name.get(s["name"], {})
        if "running" in s["state"] and "running" in (old.get("state") or {}):
            s["state"]["running"]["startedAt"] = old["state"]["running"]["startedAt"]
    all_ready = bool(statuses) and all(s["ready"] for s in statuses)
    running = any("running" in s["state"] or s["restartCount"] for s in statuses)
    unready = [s["name"] for s in statuses if not s["ready"]]
    old_conditions = old_status.get("conditions") or []
    msg = "containers with unready status: [%s]" % " ".join(unready)
    status = {
        "phase": "Running" if running else "Pending",
        "conditions": [
            _condition("PodReadyToStartContainers", age > 0, old_conditions, now),
            _condition("Initialized", True, old_conditions, now),
            _condition("Ready", all_ready, old_conditions, now, "ContainersNotReady", msg),
            _condition("ContainersReady", all_ready, old_conditions, now, "ContainersNotReady", msg),
            _condition("PodScheduled", True, old_conditions, now),
        ],
        "hostIP": host_ip, "hostIPs": [{"ip": host_ip}],
    }
    if age > 0:
        status["podIP"], status["podIPs"] = pod_ip, [{"ip": pod_ip}]
    status["startTime"] = started_at
    status["containerStatuses"] = statuses
    status["qosClass"] = "BestEffort" if not any((c.get("resources") or {}) for c in spec.get("containers") or []) \
        else "Burstable"
    return status


def is_ready(pod):
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False
