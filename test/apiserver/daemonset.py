"""One sync of the DaemonSet controller (pkg/controller/daemon): create a pod on each
node that should run one, delete pods where none should run, replace old-revision pods
as the RollingUpdate strategy allows (maxUnavailable, or maxSurge), and compute the
status. OnDelete replaces nothing: deleted pods come back from the current template."""
import copy
import json
import math

from . import resources, strategy
from .kubelet import should_run

POD = resources.by_kind("v1", "Pod")
NODE = resources.by_kind("v1", "Node")
DAEMONSET = resources.by_kind("apps/v1", "DaemonSet")
HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"

# Tolerations the DaemonSet controller adds to every pod (util.AddOrUpdateDaemonPodTolerations).
DAEMON_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]


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


def owned_pods(store, ds):
    uid = ds["metadata"]["uid"]
    return [p for p in store.list(POD, ds["metadata"]["namespace"])
            if any(r.get("uid") == uid and r.get("controller") for r in p["metadata"].get("ownerReferences") or [])]


def pods_by_node(pods, order=None):
    """node name -> pods on it, oldest first (order: the sort key of a pod)."""
    out = {}
    key = order or (lambda p: (p["metadata"].get("creationTimestamp", ""), p["metadata"]["name"]))
    for p in sorted(pods, key=key):
        if p["metadata"].get("deletionTimestamp"):
            continue
        out.setdefault((p.get("spec") or {}).get("nodeName", ""), []).append(p)
    return out


def is_updated(pod, hash_, template_generation):
    labels = pod["metadata"].get("labels") or {}
    return labels.get("controller-revision-hash") == hash_ or (
        template_generation is not None and labels.get("pod-template-generation") == template_generation
        and "controller-revision-hash" not in labels)


def new_pod(ds, node, hash_, template_generation, suffix):
    template = copy.deepcopy((ds.get("spec") or {}).get("template") or {})
    tmeta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    name = ds["metadata"]["name"]
    labels = dict(tmeta.get("labels") or {})
    labels["controller-revision-hash"] = hash_
    labels["pod-template-generation"] = template_generation
    meta = {"generateName": name + "-", "name": "%s-%s" % (name, suffix), "namespace": ds["metadata"]["namespace"],
            "labels": labels}
    if tmeta.get("annotations"):
        meta["annotations"] = dict(tmeta["annotations"])
    meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": name,
                                "uid": ds["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}]
    affinity = spec.setdefault("affinity", {})
    affinity["nodeAffinity"] = dict(affinity.get("nodeAffinity") or {}, requiredDuringSchedulingIgnoredDuringExecution={
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                                                "values": [node["metadata"]["name"]]}]}]})
    tolerations = list(spec.get("tolerations") or [])
    for t in DAEMON_TOLERATIONS:
        if not any(x.get("key") == t["key"] and x.get("effect") == t["effect"] for x in tolerations):
            tolerations.append(dict(t))
    spec["tolerations"] = tolerations
    spec.setdefault("serviceAccountName", "default")
    spec["serviceAccount"] = spec["serviceAccountName"]
    spec["nodeName"] = node["metadata"]["name"]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def rolling_update(ds, node_pods, nodes, hash_, tgen, desired, available):
    """(old pods to delete, node names to create a surge pod on), after
    dsc.rollingUpdate. node_pods maps node name -> pods (oldest first)."""
    ru = ((ds.get("spec") or {}).get("updateStrategy") or {}).get("rollingUpdate") or {}
    max_surge = scaled(ru.get("maxSurge"), desired)
    max_unavailable = scaled(ru.get("maxUnavailable", 1), desired)
    if desired > 0 and max_unavailable == 0 and max_surge == 0:
        max_unavailable = 1
    to_delete, to_create = [], []
    node_names = sorted(node_pods)

    def split(pods):
        new = [p for p in pods if is_updated(p, hash_, tgen)]
        old = [p for p in pods if not is_updated(p, hash_, tgen)]
        if len(new) > 1 or len(old) > 1:
            return None, None, False
        return (new[0] if new else None), (old[0] if old else None), True

    if max_surge == 0:
        unavailable, allowed, candidates = 0, [], []
        for name in node_names:
            new, old, ok = split(node_pods[name])
            if not ok or (new is None) == (old is None):
                unavailable += 1
            elif new is not None:
                if not available(new):
                    unavailable += 1
            elif not available(old):
                allowed.append(old)
            elif unavailable < max_unavailable:
                candidates.append(old)
        remaining = max(0, min(max_unavailable - unavailable, len(candidates)))
        return allowed + candidates[:remaining], []

    surge, allowed_nodes, candidate_nodes, num_available = 0, [], [], 0
    for name in node_names:
        new, old, ok = split(node_pods[name])
        if not ok:
            surge += 1
            continue
        if old is not None and available(old) or old is None and new is not None and available(new):
            num_available += 1
        node = nodes.get(name)
        runs = node is not None and should_run(((ds.get("spec") or {}).get("template") or {}).get("spec") or {},
                                               node)
        if old is None:
            continue
        if new is None:
            if not available(old):
                if not runs:
                    to_delete.append(old)
                    continue
                allowed_nodes.append(name)
            elif runs and surge < max_surge:
                candidate_nodes.append(name)
        elif not available(new):
            surge += 1
        else:
            to_delete.append(old)
    remaining = max(0, min(max_surge - surge, len(candidate_nodes)))
    return to_delete, allowed_nodes + candidate_nodes[:remaining]


def compute_status(ds, nodes, node_pods, hash_, tgen, available, observed_generation):
    desired = current = ready = avail = updated = misscheduled = 0
    tspec = ((ds.get("spec") or {}).get("template") or {}).get("spec") or {}
    from .kubelet import is_ready
    for name, node in sorted(nodes.items()):
        pods = node_pods.get(name) or []
        if should_run(tspec, node):
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
