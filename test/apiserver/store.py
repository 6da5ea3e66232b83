"""The object store: one global revision counter like etcd's (every write takes the
next revision, which becomes the object's resourceVersion), and an event history for
watches. All access goes through the server's lock (`Store.lock`)."""
import copy
import threading

from . import resources

FIRST_REVISION = 1000
EVENT_HISTORY = 5000


class Store:
    def __init__(self):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.revision = FIRST_REVISION
        self._objects = {}  # (plural key, namespace, name) -> object
        self._events = []  # (revision, type, rtype, object)

    @staticmethod
    def _key(rtype, namespace, name):
        return (rtype.group, rtype.plural, namespace if rtype.namespaced else "", name)

    def get(self, rtype, namespace, name):
        with self.lock:
            obj = self._objects.get(self._key(rtype, namespace, name))
            return copy.deepcopy(obj) if obj is not None else None

    def list(self, rtype, namespace=None):
        """Objects of a type, in one namespace or (None) in all, sorted like etcd keys."""
        with self.lock:
            out = []
            for (group, plural, ns, name), obj in self._objects.items():
                if group == rtype.group and plural == rtype.plural and (namespace is None or ns == namespace):
                    out.append(((ns, name), obj))
            out.sort(key=lambda item: item[0])
            return [copy.deepcopy(o) for _, o in out]

    def next_revision(self):
        with self.lock:
            self.revision += 1
            return self.revision

    def put(self, obj):
        """Stores obj with a new revision as its resourceVersion; returns the stored copy."""
        with self.lock:
            rtype = resources.by_kind(obj["apiVersion"], obj["kind"])
            meta = obj["metadata"]
            key = self._key(rtype, meta.get("namespace", ""), meta["name"])
            event = "MODIFIED" if key in self._objects else "ADDED"
            meta["resourceVersion"] = str(self.next_revision())
            stored = copy.deepcopy(obj)
            self._objects[key] = stored
            self._record(event, rtype, stored)
            return copy.deepcopy(stored)

    def remove(self, rtype, namespace, name):
        """Removes an object; the DELETED event carries a new revision."""
        with self.lock:
            obj = self._objects.pop(self._key(rtype, namespace, name), None)
            if obj is None:
                return None
            obj = copy.deepcopy(obj)
            obj["metadata"]["resourceVersion"] = str(self.next_revision())
            self._record("DELETED", rtype, obj)
            return copy.deepcopy(obj)

    def _record(self, event, rtype, obj):
        self._events.append((self.revision, event, rtype, copy.deepcopy(obj)))
        if len(self._events) > EVENT_HISTORY:
            del self._events[: len(self._events) - EVENT_HISTORY]
        self.changed.notify_all()

    def events_since(self, revision):
        """Events after `revision`, or None when the history no longer reaches back that far."""
        with self.lock:
            if self._events and revision < self._events[0][0] - 1:
                return None
            return [e for e in self._events if e[0] > revision]

    def clear(self):
        with self.lock:
            self._objects.clear()
            self._events.clear()
