"""The pure parts of the DaemonSet controller (pkg/controller/daemon): which nodes should
run a daemon pod (daemon_controller.go: NodeShouldRunDaemonPod, predicates, NewPod with
util.AddOrUpdateDaemonPodTolerations), which pods to create and delete on each node
(podsShouldBeOnNode), the RollingUpdate strategy (update.go: rollingUpdate with
maxUnavailable or maxSurge) and the status (updateDaemonSetStatus)."""
import copy
import json
import math

from . import resources, strategy
from .kubelet import fits_node, is_ready, untolerated

POD = resources.by_kind("v1", "Pod")
NODE = resources.by_kind("v1", "Node")
DAEMONSET = resources.by_kind("apps/v1", "DaemonSet")
HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"

# pkg/controller/daemon/util/daemonset_util.go: AddOrUpdateDaemonPodTolerations
DAEMON_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]
HOST_NETWORK_TOLERATION = {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists",
                           "effect": "NoSchedule"}


def add_daemon_tolerations(spec):
    """The pod spec with the tolerations every daemon pod gets: each replaces a toleration
    with the same key, operator, value and effect (v1helper.AddOrUpdateTolerationInPodSpec,
    Toleration.MatchToleration), or is added."""
    wanted = list(DAEMON_TOLERATIONS)
    if spec.get("hostNetwork"):
        wanted.append(HOST_NETWORK_TOLERATION)
    tolerations = list(spec.get("tolerations") or [])
    for t in wanted:
        same = [i for i, x in enumerate(tolerations) if (x.get("key") or "") == t["key"]
                and (x.get("operator") or "") == t["operator"] and (x.get("value") or "") == ""
                and (x.get("effect") or "") == t["effect"]]
        if same:
            tolerations = [dict(t) if i in same else x for i, x in enumerate(tolerations)]
        else:
            tolerations.append(dict(t))
    spec["tolerations"] = tolerations
    return spec


def daemon_pod_spec(ds):
    """NewPod's spec: the template's spec with the daemon tolerations."""
    spec = copy.deepcopy(((ds.get("spec") or {}).get("template") or {}).get("spec") or {})
    return add_daemon_tolerations(spec)


def node_should_run(pod_spec, node):
    """NodeShouldRunDaemonPod: (shouldRun, shouldContinueRunning). The node must match the
    template's nodeName, nodeSelector and required node affinity; a NoSchedule or
    NoExecute taint the pod does not tolerate means it should not run there, and only an
    untolerated NoExecute taint evicts a pod already running."""
    if not fits_node(pod_spec, node):
        return False, False
    taints = (node.get("spec") or {}).get("taints") or []
    tolerations = pod_spec.get("tolerations")
    if untolerated(taints, tolerations, ("NoSchedule", "NoExecute")) is None:
        return True, True
    return False, untolerated(taints, tolerations, ("NoExecute",)) is None


def template_hash(template):
    """controller-revision-hash: FNV-1a of the template, spelled with the safe alphabet."""
    h = 0x811C9DC5
    for b in json.dumps(template, sort_keys=True, separators=(",", ":")).encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return "".join(HASH_ALPHABET[ord(c) % len(HASH_ALPHABET)] for c in str(h))


def scaled(value, total):
    """intstr.GetScaledValueFromIntOrPercent with roundUp=true."""
    if isinstance(value, str) and value.endswith("%"):
        try:
            return int(math.ceil(int(value[:-1]) * total / 100.0))
        except ValueError:
            return 0
    return int(value or 0)


def target_node(pod):
    """util.GetTargetNodeName: spec.nodeName, else the node the affinity pins it to."""
    spec = pod.get("spec") or {}
    if spec.get("nodeName"):
        return spec["nodeName"]
    required = ((spec.get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution") or {}
    for term in required.get("nodeSelectorTerms") or []:
        for e in term.get("matchFields") or []:
            if e.get("key") == "metadata.name" and e.get("operator") == "In" and len(e.get("values") or []) == 1:
                return e["values"][0]
    return None


def pods_by_node(pods, order=None):
    """node name -> pods on it, oldest first (order: the sort key of a pod)."""
    out = {}
    key = order or (lambda p: (p["metadata"].get("creationTimestamp", ""), p["metadata"]["name"]))
    for p in sorted(pods, key=key):
        node = target_node(p)
        if node is not None:
            out.setdefault(node, []).append(p)
    return out


def is_updated(pod, hash_, template_generation):
    labels = pod["metadata"].get("labels") or {}
    return labels.get("controller-revision-hash") == hash_ or (
        template_generation is not None and labels.get("pod-template-generation") == template_generation
        and "controller-revision-hash" not in labels)


def new_pod(ds, node_name, hash_, template_generation, pod_spec):
    """The pod the controller asks the API server to create (controller.GetPodFromTemplate
    with util.CreatePodTemplate): the template's labels plus the revision labels, the
    controller reference, the daemon tolerations and a required node affinity that pins
    it to the node (ReplaceDaemonSetPodNodeNameNodeAffinity); generateName, no name."""
    template = (ds.get("spec") or {}).get("template") or {}
    tmeta = template.get("metadata") or {}
    spec = copy.deepcopy(pod_spec)
    name = ds["metadata"]["name"]
    labels = dict(tmeta.get("labels") or {})
    labels["controller-revision-hash"] = hash_
    labels["pod-template-generation"] = template_generation
    meta = {"generateName": name + "-", "namespace": ds["metadata"]["namespace"], "labels": labels}
    if tmeta.get("annotations"):
        meta["annotations"] = dict(tmeta["annotations"])
    meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": name,
                                "uid": ds["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}]
    affinity = spec.setdefault("affinity", {})
    affinity["nodeAffinity"] = dict(affinity.get("nodeAffinity") or {}, requiredDuringSchedulingIgnoredDuringExecution={
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]})
    # The scheduler binds the pod to that node (the binding is not simulated).
    spec["nodeName"] = node_name
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def pods_on_node(ds, node_name, pods, should_run, should_continue, surge, hash_, available):
    """podsShouldBeOnNode: (create a pod on this node?, names of pods to delete)."""
    if should_run and not pods:
        return True, []
    delete = []
    if should_continue:
        running = [p for p in pods if (p.get("status") or {}).get("phase") not in ("Failed", "Succeeded")]
        delete += [p["metadata"]["name"] for p in pods if (p.get("status") or {}).get("phase") == "Succeeded"]
        if not surge:
            return False, delete + [p["metadata"]["name"] for p in running[1:]]
        if len(running) <= 1:
            return (not running and should_run), delete
        oldest_new = oldest_old = None
        for p in running:
            if (p["metadata"].get("labels") or {}).get("controller-revision-hash") == hash_:
                if oldest_new is None:
                    oldest_new = p
                    continue
            elif oldest_old is None:
                oldest_old = p
                continue
            delete.append(p["metadata"]["name"])
        if oldest_new is not None and oldest_old is not None:
            if not is_ready(oldest_old) or available(oldest_new):
                delete.append(oldest_old["metadata"]["name"])
        return False, delete
    return False, [p["metadata"]["name"] for p in pods]


def _split(pods, hash_, tgen):
    """findUpdatedPodsOnNode: (new pod, old pod, ok); not ok with two of either."""
    new = old = None
    for p in pods:
        if is_updated(p, hash_, tgen):
            if new is not None:
                return None, None, False
            new = p
        else:
            if old is not None:
                return None, None, False
            old = p
    return new, old, True


def rolling_update(ds, node_pods, placement, hash_, tgen, available):
    """(names of old pods to delete, node names to create a surge pod on), after
    update.go: rollingUpdate. node_pods maps node name -> pods (oldest first) for every
    node with pods and every node that should run one; placement maps node name ->
    (shouldRun, shouldContinueRunning)."""
    desired = sum(1 for n, (run, _) in placement.items() if run)
    ru = ((ds.get("spec") or {}).get("updateStrategy") or {}).get("rollingUpdate") or {}
    max_surge = scaled(ru.get("maxSurge"), desired)
    max_unavailable = scaled(ru.get("maxUnavailable"), desired)
    if desired > 0 and max_unavailable == 0 and max_surge == 0:
        max_unavailable = 1
    names = sorted(node_pods)

    if max_surge == 0:
        unavailable, allowed, candidates = 0, [], []
        for name in names:
            new, old, ok = _split(node_pods[name], hash_, tgen)
            if not ok or (new is None) == (old is None):
                unavailable += 1
            elif new is not None:
                if not available(new):
                    unavailable += 1
            elif not available(old):
                allowed.append(old["metadata"]["name"])
            elif unavailable < max_unavailable:
                candidates.append(old["metadata"]["name"])
        remaining = max(0, min(max_unavailable - unavailable, len(candidates)))
        return allowed + candidates[:remaining], []

    to_delete, should_not_run, candidates, allowed = [], [], [], []
    surge = num_available = 0
    for name in names:
        new, old, ok = _split(node_pods[name], hash_, tgen)
        if not ok:
            surge += 1
            continue
        if old is not None:
            num_available += 1 if available(old) else 0
        elif new is not None:
            num_available += 1 if available(new) else 0
        runs = placement.get(name, (False, False))[0]
        if old is None:
            continue
        if new is None:
            if not available(old):
                if not runs:
                    to_delete.append(old["metadata"]["name"])
                    continue
                allowed.append(name)
            else:
                if not runs:
                    should_not_run.append(old["metadata"]["name"])
                    continue
                if surge >= max_surge:
                    continue
                candidates.append(name)
        elif not available(new):
            surge += 1
        else:
            to_delete.append(old["metadata"]["name"])
    deletable = num_available - desired
    if deletable > 0:
        to_delete += should_not_run[:deletable]
    remaining = max(0, min(max_surge - surge, len(candidates)))
    return to_delete, allowed + candidates[:remaining]


def compute_status(ds, nodes, node_pods, placement, hash_, tgen, available, observed_generation):
    """updateDaemonSetStatus: the counts over the nodes, from the pods the controller
    knew of when its sync began; the oldest pod of a node counts."""
    desired = current = ready = avail = updated = misscheduled = 0
    for name in nodes:
        pods = node_pods.get(name) or []
        if placement[name][0]:
            desired += 1
            if not pods:
                continue
            current += 1
            pod = pods[0]
            if is_ready(pod):
                ready += 1
                if available(pod):
                    avail += 1
            if is_updated(pod, hash_, tgen):
                updated += 1
        elif pods:
            misscheduled += 1
    status = {"currentNumberScheduled": current, "numberMisscheduled": misscheduled,
              "desiredNumberScheduled": desired, "numberReady": ready}
    # omitempty fields of DaemonSetStatus
    for key, value in (("observedGeneration", observed_generation), ("updatedNumberScheduled", updated),
                       ("numberAvailable", avail), ("numberUnavailable", desired - avail)):
        if value:
            status[key] = value
    for key in ("collisionCount", "conditions"):
        if key in (ds.get("status") or {}):
            status[key] = ds["status"][key]
    return status


def template_generation(ds):
    return (ds["metadata"].get("annotations") or {}).get(strategy.TEMPLATE_GENERATION) or str(
        ds["metadata"].get("generation", 1))
