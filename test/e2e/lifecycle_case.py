"""What the end-to-end tests of diff, status, delete and apply --prune share: a manifest
with every kind of object planton-ds renders (written as JSON, which is YAML too) and
a test case that runs the cluster commands against the test API server.

    class DeleteTest(LifecycleTestCase):
        def test_delete(self):
            path = self.write_manifest(config_maps={"a": "x"})
            self.cli("apply", path, "--no-wait")
            proc = self.cli("delete", path, "--wait")
"""
import base64
import json

import planton_cli
from cluster_case import ClusterTestCase

RBAC_RULE = {"api_groups": [""], "resources": ["pods"], "verbs": ["get", "list"]}


def b64(text):
    return base64.b64encode(text.encode()).decode()


def manifest(name="fluentd", namespace="logging", create_namespace=True, tag="v1.16", config_maps=None,
             secrets=None, cluster_rules=False, namespace_rules=False, create_service_account=True):
    """A KubernetesDaemonSet manifest as text. secrets: {VARIABLE: literal value}, each
    registered with planton_cli (plain and base64) so that no output may show it."""
    app = {"image": {"repo": "registry.example/agents/" + name, "tag": tag},
           "resources": {"limits": {"cpu": "200m", "memory": "128Mi"},
                         "requests": {"cpu": "50m", "memory": "64Mi"}}}
    if secrets:
        app["env"] = {"secrets": dict(secrets)}
        for value in secrets.values():
            planton_cli.register_secret(value)
            planton_cli.register_secret(b64(value))
    spec = {"namespace": namespace, "create_namespace": create_namespace,
            "create_service_account": create_service_account, "container": {"app": app}}
    if config_maps:
        spec["config_maps"] = dict(config_maps)
    rbac = {}
    if cluster_rules:
        rbac["cluster_rules"] = [RBAC_RULE]
    if namespace_rules:
        rbac["namespace_rules"] = [RBAC_RULE]
    if rbac:
        spec["rbac"] = rbac
    return json.dumps({"apiVersion": "kubernetes.project-planton.org/v1", "kind": "KubernetesDaemonSet",
                       "metadata": {"name": name}, "spec": spec}, indent=2) + "\n"


def labels(name="fluentd"):
    """The labels planton-ds puts on every object of the manifest `name`."""
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/managed-by": "planton-ds",
            "planton.ai/resource": "true", "planton.ai/kind": "KubernetesDaemonSet", "planton.ai/name": name}


class LifecycleTestCase(ClusterTestCase):
    """ClusterTestCase with self.config, an admin kubeconfig for the test server."""

    def setUp(self):
        super().setUp()
        self.config = self.api.kubeconfig()
        self._manifests = 0

    def write_manifest(self, **options):
        """Writes manifest(**options) to a new file; returns its path."""
        self._manifests += 1
        return self.write("manifest-%d.yaml" % self._manifests, manifest(**options))

    def cli(self, command, path, *extra, config=None, verbosity=()):
        """planton-ds [verbosity] <command> -f <path> --kubeconfig <config> extra..."""
        return self.run_cli(list(verbosity) + [command, "-f", path, "--kubeconfig", config or self.config]
                            + list(extra))

    def applied(self, path, *extra):
        """apply --no-wait, which must succeed; returns the CompletedProcess."""
        proc = self.cli("apply", path, "--no-wait", *extra)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def exists(self, api_version, kind, name, namespace=""):
        return self.api.get(api_version, kind, name, namespace) is not None

    def deletes(self):
        """(path, query) of every DELETE the server received."""
        return [(e["path"], e["query"]) for e in self.api.requests("DELETE")]
