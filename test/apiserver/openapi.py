"""The OpenAPI v3 documents kubectl reads before `apply`: the index at /openapi/v3 and,
per group-version, the PATCH operations with their x-kubernetes-group-version-kind and
query parameters. kubectl looks for `fieldValidation` there to decide that the server
validates fields itself (and then sends fieldValidation=Strict instead of validating
client-side). Schemas are left out: nothing this server serves needs them, and
/openapi/v2 answers 404 like a server that has turned it off."""
import hashlib
import json

from . import resources

_QUERY = ("dryRun", "fieldManager", "fieldValidation", "force")


def _gv_path(group, version):
    return "apis/%s/%s" % (group, version) if group else "api/" + version


def _operation_id(rt):
    group = "".join(p.capitalize() for p in rt.group.split(".")[0:1]) if rt.group else "Core"
    scope = "Namespaced" if rt.namespaced else ""
    return "patch%s%s%s%s" % (group, rt.version.capitalize(), scope, rt.kind)


def group_version_document(group, version):
    paths = {}
    for rt in resources.types_in(group, version):
        path = "/" + _gv_path(group, version) + ("/namespaces/{namespace}" if rt.namespaced else "") + \
               "/%s/{name}" % rt.plural
        params = [{"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": True}}
                  for name in _QUERY]
        paths[path] = {
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}] + (
                [{"name": "namespace", "in": "path", "required": True, "schema": {"type": "string"}}]
                if rt.namespaced else []),
            "patch": {"tags": [_gv_path(group, version)], "operationId": _operation_id(rt),
                      "parameters": params,
                      "responses": {"200": {"description": "OK"}, "201": {"description": "Created"}},
                      "x-kubernetes-action": "patch",
                      "x-kubernetes-group-version-kind": {"group": group, "version": version, "kind": rt.kind}},
        }
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.32.0"}, "paths": paths,
            "components": {"schemas": {}}}


def _hash(doc):
    return hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:128].upper()


def document(path, query):
    """The document at an /openapi/... path, or None (404)."""
    if path == "/openapi/v3":
        index = {}
        for group, version in resources.GROUP_VERSIONS:
            gv = _gv_path(group, version)
            index[gv] = {"serverRelativeURL": "/openapi/v3/%s?hash=%s" % (
                gv, _hash(group_version_document(group, version)))}
        return {"paths": index}
    for group, version in resources.GROUP_VERSIONS:
        if path == "/openapi/v3/" + _gv_path(group, version):
            return group_version_document(group, version)
    return None
