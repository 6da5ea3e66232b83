"""What server-side apply needs to know about the structure of the served kinds: which
lists are maps keyed by which fields (x-kubernetes-list-type: map, or the patch merge
key), which are sets, and which lists and structs are atomic. Taken from the upstream
OpenAPI extensions of Kubernetes 1.32; a field not listed here is treated the way
structured-merge-diff treats an untyped value: maps are granular, lists atomic.

Type notation: a dict is a struct (field -> type), a str names a type in TYPES,
ATOMIC is a leaf, SET a list of scalars merged by value, ("listmap", keys, element type,
key defaults) a list merged by keys, ("map", element type) a map[string]X, None unknown.
"""

ATOMIC = ("atomic",)
SET = ("set",)


def listmap(keys, element=None, defaults=None):
    return ("listmap", tuple(keys), element, defaults or {})


def strmap(element=None):
    return ("map", element)


_PROBE = {"exec": {"command": ATOMIC}, "httpGet": {"httpHeaders": ATOMIC}}
_AFFINITY_TERMS = {"requiredDuringSchedulingIgnoredDuringExecution": ATOMIC,
                   "preferredDuringSchedulingIgnoredDuringExecution": ATOMIC}

TYPES = {
    "ObjectMeta": {"labels": strmap(), "annotations": strmap(), "ownerReferences": listmap(["uid"]),
                   "finalizers": SET, "managedFields": ATOMIC},
    "PodTemplateSpec": {"metadata": "ObjectMeta", "spec": "PodSpec"},
    "PodSpec": {
        "containers": listmap(["name"], "Container"),
        "initContainers": listmap(["name"], "Container"),
        "ephemeralContainers": listmap(["name"], "Container"),
        "volumes": listmap(["name"], "Volume"),
        "imagePullSecrets": listmap(["name"]),
        "tolerations": ATOMIC,
        "hostAliases": listmap(["ip"], {"hostnames": ATOMIC}),
        "topologySpreadConstraints": listmap(["topologyKey", "whenUnsatisfiable"],
                                             {"labelSelector": ATOMIC, "matchLabelKeys": ATOMIC}),
        "readinessGates": ATOMIC,
        "nodeSelector": strmap(),
        "overhead": strmap(),
        "affinity": {"nodeAffinity": _AFFINITY_TERMS, "podAffinity": _AFFINITY_TERMS,
                     "podAntiAffinity": _AFFINITY_TERMS},
        "securityContext": {"supplementalGroups": ATOMIC, "sysctls": ATOMIC},
        "dnsConfig": {"nameservers": ATOMIC, "searches": ATOMIC, "options": ATOMIC},
        "resourceClaims": listmap(["name"]),
        "schedulingGates": listmap(["name"]),
    },
    "Container": {
        "args": ATOMIC, "command": ATOMIC,
        "env": listmap(["name"], {"valueFrom": {"secretKeyRef": ATOMIC, "configMapKeyRef": ATOMIC,
                                                "fieldRef": ATOMIC, "resourceFieldRef": ATOMIC}}),
        "envFrom": ATOMIC,
        "ports": listmap(["containerPort", "protocol"], None, {"protocol": "TCP"}),
        "volumeMounts": listmap(["mountPath"]),
        "volumeDevices": listmap(["devicePath"]),
        "resizePolicy": ATOMIC,
        "resources": {"limits": strmap(), "requests": strmap(), "claims": listmap(["name"])},
        "securityContext": {"capabilities": {"add": ATOMIC, "drop": ATOMIC}},
        "livenessProbe": _PROBE, "readinessProbe": _PROBE, "startupProbe": _PROBE,
        "lifecycle": {"postStart": _PROBE, "preStop": _PROBE},
    },
    "Volume": {
        "configMap": {"items": ATOMIC}, "secret": {"items": ATOMIC},
        "projected": {"sources": ATOMIC}, "downwardAPI": {"items": ATOMIC},
    },
    "DaemonSetSpec": {"selector": ATOMIC, "template": "PodTemplateSpec"},
    "DaemonSetStatus": {"conditions": listmap(["type"])},
    "PodStatus": {"conditions": listmap(["type"]), "containerStatuses": ATOMIC,
                  "initContainerStatuses": ATOMIC, "ephemeralContainerStatuses": ATOMIC,
                  "podIPs": listmap(["ip"]), "hostIPs": listmap(["ip"])},
    "NodeSpec": {"taints": ATOMIC, "podCIDRs": SET},
    "NodeStatus": {"conditions": listmap(["type"]), "addresses": listmap(["type"]),
                   "capacity": strmap(), "allocatable": strmap(), "images": ATOMIC},
}

ROOTS = {
    "DaemonSet": {"metadata": "ObjectMeta", "spec": "DaemonSetSpec", "status": "DaemonSetStatus"},
    "Pod": {"metadata": "ObjectMeta", "spec": "PodSpec", "status": "PodStatus"},
    "Node": {"metadata": "ObjectMeta", "spec": "NodeSpec", "status": "NodeStatus"},
    "Namespace": {"metadata": "ObjectMeta", "spec": {"finalizers": ATOMIC}, "status": {"conditions": listmap(["type"])}},
    "ConfigMap": {"metadata": "ObjectMeta", "data": strmap(), "binaryData": strmap()},
    "Secret": {"metadata": "ObjectMeta", "data": strmap(), "stringData": strmap()},
    "ServiceAccount": {"metadata": "ObjectMeta", "secrets": listmap(["name"]), "imagePullSecrets": ATOMIC},
    "ClusterRole": {"metadata": "ObjectMeta", "rules": ATOMIC, "aggregationRule": {"clusterRoleSelectors": ATOMIC}},
    "Role": {"metadata": "ObjectMeta", "rules": ATOMIC},
    "ClusterRoleBinding": {"metadata": "ObjectMeta", "subjects": ATOMIC, "roleRef": ATOMIC},
    "RoleBinding": {"metadata": "ObjectMeta", "subjects": ATOMIC, "roleRef": ATOMIC},
    "Event": {"metadata": "ObjectMeta", "involvedObject": {}, "source": {}, "related": {}},
    "ResourceQuota": {"metadata": "ObjectMeta", "spec": {"hard": strmap(), "scopes": ATOMIC,
                                                         "scopeSelector": {"matchExpressions": ATOMIC}},
                      "status": {"hard": strmap(), "used": strmap()}},
    "PriorityClass": {"metadata": "ObjectMeta"},
}


# Go value (not pointer) structs: an empty object of the kind already has them, so an
# Update that fills them in does not own the struct itself (no "." in FieldsV1).
VALUE_STRUCTS = {"ObjectMeta", "PodTemplateSpec", "PodSpec", "DaemonSetSpec", "DaemonSetStatus", "PodStatus",
                 "NodeSpec", "NodeStatus"}


def root(kind):
    return ROOTS.get(kind, {"metadata": "ObjectMeta"})


def resolve(t):
    while isinstance(t, str):
        t = TYPES[t]
    return t


def child(t, name):
    """The type of field/key `name` inside struct or map type t."""
    t = resolve(t)
    if isinstance(t, dict):
        return t.get(name)
    if isinstance(t, tuple) and t[0] == "map":
        return t[1]
    return None


def list_kind(t, value):
    """"listmap", "set" or "atomic" for a list value of type t."""
    t = resolve(t)
    if isinstance(t, tuple) and t[0] in ("listmap", "set"):
        return t[0]
    return "atomic"


def is_atomic(t, value):
    t = resolve(t)
    if t == ATOMIC:
        return True
    if isinstance(value, list):
        return list_kind(t, value) == "atomic"
    return not isinstance(value, dict)


def element(t):
    t = resolve(t)
    return t[2] if isinstance(t, tuple) and t[0] == "listmap" else None


def item_key(t, item):
    """The key of a listmap item: a tuple of (field, value) sorted by field, with key
    defaults (ports' protocol: TCP) filled in as the server's schema defaults them."""
    t = resolve(t)
    keys, defaults = t[1], t[3]
    pairs = []
    for k in keys:
        if isinstance(item, dict) and k in item:
            pairs.append((k, item[k]))
        elif k in defaults:
            pairs.append((k, defaults[k]))
    return tuple(sorted(pairs))
