"""Reads, deletes, watches and discovery on the test API server."""
import http.client
import json
import unittest

from apiserver_fixture import ApiServerTestCase

APPLY = "application/apply-patch+yaml"


class RestTestCase(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def setUp(self):
        super().setUp()
        self.http = self.api.client()
        for ns in ("logging", "monitoring"):
            self.http.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                                             "metadata": {"name": ns}})

    def configmap(self, name, namespace="logging", labels=None):
        status, _, body = self.http.request(
            "PATCH", "/api/v1/namespaces/%s/configmaps/%s?fieldManager=t" % (namespace, name),
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "labels": labels or {}}}, APPLY)
        self.assertEqual(status, 201, body)
        return body

    def daemonset(self, name="fluentd"):
        body = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": name},
                "spec": {"selector": {"matchLabels": {"app": name}},
                         "template": {"metadata": {"labels": {"app": name}},
                                      "spec": {"containers": [{"name": name, "image": name + ":1"}]}}}}
        status, _, ds = self.http.request("PATCH", "/apis/apps/v1/namespaces/logging/daemonsets/%s?fieldManager=t"
                                          % name, body, APPLY)
        self.assertEqual(status, 201, ds)
        return ds

    def names(self, path):
        status, _, body = self.http.request("GET", path)
        self.assertEqual(status, 200, body)
        return [i["metadata"]["name"] for i in body["items"]]


class ListTest(RestTestCase):
    def test_label_selectors(self):
        self.configmap("a", labels={"app": "x", "tier": "1"})
        self.configmap("b", labels={"app": "y"})
        self.configmap("c", labels={"app": "z", "tier": "2"})
        cases = {"app=x": ["a"], "app==y": ["b"], "app!=x": ["b", "c"], "app in (x, z)": ["a", "c"],
                 "app notin (x,z)": ["b"], "tier": ["a", "c"], "!tier": ["b"], "app=z,tier=2": ["c"],
                 "tier>1": ["c"]}
        from urllib.parse import quote
        for selector, expected in cases.items():
            with self.subTest(selector):
                self.assertEqual(self.names("/api/v1/namespaces/logging/configmaps?labelSelector=" + quote(selector)),
                                 expected)
        status, _, body = self.http.request("GET", "/api/v1/configmaps?labelSelector=" + quote("app in (x"))
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))

    def test_field_selectors_and_all_namespaces(self):
        self.configmap("a")
        self.configmap("a", namespace="monitoring")
        self.configmap("b", namespace="monitoring")
        # every namespace also holds the root CA config map of the cluster
        self.assertEqual(self.names("/api/v1/configmaps?fieldSelector=metadata.name%21%3Dkube-root-ca.crt"),
                         ["a", "a", "b"])
        self.assertEqual(len(self.names("/api/v1/configmaps?fieldSelector=metadata.name%3Dkube-root-ca.crt")), 4)
        self.assertEqual(self.names("/api/v1/configmaps?fieldSelector=metadata.namespace%3Dmonitoring"), ["a", "b"])
        self.assertEqual(self.names("/api/v1/configmaps?fieldSelector=metadata.name%21%3Da,"
                                    "metadata.name%21%3Dkube-root-ca.crt"), ["b"])
        self.daemonset()
        self.api.tick()
        pods = self.names("/api/v1/pods?fieldSelector=spec.nodeName%3Dworker-2")
        self.assertEqual(len(pods), 1)
        self.assertEqual(self.api.get("v1", "Pod", pods[0], "logging")["spec"]["nodeName"], "worker-2")
        status, _, body = self.http.request("GET", "/api/v1/configmaps?fieldSelector=data.x%3D1")
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))

    def test_a_namespace_lists_its_own_objects_after_deletes_too(self):
        for name in ("c", "a", "b"):
            self.configmap(name)
            self.configmap(name + "2", namespace="monitoring")
        status, _, body = self.http.request("DELETE", "/api/v1/namespaces/logging/configmaps/b")
        self.assertEqual(status, 200, body)
        self.configmap("b")  # created again after the delete
        status, _, body = self.http.request("DELETE", "/api/v1/namespaces/logging/configmaps/c")
        self.assertEqual(status, 200, body)
        self.assertEqual(self.names("/api/v1/namespaces/logging/configmaps"), ["a", "b"])
        self.assertEqual(self.names("/api/v1/namespaces/monitoring/configmaps"), ["a2", "b2", "c2"])
        self.assertEqual(self.names("/api/v1/namespaces/nowhere/configmaps"), [])
        # all namespaces: sorted by namespace, then name, as etcd's keys are
        _, _, body = self.http.request("GET", "/api/v1/configmaps?fieldSelector=metadata.name%21%3Dkube-root-ca.crt")
        self.assertEqual([(i["metadata"]["namespace"], i["metadata"]["name"]) for i in body["items"]],
                         [("logging", "a"), ("logging", "b"), ("monitoring", "a2"), ("monitoring", "b2"),
                          ("monitoring", "c2")])

    def test_limit_and_continue(self):
        for name in "abc":
            self.configmap(name)
        _, _, first = self.http.request("GET", "/api/v1/namespaces/logging/configmaps?limit=2")
        self.assertEqual([i["metadata"]["name"] for i in first["items"]], ["a", "b"])
        self.assertEqual(first["metadata"]["remainingItemCount"], 1)
        _, _, rest = self.http.request("GET", "/api/v1/namespaces/logging/configmaps?limit=2&continue="
                                       + first["metadata"]["continue"])
        self.assertEqual([i["metadata"]["name"] for i in rest["items"]], ["c"])
        self.assertNotIn("continue", rest["metadata"])

    def test_not_found(self):
        status, _, body = self.http.request("GET", "/apis/apps/v1/namespaces/logging/daemonsets/nope")
        self.assertEqual(status, 404)
        self.assertEqual(body["message"], 'daemonsets.apps "nope" not found')
        self.assertEqual(body["details"], {"name": "nope", "group": "apps", "kind": "daemonsets"})
        status, _, body = self.http.request("GET", "/apis/apps/v1/namespaces/logging/statefulsets")
        self.assertEqual((status, body["message"]), (404, "the server could not find the requested resource"))

    def test_table_for_kubectl_get(self):
        self.daemonset()
        self.api.tick(2)
        status, _, table = self.http.request("GET", "/apis/apps/v1/namespaces/logging/daemonsets", headers={
            "Accept": "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"})
        self.assertEqual((status, table["kind"]), (200, "Table"))
        self.assertEqual([c["name"] for c in table["columnDefinitions"]][:7],
                         ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector"])
        self.assertEqual(table["rows"][0]["cells"][:6], ["fluentd", 2, 2, 2, 2, 2])
        self.assertEqual(table["rows"][0]["object"]["kind"], "PartialObjectMetadata")


class DeleteTest(RestTestCase):
    def test_delete_returns_success_then_not_found(self):
        cm = self.configmap("a")
        status, _, body = self.http.request("DELETE", "/api/v1/namespaces/logging/configmaps/a")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                                "details": {"name": "a", "kind": "configmaps", "uid": cm["metadata"]["uid"]}})
        status, _, body = self.http.request("DELETE", "/api/v1/namespaces/logging/configmaps/a")
        self.assertEqual((status, body["message"]), (404, 'configmaps "a" not found'))

    def test_foreground_keeps_the_daemonset_until_its_pods_are_gone(self):
        self.daemonset()
        self.api.tick(2)
        self.assertEqual(len(self.api.pods("logging", "fluentd")), 2)
        status, _, body = self.http.request("DELETE", "/apis/apps/v1/namespaces/logging/daemonsets/fluentd?"
                                                      "propagationPolicy=Foreground")
        self.assertEqual(status, 200)
        self.assertEqual(body["kind"], "DaemonSet")
        self.assertEqual(body["metadata"]["finalizers"], ["foregroundDeletion"])
        self.assertIn("deletionTimestamp", body["metadata"])
        self.assertEqual(len(self.api.pods("logging", "fluentd")), 2)
        self.api.tick()
        self.assertEqual(self.api.pods("logging", "fluentd"), [])
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging"))

    def test_background_deletes_the_daemonset_first(self):
        self.daemonset()
        self.api.tick(2)
        status, _, body = self.http.request("DELETE", "/apis/apps/v1/namespaces/logging/daemonsets/fluentd", {
            "kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Background"})
        self.assertEqual((status, body["status"]), (200, "Success"))
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "fluentd", "logging"))
        self.assertEqual(len(self.api.pods("logging")), 2)
        self.api.tick()
        self.assertEqual(self.api.pods("logging"), [])

    def test_orphan_leaves_the_pods(self):
        self.daemonset()
        self.api.tick(2)
        self.http.request("DELETE", "/apis/apps/v1/namespaces/logging/daemonsets/fluentd?propagationPolicy=Orphan")
        self.api.tick()
        pods = self.api.pods("logging")
        self.assertEqual(len(pods), 2)
        self.assertTrue(all("ownerReferences" not in p["metadata"] for p in pods))

    def test_namespace_terminates_with_its_contents(self):
        self.configmap("a")
        self.daemonset()
        status, _, ns = self.http.request("DELETE", "/api/v1/namespaces/logging")
        self.assertEqual((status, ns["status"]["phase"]), (200, "Terminating"))
        status, _, body = self.http.request(
            "PATCH", "/api/v1/namespaces/logging/configmaps/b?fieldManager=t",
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}, APPLY)
        self.assertEqual(status, 403)
        self.assertEqual(body["message"], 'configmaps "b" is forbidden: unable to create new content in namespace '
                                          'logging because it is being terminated')
        status, _, body = self.http.request("DELETE", "/api/v1/namespaces/logging")
        self.assertEqual((status, body["reason"]), (409, "Conflict"))
        self.assertTrue(body["message"].startswith('Operation cannot be fulfilled on namespaces "logging": The system '
                                                   "is ensuring all content is removed from this namespace."))
        self.api.tick()
        self.assertIsNone(self.api.get("v1", "Namespace", "logging"))
        self.assertEqual(self.api.list("v1", "ConfigMap", "logging"), [])
        self.assertEqual(self.api.list("apps/v1", "DaemonSet", "logging"), [])


class WatchTest(RestTestCase):
    def test_watch_streams_changes_after_a_revision(self):
        revision = self.api.revision
        self.configmap("a", labels={"app": "x"})
        self.configmap("b", labels={"app": "y"})
        self.http.request("DELETE", "/api/v1/namespaces/logging/configmaps/a")
        conn = http.client.HTTPSConnection("127.0.0.1", self.api.server.port, context=self.http.context, timeout=5)
        conn.request("GET", "/api/v1/namespaces/logging/configmaps?watch=true&labelSelector=app%%3Dx&"
                            "resourceVersion=%d&timeoutSeconds=1" % revision)
        resp = conn.getresponse()
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.getheader("Transfer-Encoding"), "chunked")
        events = [json.loads(line) for line in resp.read().decode().splitlines()]
        conn.close()
        self.assertEqual([(e["type"], e["object"]["metadata"]["name"]) for e in events],
                         [("ADDED", "a"), ("DELETED", "a")])
        self.assertEqual(events[0]["object"]["kind"], "ConfigMap")


class DiscoveryTest(RestTestCase):
    def test_legacy_and_aggregated_discovery(self):
        _, _, api = self.http.request("GET", "/api")
        self.assertEqual(api["versions"], ["v1"])
        _, headers, agg = self.http.request("GET", "/apis", headers={
            "Accept": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"})
        self.assertEqual(headers["content-type"], "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
        self.assertEqual([i["metadata"]["name"] for i in agg["items"]],
                         ["apps", "rbac.authorization.k8s.io", "scheduling.k8s.io"])
        _, _, apps = self.http.request("GET", "/apis/apps/v1")
        ds = [r for r in apps["resources"] if r["name"] == "daemonsets"][0]
        self.assertEqual((ds["kind"], ds["namespaced"], ds["shortNames"]), ("DaemonSet", True, ["ds"]))
        status, _, openapi = self.http.request("GET", "/openapi/v3")
        self.assertEqual(sorted(openapi["paths"]), ["api/v1", "apis/apps/v1", "apis/rbac.authorization.k8s.io/v1",
                                                    "apis/scheduling.k8s.io/v1"])
        self.assertEqual(self.http.request("GET", "/openapi/v2")[0], 404)


if __name__ == "__main__":
    unittest.main()
