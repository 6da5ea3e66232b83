"""The real kubectl against the test API server: server-side apply of a multi-object
file, get, dry run, conflicts, rollout status and delete."""
import unittest

from apiserver_fixture import KUBECTL, ApiServerTestCase

OBJECTS = """\
apiVersion: v1
kind: Namespace
metadata:
  name: logging
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: fluentd
  namespace: logging
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: logging-fluentd
rules:
- apiGroups: [""]
  resources: [pods, namespaces]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: logging-fluentd
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: logging-fluentd
subjects:
- kind: ServiceAccount
  name: fluentd
  namespace: logging
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fluentd-config
  namespace: logging
data:
  fluent.conf: |
    <source>
      @type tail
    </source>
---
apiVersion: v1
kind: Secret
metadata:
  name: fluentd-env-secrets
  namespace: logging
type: Opaque
data:
  TOKEN: c2VjcmV0
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  namespace: logging
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: fluentd
  template:
    metadata:
      labels:
        app.kubernetes.io/name: fluentd
    spec:
      serviceAccountName: fluentd
      containers:
      - name: fluentd
        image: fluentd:IMAGE_TAG
        ports:
        - containerPort: 24224
"""

APPLIED = ["namespace/logging serverside-applied", "serviceaccount/fluentd serverside-applied",
           "clusterrole.rbac.authorization.k8s.io/logging-fluentd serverside-applied",
           "clusterrolebinding.rbac.authorization.k8s.io/logging-fluentd serverside-applied",
           "configmap/fluentd-config serverside-applied", "secret/fluentd-env-secrets serverside-applied",
           "daemonset.apps/fluentd serverside-applied"]


def objects(tag="v1.16"):
    return OBJECTS.replace("IMAGE_TAG", tag)


@unittest.skipIf(KUBECTL is None, "kubectl is not installed")
class KubectlTest(ApiServerTestCase):
    api_options = {"tick_interval": 0.02}

    def kubectl(self, *args, input=None, ok=True):
        result = self.api.kubectl(*args, input=input)
        if ok:
            self.assertEqual(result.returncode, 0, result.stderr)
        return result

    def test_server_side_apply_get_dry_run_and_delete(self):
        result = self.kubectl("apply", "--server-side", "-f", "-", input=objects())
        self.assertEqual(result.stdout.splitlines(), APPLIED)
        ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
        self.assertEqual([(m["manager"], m["operation"]) for m in ds["metadata"]["managedFields"]
                          if m.get("subresource") != "status"], [("kubectl", "Apply")])
        patches = self.api.requests(method="PATCH")
        self.assertEqual(len(patches), 7)
        self.assertEqual(patches[-1]["query"], {"fieldManager": ["kubectl"], "fieldValidation": ["Strict"],
                                                "force": ["false"]})
        self.assertEqual(patches[-1]["content_type"], "application/apply-patch+yaml")

        # The root CA publisher adds kube-root-ca.crt to the new namespace on its own
        # schedule; the comparison below is of what the second apply changes.
        self.api.wait_for(lambda: self.api.get("v1", "ConfigMap", "kube-root-ca.crt", "logging"))
        versions = {o["metadata"]["name"]: o["metadata"]["resourceVersion"]
                    for o in self.api.list("v1", "ConfigMap", "logging") + self.api.list("v1", "Secret", "logging")}
        self.kubectl("apply", "--server-side", "-f", "-", input=objects())
        self.assertEqual(versions, {o["metadata"]["name"]: o["metadata"]["resourceVersion"]
                                    for o in self.api.list("v1", "ConfigMap", "logging")
                                    + self.api.list("v1", "Secret", "logging")})

        result = self.kubectl("apply", "--server-side", "--dry-run=server", "-f", "-", input=objects("v1.17"))
        self.assertIn("daemonset.apps/fluentd serverside-applied (server dry run)", result.stdout)
        self.assertEqual(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")["spec"]["template"]["spec"]
                         ["containers"][0]["image"], "fluentd:v1.16")

        self.kubectl("rollout", "status", "ds/fluentd", "-n", "logging", "--timeout=30s")
        result = self.kubectl("get", "ds", "-A")
        header, row = result.stdout.splitlines()
        self.assertEqual(header.split(), ["NAMESPACE", "NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE",
                                          "AVAILABLE", "NODE", "SELECTOR", "AGE"])
        self.assertEqual(row.split()[:8], ["logging", "fluentd", "2", "2", "2", "2", "2", "<none>"])
        result = self.kubectl("get", "pods", "-n", "logging", "-o", "wide")
        self.assertEqual(sorted(line.split()[6] for line in result.stdout.splitlines()[1:]), ["worker-1", "worker-2"])

        result = self.kubectl("delete", "-f", "-", input=objects())
        self.assertIn('daemonset.apps "fluentd" deleted', result.stdout)
        self.assertIn('namespace "logging" deleted', result.stdout)
        self.api.wait_for(lambda: self.api.get("v1", "Namespace", "logging") is None)
        self.assertEqual(self.api.list("v1", "Pod", "logging"), [])

    def test_conflict_and_force_conflicts(self):
        self.kubectl("apply", "--server-side", "-f", "-", input=objects())
        result = self.kubectl("apply", "--server-side", "--field-manager=planton-ds", "-f", "-",
                              input=objects("v1.17"), ok=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn('Apply failed with 1 conflict: conflict with "kubectl": '
                      '.spec.template.spec.containers[name="fluentd"].image', result.stderr)
        self.kubectl("apply", "--server-side", "--field-manager=planton-ds", "--force-conflicts", "-f", "-",
                     input=objects("v1.17"))
        self.kubectl("rollout", "status", "ds/fluentd", "-n", "logging", "--timeout=30s")
        self.assertEqual({p["spec"]["containers"][0]["image"] for p in self.api.pods("logging")}, {"fluentd:v1.17"})

    def test_foreground_cascade(self):
        self.kubectl("apply", "--server-side", "-f", "-", input=objects())
        self.kubectl("rollout", "status", "ds/fluentd", "-n", "logging", "--timeout=30s")
        result = self.kubectl("delete", "ds", "fluentd", "-n", "logging", "--cascade=foreground")
        self.assertEqual(result.stdout.strip(), 'daemonset.apps "fluentd" deleted')
        self.assertEqual(self.api.pods("logging"), [])
        delete = self.api.requests(method="DELETE")[0]
        self.assertIn('"propagationPolicy":"Foreground"', delete["body"])


if __name__ == "__main__":
    unittest.main()
