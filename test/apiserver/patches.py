"""Non-apply patches: JSON merge patch (RFC 7386), strategic merge patch (merge patch
whose list maps merge by key, with `$patch: delete`), and JSON patch (RFC 6902)."""
import copy

from . import errors, fieldpath, schema


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def strategic_merge_patch(target, patch, t):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if k.startswith("$"):
            continue
        ct = schema.child(t, k)
        if v is None:
            out.pop(k, None)
        elif isinstance(v, list) and isinstance(out.get(k), list) and schema.list_kind(ct, v) == "listmap":
            out[k] = _merge_keyed_list(out[k], v, ct)
        elif isinstance(v, dict) and not schema.is_atomic(ct, v):
            out[k] = strategic_merge_patch(out.get(k), v, ct)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _merge_keyed_list(live, patch, t):
    result = copy.deepcopy(live)
    index = {fieldpath.key_element(t, item): i for i, item in enumerate(result)}
    removed = set()
    for item in patch:
        key = fieldpath.key_element(t, item)
        if isinstance(item, dict) and item.get("$patch") == "delete":
            if key in index:
                removed.add(index[key])
            continue
        if key in index:
            result[index[key]] = strategic_merge_patch(result[index[key]], item, schema.element(t))
        else:
            index[key] = len(result)
            result.append(copy.deepcopy(item))
    return [item for i, item in enumerate(result) if i not in removed]


def _pointer(path):
    if path == "":
        return []
    if not path.startswith("/"):
        raise errors.bad_request("the server rejected our request due to an error in our request")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def json_patch(target, ops):
    doc = copy.deepcopy(target)
    if not isinstance(ops, list):
        raise errors.bad_request("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    for op in ops:
        kind, parts = op.get("op"), _pointer(op.get("path", ""))
        if not parts:
            raise errors.bad_request("the server rejected our request due to an error in our request")
        parent = doc
        for p in parts[:-1]:
            parent = parent[int(p)] if isinstance(parent, list) else parent.get(p)
            if parent is None:
                raise errors.ApiError(422, errors.status_body(
                    422, "Invalid", "the server rejected our request due to an error in our request"))
        last = parts[-1]
        if kind in ("add", "replace"):
            value = copy.deepcopy(op.get("value"))
            if isinstance(parent, list):
                if last == "-":
                    parent.append(value)
                elif kind == "add":
                    parent.insert(int(last), value)
                else:
                    parent[int(last)] = value
            else:
                parent[last] = value
        elif kind == "remove":
            if isinstance(parent, list):
                del parent[int(last)]
            else:
                parent.pop(last, None)
        elif kind == "test":
            actual = parent[int(last)] if isinstance(parent, list) else parent.get(last)
            if actual != op.get("value"):
                raise errors.ApiError(422, errors.status_body(422, "Invalid", "testing value %s failed"
                                                              % op.get("path")))
        else:
            raise errors.bad_request("Unexpected kind: %s" % kind)
    return doc
