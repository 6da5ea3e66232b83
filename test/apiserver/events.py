"""core/v1 Events as the controllers' event recorders write them (client-go
tools/record: event.go makeEvent/recordToSink and events_cache.go EventCorrelator):

- an event names its involved object by reference (kind, namespace, name, uid,
  apiVersion, resourceVersion) and carries source.component, reportingComponent (the
  same), reportingInstance (the source host, empty for controllers), first and last
  timestamps, count and type; its name is `<object name>.<hex nanoseconds>`;
- the same event again (same source, object, type, reason and message) is not created
  again: the existing one gets count+1 and a new lastTimestamp (a PATCH);
- more than 10 different messages with the same reason for one object within 10 minutes
  are combined: a new event "(combined from similar events): <message>", counted from
  then on;
- a source may record 25 events about one object, then 1 every 5 minutes (a token
  bucket); the others are dropped.
Times of the correlator use the controller's clock (simulated seconds)."""
import collections
import copy
import uuid

from . import resources

EVENT = resources.by_kind("v1", "Event")

AGGREGATE_MAX_EVENTS = 10
AGGREGATE_INTERVAL = 600.0
SPAM_BURST = 25
SPAM_QPS = 1.0 / 300.0
LRU_ENTRIES = 4096  # maxLruCacheEntries: each cache forgets its least recently used keys


class _Lru(collections.OrderedDict):
    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > LRU_ENTRIES:
            self.popitem(last=False)


def reference(obj):
    """reference.GetReference of a stored object."""
    meta = obj["metadata"]
    ref = {"kind": obj["kind"], "namespace": meta.get("namespace", ""), "name": meta["name"],
           "uid": meta.get("uid"), "apiVersion": obj["apiVersion"], "resourceVersion": meta.get("resourceVersion")}
    if not ref["namespace"]:
        del ref["namespace"]
    return ref


class Recorder:
    """One event broadcaster's correlator and sink, writing into the store."""

    def __init__(self, store, clock, wall_clock):
        self.store = store
        self.clock = clock  # simulated seconds, for aggregation and spam filtering
        self.wall_clock = wall_clock  # () -> RFC 3339 time, for the timestamps written
        self._aggregates = _Lru()  # aggregate key -> (set of messages, last time)
        self._observed = _Lru()  # event key -> (count, firstTimestamp, name)
        self._buckets = _Lru()  # spam key -> (tokens, last refill time)
        self._nanos = 0

    def event(self, obj, type_, reason, message, component, host="", field_path=""):
        """Records an event about obj (a stored object) from source `component`."""
        ref = reference(obj)
        if field_path:
            ref["fieldPath"] = field_path
        now = self.clock()
        event_key = (component, host, ref["kind"], ref.get("namespace", ""), ref["name"], field_path, ref["uid"],
                     ref["apiVersion"], type_, reason, message)
        # EventAggregate
        aggregate_key = (component, host, ref["kind"], ref.get("namespace", ""), ref["name"], ref["uid"],
                         ref["apiVersion"], type_, reason, component, host)
        messages, last = self._aggregates.get(aggregate_key, (set(), None))
        if last is None or now - last > AGGREGATE_INTERVAL:
            messages = set()
        messages.add(message)
        self._aggregates[aggregate_key] = (messages, now)
        key = event_key
        aggregated = False
        if len(messages) >= AGGREGATE_MAX_EVENTS:
            messages.pop()
            message = "(combined from similar events): " + message
            key = ("aggregate",) + aggregate_key
            aggregated = True
        # eventObserve
        count, first, name = self._observed.get(key, (0, None, None))
        stamp = self.wall_clock()
        if count:
            count += 1
        else:
            count, first, name = 1, stamp, self._name(ref["name"])
        self._observed[key] = (count, first, name)
        # EventSourceObjectSpamFilter
        spam_key = (component, host, ref["kind"], ref.get("namespace", ""), ref["name"], ref["uid"],
                    ref["apiVersion"])
        tokens, refilled = self._buckets.get(spam_key, (float(SPAM_BURST), now))
        tokens = min(float(SPAM_BURST), tokens + (now - refilled) * SPAM_QPS)
        if tokens < 1.0:
            self._buckets[spam_key] = (tokens, now)
            return None
        self._buckets[spam_key] = (tokens - 1.0, now)
        return self._write(ref, name, type_, reason, message, component, host, count, first, stamp, aggregated)

    def _name(self, object_name):
        # fmt.Sprintf("%v.%x", ref.Name, t.UnixNano()), unique within this recorder
        import time
        nanos = max(time.time_ns(), self._nanos + 1)
        self._nanos = nanos
        return "%s.%x" % (object_name, nanos)

    def _write(self, ref, name, type_, reason, message, component, host, count, first, last, aggregated):
        namespace = ref.get("namespace") or "default"
        with self.store.lock:
            existing = self.store.peek(EVENT, namespace, name)
            if existing is not None and count > 1:
                # recordToSink: a strategic merge patch of count, lastTimestamp and message
                event = copy.deepcopy(existing)
                event["count"] = count
                event["lastTimestamp"] = last
                event["message"] = message
                _touch_managed_fields(event, last)
                return self.store.put(event)
            event = {"kind": "Event", "apiVersion": "v1",
                     "metadata": {"name": name, "namespace": namespace, "uid": str(uuid.uuid4()),
                                  "creationTimestamp": last,
                                  "managedFields": [_managed_fields_entry(component, last, ref, aggregated)]},
                     "involvedObject": ref, "reason": reason, "message": message,
                     "source": {"component": component} if not host else {"component": component, "host": host},
                     "firstTimestamp": first, "lastTimestamp": last, "count": count, "type": type_,
                     "eventTime": None, "reportingComponent": "" if aggregated else component,
                     "reportingInstance": "" if aggregated else host}
            return self.store.put(event)

    def forget(self):
        self._aggregates.clear()
        self._observed.clear()
        self._buckets.clear()


def _managed_fields_entry(component, time, ref, aggregated):
    """What the event's creator owns (an Update by the controller's process)."""
    manager = "kubelet" if component == "kubelet" else "kube-controller-manager"
    involved = {"f:%s" % k: {} for k in ref}
    fields = {"f:count": {}, "f:firstTimestamp": {}, "f:involvedObject": involved, "f:lastTimestamp": {},
              "f:message": {}, "f:reason": {}, "f:reportingComponent": {}, "f:source": {"f:component": {}},
              "f:type": {}}
    if aggregated:
        del fields["f:reportingComponent"]
    return {"manager": manager, "operation": "Update", "apiVersion": "v1", "time": time, "fieldsType": "FieldsV1",
            "fieldsV1": fields}


def _touch_managed_fields(event, time):
    for entry in event["metadata"].get("managedFields") or []:
        entry["time"] = time
