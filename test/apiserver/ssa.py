"""Server-side apply and managed fields, after structured-merge-diff's Updater:

- Apply merges the configuration into the live object (maps by key, list maps by their
  keys, sets by value, atomic values replaced), reports a conflict for every changed
  field another manager owns unless forced (then ownership moves), makes the applier own
  exactly the fields of its configuration, and prunes the fields it owned before, no
  longer applies and nobody else owns.
- Update (PUT, merge patch, controllers) makes the updater own what it changed and takes
  it away from everyone else, without conflicts.
"""
import copy

from . import errors, fieldpath, schema

# Paths never tracked in managedFields (stripmeta.go).
_STRIPPED_EXACT = {(("f", "metadata"),)}
_STRIPPED_PREFIXES = [(("f", "apiVersion"),), (("f", "kind"),)] + [
    (("f", "metadata"), ("f", name),) for name in (
        "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation",
        "managedFields", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds")]

# Kinds whose status belongs to the status subresource: the main resource ignores it.
STATUS_KINDS = {"DaemonSet", "Pod", "Node", "Namespace", "ResourceQuota"}


_STRIPPED_TOP = {("f", "apiVersion"), ("f", "kind")}
_STRIPPED_META = {p[1] for p in _STRIPPED_PREFIXES if len(p) == 2}


def _stripped(path, kind, subresource=""):
    # _STRIPPED_EXACT and the prefixes of _STRIPPED_PREFIXES, looked up directly
    if not path:
        return False
    if path[0] in _STRIPPED_TOP:
        return True
    if path[0] == ("f", "metadata") and (len(path) == 1 or path[1] in _STRIPPED_META):
        return True
    if kind in STATUS_KINDS:
        in_status = path[:1] == (("f", "status"),)
        return not in_status if subresource == "status" else in_status
    return False


def strip(paths, kind, subresource=""):
    return {p for p in paths if not _stripped(p, kind, subresource)}


class Manager:
    def __init__(self, manager, operation, api_version, subresource="", time=None, fields=None):
        self.manager = manager
        self.operation = operation
        self.api_version = api_version
        self.subresource = subresource
        self.time = time
        self.fields = set(fields or ())

    @property
    def identity(self):
        # BuildManagerIdentifier: appliers are one manager whatever apiVersion they used.
        av = "" if self.operation == "Apply" else self.api_version
        return (self.manager, self.operation, av, self.subresource)

    def printed(self):
        """printManager of the conflict messages."""
        if self.operation == "Update":
            return '"%s" using %s' % (self.manager, self.api_version)
        return '"%s"' % self.manager

    def entry(self):
        e = {"manager": self.manager, "operation": self.operation, "apiVersion": self.api_version}
        if self.time:
            e["time"] = self.time
        e["fieldsType"] = "FieldsV1"
        e["fieldsV1"] = fieldpath.to_fields_v1(self.fields)
        if self.subresource:
            e["subresource"] = self.subresource
        return e


def decode(obj):
    """The managers of an object's metadata.managedFields, keyed by identity."""
    out = {}
    for e in ((obj or {}).get("metadata") or {}).get("managedFields") or []:
        m = Manager(e.get("manager", ""), e.get("operation", "Update"), e.get("apiVersion", ""),
                    e.get("subresource", ""), e.get("time"), fieldpath.from_fields_v1(e.get("fieldsV1")))
        out[m.identity] = m
    return out


def encode(managers):
    """managedFields entries in kube-apiserver's order: operation, time, manager, apiVersion."""
    entries = [m for m in managers.values() if m.fields]
    entries.sort(key=lambda m: (m.operation, m.time or "", m.manager, m.api_version, m.subresource))
    return [m.entry() for m in entries]


def body(obj):
    """The object without managedFields (what field sets and comparisons look at)."""
    out = copy.deepcopy(obj or {})
    out.get("metadata", {}).pop("managedFields", None)
    return out


def view(obj):
    """body() without the copy, for reading only (a shallow copy of the top and metadata)."""
    out = dict(obj or {})
    if isinstance(out.get("metadata"), dict) and "managedFields" in out["metadata"]:
        out["metadata"] = {k: v for k, v in out["metadata"].items() if k != "managedFields"}
    return out


# ---- merge --------------------------------------------------------------------------------

def merge(lhs, rhs, t):
    if lhs is None or rhs is None:
        return copy.deepcopy(rhs)
    if isinstance(lhs, dict) and isinstance(rhs, dict) and not schema.is_atomic(t, rhs):
        out = copy.deepcopy(lhs)
        for k, v in rhs.items():
            out[k] = merge(lhs.get(k), v, schema.child(t, k))
        return out
    if isinstance(lhs, list) and isinstance(rhs, list) and schema.list_kind(t, rhs) != "atomic":
        return _merge_list(lhs, rhs, t)
    return copy.deepcopy(rhs)


def _merge_list(lhs, rhs, t):
    """visitListItems of structured-merge-diff: items of both lists, in an order that
    keeps the live order for live-only items and the applied order for the others."""
    is_set = schema.list_kind(t, rhs) == "set"
    elem = None if is_set else schema.element(t)

    def pe(item):
        return fieldpath.value_element(item) if is_set else fieldpath.key_element(t, item)

    lpes, rpes = [pe(i) for i in lhs], [pe(i) for i in rhs]
    lmap, rmap = {}, {}
    for p, i in zip(lpes, lhs):
        lmap.setdefault(p, i)
    for p, i in zip(rpes, rhs):
        rmap.setdefault(p, i)
    shared = [p for p in rpes if p in lmap]
    out, merged = [], set()

    def take(p, left, right):
        merged.add(p)
        out.append(right if is_set else merge(left, right, elem))

    li = ri = 0
    next_shared = shared.pop(0) if shared else None
    while li < len(lpes) or ri < len(rpes):
        if li < len(lpes) and ri < len(rpes):
            p = lpes[li]
            if p == rpes[ri]:
                take(p, lmap.get(p), rmap.get(p))
                li += 1
                ri += 1
                next_shared = shared.pop(0) if shared else None
                continue
            if p in rmap and next_shared is not None and next_shared != p:
                li += 1
                continue
        if li < len(lpes):
            p = lpes[li]
            if p not in rmap:
                out.append(copy.deepcopy(lhs[li]))
                li += 1
                continue
            if p in merged:
                li += 1
                continue
        if ri < len(rpes):
            p = rpes[ri]
            take(p, lmap.get(p), rmap.get(p))
            ri += 1
            if next_shared is not None and next_shared == p:
                next_shared = shared.pop(0) if shared else None
    return out


# ---- apply / update ---------------------------------------------------------------------

def _conflict_error(conflicts):
    items = sorted(((m.printed(), fieldpath.path_string(p)) for m, paths in conflicts for p in paths))
    causes = [{"reason": "FieldManagerConflict", "message": "conflict with %s" % printed, "field": path}
              for printed, path in items]
    if len(items) == 1:
        message = "Apply failed with 1 conflict: conflict with %s: %s" % (items[0][0], items[0][1])
    else:
        lines, seen = [], None
        for printed, path in items:
            if printed != seen:
                lines.append("conflicts with %s:" % printed)
                seen = printed
            lines.append("- %s" % path)
        message = "Apply failed with %d conflicts: %s" % (len(items), "\n".join(lines))
    return errors.apply_conflict(causes, message)


def apply(live, config, kind, manager, api_version, force):
    """(merged object without managedFields, managers, applier) or raises the 409.
    The caller finishes the object (defaults, validation) and sets times."""
    t = schema.root(kind)
    managers = decode(live)
    me = Manager(manager, "Apply", api_version)
    previous = managers.get(me.identity)
    last_set = set(previous.fields) if previous else set()
    config = copy.deepcopy(config)
    if kind in STATUS_KINDS:
        config.pop("status", None)
    config_set = strip(fieldpath.applied_set(config, t), kind)

    live_body = body(live)
    merged = merge(live_body, config, t)
    added, modified, _ = fieldpath.compare(live_body, merged, t)
    changed = strip(added | modified, kind)
    conflicts = []
    for ident, m in managers.items():
        if ident == me.identity:
            continue
        overlap = m.fields & changed
        if overlap:
            conflicts.append((m, overlap))
    if conflicts and not force:
        raise _conflict_error(conflicts)
    for m, overlap in conflicts:
        m.fields -= overlap

    if previous:
        me.time = previous.time
    me.fields = config_set
    managers[me.identity] = me

    owned = set()
    for m in managers.values():
        owned |= m.fields
    prefixes = set()
    for p in owned:
        for i in range(1, len(p) + 1):
            prefixes.add(p[:i])
    for p in sorted(last_set - owned, key=len):
        if p not in prefixes:
            fieldpath.remove_path(merged, p, t)
    for ident in [i for i, m in managers.items() if not m.fields]:
        del managers[ident]
    return merged, managers, me


def update(live, new, kind, manager, api_version, subresource=""):
    """The managers after an Update operation from live to new, and the updater (or None
    when it took no fields)."""
    t = schema.root(kind)
    # The managedFields the update carries when it carries any (the caller has put the
    # live object's there otherwise; see Registry._update_to), as FieldManager.Update.
    managers = decode(new) if ((new or {}).get("metadata") or {}).get("managedFields") else decode(live)
    added, modified, removed = fieldpath.compare(view(live), view(new), t)
    changed = strip(added | modified, kind, subresource)
    removed = strip(removed, kind, subresource)
    me = Manager(manager, "Update", api_version, subresource)
    for m in managers.values():
        m.fields -= removed
        if m.identity != me.identity:
            m.fields -= changed
    previous = managers.get(me.identity)
    if previous:
        me.time = previous.time
        me.fields = previous.fields | changed
    else:
        me.fields = set(changed)
    if me.fields:
        managers[me.identity] = me
    else:
        managers.pop(me.identity, None)
    for ident in [i for i, m in managers.items() if not m.fields]:
        del managers[ident]
    return managers, (me if changed else None)
