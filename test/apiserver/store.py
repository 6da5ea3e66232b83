"""The object store: one global revision counter like etcd's (every write takes the
next revision, which becomes the object's resourceVersion), and, per resource type, the
window of recent changes that watches resume from, like kube-apiserver's watch cache
(staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go): one cache per
resource, a bounded number of events, and `410 Expired` ("too old resource version")
for a watch that starts before the oldest event still held.

All access goes through the server's lock (`Store.lock`). Stored objects are never
changed in place: `get` and `list` return copies; `peek` and `items` return the stored
objects themselves for read-only use by the controllers (no copy: they must not be
modified). Each stored object is serialized once, when it is written: LIST responses
and watch streams are built from those bytes."""
import bisect
import copy
import json
import threading

from . import resources, selection, strategy

FIRST_REVISION = 1000
# Events kept per resource type. The watch cache keeps at least 75 s of events, up to
# 100*1024 (watch_cache.go: defaultUpperBoundCapacity); this server keeps a fixed
# number, configurable so that tests can make old resourceVersions expire.
DEFAULT_WINDOW = 10000


def encode(obj):
    """An object as kube-apiserver writes it: compact JSON, keys in Go struct order."""
    return json.dumps(strategy.ordered(obj), separators=(",", ":"), ensure_ascii=False).encode()


def list_item_bytes(obj_bytes):
    """The JSON of an object as an item of a typed list, which carries no kind and
    apiVersion: `ordered` writes them first, so they are cut off the front."""
    if obj_bytes.startswith(b'{"kind":'):
        rest = obj_bytes.index(b'"metadata":')
        return b"{" + obj_bytes[rest:]
    return obj_bytes


class Change:
    """One entry of a type's watch window: what a watcher needs to filter it (namespace,
    labels, the selectable fields) and the bytes of its watch event line."""
    __slots__ = ("revision", "type", "namespace", "name", "labels", "fields", "line", "uid", "owners", "deleting")

    def __init__(self, revision, type_, rtype, obj, obj_bytes):
        meta = obj.get("metadata") or {}
        self.revision = revision
        self.type = type_
        self.namespace = meta.get("namespace", "")
        self.name = meta.get("name", "")
        self.uid = meta.get("uid")
        self.labels = meta.get("labels") or {}
        self.owners = tuple(r.get("uid") for r in meta.get("ownerReferences") or [] if r.get("controller"))
        self.deleting = bool(meta.get("deletionTimestamp"))
        self.fields = selection.selectable_fields(rtype.kind, obj)
        self.line = b'{"type":"' + type_.encode() + b'","object":' + obj_bytes + b"}\n"


class _Table:
    """The objects of one resource type and its watch window."""

    def __init__(self, floor):
        self.objects = {}  # (namespace, name) -> stored object
        # namespace -> the keys of its objects: etcd keeps a type's objects under
        # /registry/<type>/<namespace>/<name>, so a LIST of one namespace is a range read
        # of that prefix, not a scan of every namespace's objects.
        self.namespaces = {}
        self.bytes = {}  # (namespace, name) -> its JSON
        self.changes = []  # Change, oldest first
        self.revisions = []  # the revision of each change, for bisect
        self.floor = floor  # a watch from an older resourceVersion gets 410
        self.condition = None


class Store:
    def __init__(self, window=DEFAULT_WINDOW):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)  # notified on every write
        self.revision = FIRST_REVISION
        self.window = window
        self._tables = {}

    def _table(self, rtype):
        key = (rtype.group, rtype.plural)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = _Table(self.revision)
            table.condition = threading.Condition(self.lock)
        return table

    @staticmethod
    def _key(rtype, namespace, name):
        return (namespace if rtype.namespaced else "", name)

    @staticmethod
    def _keys(table, namespace):
        """The keys of a table's objects in one namespace or (None) in all, sorted like
        etcd keys."""
        if namespace is None:
            return sorted(table.objects)
        return sorted(table.namespaces.get(namespace, ()))

    # ---- reads ---------------------------------------------------------------------------

    def get(self, rtype, namespace, name):
        with self.lock:
            obj = self._table(rtype).objects.get(self._key(rtype, namespace, name))
            return copy.deepcopy(obj) if obj is not None else None

    def peek(self, rtype, namespace, name):
        """The stored object itself (read-only), or None."""
        with self.lock:
            return self._table(rtype).objects.get(self._key(rtype, namespace, name))

    def items(self, rtype, namespace=None):
        """The stored objects (read-only) of a type, in one namespace or (None) in all,
        sorted like etcd keys."""
        with self.lock:
            table = self._table(rtype)
            return [table.objects[k] for k in self._keys(table, namespace)]

    def list(self, rtype, namespace=None):
        """Copies of the objects of a type, in one namespace or (None) in all."""
        return [copy.deepcopy(o) for o in self.items(rtype, namespace)]

    def count(self, rtype):
        with self.lock:
            return len(self._table(rtype).objects)

    def encoded(self, rtype, namespace, name):
        """The JSON bytes of a stored object, or None."""
        with self.lock:
            return self._table(rtype).bytes.get(self._key(rtype, namespace, name))

    def encoded_items(self, rtype, namespace=None, keep=None):
        """(object, bytes) of the stored objects, sorted, those for which keep(obj) holds."""
        with self.lock:
            table = self._table(rtype)
            out = []
            for k in self._keys(table, namespace):
                obj = table.objects[k]
                if keep is None or keep(obj):
                    out.append((obj, table.bytes[k]))
            return out

    # ---- writes --------------------------------------------------------------------------

    def next_revision(self):
        with self.lock:
            self.revision += 1
            return self.revision

    def put(self, obj, owned=False):
        """Stores obj with a new revision as its resourceVersion; returns a copy of the
        stored object. owned: obj is handed over (it, and what it shares with stored
        objects, is never changed again): it is stored as is and returned without a copy."""
        with self.lock:
            rtype = resources.by_kind(obj["apiVersion"], obj["kind"])
            meta = obj["metadata"]
            table = self._table(rtype)
            key = self._key(rtype, meta.get("namespace", ""), meta["name"])
            event = "MODIFIED" if key in table.objects else "ADDED"
            meta["resourceVersion"] = str(self.next_revision())
            stored = obj if owned else copy.deepcopy(obj)
            data = encode(stored)
            table.objects[key] = stored
            table.namespaces.setdefault(key[0], set()).add(key)
            table.bytes[key] = data
            self._record(table, Change(self.revision, event, rtype, stored, data))
            return stored if owned else copy.deepcopy(stored)

    def remove(self, rtype, namespace, name):
        """Removes an object; the DELETED event carries a new revision."""
        with self.lock:
            table = self._table(rtype)
            key = self._key(rtype, namespace, name)
            obj = table.objects.pop(key, None)
            if obj is None:
                return None
            keys = table.namespaces[key[0]]
            keys.discard(key)
            if not keys:
                del table.namespaces[key[0]]
            table.bytes.pop(key, None)
            obj = copy.deepcopy(obj)
            obj["metadata"]["resourceVersion"] = str(self.next_revision())
            self._record(table, Change(self.revision, "DELETED", rtype, obj, encode(obj)))
            return obj

    def _record(self, table, change):
        table.changes.append(change)
        table.revisions.append(change.revision)
        excess = len(table.changes) - self.window
        if excess > 0:
            # Trim in steps of a tenth of the window, so that trimming stays cheap.
            excess = max(excess, self.window // 10)
            del table.changes[:excess]
            del table.revisions[:excess]
            table.floor = (table.revisions[0] - 1) if table.revisions else self.revision
        table.condition.notify_all()
        self.changed.notify_all()

    # ---- the watch window ----------------------------------------------------------------

    def changes_since(self, rtype, revision):
        """Changes of a type after `revision`, or None when the window no longer reaches
        back that far (watch_cache.go: resourceVersion < oldest-1)."""
        with self.lock:
            table = self._table(rtype)
            if revision < table.floor:
                return None
            start = bisect.bisect_right(table.revisions, revision)
            return table.changes[start:]

    def floor(self, rtype):
        """The oldest resourceVersion a watch of this type can still start from."""
        with self.lock:
            return self._table(rtype).floor

    def wait(self, rtype, timeout):
        """Blocks (the caller holds the lock) until a change of the type or timeout."""
        self._table(rtype).condition.wait(timeout)

    def compact(self, rtype=None):
        """Forgets the watch window (of one type or all): every resourceVersion before
        the current revision expires, as after an etcd compaction."""
        with self.lock:
            tables = [self._table(rtype)] if rtype is not None else list(self._tables.values())
            for table in tables:
                table.changes.clear()
                table.revisions.clear()
                table.floor = self.revision

    def wake_all(self):
        with self.lock:
            for table in self._tables.values():
                table.condition.notify_all()
            self.changed.notify_all()

    def clear(self):
        with self.lock:
            self._tables.clear()
