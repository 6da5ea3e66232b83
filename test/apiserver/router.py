"""From an authenticated HTTP request to a response: the request info (verb, resource,
namespace, name, subresource) as kube-apiserver derives it, authorization, discovery and
non-resource endpoints, and dispatch to the Registry."""
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from . import auth, errors, resources, tables
from .selection import parse_field_selector, parse_label_selector

VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53",
           "gitTreeState": "clean", "buildDate": "2024-12-11T17:59:15Z", "goVersion": "go1.23.3",
           "compiler": "gc", "platform": "linux/amd64"}

_NAMESPACE_SUBRESOURCES = ("status", "finalize")


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    user: object = None

    @property
    def content_type(self):
        return self.headers.get("Content-Type", "")

    def param(self, name, default=""):
        return self.query.get(name, [default])[-1]


@dataclass
class Response:
    status: int
    body: object = None  # dict (JSON), bytes or str
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)


@dataclass
class Watch:
    rtype: object
    namespace: object
    label_reqs: list
    field_reqs: list
    resource_version: str
    timeout: float
    bookmarks: bool = False  # allowWatchBookmarks
    send_initial_events: object = None  # None, True or False (sendInitialEvents)


@dataclass
class RequestInfo:
    verb: str
    rtype: object = None
    namespace: str = ""
    name: str = ""
    subresource: str = ""
    resource_request: bool = False


def split_query(raw):
    return parse_qs(raw, keep_blank_values=True)


def request_info(method, path, query):
    """kube-apiserver's RequestInfoFactory, for the groups this server serves."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "api":
        group, version, rest = "", parts[1], parts[2:]
    elif len(parts) >= 3 and parts[0] == "apis":
        group, version, rest = parts[1], parts[2], parts[3:]
    else:
        return RequestInfo(method.lower())
    if not rest:
        return RequestInfo(method.lower())
    watch_path = rest[0] == "watch"
    if watch_path:
        rest = rest[1:]
    namespace = ""
    if rest and rest[0] == "namespaces" and len(rest) > 1:
        namespace = rest[1]
        if len(rest) > 2 and rest[2] not in _NAMESPACE_SUBRESOURCES:
            rest = rest[2:]
    if not rest:
        return RequestInfo(method.lower())
    plural = rest[0]
    name = rest[1] if len(rest) > 1 else ""
    sub = rest[2] if len(rest) > 2 else ""
    if plural == "namespaces" and len(rest) >= 2:
        name, namespace = rest[1], rest[1]
    rtype = resources.by_plural(group, version, plural)
    verbs = {"POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete", "GET": "get"}
    verb = verbs.get(method, method.lower())
    if not name:
        verb = {"get": "list", "delete": "deletecollection"}.get(verb, verb)
    watch = watch_path or query.get("watch", [""])[-1] in ("true", "1")
    if watch and verb in ("get", "list"):
        verb = "watch"
    info = RequestInfo(verb, rtype, namespace, name, sub, True)
    info.group, info.plural = group, plural
    return info


class Router:
    def __init__(self, registry, authenticator, server_address, min_request_timeout=1800.0, seed=1):
        import random
        self.registry = registry
        self.auth = authenticator
        self.server_address = server_address
        self.min_request_timeout = min_request_timeout
        self.random = random.Random(seed)

    def handle(self, req):
        info = request_info(req.method, req.path, req.query)
        if not info.resource_request:
            return self._non_resource(req)
        name_for_errors = info.name if info.verb not in ("list", "watch", "create", "deletecollection") else ""
        if not auth.authorized(req.user, info.verb, info.group, info.plural + ("/" + info.subresource
                                                                               if info.subresource else ""),
                               info.namespace):
            raise errors.forbidden(info.plural, info.group, name_for_errors, req.user.name, info.verb,
                                   info.namespace, info.subresource)
        if info.rtype is None:
            raise errors.path_not_found()
        rtype = info.rtype
        if rtype.namespaced and not info.namespace and info.verb not in ("list", "watch"):
            raise errors.path_not_found()
        if info.subresource and info.subresource not in rtype.subresources:
            raise errors.path_not_found()
        return self._resource(req, info, rtype)

    # ---- resources --------------------------------------------------------------------

    def _dry_run(self, req):
        values = req.query.get("dryRun", [])
        for v in values:
            if v != "All":
                raise errors.invalid("PatchOptions" if req.method == "PATCH" else "CreateOptions", "meta.k8s.io", "",
                                     [errors.not_supported("dryRun", json.dumps([v]), ["All"])])
        return bool(values)

    def _manager(self, req):
        from .rest import manager_from_user_agent
        return req.param("fieldManager") or manager_from_user_agent(req.headers.get("User-Agent"))

    def _body_json(self, req):
        try:
            return json.loads(req.body or b"null")
        except ValueError as e:
            raise errors.bad_request("the object provided is unrecognized: %s" % e)

    def _resource(self, req, info, rtype):
        reg = self.registry
        ns = info.namespace if rtype.namespaced else ""
        verb = info.verb
        accept = req.headers.get("Accept", "")
        if verb in ("list", "watch"):
            label_reqs = parse_label_selector(req.param("labelSelector"))
            field_reqs = parse_field_selector(req.param("fieldSelector"), rtype.kind)
            if info.name:  # watch of one object by path
                field_reqs.append(("metadata.name", "=", info.name))
            if verb == "watch":
                return self._watch_options(req, rtype, ns, label_reqs, field_reqs)
            self._list_options(req)
            limit = int(req.param("limit") or 0)
            if not tables.wants_table(accept):
                return Response(200, reg.list_bytes(rtype, ns or None, label_reqs, field_reqs, limit,
                                                    req.param("continue")))
            result = reg.list(rtype, ns or None, label_reqs, field_reqs, limit, req.param("continue"))
            if tables.wants_table(accept):
                from .strategy import ordered
                items = [ordered(dict(i, kind=rtype.kind, apiVersion=rtype.api_version)) for i in result["items"]]
                t = tables.table(rtype.kind, items, result["metadata"]["resourceVersion"],
                                 req.param("includeObject", "Metadata"))
                if result["metadata"].get("continue"):
                    t["metadata"]["continue"] = result["metadata"]["continue"]
                return Response(200, t)
            return Response(200, result)
        dry = self._dry_run(req) if req.method in ("POST", "PUT", "PATCH", "DELETE") else False
        if verb == "get":
            obj = reg.get(rtype, ns, info.name)
            if tables.wants_table(accept):
                return Response(200, tables.table(rtype.kind, [obj], None, req.param("includeObject", "Metadata")))
            return Response(200, obj)
        if verb == "create":
            if info.name:
                raise errors.method_not_allowed()
            code, obj = reg.create(rtype, ns, self._body_json(req), self._manager(req), dry)
            return Response(code, obj)
        if verb == "update":
            code, obj = reg.update(rtype, ns, info.name, self._body_json(req), self._manager(req), dry,
                                   info.subresource)
            return Response(code, obj)
        if verb == "patch":
            code, obj = reg.patch(rtype, ns, info.name, req.body, req.content_type, req.query,
                                  req.headers.get("User-Agent"), dry, info.subresource)
            return Response(code, obj)
        if verb == "delete":
            options = self._body_json(req) if req.body else {}
            options = options if isinstance(options, dict) else {}
            if req.param("propagationPolicy"):
                options["propagationPolicy"] = req.param("propagationPolicy")
            if options.get("dryRun"):
                dry = dry or options["dryRun"] == ["All"]
            code, body = reg.delete(rtype, ns, info.name, options, dry)
            return Response(code, body)
        if verb == "deletecollection":
            label_reqs = parse_label_selector(req.param("labelSelector"))
            field_reqs = parse_field_selector(req.param("fieldSelector"), rtype.kind)
            items = reg.list(rtype, ns or None, label_reqs, field_reqs)["items"]
            for item in items:
                reg.delete(rtype, item["metadata"].get("namespace", ""), item["metadata"]["name"], {}, dry)
            return Response(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"})
        raise errors.method_not_allowed()

    # ---- list and watch options ------------------------------------------------------------

    @staticmethod
    def _options_invalid(errs):
        """ValidateListOptions' errors as the 422 of the ListOptions kind."""
        raise errors.invalid("ListOptions", "meta.k8s.io", "", errs)

    def _list_options(self, req):
        """k8s.io/apimachinery/pkg/apis/meta/internalversion/validation: ValidateListOptions."""
        errs = []
        match = req.param("resourceVersionMatch")
        if match:
            if not req.param("resourceVersion"):
                errs.append(errors.forbidden_field("resourceVersionMatch", "resourceVersionMatch is forbidden "
                                                   "unless resourceVersion is provided"))
            if match not in ("Exact", "NotOlderThan"):
                errs.append(errors.not_supported("resourceVersionMatch", '"%s"' % match, ["Exact", "NotOlderThan", ""]))
        if "sendInitialEvents" in req.query:
            errs.append(errors.forbidden_field("sendInitialEvents", "sendInitialEvents is forbidden for list"))
        if errs:
            self._options_invalid(errs)

    def _watch_options(self, req, rtype, ns, label_reqs, field_reqs):
        """The watch parameters (validateWatchOptions): resourceVersion, timeoutSeconds,
        allowWatchBookmarks, and sendInitialEvents with resourceVersionMatch=NotOlderThan."""
        errs = []
        send = req.param("sendInitialEvents") if "sendInitialEvents" in req.query else None
        send = None if send is None else send in ("true", "1")
        match = req.param("resourceVersionMatch")
        if send is not None and match != "NotOlderThan":
            errs.append(errors.forbidden_field("resourceVersionMatch", "sendInitialEvents requires setting "
                                               "resourceVersionMatch to NotOlderThan"))
        if match:
            if send is None:
                errs.append(errors.forbidden_field("resourceVersionMatch", "resourceVersionMatch is forbidden for "
                                                   "watch unless sendInitialEvents is provided"))
            if match != "NotOlderThan":
                errs.append(errors.not_supported("resourceVersionMatch", '"%s"' % match, ["NotOlderThan"]))
        if errs:
            self._options_invalid(errs)
        rv = req.param("resourceVersion")
        if rv not in ("", "0"):
            try:
                if int(rv) < 0:
                    raise ValueError
            except ValueError:  # storage.ParseResourceVersion: a 400 before the stream starts
                raise errors.bad_request('invalid resource version: strconv.ParseUint: parsing "%s": invalid syntax'
                                         % rv)
        try:
            timeout = float(req.param("timeoutSeconds") or 0)
        except ValueError:
            raise errors.bad_request('invalid value for timeoutSeconds: "%s"' % req.param("timeoutSeconds"))
        if timeout <= 0:
            # handlers/get.go ListResource: without timeoutSeconds a watch lasts between
            # --min-request-timeout and twice that, at random
            timeout = self.min_request_timeout * (self.random.random() + 1.0)
        return Watch(rtype, ns or None, label_reqs, field_reqs, rv, timeout,
                     req.param("allowWatchBookmarks") in ("true", "1"), send)

    # ---- discovery and the rest --------------------------------------------------------

    def _non_resource(self, req):
        path = req.path.rstrip("/") or "/"
        if req.method != "GET":
            raise errors.method_not_allowed()
        accept = req.headers.get("Accept", "")
        aggregated = "as=APIGroupDiscoveryList" in accept and "v=v2;" in accept.replace("v=v2beta1", "")
        if path in ("/healthz", "/livez", "/readyz"):
            return Response(200, b"ok", "text/plain; charset=utf-8")
        if path == "/version":  # written with json.MarshalIndent by kube-apiserver
            return Response(200, json.dumps(VERSION, indent=2).encode())
        if path == "/api":
            if aggregated:
                return Response(200, resources.aggregated_discovery(core=True), resources.AGGREGATED_CONTENT_TYPE)
            return Response(200, resources.api_versions(self.server_address))
        if path == "/apis":
            if aggregated:
                return Response(200, resources.aggregated_discovery(core=False), resources.AGGREGATED_CONTENT_TYPE)
            return Response(200, resources.api_group_list())
        parts = [p for p in path.split("/") if p]
        if parts[0] == "api" and len(parts) == 2:
            body = resources.api_resource_list("", parts[1])
        elif parts[0] == "apis" and len(parts) == 2:
            body = resources.api_group(parts[1])
        elif parts[0] == "apis" and len(parts) == 3:
            body = resources.api_resource_list(parts[1], parts[2])
        elif parts[0] == "openapi":
            from .openapi import document
            body = document(path, req.query)
        else:
            body = None
        if body is None:
            raise errors.path_not_found()
        return Response(200, body)
