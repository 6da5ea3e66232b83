"""What kube-apiserver does to an object between decoding and storage: drop what Go's
`omitempty` drops, fill the defaults of the versioned types (SetDefaults_*), reset status
and count generations (the registry strategies), and write keys in Go struct order."""
import copy
import uuid

from . import schema

# ---- omitempty --------------------------------------------------------------------------

def normalize(obj, kind):
    """Removes null values, empty lists and empty maps (map[string]X) the way a round trip
    through the Go types does."""

    def walk(value, t):
        if isinstance(value, dict):
            for k in list(value.keys()):
                v = value[k]
                ct = schema.child(t, k)
                # Go's zero metav1.Time/MicroTime structs are written as null, not left out.
                if v is None and k not in ("creationTimestamp", "eventTime", "lastProbeTime"):
                    del value[k]
                    continue
                walk(v, ct)
                if isinstance(v, list) and not v and k not in ("containers", "finalizers", "rules"):
                    del value[k]
                elif isinstance(v, dict) and not v and _is_map(ct):
                    del value[k]
        elif isinstance(value, list):
            typ = schema.element(t) if schema.list_kind(t, value) == "listmap" else None
            for item in value:
                walk(item, typ)

    walk(obj, schema.root(kind))
    return obj


def _is_map(t):
    t = schema.resolve(t)
    return isinstance(t, tuple) and t[0] == "map"


# ---- defaults ---------------------------------------------------------------------------

def _default(d, key, value):
    if d.get(key) is None:
        d[key] = copy.deepcopy(value)


def _image_pull_policy(image):
    if "@" in (image or ""):
        return "IfNotPresent"
    last = (image or "").rsplit("/", 1)[-1]
    tag = last.rsplit(":", 1)[1] if ":" in last else ""
    return "Always" if tag in ("", "latest") else "IfNotPresent"


def _probe_defaults(probe):
    if not isinstance(probe, dict):
        return
    for k, v in (("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)):
        _default(probe, k, v)
    if isinstance(probe.get("httpGet"), dict):
        _default(probe["httpGet"], "scheme", "HTTP")


def _container_defaults(c):
    if not isinstance(c, dict):
        return
    _default(c, "resources", {})
    _default(c, "terminationMessagePath", "/dev/termination-log")
    _default(c, "terminationMessagePolicy", "File")
    if c.get("image") is not None:
        _default(c, "imagePullPolicy", _image_pull_policy(c.get("image")))
    for p in c.get("ports") or []:
        if isinstance(p, dict):
            _default(p, "protocol", "TCP")
    for e in c.get("env") or []:
        ref = ((e or {}).get("valueFrom") or {}).get("fieldRef") if isinstance(e, dict) else None
        if isinstance(ref, dict):
            _default(ref, "apiVersion", "v1")
    for name in ("livenessProbe", "readinessProbe", "startupProbe"):
        _probe_defaults(c.get(name))


def pod_spec_defaults(spec):
    if not isinstance(spec, dict):
        return
    _default(spec, "restartPolicy", "Always")
    _default(spec, "terminationGracePeriodSeconds", 30)
    _default(spec, "dnsPolicy", "ClusterFirst")
    _default(spec, "securityContext", {})
    _default(spec, "schedulerName", "default-scheduler")
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        _container_defaults(c)
    for v in spec.get("volumes") or []:
        if not isinstance(v, dict):
            continue
        for src in ("configMap", "secret"):
            if isinstance(v.get(src), dict):
                _default(v[src], "defaultMode", 420)
        if isinstance(v.get("hostPath"), dict):
            _default(v["hostPath"], "type", "")


def defaults(obj):
    kind = obj.get("kind")
    meta = obj.setdefault("metadata", {})
    if kind == "DaemonSet":
        spec = obj.setdefault("spec", {})
        template = spec.setdefault("template", {})
        tmeta = template.setdefault("metadata", {})
        tmeta.setdefault("creationTimestamp", None)
        if not meta.get("labels") and tmeta.get("labels"):
            meta["labels"] = copy.deepcopy(tmeta["labels"])
        pod_spec_defaults(template.setdefault("spec", {}))
        strategy = spec.setdefault("updateStrategy", {})
        _default(strategy, "type", "RollingUpdate")
        if strategy["type"] == "RollingUpdate":
            ru = strategy.setdefault("rollingUpdate", {})
            _default(ru, "maxUnavailable", 1)
            _default(ru, "maxSurge", 0)
        _default(spec, "revisionHistoryLimit", 10)
    elif kind == "Pod":
        spec = obj.setdefault("spec", {})
        pod_spec_defaults(spec)
        _default(spec, "enableServiceLinks", True)
        # priority and preemptionPolicy are set by the Priority admission plugin
    elif kind == "Secret":
        _default(obj, "type", "Opaque")
    elif kind == "PriorityClass":
        # pkg/apis/scheduling/v1/defaults.go: SetDefaults_PriorityClass
        _default(obj, "preemptionPolicy", "PreemptLowerPriority")
    elif kind == "Namespace":
        meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta.get("name", "")
        obj.setdefault("spec", {}).setdefault("finalizers", ["kubernetes"])
        obj.setdefault("status", {}).setdefault("phase", "Active")
    return obj


# ---- strategies --------------------------------------------------------------------------

TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"


def prepare_create(obj, now, revision):
    meta = obj.setdefault("metadata", {})
    for k in ("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"):
        meta.pop(k, None)
    meta["uid"] = str(uuid.uuid4())
    meta["creationTimestamp"] = now
    meta["resourceVersion"] = str(revision)
    kind = obj.get("kind")
    if kind == "DaemonSet":
        meta["generation"] = 1
        meta.setdefault("annotations", {})[TEMPLATE_GENERATION] = "1"
        obj["status"] = {"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0,
                         "numberReady": 0}
    elif kind == "Pod" and "status" not in obj:
        obj["status"] = {"phase": "Pending", "qosClass": "BestEffort"}
    elif kind == "PriorityClass":
        meta["generation"] = 1  # pkg/registry/scheduling/priorityclass/strategy.go: PrepareForCreate
    elif kind == "ResourceQuota":
        meta.pop("generation", None)
        obj.pop("status", None)  # pkg/registry/core/resourcequota/strategy.go: status is the controller's
    else:
        meta.pop("generation", None)
    return obj


def prepare_update(obj, old, keep_status=True):
    """Carries what clients cannot change over from the stored object and counts the
    DaemonSet's generations."""
    meta, old_meta = obj.setdefault("metadata", {}), old.get("metadata", {})
    for k in ("uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"):
        if k in old_meta:
            meta[k] = old_meta[k]
        else:
            meta.pop(k, None)
    kind = obj.get("kind")
    if kind in ("DaemonSet", "Pod", "Node", "Namespace", "ResourceQuota") and keep_status:
        if "status" in old:
            obj["status"] = copy.deepcopy(old["status"])
        else:
            obj.pop("status", None)
    if kind == "DaemonSet":
        annotations = meta.setdefault("annotations", {})
        template_generation = (old_meta.get("annotations") or {}).get(TEMPLATE_GENERATION, "1")
        if obj.get("spec") != old.get("spec"):
            meta["generation"] = old_meta.get("generation", 1) + 1
            if (obj.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template"):
                template_generation = str(int(template_generation) + 1)
        annotations[TEMPLATE_GENERATION] = template_generation
    return obj


# ---- key order ----------------------------------------------------------------------------

_TOP = ["kind", "apiVersion", "metadata", "spec", "type", "immutable", "data", "stringData", "binaryData",
        "secrets", "imagePullSecrets", "automountServiceAccountToken", "rules", "aggregationRule",
        "subjects", "roleRef", "status"]
# Kinds whose fields are not in _TOP's order (k8s.io/api/core/v1 types.go, scheduling/v1).
_TOP_BY_KIND = {
    "Event": ["kind", "apiVersion", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp",
              "lastTimestamp", "count", "type", "eventTime", "series", "action", "related", "reportingComponent",
              "reportingInstance"],
    "PriorityClass": ["kind", "apiVersion", "metadata", "value", "globalDefault", "description", "preemptionPolicy"],
}
_META = ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
         "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
         "ownerReferences", "finalizers", "managedFields"]


def _ordered(d, order):
    out = {k: d[k] for k in order if k in d}
    for k, v in d.items():
        if k not in out:
            out[k] = v
    return out


def ordered(obj):
    """The object with top-level and metadata keys in Go struct order."""
    out = _ordered(obj, _TOP_BY_KIND.get(obj.get("kind"), _TOP))
    if isinstance(out.get("metadata"), dict):
        out["metadata"] = _ordered(out["metadata"], _META)
    return out
