"""The resource handlers: GET, LIST, POST, PUT, PATCH (apply and the other patch types)
and DELETE with kube-apiserver's semantics, over the Store. Every write goes through
`_commit`: omitempty, defaults, strategy, validation, managedFields, then the store,
skipping the write when nothing changed."""
import base64
import copy
import datetime
import json
import random

from . import errors, fieldpath, patches, resources, ssa, strategy, validation
from .schema import root as schema_root

APPLY_TYPE = "application/apply-patch+yaml"
PATCH_TYPES = ("application/merge-patch+json", "application/strategic-merge-patch+json",
               "application/json-patch+json", APPLY_TYPE)


def rfc3339(ts=None):
    t = datetime.datetime.now(datetime.timezone.utc) if ts is None else ts
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _without_bookkeeping(obj):
    o = copy.deepcopy(obj)
    meta = o.get("metadata", {})
    meta.pop("managedFields", None)
    meta.pop("resourceVersion", None)
    return o


def _decodable_managed_fields(entries):
    """DecodeManagedFields succeeds with at least one entry: a list of objects, each with
    a manager-like identity and a FieldsV1 object (fieldsType FieldsV1 when given)."""
    if not isinstance(entries, list) or not entries:
        return False
    for e in entries:
        if not isinstance(e, dict) or e.get("operation", "Update") not in ("Apply", "Update"):
            return False
        if e.get("fieldsType", "FieldsV1") != "FieldsV1" or not isinstance(e.get("fieldsV1", {}), dict):
            return False
    return True


def manager_from_user_agent(user_agent):
    """The default field manager: the User-Agent up to its first '/' (as the apiserver)."""
    ua = (user_agent or "").split("/", 1)[0].strip()
    return ua[:128] or "unknown"


def list_kind_object(rtype, items, revision, cont=None, remaining=None):
    meta = {"resourceVersion": str(revision)}
    if cont:
        meta["continue"] = cont
        meta["remainingItemCount"] = remaining
    return {"kind": rtype.kind + "List", "apiVersion": rtype.api_version, "metadata": meta, "items": items}


def as_list_item(obj):
    """Items of a typed list carry no apiVersion/kind of their own."""
    item = strategy.ordered(obj)
    item.pop("kind", None)
    item.pop("apiVersion", None)
    return item


class Registry:
    def __init__(self, store, seed=1):
        self.store = store
        self.admission = None  # admission.Admission, set by the server
        self.random = random.Random(seed)

    # ---- reads ------------------------------------------------------------------------

    def get(self, rtype, namespace, name):
        obj = self.store.get(rtype, namespace, name)
        if obj is None:
            raise errors.not_found(rtype.plural, rtype.group, name)
        return obj

    def _select(self, rtype, namespace, label_reqs, field_reqs, limit, cont):
        """(revision, [(object, bytes)], continue token, remaining) of a LIST."""
        from .selection import fields_match, labels_match

        def keep(o):
            return labels_match(label_reqs, o["metadata"].get("labels")) and fields_match(field_reqs, o)

        with self.store.lock:
            revision = self.store.revision
            items = self.store.encoded_items(rtype, namespace, keep if label_reqs or field_reqs else None)
        start = 0
        if cont:
            try:
                start = int(json.loads(base64.b64decode(cont))["start"])
            except Exception:
                raise errors.bad_request("continue key is not valid: illegal base64 data at input byte 0")
        items = items[start:]
        token, remaining = None, None
        if limit and len(items) > limit:
            remaining = len(items) - limit
            items = items[:limit]
            token = base64.b64encode(json.dumps({"v": "meta.k8s.io/v1", "rv": revision,
                                                 "start": start + limit}).encode()).decode()
        return revision, items, token, remaining

    def list(self, rtype, namespace, label_reqs, field_reqs, limit=0, cont=""):
        revision, items, token, remaining = self._select(rtype, namespace, label_reqs, field_reqs, limit, cont)
        return list_kind_object(rtype, [as_list_item(copy.deepcopy(o)) for o, _ in items], revision, token,
                                remaining)

    def list_bytes(self, rtype, namespace, label_reqs, field_reqs, limit=0, cont=""):
        """The JSON of a LIST response, built from the stored objects' bytes."""
        from .store import list_item_bytes
        revision, items, token, remaining = self._select(rtype, namespace, label_reqs, field_reqs, limit, cont)
        head = list_kind_object(rtype, [], revision, token, remaining)
        del head["items"]
        prefix = json.dumps(head, separators=(",", ":")).encode()[:-1]
        return prefix + b',"items":[' + b",".join(list_item_bytes(b) for _, b in items) + b"]}\n"

    # ---- write pipeline ---------------------------------------------------------------------

    def check_namespace(self, rtype, namespace, name):
        if not rtype.namespaced:
            return
        ns = self.store.get(resources.by_kind("v1", "Namespace"), "", namespace)
        if ns is None:
            raise errors.not_found("namespaces", "", namespace)
        if ns["metadata"].get("deletionTimestamp"):
            msg = '%s "%s" is forbidden: unable to create new content in namespace %s because it is being ' \
                  "terminated" % (errors.qualified(rtype.plural, rtype.group), name, namespace)
            details = {"name": name, "group": rtype.group, "kind": rtype.plural,
                       "causes": [{"reason": "NamespaceTerminating", "message": "namespace %s is being terminated"
                                   % namespace, "field": "metadata.namespace"}]}
            if not rtype.group:
                del details["group"]
            raise errors.ApiError(403, errors.status_body(403, "Forbidden", msg, details))

    def _commit(self, rtype, old, obj, managers, actor, dry_run, subresource=""):
        """Finishes obj and stores it. Returns (stored or would-be object, written)."""
        now = rfc3339()
        strategy.normalize(obj, rtype.kind)
        strategy.defaults(obj)
        if old is None:
            strategy.prepare_create(obj, now, 0)
        else:
            strategy.prepare_update(obj, old, keep_status=subresource != "status")
        bad = validation.decode_errors(obj)
        if bad:
            raise errors.bad_request(bad)
        validation.validate(obj, rtype, old)
        if self.admission is not None:
            self.admission.validate(rtype, obj, old, subresource, dry_run)
        body_changed = old is None or _without_bookkeeping(obj) != _without_bookkeeping(old)
        if actor is not None:
            before = ssa.decode(old).get(actor.identity)
            if body_changed or before is None or before.fields != actor.fields or not actor.time:
                actor.time = now
        entries = ssa.encode(managers)
        if entries:
            obj["metadata"]["managedFields"] = entries
        else:
            obj["metadata"].pop("managedFields", None)
        if old is not None:
            obj["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
            if strategy.ordered(obj) == strategy.ordered(old):
                return old, False
        if dry_run:
            if old is None:
                obj["metadata"].pop("resourceVersion", None)
            return obj, False
        # obj was built for this write alone: the store keeps it as is, and the object
        # returned is the stored one (read-only for callers).
        return self.store.put(obj, owned=True), True

    def _check_identity(self, rtype, namespace, name, obj):
        if not isinstance(obj, dict):
            raise errors.bad_request("Object 'Kind' is missing in '%s'" % json.dumps(obj)[:200])
        if obj.get("apiVersion") != rtype.api_version or obj.get("kind") != rtype.kind:
            if not obj.get("kind"):
                raise errors.bad_request("Object 'Kind' is missing in '%s'" % json.dumps(obj)[:200])
            raise errors.bad_request("the API version in the data (%s) does not match the expected API version "
                                     "(%s)" % (obj.get("apiVersion"), rtype.api_version)
                                     if obj.get("apiVersion") != rtype.api_version else
                                     "the kind in the data (%s) does not match the expected kind (%s)"
                                     % (obj.get("kind"), rtype.kind))
        meta = obj.setdefault("metadata", {})
        if not isinstance(meta, dict):
            raise errors.bad_request("metadata must be an object")
        if name is not None and meta.get("name") not in (None, name):
            raise errors.bad_request("the name of the object (%s) does not match the name on the URL (%s)"
                                     % (meta.get("name"), name))
        if name is not None:
            meta["name"] = name
        if rtype.namespaced:
            if meta.get("namespace") not in (None, "", namespace):
                raise errors.bad_request("the namespace of the provided object does not match the namespace "
                                         "sent on the request")
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)

    # ---- create / update / patch -------------------------------------------------------

    def create(self, rtype, namespace, obj, manager, dry_run):
        self._check_identity(rtype, namespace, None, obj)
        obj = copy.deepcopy(obj)
        with self.store.lock:
            meta = obj["metadata"]
            self.check_namespace(rtype, namespace, meta.get("name") or meta.get("generateName") or "")
            for k in ("managedFields", "resourceVersion", "uid", "creationTimestamp"):
                meta.pop(k, None)
            strategy.normalize(obj, rtype.kind)
            strategy.defaults(obj)
            if rtype.kind == "Pod" and self.admission is not None:
                # Mutating admission runs before the storage generates the name.
                self.admission.mutate_pod_create(obj, namespace)
            name = meta.get("name")
            if not name and meta.get("generateName"):
                name = self._generate_name(rtype, namespace, meta["generateName"])
                meta["name"] = name
            if name and self.store.peek(rtype, namespace, name) is not None:
                raise errors.already_exists(rtype.plural, rtype.group, name)
            managers, actor = ssa.update(None, obj, rtype.kind, manager, rtype.api_version)
            stored, _ = self._commit(rtype, None, obj, managers, actor, dry_run)
            return 201, stored

    def _generate_name(self, rtype, namespace, prefix):
        """names.SimpleNameGenerator: the prefix and 5 random characters."""
        alphabet = "bcdfghjklmnpqrstvwxz2456789"  # k8s.io/apimachinery/pkg/util/rand: String
        for _ in range(10):
            name = prefix + "".join(self.random.choice(alphabet) for _ in range(5))
            if self.store.peek(rtype, namespace, name) is None:
                return name
        return name

    def update(self, rtype, namespace, name, obj, manager, dry_run, subresource=""):
        self._check_identity(rtype, namespace, name, obj)
        with self.store.lock:
            old = self.get(rtype, namespace, name)
            rv = obj["metadata"].get("resourceVersion")
            if rv and rv != old["metadata"]["resourceVersion"]:
                raise errors.conflict_rv(rtype.plural, rtype.group, name)
            new = copy.deepcopy(obj)
            if subresource == "status":
                new = copy.deepcopy(old)
                new["status"] = copy.deepcopy(obj.get("status"))
            return self._update_to(rtype, old, new, manager, dry_run, subresource)

    def update_status(self, rtype, namespace, name, status, manager):
        """A controller's write of an object's status subresource (an Update by `manager`),
        with the result of update(..., "status") but without its generic pipeline: only the
        status changes, so only the status is normalized and compared, and only the
        managedFields entries of the status subresource are decoded. Returns the stored
        object (read-only), or the unchanged one when the status is the same."""
        with self.store.lock:
            old = self.store.peek(rtype, namespace, name)
            if old is None:
                raise errors.not_found(rtype.plural, rtype.group, name)
            wrapped = strategy.normalize({"status": copy.deepcopy(status)}, rtype.kind)
            if wrapped.get("status") == old.get("status"):
                return old
            t = schema_root(rtype.kind)
            before = {"status": old["status"]} if "status" in old else {}
            added, modified, removed = fieldpath.compare(before, wrapped, t)
            changed = added | modified
            now = rfc3339()
            identity = (manager, "Update", rtype.api_version, "status")
            entries, mine = [], None
            for e in old["metadata"].get("managedFields") or []:
                if e.get("subresource") != "status":
                    entries.append((ssa.Manager(e.get("manager", ""), e.get("operation", "Update"),
                                                e.get("apiVersion", ""), e.get("subresource", ""), e.get("time")), e))
                    continue
                m = ssa.Manager(e.get("manager", ""), e.get("operation", "Update"), e.get("apiVersion", ""),
                                "status", e.get("time"), fieldpath.from_fields_v1(e.get("fieldsV1")))
                m.fields -= removed
                if m.identity == identity:
                    m.fields |= changed
                    m.time = now
                    mine = m
                else:
                    m.fields -= changed
                if m.fields:
                    entries.append((m, None))
            if mine is None and changed:
                entries.append((ssa.Manager(manager, "Update", rtype.api_version, "status", now, changed), None))
            entries.sort(key=lambda me: (me[0].operation, me[0].time or "", me[0].manager, me[0].api_version,
                                         me[0].subresource))
            new = dict(old)
            new["metadata"] = dict(old["metadata"])
            new["metadata"]["managedFields"] = [raw if raw is not None else m.entry() for m, raw in entries]
            if "status" in wrapped:
                new["status"] = wrapped["status"]
            else:
                new.pop("status", None)
            return self.store.put(new, owned=True)

    def _update_to(self, rtype, old, new, manager, dry_run, subresource=""):
        # FieldManager.Update (k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager,
        # managedfields/internal/fieldmanager.go): "First try to decode the managed fields
        # provided in the update, This is necessary to allow directly updating managed
        # fields." — what csaupgrade's JSON patch and `kubectl apply --server-side` rely on
        # to move client-side apply's fields. Only when they are empty or cannot be decoded
        # (or for a subresource) are the live object's used, "to prevent clients who don't
        # understand managedFields from deleting it accidentally".
        provided = new["metadata"].get("managedFields")
        if subresource or not _decodable_managed_fields(provided):
            new["metadata"]["managedFields"] = copy.deepcopy(old["metadata"].get("managedFields"))
        strategy.normalize(new, rtype.kind)
        strategy.defaults(new)
        if subresource != "status" and rtype.kind in ssa.STATUS_KINDS:
            if "status" in old:
                new["status"] = copy.deepcopy(old["status"])
            else:
                new.pop("status", None)
        managers, actor = ssa.update(old, new, rtype.kind, manager, rtype.api_version, subresource)
        stored, _ = self._commit(rtype, old, ssa.body(new), managers, actor, dry_run, subresource)
        return 200, stored

    def patch(self, rtype, namespace, name, raw, content_type, query, user_agent, dry_run, subresource=""):
        ctype = (content_type or "").split(";")[0].strip().lower()
        if ctype not in PATCH_TYPES:
            raise errors.unsupported_media_type()
        force = query.get("force", [""])[-1]
        manager = query.get("fieldManager", [""])[-1]
        if ctype == APPLY_TYPE:
            if not manager:
                raise errors.ApiError(422, errors.status_body(
                    422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: '
                    "is required for apply patch", {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
                        {"reason": "FieldValueRequired", "message": "Required value: is required for apply patch",
                         "field": "fieldManager"}]}))
            return self.apply(rtype, namespace, name, raw, manager, force == "true", dry_run, subresource)
        if force:
            raise errors.ApiError(422, errors.status_body(
                422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified '
                "for non-apply patch", {"group": "meta.k8s.io", "kind": "PatchOptions", "causes": [
                    {"reason": "FieldValueForbidden", "message": "Forbidden: may not be specified for non-apply patch",
                     "field": "force"}]}))
        try:
            patch = json.loads(raw or b"null")
        except ValueError as e:
            raise errors.bad_request("error decoding patch: %s" % e)
        with self.store.lock:
            old = self.get(rtype, namespace, name)
            base = ssa.body(old)
            if ctype == "application/merge-patch+json":
                new = patches.merge_patch(base, patch)
            elif ctype == "application/strategic-merge-patch+json":
                new = patches.strategic_merge_patch(base, patch, schema_root(rtype.kind))
            else:
                new = patches.json_patch(base, patch)
            if not isinstance(new, dict):
                raise errors.bad_request("patch produced a non-object")
            self._check_identity(rtype, namespace, name, new)
            rv = new["metadata"].get("resourceVersion")
            if rv and rv != old["metadata"]["resourceVersion"]:
                raise errors.conflict_rv(rtype.plural, rtype.group, name)
            if subresource == "status":
                status = new.get("status")
                new = copy.deepcopy(old)
                new["status"] = status
            return self._update_to(rtype, old, new, manager or manager_from_user_agent(user_agent), dry_run,
                                   subresource)

    def apply(self, rtype, namespace, name, raw, manager, force, dry_run, subresource=""):
        try:
            config = json.loads(raw)
        except ValueError as e:
            raise errors.bad_request("error decoding YAML: %s" % e)
        self._check_identity(rtype, namespace, name, config)
        meta = config["metadata"]
        if meta.get("managedFields"):
            raise errors.bad_request("metadata.managedFields must be nil")
        with self.store.lock:
            old = self.store.get(rtype, namespace, name)
            if old is None:
                if subresource:
                    raise errors.not_found(rtype.plural, rtype.group, name)
                self.check_namespace(rtype, namespace, name)
            elif meta.get("resourceVersion") and meta["resourceVersion"] != old["metadata"]["resourceVersion"]:
                raise errors.conflict_rv(rtype.plural, rtype.group, name)
            for k in ("resourceVersion", "uid", "creationTimestamp", "generation", "deletionTimestamp",
                      "deletionGracePeriodSeconds", "managedFields", "selfLink"):
                meta.pop(k, None)
            if subresource == "status":
                config = {"apiVersion": config["apiVersion"], "kind": config["kind"], "metadata": meta,
                          "status": config.get("status")}
            merged, managers, me = ssa.apply(old, config, rtype.kind, manager, rtype.api_version, force)
            if old is None and rtype.kind == "Pod" and self.admission is not None:
                strategy.normalize(merged, rtype.kind)
                strategy.defaults(merged)
                self.admission.mutate_pod_create(merged, namespace)
            stored, _ = self._commit(rtype, old, merged, managers, me, dry_run, subresource)
            return (201 if old is None else 200), stored

    # ---- delete -----------------------------------------------------------------------

    def delete(self, rtype, namespace, name, options, dry_run):
        """(code, body): the object while it is still being deleted (finalizers, namespace
        termination, pods), else a Success Status."""
        with self.store.lock:
            obj = self.get(rtype, namespace, name)
            meta = obj["metadata"]
            pre = options.get("preconditions") or {}
            if (pre.get("uid") and pre["uid"] != meta.get("uid")) or (
                    pre.get("resourceVersion") and pre["resourceVersion"] != meta.get("resourceVersion")):
                raise errors.conflict_rv(rtype.plural, rtype.group, name)
            policy = options.get("propagationPolicy") or ""
            if policy not in ("", "Foreground", "Background", "Orphan"):
                raise errors.invalid("DeleteOptions", "meta.k8s.io", "", [errors.not_supported(
                    "propagationPolicy", validation.go(policy), ["Foreground", "Background", "Orphan", "nil"])])
            finalizers = list(meta.get("finalizers") or [])
            if rtype.kind == "Namespace":
                if meta.get("deletionTimestamp"):
                    raise errors.ApiError(409, errors.status_body(
                        409, "Conflict", 'Operation cannot be fulfilled on namespaces "%s": The system is ensuring '
                        "all content is removed from this namespace.  Upon completion, this namespace will "
                        "automatically be purged by the system." % name, {"name": name, "kind": "namespaces"}))
                meta["deletionTimestamp"] = rfc3339()
                meta["deletionGracePeriodSeconds"] = 0
                obj.setdefault("status", {})["phase"] = "Terminating"
                return 200, obj if dry_run else self.store.put(obj)
            if policy == "Foreground" and "foregroundDeletion" not in finalizers:
                finalizers.append("foregroundDeletion")
            if dry_run:
                if finalizers:
                    meta["finalizers"] = finalizers
                    meta.setdefault("deletionTimestamp", rfc3339())
                    meta.setdefault("deletionGracePeriodSeconds", 0)
                    return 200, obj
                return 200, obj if rtype.kind == "Pod" else self._success(rtype, obj)
            if policy == "Orphan":
                self.orphan_dependents(meta["uid"])
            if finalizers:
                if meta.get("deletionTimestamp") and finalizers == meta.get("finalizers"):
                    return 200, obj
                meta["finalizers"] = finalizers
                meta.setdefault("deletionTimestamp", rfc3339())
                meta.setdefault("deletionGracePeriodSeconds", 0)
                return 200, self.store.put(obj)
            removed = self.store.remove(rtype, namespace, name)
            return 200, removed if rtype.kind == "Pod" else self._success(rtype, removed)

    @staticmethod
    def _success(rtype, obj):
        details = {"name": obj["metadata"]["name"]}
        if rtype.group:
            details["group"] = rtype.group
        details["kind"] = rtype.plural
        details["uid"] = obj["metadata"].get("uid")
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details}

    def orphan_dependents(self, uid):
        for rtype in resources.RESOURCE_TYPES:
            for o in self.store.list(rtype):
                refs = o["metadata"].get("ownerReferences") or []
                kept = [r for r in refs if r.get("uid") != uid]
                if len(kept) != len(refs):
                    if kept:
                        o["metadata"]["ownerReferences"] = kept
                    else:
                        o["metadata"].pop("ownerReferences")
                    self.store.put(o)
