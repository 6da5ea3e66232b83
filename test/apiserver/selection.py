"""Label selectors (=, ==, !=, in, notin, exists, !key, gt, lt) and field selectors
(=, ==, !=) as LIST and WATCH accept them."""
import re

from . import errors

_FIELDS = {
    "Pod": ("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
    "Secret": ("type",),
    "Namespace": ("status.phase",),
    "Node": ("spec.unschedulable",),
    # pkg/registry/core/event/strategy.go: ToSelectableFields
    "Event": ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
              "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
              "reason", "reportingComponent", "source", "type"),
}

_TOKEN = re.compile(r"\s*(!=|==|=|\(|\)|,|!|<|>|[^\s!=(),<>]+)")


def _tokens(text):
    pos, out = 0, []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise errors.bad_request("unable to parse requirement: invalid selector: '%s'" % text)
        out.append(m.group(1))
        pos = m.end()
    return out


def parse_label_selector(text):
    """A list of (key, op, values) requirements; ops: exists, !, =, !=, in, notin, gt, lt."""
    if not text or not text.strip():
        return []
    toks = _tokens(text)
    reqs, i = [], 0

    def fail(msg):
        raise errors.bad_request("unable to parse requirement: %s" % msg)

    while i < len(toks):
        if toks[i] == "!":
            if i + 1 >= len(toks):
                fail("found '', expected: identifier")
            reqs.append((toks[i + 1], "!", ()))
            i += 2
        else:
            key = toks[i]
            if key in (",", "(", ")", "=", "==", "!="):
                fail("found '%s', expected: !, identifier, or 'end of string'" % key)
            i += 1
            if i >= len(toks) or toks[i] == ",":
                reqs.append((key, "exists", ()))
            elif toks[i] in ("=", "==", "!="):
                op = "!=" if toks[i] == "!=" else "="
                value = ""
                if i + 1 < len(toks) and toks[i + 1] != ",":
                    value = toks[i + 1]
                    i += 1
                reqs.append((key, op, (value,)))
                i += 1
            elif toks[i] in ("in", "notin"):
                op = toks[i]
                if i + 1 >= len(toks) or toks[i + 1] != "(":
                    fail("found '%s', expected: '('" % (toks[i + 1] if i + 1 < len(toks) else ""))
                i += 2
                values = []
                while i < len(toks) and toks[i] != ")":
                    if toks[i] != ",":
                        values.append(toks[i])
                    i += 1
                if i >= len(toks):
                    fail("found '', expected: ')'")
                reqs.append((key, op, tuple(values)))
                i += 1
            elif toks[i] in ("<", ">"):
                if i + 1 >= len(toks) or not re.fullmatch(r"-?\d+", toks[i + 1]):
                    fail("for 'Gt', 'Lt' operators, the value must be an integer")
                reqs.append((key, "gt" if toks[i] == ">" else "lt", (toks[i + 1],)))
                i += 2
            else:
                fail("found '%s', expected: in, notin, =, ==, !=, gt, lt" % toks[i])
        if i < len(toks):
            if toks[i] != ",":
                fail("found '%s', expected: ',' or 'end of string'" % toks[i])
            i += 1
    return reqs


def labels_match(reqs, labels):
    labels = labels or {}
    for key, op, values in reqs:
        has = key in labels
        value = labels.get(key)
        if op == "exists" and not has:
            return False
        if op == "!" and has:
            return False
        if op == "=" and value != values[0]:
            return False
        if op == "!=" and has and value == values[0]:
            return False
        if op == "in" and (not has or value not in values):
            return False
        if op == "notin" and has and value in values:
            return False
        if op in ("gt", "lt"):
            try:
                n = int(value)
            except (TypeError, ValueError):
                return False
            if (op == "gt" and not n > int(values[0])) or (op == "lt" and not n < int(values[0])):
                return False
    return True


def parse_field_selector(text, kind):
    if not text or not text.strip():
        return []
    reqs = []
    allowed = ("metadata.name", "metadata.namespace") + _FIELDS.get(kind, ())
    for part in text.split(","):
        m = re.fullmatch(r"\s*([^!=\s]+)\s*(!=|==|=)\s*(.*?)\s*", part)
        if not m:
            raise errors.bad_request("invalid selector: '%s'; can't understand '%s'" % (text, part))
        key, op, value = m.groups()
        if key not in allowed:
            raise errors.bad_request('"%s" is not a known field selector: only "%s"'
                                     % (key, '", "'.join(allowed)))
        reqs.append((key, "!=" if op == "!=" else "=", value))
    return reqs


def _field_value(obj, key):
    if key == "source" and obj.get("kind") == "Event":
        # the event strategy: source.component, else reportingComponent
        return (obj.get("source") or {}).get("component") or obj.get("reportingComponent") or ""
    node = obj
    for part in key.split("."):
        if not isinstance(node, dict):
            return ""
        node = node.get(part)
    if node is None:
        return ""
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def selectable_fields(kind, obj):
    """The values of the fields a field selector may name for this kind."""
    obj = dict(obj, kind=kind) if obj.get("kind") != kind else obj
    return {key: _field_value(obj, key) for key in ("metadata.name", "metadata.namespace") + _FIELDS.get(kind, ())}


def fields_match(reqs, obj, fields=None):
    """Whether obj (or its precomputed selectable `fields`) matches every requirement."""
    for key, op, value in reqs:
        actual = fields[key] if fields is not None else _field_value(obj, key)
        if (op == "=") != (actual == value):
            return False
    return True


def label_selector_from_object(selector):
    """The requirements of a metav1.LabelSelector (matchLabels + matchExpressions)."""
    reqs = [(k, "=", (v,)) for k, v in sorted((selector or {}).get("matchLabels", {}).items())]
    for e in (selector or {}).get("matchExpressions", []) or []:
        op = {"In": "in", "NotIn": "notin", "Exists": "exists", "DoesNotExist": "!"}.get(e.get("operator"))
        if op:
            reqs.append((e.get("key"), op, tuple(e.get("values") or ())))
    return reqs
