"""The resource types the server serves, and the discovery documents that describe them
(legacy /api, /apis and group-version lists, and aggregated discovery v2)."""
from dataclasses import dataclass, field

ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
READ_VERBS = ["get", "list", "watch"]


@dataclass(frozen=True)
class ResourceType:
    group: str
    version: str
    kind: str
    plural: str
    singular: str
    namespaced: bool
    short_names: tuple = ()
    categories: tuple = ()
    verbs: tuple = tuple(ALL_VERBS)
    subresources: tuple = ()  # ("status",)
    storage_version_hash: str = field(default="", compare=False)

    @property
    def api_version(self):
        return self.group + "/" + self.version if self.group else self.version

    @property
    def group_version_prefix(self):
        return "/apis/%s/%s" % (self.group, self.version) if self.group else "/api/v1"

    def path(self, namespace, name=None):
        base = self.group_version_prefix
        if self.namespaced and namespace:
            base += "/namespaces/" + namespace
        base += "/" + self.plural
        return base + "/" + name if name else base


RESOURCE_TYPES = [
    ResourceType("", "v1", "Namespace", "namespaces", "namespace", False, ("ns",), (),
                 ("create", "delete", "get", "list", "patch", "update", "watch"), ("finalize", "status")),
    ResourceType("", "v1", "Node", "nodes", "node", False, ("no",), (), tuple(ALL_VERBS), ("proxy", "status")),
    ResourceType("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", True, ("sa",)),
    ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", True, ("cm",)),
    ResourceType("", "v1", "Secret", "secrets", "secret", True),
    ResourceType("", "v1", "Pod", "pods", "pod", True, ("po",), ("all",), tuple(ALL_VERBS), ("status",)),
    ResourceType("apps", "v1", "DaemonSet", "daemonsets", "daemonset", True, ("ds",), ("all",),
                 tuple(ALL_VERBS), ("status",)),
    # Stored only (no Deployment controller): e2e tests put another team's workload in a
    # namespace to show that planton-ds delete leaves it, and that the namespace
    # controller below would take it with the namespace.
    ResourceType("apps", "v1", "Deployment", "deployments", "deployment", True, ("deploy",), ("all",),
                 tuple(ALL_VERBS), ("status",)),
    ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", False),
    ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings",
                 "clusterrolebinding", False),
    ResourceType("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", True),
    ResourceType("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", True),
    # core/v1 events, as the DaemonSet controller's event recorder writes them
    # (client-go tools/record with CoreV1().Events("")); events.k8s.io/v1 is not served.
    ResourceType("", "v1", "Event", "events", "event", True, ("ev",)),
    ResourceType("", "v1", "ResourceQuota", "resourcequotas", "resourcequota", True, ("quota",), (),
                 tuple(ALL_VERBS), ("status",)),
    ResourceType("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", "priorityclass", False, ("pc",)),
]

GROUP_VERSIONS = [("", "v1"), ("apps", "v1"), ("rbac.authorization.k8s.io", "v1"), ("scheduling.k8s.io", "v1")]

_BY_PLURAL = {(r.group, r.version, r.plural): r for r in RESOURCE_TYPES}
_BY_KIND = {(r.api_version, r.kind): r for r in RESOURCE_TYPES}


def by_plural(group, version, plural):
    return _BY_PLURAL.get((group, version, plural))


def by_kind(api_version, kind):
    return _BY_KIND.get((api_version, kind))


def types_in(group, version):
    return [r for r in RESOURCE_TYPES if r.group == group and r.version == version]


# ---- legacy discovery -------------------------------------------------------------------

def api_versions(server_address):
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]}


def api_group_list():
    groups = []
    for group, version in GROUP_VERSIONS:
        if not group:
            continue
        gv = {"groupVersion": group + "/" + version, "version": version}
        groups.append({"name": group, "versions": [gv], "preferredVersion": gv})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def api_group(group):
    for g, version in GROUP_VERSIONS:
        if g == group and g:
            gv = {"groupVersion": group + "/" + version, "version": version}
            return {"kind": "APIGroup", "apiVersion": "v1", "name": group, "versions": [gv], "preferredVersion": gv}
    return None


def api_resource_list(group, version):
    types = types_in(group, version)
    if not types:
        return None
    resources = []
    for r in types:
        entry = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
                 "verbs": list(r.verbs)}
        if r.short_names:
            entry["shortNames"] = list(r.short_names)
        if r.categories:
            entry["categories"] = list(r.categories)
        resources.append(entry)
        for sub in r.subresources:
            verbs = ["get", "patch", "update"] if sub == "status" else ["update"] if sub == "finalize" else ["get"]
            resources.append({"name": r.plural + "/" + sub, "singularName": "", "namespaced": r.namespaced,
                              "kind": r.kind, "verbs": verbs})
    gv = group + "/" + version if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources}


# ---- aggregated discovery (apidiscovery.k8s.io/v2) -----------------------------------------

AGGREGATED_CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


def _aggregated_resource(r):
    entry = {"resource": r.plural,
             "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
             "scope": "Namespaced" if r.namespaced else "Cluster",
             "singularResource": r.singular, "verbs": list(r.verbs)}
    if r.short_names:
        entry["shortNames"] = list(r.short_names)
    if r.categories:
        entry["categories"] = list(r.categories)
    subs = []
    for sub in r.subresources:
        verbs = ["get", "patch", "update"] if sub == "status" else ["update"] if sub == "finalize" else ["get"]
        subs.append({"subresource": sub, "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
                     "verbs": verbs})
    if subs:
        entry["subresources"] = subs
    return entry


def aggregated_discovery(core):
    """The APIGroupDiscoveryList of /api (core=True) or /apis (core=False)."""
    items = []
    for group, version in GROUP_VERSIONS:
        if bool(group) == core:
            continue
        meta = {"name": group} if group else {"creationTimestamp": None}
        items.append({"metadata": meta, "versions": [{
            "version": version,
            "resources": [_aggregated_resource(r) for r in types_in(group, version)],
            "freshness": "Current"}]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {},
            "items": items}
