"""The checks of kube-apiserver that catch real mistakes in what planton-ds or a user
sends, worded as upstream words them (pkg/apis/*/validation). Each check returns
field errors; the caller turns them into one 422 Invalid."""
import base64
import json
import re

from . import errors
from .errors import invalid_value, not_supported, required

DNS1123_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN = DNS1123_LABEL + r"(\." + DNS1123_LABEL + r")*"
SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                 "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                 "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
             "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
             "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
QUALIFIED_NAME = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
QUALIFIED_MSG = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                 "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                 "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                   "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',"
                   "  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")
CONFIG_KEY_MSG = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
                  "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
PERCENT_MSG = ("a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or "
               "'93%', regex used for validation is '[0-9]+%')")


def go(value):
    """A bad value printed as field.Error prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def go_string_map(m):
    if m is None:
        return "map[string]string(nil)"
    return "map[string]string{%s}" % ", ".join('"%s":"%s"' % (k, m[k]) for k in sorted(m))


def go_label_selector(sel):
    sel = sel or {}
    exprs = sel.get("matchExpressions")
    if exprs:
        parts = []
        for e in exprs:
            values = e.get("values")
            vs = "[]string(nil)" if values is None else "[]string{%s}" % ", ".join('"%s"' % v for v in values)
            parts.append('v1.LabelSelectorRequirement{Key:"%s", Operator:"%s", Values:%s}'
                         % (e.get("key", ""), e.get("operator", ""), vs))
        ex = "[]v1.LabelSelectorRequirement{%s}" % ", ".join(parts)
    else:
        ex = "[]v1.LabelSelectorRequirement(nil)"
    return "v1.LabelSelector{MatchLabels:%s, MatchExpressions:%s}" % (go_string_map(sel.get("matchLabels")), ex)


def _name_errors(value, path, label_only):
    errs = []
    limit = 63 if label_only else 253
    if len(value) > limit:
        errs.append(invalid_value(path, go(value), "must be no more than %d characters" % limit))
    pattern, msg = (DNS1123_LABEL, LABEL_MSG) if label_only else (DNS1123_SUBDOMAIN, SUBDOMAIN_MSG)
    if not re.fullmatch(pattern, value):
        errs.append(invalid_value(path, go(value), msg))
    return errs


def _path_segment_errors(value, path):
    for bad, msg in ((".", "may not be '.'"), ("..", "may not be '..'")):
        if value == bad:
            return [invalid_value(path, go(value), msg)]
    for ch in "/%":
        if ch in value:
            return [invalid_value(path, go(value), "may not contain '%s'" % ch)]
    return []


def _label_errors(labels, path):
    errs = []
    for k, v in (labels or {}).items():
        prefix, _, name = k.rpartition("/")
        if prefix and (len(prefix) > 253 or not re.fullmatch(DNS1123_SUBDOMAIN, prefix)):
            errs.append(invalid_value(path, go(k), "prefix part " + SUBDOMAIN_MSG))
        if not name or len(name) > 63 or not re.fullmatch(QUALIFIED_NAME, name):
            errs.append(invalid_value(path, go(k), QUALIFIED_MSG if name else "name part must be non-empty"))
        if not isinstance(v, str):
            continue
        if len(v) > 63:
            errs.append(invalid_value(path, go(v), "must be no more than 63 characters"))
        if v and not re.fullmatch(QUALIFIED_NAME, v):
            errs.append(invalid_value(path, go(v), LABEL_VALUE_MSG))
    return errs


def metadata_errors(obj, rtype):
    meta = obj.get("metadata") or {}
    name = meta.get("name") or ""
    if not name:
        return [required("metadata.name", "name or generateName is required")]
    if rtype.group == "rbac.authorization.k8s.io":
        errs = _path_segment_errors(name, "metadata.name")
    else:
        errs = _name_errors(name, "metadata.name", rtype.kind == "Namespace")
    errs += _label_errors(meta.get("labels"), "metadata.labels")
    return errs


def _container_errors(containers, path, volume_names, seen):
    errs = []
    for i, c in enumerate(containers or []):
        p = "%s[%d]" % (path, i)
        c = c if isinstance(c, dict) else {}
        name = c.get("name") or ""
        if not name:
            errs.append(required(p + ".name"))
        else:
            errs += _name_errors(name, p + ".name", True)
            if name in seen:
                errs.append(errors.FieldError("FieldValueDuplicate", p + ".name", "", go(name), True))
            seen.add(name)
        if not c.get("image"):
            errs.append(required(p + ".image"))
        for j, port in enumerate(c.get("ports") or []):
            cp = (port or {}).get("containerPort")
            if not isinstance(cp, int) or not 1 <= cp <= 65535:
                errs.append(invalid_value("%s.ports[%d].containerPort" % (p, j), go(cp),
                                          "must be between 1 and 65535, inclusive"))
        for j, mount in enumerate(c.get("volumeMounts") or []):
            mname = (mount or {}).get("name") or ""
            if not mname:
                errs.append(required("%s.volumeMounts[%d].name" % (p, j)))
            elif mname not in volume_names:
                errs.append(errors.FieldError("FieldValueNotFound", "%s.volumeMounts[%d].name" % (p, j), "",
                                              go(mname), True))
            if not (mount or {}).get("mountPath"):
                errs.append(required("%s.volumeMounts[%d].mountPath" % (p, j)))
    return errs


def pod_spec_errors(spec, path):
    spec = spec if isinstance(spec, dict) else {}
    errs, volume_names = [], set()
    for i, v in enumerate(spec.get("volumes") or []):
        name = (v or {}).get("name") or ""
        if not name:
            errs.append(required("%s.volumes[%d].name" % (path, i)))
        elif name in volume_names:
            errs.append(errors.FieldError("FieldValueDuplicate", "%s.volumes[%d].name" % (path, i), "",
                                          go(name), True))
        volume_names.add(name)
    if not spec.get("containers"):
        errs.append(required(path + ".containers"))
    seen = set()
    errs += _container_errors(spec.get("initContainers"), path + ".initContainers", volume_names, seen)
    errs += _container_errors(spec.get("containers"), path + ".containers", volume_names, seen)
    for i, t in enumerate(spec.get("tolerations") or []):
        t = t or {}
        p = "%s.tolerations[%d]" % (path, i)
        effect = t.get("effect", "")
        if effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            errs.append(not_supported(p + ".effect", go(effect), ["NoSchedule", "PreferNoSchedule", "NoExecute"]))
        op = t.get("operator", "Equal")
        if op not in ("Equal", "Exists", ""):
            errs.append(not_supported(p + ".operator", go(op), ["Equal", "Exists"]))
        if op == "Exists" and t.get("value"):
            errs.append(invalid_value(p + ".operator", go(op), "value must be empty when `operator` is 'Exists'"))
    return errs


def _int_or_percent(value):
    """getIntOrPercentValue: a percent's number, else IntOrString.IntValue() (Atoi of a
    string, 0 when it is not a number)."""
    if isinstance(value, str):
        m = re.fullmatch(r"([0-9]+)%", value)
        if m:
            return int(m.group(1))
        try:
            return int(value)
        except ValueError:
            return 0
    return value if isinstance(value, int) else 0


def _rolling_update_errors(ru, path):
    errs = []
    for field in ("maxUnavailable", "maxSurge"):
        v = ru.get(field)
        if isinstance(v, str) and not re.fullmatch(r"[0-9]+%", v):
            errs.append(invalid_value(path + "." + field, go(v), PERCENT_MSG))
        elif isinstance(v, int) and v < 0:
            errs.append(invalid_value(path + "." + field, go(v), "must be greater than or equal to 0"))
        elif isinstance(v, str) and _int_or_percent(v) > 100:
            errs.append(invalid_value(path + "." + field, go(v), "must not be greater than 100%"))
    unavailable = _int_or_percent(ru.get("maxUnavailable"))
    surge = _int_or_percent(ru.get("maxSurge"))
    if unavailable and surge:
        errs.append(invalid_value(path + ".maxSurge", go(ru.get("maxSurge")),
                                  "may not be set when maxUnavailable is non-zero"))
    elif not unavailable and not surge:
        errs.append(required(path + ".maxUnavailable", "cannot be 0 when maxSurge is 0"))
    return errs


def daemonset_errors(obj, old):
    from .selection import label_selector_from_object, labels_match

    spec = obj.get("spec") or {}
    errs = []
    selector = spec.get("selector")
    template = spec.get("template") or {}
    tlabels = (template.get("metadata") or {}).get("labels") or {}
    if not selector:
        errs.append(required("spec.selector"))
    else:
        if not selector.get("matchLabels") and not selector.get("matchExpressions"):
            errs.append(invalid_value("spec.selector", go_label_selector(selector),
                                      "empty selector is invalid for daemonset"))
        elif not labels_match(label_selector_from_object(selector), tlabels):
            errs.append(invalid_value("spec.template.metadata.labels", go_string_map(tlabels),
                                      "`selector` does not match template `labels`"))
    errs += _label_errors(tlabels, "spec.template.metadata.labels")
    tspec = template.get("spec") or {}
    errs += pod_spec_errors(tspec, "spec.template.spec")
    if tspec.get("restartPolicy", "Always") != "Always":
        errs.append(not_supported("spec.template.spec.restartPolicy", go(tspec.get("restartPolicy")), ["Always"]))
    if (spec.get("minReadySeconds") or 0) < 0:
        errs.append(invalid_value("spec.minReadySeconds", go(spec["minReadySeconds"]),
                                  "must be greater than or equal to 0"))
    strategy = spec.get("updateStrategy") or {}
    stype = strategy.get("type", "RollingUpdate")
    if stype == "RollingUpdate":
        errs += _rolling_update_errors(strategy.get("rollingUpdate") or {}, "spec.updateStrategy.rollingUpdate")
    elif stype != "OnDelete":
        errs.append(not_supported("spec.updateStrategy", go(strategy), ["RollingUpdate", "OnDelete"]))
    if old is not None:
        old_selector = (old.get("spec") or {}).get("selector")
        if selector != old_selector:
            errs.append(invalid_value("spec.selector", go_label_selector(selector), "field is immutable"))
    return errs


def _config_key_errors(data, field):
    errs = []
    for k in data or {}:
        if not re.fullmatch(r"[-._a-zA-Z0-9]+", k) or k in (".", ".."):
            errs.append(invalid_value("%s[%s]" % (field, k), go(k), CONFIG_KEY_MSG))
    return errs


def base64_error(text):
    """The Go decoder's complaint about a Secret data value, or None."""
    alphabet = re.compile(r"[A-Za-z0-9+/]")
    stripped = text.rstrip("=")
    for i, ch in enumerate(stripped):
        if not alphabet.fullmatch(ch):
            return "illegal base64 data at input byte %d" % i
    try:
        base64.b64decode(text, validate=True)
    except Exception:
        return "illegal base64 data at input byte %d" % (len(stripped) - len(stripped) % 4)
    return None


def decode_errors(obj):
    """Errors of the JSON decoder into the Go types (400 BadRequest, not 422)."""
    if obj.get("kind") == "Secret":
        for k, v in (obj.get("data") or {}).items():
            problem = "illegal base64 data at input byte 0" if not isinstance(v, str) else base64_error(v)
            if problem:
                return 'Secret in version "v1" cannot be handled as a Secret: %s' % problem
    return None


def validate(obj, rtype, old=None):
    errs = metadata_errors(obj, rtype)
    kind = rtype.kind
    if kind == "DaemonSet":
        errs += daemonset_errors(obj, old)
    elif kind == "Pod" and old is None:
        errs += pod_spec_errors(obj.get("spec"), "spec")
    elif kind in ("ConfigMap", "Secret"):
        errs += _config_key_errors(obj.get("data"), "data")
        errs += _config_key_errors(obj.get("binaryData" if kind == "ConfigMap" else "stringData"),
                                   "binaryData" if kind == "ConfigMap" else "stringData")
    if old is not None:
        old_ns = (old.get("metadata") or {}).get("namespace")
        if kind == "Secret" and old.get("type") != obj.get("type"):
            errs.append(invalid_value("type", go(obj.get("type")), "field is immutable"))
        if old_ns != (obj.get("metadata") or {}).get("namespace"):
            errs.append(invalid_value("metadata.namespace", go(obj["metadata"].get("namespace")),
                                      "field is immutable"))
    if errs:
        name = (obj.get("metadata") or {}).get("name", "")
        raise errors.invalid(kind, rtype.group, name, errs)
