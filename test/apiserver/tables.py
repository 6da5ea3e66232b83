"""Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for
(Accept: application/json;as=Table;v=v1;g=meta.k8s.io), with the columns of
kube-apiserver's printers for the served kinds."""
import datetime

_DESC = "Name must be unique within a namespace."


def human_duration(seconds):
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return "%ds" % s
    minutes = s // 60
    if minutes < 10:
        return "%dm%ds" % (minutes, s % 60) if s % 60 else "%dm" % minutes
    if minutes < 180:
        return "%dm" % minutes
    hours = s // 3600
    if hours < 8:
        return "%dh%dm" % (hours, minutes % 60) if minutes % 60 else "%dh" % hours
    if hours < 48:
        return "%dh" % hours
    days = hours // 24
    if hours < 24 * 8:
        return "%dd%dh" % (days, hours % 24) if hours % 24 else "%dd" % days
    if days < 365 * 2:
        return "%dd" % days
    return "%dy" % (days // 365)


def age(obj):
    ts = obj.get("metadata", {}).get("creationTimestamp")
    if not ts:
        return "<unknown>"
    created = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return human_duration((datetime.datetime.now(datetime.timezone.utc) - created).total_seconds())


def _col(name, typ="string", priority=0, fmt="", desc=""):
    return {"name": name, "type": typ, "format": fmt, "description": desc or name, "priority": priority}


def _pod_cells(pod):
    """printPod (pkg/printers/internalversion/printers.go): the reason column, with the
    init containers' state while the pod initializes (Init:N/M, Init:<reason>)."""
    status = pod.get("status") or {}
    statuses = status.get("containerStatuses") or []
    spec = pod.get("spec") or {}
    total = len(spec.get("containers") or [])
    ready = sum(1 for c in statuses if c.get("ready"))
    restarts = 0
    reason = status.get("reason") or status.get("phase", "Pending")
    initializing = False
    inits = status.get("initContainerStatuses") or []
    for i, c in enumerate(inits):
        restarts += c.get("restartCount", 0)
        state = c.get("state") or {}
        terminated, waiting = state.get("terminated"), state.get("waiting")
        if terminated and terminated.get("exitCode") == 0:
            continue
        if terminated:
            reason = "Init:" + terminated["reason"] if terminated.get("reason") else \
                "Init:ExitCode:%d" % terminated.get("exitCode", 0)
        elif waiting and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = "Init:%d/%d" % (i, len(spec.get("initContainers") or []))
        initializing = True
        break
    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True"
                      for c in status.get("conditions") or [])
    if not initializing or initialized:
        restarts = 0
        has_running = False
        for c in reversed(statuses):
            restarts += c.get("restartCount", 0)
            state = c.get("state") or {}
            if (state.get("waiting") or {}).get("reason"):
                reason = state["waiting"]["reason"]
            elif (state.get("terminated") or {}).get("reason"):
                reason = state["terminated"]["reason"]
            elif state.get("running") and c.get("ready"):
                has_running = True
        if reason == "Completed" and has_running:
            reason = "Running"
    if pod["metadata"].get("deletionTimestamp"):
        reason = "Terminating"
    return ["%d/%d" % (ready, total), reason, str(restarts), age(pod), status.get("podIP", "<none>"),
            spec.get("nodeName", "<none>"), "<none>", "<none>"]


def _ds_cells(ds):
    st, spec = ds.get("status") or {}, ds.get("spec") or {}
    tspec = (spec.get("template") or {}).get("spec") or {}
    containers = tspec.get("containers") or []
    selector = ",".join("%s=%s" % kv for kv in sorted(((spec.get("selector") or {}).get("matchLabels") or {}).items()))
    node_selector = ",".join("%s=%s" % kv for kv in sorted((tspec.get("nodeSelector") or {}).items())) or "<none>"
    return [st.get("desiredNumberScheduled", 0), st.get("currentNumberScheduled", 0), st.get("numberReady", 0),
            st.get("updatedNumberScheduled", 0), st.get("numberAvailable", 0), node_selector, age(ds),
            ",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers),
            selector or "<none>"]


def _node_cells(node):
    ready = "Unknown"
    for c in (node.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            ready = "Ready" if c.get("status") == "True" else "NotReady"
    if (node.get("spec") or {}).get("unschedulable"):
        ready += ",SchedulingDisabled"
    roles = sorted(k.split("/", 1)[1] for k in (node["metadata"].get("labels") or {})
                   if k.startswith("node-role.kubernetes.io/"))
    info = (node.get("status") or {}).get("nodeInfo") or {}
    return [ready, ",".join(roles) or "<none>", age(node), info.get("kubeletVersion", "")]


def _binding_cells(b):
    ref = b.get("roleRef") or {}
    subjects = b.get("subjects") or []

    def names(kind):
        return ",".join((s.get("namespace") + "/" if kind == "ServiceAccount" and s.get("namespace") else "")
                        + s.get("name", "") for s in subjects if s.get("kind") == kind)

    return ["%s/%s" % (ref.get("kind", ""), ref.get("name", "")), age(b), names("User"), names("Group"),
            names("ServiceAccount")]


def _since(ts):
    if not ts:
        return "<unknown>"
    t = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return human_duration((datetime.datetime.now(datetime.timezone.utc) - t).total_seconds())


def _event_cells(e):
    """printEvent: last seen, type, reason, object (kind/name lower-cased kind), subobject,
    source, message, first seen, count, name."""
    source = e.get("source") or {}
    src = source.get("component") or e.get("reportingComponent") or ""
    if source.get("host"):
        src += ", " + source["host"]
    obj = e.get("involvedObject") or {}
    return [_since(e.get("lastTimestamp")), e.get("type", ""), e.get("reason", ""),
            "%s/%s" % ((obj.get("kind") or "").lower(), obj.get("name", "")), obj.get("fieldPath", ""), src,
            (e.get("message") or "").strip(), _since(e.get("firstTimestamp")), e.get("count", 0),
            e["metadata"]["name"]]


def _quota_cells(q):
    """printResourceQuota: `resource: used/hard` per resource, the limits.* ones apart."""
    status = q.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    request, limit = [], []
    for r in sorted(hard):
        (limit if r.startswith("limits.") else request).append("%s: %s/%s" % (r, used.get(r, "0"), hard[r]))
    return [age(q), ", ".join(request), ", ".join(limit)]


# Kinds whose table does not start with the name column.
NO_NAME_COLUMN = {"Event"}

PRINTERS = {
    "Event": ([_col("Last Seen"), _col("Type"), _col("Reason"), _col("Object"), _col("Subobject", priority=1),
               _col("Source", priority=1), _col("Message"), _col("First Seen", priority=1),
               _col("Count", priority=1), _col("Name", priority=1, fmt="name")], _event_cells),
    "PriorityClass": ([_col("Value", "integer"), _col("Global-Default", "boolean"), _col("Age"),
                       _col("PreemptionPolicy")],
                      lambda o: [o.get("value", 0), bool(o.get("globalDefault")), age(o),
                                 o.get("preemptionPolicy", "")]),
    "ResourceQuota": ([_col("Age"), _col("Request"), _col("Limit")], _quota_cells),
    "DaemonSet": ([_col("Desired", "integer"), _col("Current", "integer"), _col("Ready", "integer"),
                   _col("Up-to-date", "integer"), _col("Available", "integer"), _col("Node Selector"),
                   _col("Age"), _col("Containers", priority=1), _col("Images", priority=1),
                   _col("Selector", priority=1)], _ds_cells),
    "Pod": ([_col("Ready"), _col("Status"), _col("Restarts"), _col("Age"), _col("IP", priority=1),
             _col("Node", priority=1), _col("Nominated Node", priority=1), _col("Readiness Gates", priority=1)],
            _pod_cells),
    "Node": ([_col("Status"), _col("Roles"), _col("Age"), _col("Version")], _node_cells),
    "Namespace": ([_col("Status"), _col("Age")],
                  lambda o: [(o.get("status") or {}).get("phase", "Active"), age(o)]),
    "ConfigMap": ([_col("Data", "integer"), _col("Age")],
                  lambda o: [len(o.get("data") or {}) + len(o.get("binaryData") or {}), age(o)]),
    "Secret": ([_col("Type"), _col("Data", "integer"), _col("Age")],
               lambda o: [o.get("type", "Opaque"), len(o.get("data") or {}), age(o)]),
    "ServiceAccount": ([_col("Secrets", "integer"), _col("Age")], lambda o: [len(o.get("secrets") or []), age(o)]),
    "ClusterRole": ([_col("Created At", fmt="date")], lambda o: [o["metadata"].get("creationTimestamp")]),
    "Role": ([_col("Created At", fmt="date")], lambda o: [o["metadata"].get("creationTimestamp")]),
    "ClusterRoleBinding": ([_col("Role"), _col("Age"), _col("Users", priority=1), _col("Groups", priority=1),
                            _col("ServiceAccounts", priority=1)], _binding_cells),
    "RoleBinding": ([_col("Role"), _col("Age"), _col("Users", priority=1), _col("Groups", priority=1),
                     _col("ServiceAccounts", priority=1)], _binding_cells),
}


def wants_table(accept):
    return "as=Table" in (accept or "")


def table(kind, objects, revision, include_object="Metadata"):
    columns, cells = PRINTERS.get(kind, ([_col("Age")], lambda o: [age(o)]))
    rows = []
    for o in objects:
        row = {"cells": ([] if kind in NO_NAME_COLUMN else [o["metadata"]["name"]]) + cells(o)}
        if include_object == "Object":
            row["object"] = o
        elif include_object != "None":
            row["object"] = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                             "metadata": o["metadata"]}
        rows.append(row)
    meta = {"resourceVersion": str(revision)} if revision is not None else {}
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta,
            "columnDefinitions": ([] if kind in NO_NAME_COLUMN else [_col("Name", fmt="name", desc=_DESC)]) + columns,
            "rows": rows}
