"""KubernetesDaemonSet manifests for the cluster end-to-end tests, built as Python data
and written as YAML, and the secret values they carry (registered with planton_cli, so
that any output showing one fails the test)."""
import base64
import json

from planton_cli import register_secret

# Literal env secret and docker config of full_manifest(); never to appear in any output.
ENV_SECRET = "e2e-es-password-Qx7v"
PULL_AUTH = "e2e-puller:pull-secret-9Kw4"
DOCKER_CONFIG_JSON = json.dumps(
    {"auths": {"registry.example.test": {"auth": base64.b64encode(PULL_AUTH.encode()).decode()}}})

for _value in (ENV_SECRET, PULL_AUTH, DOCKER_CONFIG_JSON):
    register_secret(_value)
    register_secret(base64.b64encode(_value.encode()).decode())
register_secret(base64.b64encode(PULL_AUTH.encode()).decode())

CONTROL_PLANE_TOLERATION = {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                            "effect": "NoSchedule"}


def to_yaml(value, indent=0):
    """Block-style YAML; scalars are written as JSON, which YAML reads the same way."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        out = ""
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out += "%s%s:\n%s" % (pad, key, to_yaml(item, indent + 2))
            else:
                out += "%s%s: %s" % (pad, key, to_yaml(item, 0).strip() + "\n")
        return out
    if isinstance(value, list):
        if not value:
            return pad + "[]\n"
        out = ""
        for item in value:
            text = to_yaml(item, indent + 2)
            out += pad + "- " + text[indent + 2:]
        return out
    return pad + json.dumps(value) + "\n"


def manifest(name="fluentd", namespace="logging", tag="v1.16", repo="fluent/fluentd", **spec):
    """A small manifest: its namespace (created), one container with a readiness probe,
    tolerating the control plane (so every node of the test server runs a pod). `spec`
    adds or replaces fields."""
    body = {
        "namespace": namespace,
        "create_namespace": True,
        "container": {"app": {
            "image": {"repo": repo, "tag": tag},
            "readiness_probe": {"tcp_socket": {"port_number": 24231}},
        }},
        "tolerations": [dict(CONTROL_PLANE_TOLERATION)],
    }
    body.update(spec)
    return {"apiVersion": "kubernetes.project-planton.org/v1", "kind": "KubernetesDaemonSet",
            "metadata": {"name": name}, "spec": body}


def full_manifest(tag="v1.16", **spec):
    """fluentd in `logging` with every object kind: Namespace, ServiceAccount, ClusterRole
    and binding, Role and binding, two ConfigMaps, the env Secret (and the image pull
    Secret when applied with --docker-config-json)."""
    m = manifest(tag=tag, create_service_account=True,
                 config_maps={"fluentd-parsers": "<parse>\n  @type json\n</parse>\n",
                              "fluentd-config": "<source>\n  @type tail\n</source>\n"},
                 rbac={"cluster_rules": [{"api_groups": [""], "resources": ["pods", "namespaces"],
                                          "verbs": ["get", "list", "watch"]}],
                       "namespace_rules": [{"api_groups": [""], "resources": ["configmaps"],
                                            "verbs": ["get", "update"]}]})
    app = m["spec"]["container"]["app"]
    app["env"] = {"variables": {"LOG_LEVEL": "info"}, "secrets": {"ES_PASSWORD": ENV_SECRET}}
    app["volume_mounts"] = [{"name": "config", "mount_path": "/fluentd/etc", "read_only": True,
                             "config_map": {"name": "fluentd-config", "key": "fluentd-config",
                                            "path": "fluent.conf"}}]
    m["spec"].update(spec)
    return m


# The objects full_manifest renders with --docker-config-json, in objects.md order:
# (display name, REST path).
FULL_OBJECTS = [
    ("namespace/logging", "/api/v1/namespaces/logging"),
    ("serviceaccount/fluentd", "/api/v1/namespaces/logging/serviceaccounts/fluentd"),
    ("clusterrole.rbac.authorization.k8s.io/logging-fluentd",
     "/apis/rbac.authorization.k8s.io/v1/clusterroles/logging-fluentd"),
    ("clusterrolebinding.rbac.authorization.k8s.io/logging-fluentd",
     "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/logging-fluentd"),
    ("role.rbac.authorization.k8s.io/fluentd", "/apis/rbac.authorization.k8s.io/v1/namespaces/logging/roles/fluentd"),
    ("rolebinding.rbac.authorization.k8s.io/fluentd",
     "/apis/rbac.authorization.k8s.io/v1/namespaces/logging/rolebindings/fluentd"),
    ("configmap/fluentd-config", "/api/v1/namespaces/logging/configmaps/fluentd-config"),
    ("configmap/fluentd-parsers", "/api/v1/namespaces/logging/configmaps/fluentd-parsers"),
    ("secret/fluentd-env-secrets", "/api/v1/namespaces/logging/secrets/fluentd-env-secrets"),
    ("secret/fluentd-image-pull-secret", "/api/v1/namespaces/logging/secrets/fluentd-image-pull-secret"),
    ("daemonset.apps/fluentd", "/apis/apps/v1/namespaces/logging/daemonsets/fluentd"),
]

