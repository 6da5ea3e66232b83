"""Field paths and field sets as structured-merge-diff defines them: the FieldsV1
encoding of managedFields, the path spelling of conflict messages
(`.spec.template.spec.containers[name="fluentd"].image`), the set of fields an applied
configuration owns, and the comparison of two objects (added / modified / removed).

A path is a tuple of elements: ("f", name), ("k", ((field, json), ...)), ("v", json),
("i", index)."""
import json

from . import schema


def canonical(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def key_element(t, item):
    return ("k", tuple((k, canonical(v)) for k, v in schema.item_key(t, item)))


def value_element(value):
    return ("v", canonical(value))


# ---- text forms -------------------------------------------------------------------------

def element_string(e):
    if e[0] == "f":
        return "." + e[1]
    if e[0] == "k":
        return "[" + ",".join("%s=%s" % (k, v) for k, v in e[1]) + "]"
    if e[0] == "v":
        return "[=%s]" % e[1]
    return "[%d]" % e[1]


def path_string(path):
    return "".join(element_string(e) for e in path)


def _fields_v1_key(e):
    if e[0] == "f":
        return "f:" + e[1]
    if e[0] == "k":
        return "k:{" + ",".join('%s:%s' % (json.dumps(k), v) for k, v in e[1]) + "}"
    if e[0] == "v":
        return "v:" + e[1]
    return "i:%d" % e[1]


def _sort_key(e):
    rank = "fkvi".index(e[0])
    return (rank, e[1] if e[0] != "k" else tuple(e[1]))


def to_fields_v1(paths):
    """The FieldsV1 trie of a set of paths, children in structured-merge-diff order."""
    root = {}
    for p in paths:
        node = root
        for e in p:
            node = node.setdefault(e, {})
        node[None] = True  # member marker

    def emit(node):
        out = {}
        children = sorted((k for k in node if k is not None), key=_sort_key)
        if node.get(None) and children:
            out["."] = {}
        for c in children:
            out[_fields_v1_key(c)] = emit(node[c])
        return out

    return emit(root)


def _parse_fields_v1_key(text):
    kind, _, rest = text.partition(":")
    if kind == "f":
        return ("f", rest)
    if kind == "k":
        obj = json.loads(rest)
        return ("k", tuple(sorted((k, canonical(v)) for k, v in obj.items())))
    if kind == "v":
        return ("v", canonical(json.loads(rest)))
    if kind == "i":
        return ("i", int(rest))
    raise ValueError("bad FieldsV1 key %r" % text)


def from_fields_v1(trie):
    paths = set()

    def walk(node, prefix):
        if not node:
            paths.add(prefix)
            return
        for k, child in node.items():
            if k == ".":
                paths.add(prefix)
            else:
                walk(child, prefix + (_parse_fields_v1_key(k),))

    walk(trie or {}, ())
    paths.discard(())
    return paths


# ---- sets of an object ------------------------------------------------------------------

def applied_set(obj, t):
    """The fields an applied configuration sets (ToFieldSet): leaves, list items, atomic
    values and empty maps/lists; intermediate structs and maps are not members."""
    out = set()

    def walk(value, typ, path):
        if value is None:
            out.add(path)
            return
        if isinstance(value, dict) and not schema.is_atomic(typ, value):
            if not value:
                out.add(path)
            for k, v in value.items():
                walk(v, schema.child(typ, k), path + (("f", k),))
            return
        if isinstance(value, list):
            kind = schema.list_kind(typ, value)
            if kind == "atomic" or not value:
                out.add(path)
            elif kind == "set":
                for v in value:
                    out.add(path + (value_element(v),))
            else:
                for item in value:
                    p = path + (key_element(typ, item),)
                    out.add(p)
                    if isinstance(item, dict):
                        walk_children(item, schema.element(typ), p)
            return
        out.add(path)

    def walk_children(item, typ, path):
        for k, v in item.items():
            walk(v, schema.child(typ, k), path + (("f", k),))

    for k, v in obj.items():
        walk(v, schema.child(t, k), (("f", k),))
    return out


def compare(old, new, t):
    """(added, modified, removed) between two objects, as typed.Compare reports them:
    leaves that changed, and every path (also non-leaf maps and list items) that exists
    on one side only."""
    added, modified, removed = set(), set(), set()

    def leaf(a, b, path):
        if a is None:
            added.add(path)
        elif b is None:
            removed.add(path)
        elif a != b or type(a) is not type(b):
            modified.add(path)

    def one_side(value, typ, path, target):
        # Everything below a node that exists on one side only.
        if not (isinstance(typ, str) and typ in schema.VALUE_STRUCTS):
            target.add(path)
        if isinstance(value, dict) and not schema.is_atomic(typ, value):
            for k, v in value.items():
                if v is not None:  # a null (template creationTimestamp) is the same as absent
                    one_side(v, schema.child(typ, k), path + (("f", k),), target)
        elif isinstance(value, list) and value:
            kind = schema.list_kind(typ, value)
            if kind == "set":
                for v in value:
                    target.add(path + (value_element(v),))
            elif kind == "listmap":
                for item in value:
                    p = path + (key_element(typ, item),)
                    one_side(item, schema.element(typ), p, target)

    def walk(a, b, typ, path):
        if a is None and b is None:
            return
        if a is None or b is None:
            value = b if a is None else a
            if isinstance(value, (dict, list)) and not schema.is_atomic(typ, value):
                one_side(value, typ, path, added if a is None else removed)
            else:
                leaf(a, b, path)
            return
        if isinstance(a, dict) and isinstance(b, dict) and not schema.is_atomic(typ, b):
            for k in list(a.keys()) + [k for k in b if k not in a]:
                walk(a.get(k), b.get(k), schema.child(typ, k), path + (("f", k),))
            return
        if isinstance(a, list) and isinstance(b, list) and schema.list_kind(typ, b) != "atomic":
            if schema.list_kind(typ, b) == "set":
                av, bv = {canonical(v) for v in a}, {canonical(v) for v in b}
                for v in bv - av:
                    added.add(path + (("v", v),))
                for v in av - bv:
                    removed.add(path + (("v", v),))
                return
            ai = {key_element(typ, i): i for i in a}
            bi = {key_element(typ, i): i for i in b}
            for k in list(ai) + [k for k in bi if k not in ai]:
                walk(ai.get(k), bi.get(k), schema.element(typ), path + (k,))
            return
        leaf(a, b, path)

    walk(old or {}, new or {}, t, ())
    for s in (added, modified, removed):
        s.discard(())
    return added, modified, removed


# ---- editing an object by path --------------------------------------------------------

def remove_path(obj, path, t):
    """Removes the value at path (a field, list item or set value) from obj in place.
    Returns True when something was removed."""
    node, typ = obj, t
    for i, e in enumerate(path):
        last = i == len(path) - 1
        if e[0] == "f":
            if not isinstance(node, dict) or e[1] not in node:
                return False
            if last:
                del node[e[1]]
                return True
            node, typ = node[e[1]], schema.child(typ, e[1])
        elif e[0] in ("k", "v"):
            if not isinstance(node, list):
                return False
            if e[0] == "k":
                matches = [j for j, item in enumerate(node) if key_element(typ, item) == e]
            else:
                matches = [j for j, item in enumerate(node) if canonical(item) == e[1]]
            if not matches:
                return False
            if last:
                for j in reversed(matches):
                    del node[j]
                return True
            node, typ = node[matches[0]], schema.element(typ)
        else:
            if not isinstance(node, list) or e[1] >= len(node):
                return False
            if last:
                del node[e[1]]
                return True
            node, typ = node[e[1]], None
    return False


def has_prefix(path, prefix):
    return len(path) >= len(prefix) and path[:len(prefix)] == prefix
