"""kubeconfig files for the users of a test server."""
import base64
import json
import os

from .tls import read_pem


def _b64(path):
    return base64.b64encode(read_pem(path)).decode()


def _yaml(value, indent=0):
    """A small YAML emitter for the plain structure of a kubeconfig (strings are quoted
    with JSON escaping, which YAML reads the same way)."""
    pad = "  " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append("%s%s:" % (pad, k))
                lines.append(_yaml(v, indent + 1))
            else:
                lines.append("%s%s: %s" % (pad, k, _scalar(v)))
    else:
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    prefix = pad + ("- " if first else "  ")
                    first = False
                    if isinstance(v, (dict, list)) and v:
                        lines.append("%s%s:" % (prefix, k))
                        lines.append(_yaml(v, indent + 2))
                    else:
                        lines.append("%s%s: %s" % (prefix, k, _scalar(v)))
            else:
                lines.append("%s- %s" % (pad, _scalar(item)))
    return "\n".join(lines)


def _scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (dict, list)):
        return "{}" if isinstance(v, dict) else "[]"
    return json.dumps(v)


def build(server_url, pki, user, auth="cert", ca="cluster", embed=True, tls_server_name=None, insecure=False,
          name="planton-test", namespace=None, extra_user=None, proxy_url=None):
    """The kubeconfig (as a dict) for `user` (an auth.User).

    auth: "cert" (client certificate CN=user, O=groups), "token", "basic", "none", or
    "cert-other-ca" (a client certificate signed by the unrelated CA).
    ca: "cluster" (the server's CA), "other" (an unrelated CA: TLS verification fails),
    "none" (no CA: the system trust store is used).
    embed: *-data fields (True) or file paths (False). extra_user: more fields of the
    user entry (e.g. an `exec` plugin)."""
    cluster = {"server": server_url}
    ca_file = {"cluster": pki.ca_cert, "other": pki.other_ca_cert}.get(ca)
    if insecure:
        cluster["insecure-skip-tls-verify"] = True
    elif ca_file:
        if embed:
            cluster["certificate-authority-data"] = _b64(ca_file)
        else:
            cluster["certificate-authority"] = ca_file
    if tls_server_name:
        cluster["tls-server-name"] = tls_server_name
    if proxy_url:
        cluster["proxy-url"] = proxy_url
    u = {}
    if auth in ("cert", "cert-other-ca"):
        cert, key = pki.client_cert(user.name, user.groups, signed_by_other_ca=auth == "cert-other-ca")
        if embed:
            u["client-certificate-data"], u["client-key-data"] = _b64(cert), _b64(key)
        else:
            u["client-certificate"], u["client-key"] = cert, key
    elif auth == "token":
        u["token"] = user.token
    elif auth == "basic":
        u["username"], u["password"] = user.name, user.password
    elif auth != "none":
        raise ValueError("unknown auth %r" % auth)
    u.update(extra_user or {})
    context = {"cluster": name, "user": user.name}
    if namespace:
        context["namespace"] = namespace
    return {"apiVersion": "v1", "kind": "Config",
            "clusters": [{"name": name, "cluster": cluster}],
            "users": [{"name": user.name, "user": u}],
            "contexts": [{"name": name, "context": context}],
            "current-context": name, "preferences": {}}


def write(path, config):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(_yaml(config) + "\n")
    os.chmod(path, 0o600)
    return path
