"""Admission on the test API server, as kube-apiserver's default plugins decide:
ServiceAccount, Priority, DefaultTolerationSeconds, PodSecurity (enforce, warn, audit,
namespace label changes, workloads) and ResourceQuota, with their HTTP answers (403
bodies, `Warning` headers) and what kubectl prints for them."""
import itertools
import unittest

from apiserver_fixture import SharedApiServerTestCase, daemonset_object

APPLY = "application/apply-patch+yaml"
PSA = "pod-security.kubernetes.io/"
_names = itertools.count(1)


def pod(name=None, generate_name=None, **spec):
    meta = {"name": name} if name else {"generateName": generate_name}
    body = {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": dict({"containers": [{"name": "app", "image": "registry.example/app:1"}]}, **spec)}
    return body


def daemonset(name="agent", **pod_spec):
    return daemonset_object(name, **pod_spec)


class AdmissionTestCase(SharedApiServerTestCase):
    api_options = {"tick_interval": None}

    def setUp(self):
        super().setUp()
        self.http = self.api.client()
        self.ns = "adm-%d" % next(_names)

    def namespace(self, labels=None, name=None):
        name = name or self.ns
        status, _, body = self.http.request("POST", "/api/v1/namespaces", {
            "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}})
        self.assertEqual(status, 201, body)
        return body

    def create_pod(self, body, namespace=None, query=""):
        return self.http.request("POST", "/api/v1/namespaces/%s/pods%s" % (namespace or self.ns, query), body)

    def assert_forbidden(self, answer, message):
        status, _, body = answer
        self.assertEqual(status, 403, body)
        name = message.split('"')[1]
        self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": message, "reason": "Forbidden",
                                "details": {"name": name, "kind": "pods"}, "code": 403})


class ServiceAccountTest(AdmissionTestCase):
    def test_a_missing_service_account_is_refused(self):
        self.namespace()
        self.assert_forbidden(self.create_pod(pod("a", serviceAccountName="nope")),
                              'pods "a" is forbidden: error looking up service account %s/nope: '
                              'serviceaccount "nope" not found' % self.ns)
        # before the name is generated, admission names the pod by its generateName
        self.assert_forbidden(self.create_pod(pod(generate_name="agent-", serviceAccountName="nope")),
                              'pods "agent-" is forbidden: error looking up service account %s/nope: '
                              'serviceaccount "nope" not found' % self.ns)

    def test_the_default_service_account_and_its_token_volume(self):
        self.namespace()
        status, _, created = self.create_pod(pod("a"))
        self.assertEqual(status, 201, created)
        spec = created["spec"]
        self.assertEqual((spec["serviceAccountName"], spec["serviceAccount"]), ("default", "default"))
        volume = spec["volumes"][0]
        self.assertRegex(volume["name"], r"^kube-api-access-[a-z0-9]{5}$")
        self.assertEqual(volume["projected"]["sources"][1], {
            "configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}})
        self.assertEqual(spec["containers"][0]["volumeMounts"], [{
            "name": volume["name"], "readOnly": True, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}])
        # the service account controller made the namespace's default account and root CA
        self.assertIsNotNone(self.api.get("v1", "ServiceAccount", "default", self.ns))
        self.api.tick()
        ca = self.api.get("v1", "ConfigMap", "kube-root-ca.crt", self.ns)
        self.assertTrue(ca["data"]["ca.crt"].startswith("-----BEGIN CERTIFICATE-----"))
        self.assertIn("kubernetes.io/description", ca["metadata"]["annotations"])

    def test_no_token_volume_when_automount_is_off(self):
        self.namespace()
        status, _, created = self.create_pod(pod("a", automountServiceAccountToken=False))
        self.assertEqual(status, 201, created)
        self.assertNotIn("volumes", created["spec"])

    def test_default_toleration_seconds(self):
        self.namespace()
        _, _, created = self.create_pod(pod("a"))
        self.assertEqual(created["spec"]["tolerations"], [
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300},
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300}])


class PriorityTest(AdmissionTestCase):
    def test_a_missing_priority_class_is_refused(self):
        self.namespace()
        self.assert_forbidden(self.create_pod(pod("a", priorityClassName="no-such-priority")),
                              'pods "a" is forbidden: no PriorityClass with name no-such-priority was found')

    def test_system_and_user_priority_classes(self):
        self.namespace()
        _, _, critical = self.create_pod(pod("a", priorityClassName="system-node-critical"))
        self.assertEqual((critical["spec"]["priority"], critical["spec"]["preemptionPolicy"]),
                         (2000001000, "PreemptLowerPriority"))
        status, _, pc = self.http.request("POST", "/apis/scheduling.k8s.io/v1/priorityclasses", {
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": self.ns + "-high"},
            "value": 1000, "preemptionPolicy": "Never"})
        self.assertEqual((status, pc["metadata"]["generation"]), (201, 1))
        _, _, high = self.create_pod(pod("b", priorityClassName=self.ns + "-high"))
        self.assertEqual((high["spec"]["priority"], high["spec"]["preemptionPolicy"]), (1000, "Never"))
        _, _, plain = self.create_pod(pod("c"))
        self.assertEqual((plain["spec"]["priority"], plain["spec"]["preemptionPolicy"]), (0, "PreemptLowerPriority"))
        self.assert_forbidden(self.create_pod(pod("d", priorityClassName=self.ns + "-high", priority=5)),
                              'pods "d" is forbidden: the integer value of priority (5) must not be provided in '
                              'pod spec; priority admission controller computed 1000 from the given PriorityClass '
                              'name')

    def test_kubectl_lists_the_system_priority_classes(self):
        proc = self.api.kubectl("get", "priorityclasses")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rows = [line.split() for line in proc.stdout.splitlines()]
        self.assertEqual(rows[0], ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"])
        self.assertIn(["system-node-critical", "2000001000", "false"], [r[:3] for r in rows[1:]])


class ResourceQuotaTest(AdmissionTestCase):
    def quota(self, hard):
        status, _, body = self.http.request("POST", "/api/v1/namespaces/%s/resourcequotas" % self.ns, {
            "apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "pods"}, "spec": {"hard": hard}})
        self.assertEqual(status, 201, body)
        return body

    def test_pod_count_quota(self):
        self.namespace()
        self.quota({"pods": "1"})
        # Until the quota controller has computed its status, a quota constrains nothing.
        self.assertEqual(self.create_pod(pod("a"))[0], 201)
        self.api.tick()
        self.assertEqual(self.api.get("v1", "ResourceQuota", "pods", self.ns)["status"],
                         {"hard": {"pods": "1"}, "used": {"pods": "1"}})
        self.assert_forbidden(self.create_pod(pod("b")), 'pods "b" is forbidden: exceeded quota: pods, requested: '
                                                         'pods=1, used: pods=1, limited: pods=1')
        proc = self.api.kubectl("get", "quota", "-n", self.ns)
        self.assertEqual(proc.stdout.split()[:7], ["NAME", "AGE", "REQUEST", "LIMIT", "pods", proc.stdout.split()[5],
                                                   "pods:"])
        self.assertIn("pods: 1/1", proc.stdout)

    def test_admission_counts_the_pod_at_once_but_not_on_a_dry_run(self):
        self.namespace()
        self.quota({"pods": "2"})
        self.api.tick()
        self.assertEqual(self.create_pod(pod("a"), query="?dryRun=All")[0], 201)
        self.assertEqual(self.api.get("v1", "ResourceQuota", "pods", self.ns)["status"]["used"], {"pods": "0"})
        self.assertEqual(self.create_pod(pod("a"))[0], 201)
        self.assertEqual(self.api.get("v1", "ResourceQuota", "pods", self.ns)["status"]["used"], {"pods": "1"})
        self.assertEqual(self.create_pod(pod(generate_name="p-"))[0], 201)
        status, _, body = self.create_pod(pod(generate_name="p-"))
        self.assertEqual(status, 403)
        # a validating plugin: the name is generated by then
        self.assertRegex(body["message"], r'^pods "p-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: '
                                          r"pods=1, used: pods=2, limited: pods=2$")


class PodSecurityTest(AdmissionTestCase):
    PRIVILEGED = {"hostNetwork": True, "volumes": [{"name": "root", "hostPath": {"path": "/"}}],
                  "containers": [{"name": "app", "image": "a", "securityContext": {"privileged": True},
                                  "ports": [{"containerPort": 9100, "hostPort": 9100}]}]}
    RESTRICTED_PLAIN = ('allowPrivilegeEscalation != false (container "app" must set '
                        'securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" '
                        'must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container '
                        '"app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" '
                        'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")')

    def test_enforce_refuses_the_pod(self):
        self.namespace({PSA + "enforce": "baseline"})
        self.assert_forbidden(self.create_pod(pod("a", **self.PRIVILEGED)),
                              'pods "a" is forbidden: violates PodSecurity "baseline:latest": host namespaces '
                              '(hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "app" uses '
                              'hostPort 9100), privileged (container "app" must not set securityContext.privileged'
                              '=true)')
        self.assertEqual(self.create_pod(pod("b"))[0], 201)

    def test_warn_adds_a_warning_header(self):
        self.namespace({PSA + "warn": "restricted"})
        status, headers, _ = self.create_pod(pod("a"))
        self.assertEqual(status, 201)
        text = 'would violate PodSecurity "restricted:latest": ' + self.RESTRICTED_PLAIN
        self.assertEqual(headers["warning"], '299 - "%s"' % text.replace('"', '\\"'))
        self.assertEqual(self.api.requests("POST", "/api/v1/namespaces/%s/pods" % self.ns)[-1]["warnings"],
                         ['299 - "%s"' % text.replace('"', '\\"')])

    def test_a_refused_pod_gets_no_warning(self):
        self.namespace({PSA + "enforce": "baseline", PSA + "warn": "restricted"})
        status, headers, _ = self.create_pod(pod("a", hostPID=True))
        self.assertEqual(status, 403)
        self.assertNotIn("warning", headers)

    def test_workloads_are_warned_about_never_refused(self):
        self.namespace({PSA + "enforce": "restricted", PSA + "warn": "baseline", PSA + "audit": "restricted"})
        path = "/apis/apps/v1/namespaces/%s/daemonsets/agent?fieldManager=t" % self.ns
        status, headers, _ = self.http.request("PATCH", path, daemonset(hostPID=True), APPLY)
        self.assertEqual(status, 201)
        self.assertEqual(headers["warning"], '299 - "would violate PodSecurity \\"baseline:latest\\": host '
                                             'namespaces (hostPID=true)"')
        # an unchanged apply is admitted again, with the same warning
        status, headers, _ = self.http.request("PATCH", path, daemonset(hostPID=True), APPLY)
        self.assertEqual((status, "warning" in headers), (200, True))
        audit = [text for ns, name, text in self.api.audit() if ns == self.ns and name == "agent"]
        self.assertTrue(audit[-1].startswith('would violate PodSecurity "restricted:latest": host namespaces '
                                             '(hostPID=true), allowPrivilegeEscalation != false'), audit)
        # the status subresource is not checked
        status, headers, _ = self.http.request("GET", "/apis/apps/v1/namespaces/%s/daemonsets/agent/status" % self.ns)
        self.assertNotIn("warning", headers)

    def test_namespace_labels_must_parse(self):
        status, _, body = self.http.request("POST", "/api/v1/namespaces", {
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": self.ns, "labels": {PSA + "enforce": "strict"}}})
        self.assertEqual(status, 422)
        self.assertEqual(body["message"], 'Namespace "%s" is invalid: metadata.labels[pod-security.kubernetes.io/'
                                          'enforce]: Invalid value: "strict": must be one of privileged, baseline, '
                                          'restricted' % self.ns)

    def test_a_stricter_enforce_label_warns_about_existing_pods(self):
        self.namespace()
        for name in ("b", "a"):
            self.assertEqual(self.create_pod(pod(name))[0], 201)
        self.assertEqual(self.create_pod(pod("c", hostIPC=True))[0], 201)
        status, headers, _ = self.http.request(
            "PATCH", "/api/v1/namespaces/%s" % self.ns, {"metadata": {"labels": {PSA + "enforce": "restricted"}}},
            "application/merge-patch+json")
        self.assertEqual(status, 200)
        warnings = self.api.requests("PATCH", "/api/v1/namespaces/%s" % self.ns)[-1]["warnings"]
        self.assertEqual(warnings, [
            '299 - "existing pods in namespace \\"%s\\" violate the new PodSecurity enforce level '
            '\\"restricted:latest\\""' % self.ns,
            '299 - "a (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, '
            'runAsNonRoot != true, seccompProfile"',
            '299 - "c: host namespaces, allowPrivilegeEscalation != false, unrestricted capabilities, '
            'runAsNonRoot != true, seccompProfile"'])
        self.assertIn("warning", headers)  # one header per warning, as the log shows
        # relaxing the level checks nothing
        status, headers, _ = self.http.request(
            "PATCH", "/api/v1/namespaces/%s" % self.ns, {"metadata": {"labels": {PSA + "enforce": "baseline"}}},
            "application/merge-patch+json")
        self.assertNotIn("warning", headers)

    def test_kubectl_shows_the_refusal_and_the_warning(self):
        self.namespace({PSA + "enforce": "baseline", PSA + "warn": "restricted"})
        manifest = ("apiVersion: v1\nkind: Pod\nmetadata: {name: %s, namespace: %s}\nspec:\n  containers:\n"
                    "  - {name: app, image: app:1}\n")
        proc = self.api.kubectl("apply", "-f", "-", input=manifest % ("fine", self.ns))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
                      proc.stderr)
        proc = self.api.kubectl("apply", "-f", "-", input=(manifest % ("bad", self.ns)) + "  hostPID: true\n")
        self.assertEqual(proc.returncode, 1)
        self.assertIn('pods "bad" is forbidden: violates PodSecurity "baseline:latest": host namespaces '
                      "(hostPID=true)", proc.stderr)


if __name__ == "__main__":
    unittest.main()
