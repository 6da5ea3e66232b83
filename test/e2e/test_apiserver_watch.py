"""Watches on the test API server as kube-apiserver's watch cache serves them: resuming
from a resourceVersion, 410 Expired past the window (per resource type), 504 for a
resourceVersion from the future, bookmarks, timeoutSeconds, sendInitialEvents, label and
field selectors, a stream the server ends (so clients can test their reconnect), and the
bytes of every response in the request log."""
import http.client
import json
import socket
import ssl
import threading
import time
import unittest
from urllib.parse import quote

from apiserver_fixture import SharedApiServerTestCase, daemonset_object, resources

APPLY = "application/apply-patch+yaml"


class WatchTestCase(SharedApiServerTestCase):
    api_options = {"tick_interval": None, "watch_window": 20, "bookmark_interval": 0.3, "min_request_timeout": 1.0}

    def setUp(self):
        super().setUp()
        self.http = self.api.client()
        self.ns = self.api.new_namespace("w")

    def configmap(self, name, labels=None, data="1"):
        status, _, body = self.http.request(
            "PATCH", "/api/v1/namespaces/%s/configmaps/%s?fieldManager=t" % (self.ns, name),
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "labels": labels or {}},
             "data": {"k": data}}, APPLY)
        self.assertIn(status, (200, 201), body)
        return body

    def watch(self, query, path=None, timeout=10):
        """The events of one watch request, read to its end."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.api.server.port, context=self.http.context,
                                           timeout=timeout)
        conn.request("GET", (path or "/api/v1/namespaces/%s/configmaps" % self.ns) + "?watch=1&" + query)
        resp = conn.getresponse()
        status, text = resp.status, resp.read().decode()
        conn.close()
        self.assertEqual(status, 200, text)
        return [json.loads(line) for line in text.splitlines()]


class ResumeTest(WatchTestCase):
    def test_resume_from_a_resource_version(self):
        before = self.api.revision
        a = self.configmap("a", {"app": "x"})
        self.configmap("b", {"app": "y"})
        self.configmap("a", {"app": "x"}, data="2")
        events = self.watch("resourceVersion=%d&timeoutSeconds=1&labelSelector=app%%3Dx" % before)
        self.assertEqual([(e["type"], e["object"]["metadata"]["name"], e["object"]["data"]["k"]) for e in events],
                         [("ADDED", "a", "1"), ("MODIFIED", "a", "2")])
        events = self.watch("resourceVersion=%s&timeoutSeconds=1" % a["metadata"]["resourceVersion"])
        self.assertEqual([(e["type"], e["object"]["metadata"]["name"]) for e in events],
                         [("ADDED", "b"), ("MODIFIED", "a")])

    def test_from_zero_or_empty_the_current_objects_come_first(self):
        self.configmap("a")
        for rv in ("0", ""):
            events = self.watch("resourceVersion=%s&timeoutSeconds=1&fieldSelector=metadata.name%%3Da" % rv)
            self.assertEqual([(e["type"], e["object"]["metadata"]["name"]) for e in events], [("ADDED", "a")])

    def test_too_old_is_410_expired_in_the_stream(self):
        start = self.api.revision
        for i in range(25):  # more changes than the window of 20 holds
            self.configmap("c%d" % i)
        events = self.watch("resourceVersion=%d" % start)
        floor = self.api.server.store.floor(resources.by_kind("v1", "ConfigMap"))
        self.assertEqual(events, [{"type": "ERROR", "object": {
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "too old resource version: %d (%d)" % (start, floor), "reason": "Expired", "code": 410}}])
        self.assertGreater(floor, start)
        # from the floor itself, the watch resumes
        self.assertEqual(self.watch("resourceVersion=%d&timeoutSeconds=1" % floor)[0]["type"], "ADDED")

    def test_the_window_is_per_resource_type(self):
        secret = self.http.request("POST", "/api/v1/namespaces/%s/secrets" % self.ns, {
            "apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}})[2]
        for i in range(25):
            self.configmap("c%d" % i)
        events = self.watch("resourceVersion=%s&timeoutSeconds=1" % secret["metadata"]["resourceVersion"],
                            path="/api/v1/namespaces/%s/secrets" % self.ns)
        self.assertEqual(events, [])

    def test_compaction_expires_every_older_version(self):
        revision = self.configmap("a")["metadata"]["resourceVersion"]
        self.configmap("b")
        self.api.compact()
        [event] = self.watch("resourceVersion=%s" % revision)
        self.assertEqual((event["type"], event["object"]["code"], event["object"]["reason"]),
                         ("ERROR", 410, "Expired"))
        self.assertEqual(self.watch("resourceVersion=%d&timeoutSeconds=1" % self.api.revision), [])

    def test_a_version_from_the_future_waits_then_fails(self):
        future = self.api.revision + 1000
        [event] = self.watch("resourceVersion=%d" % future)
        self.assertEqual(event["object"], {
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "Timeout: Too large resource version: %d, current: %d" % (future, self.api.revision),
            "reason": "Timeout", "details": {"causes": [{"reason": "ResourceVersionTooLarge",
                                                        "message": "Too large resource version"}],
                                            "retryAfterSeconds": 1}, "code": 504})

    def test_a_version_that_is_not_a_number_is_a_bad_request(self):
        status, _, body = self.http.request("GET", "/api/v1/namespaces/%s/configmaps?watch=1&resourceVersion=x"
                                            % self.ns)
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))


class BookmarkTest(WatchTestCase):
    def test_bookmarks_carry_the_current_version(self):
        self.configmap("a")
        started = self.api.revision
        # about every bookmark_interval (0.3 s here), the last 2 s before the timeout
        events = self.watch("resourceVersion=%d&timeoutSeconds=3&allowWatchBookmarks=true" % started)
        bookmarks = [e for e in events if e["type"] == "BOOKMARK"]
        self.assertTrue(bookmarks)
        self.assertEqual(bookmarks[0]["object"], {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {
            "resourceVersion": bookmarks[0]["object"]["metadata"]["resourceVersion"], "creationTimestamp": None}})
        self.assertGreaterEqual(int(bookmarks[-1]["object"]["metadata"]["resourceVersion"]), started)
        self.assertEqual([e for e in self.watch("resourceVersion=%d&timeoutSeconds=1" % started)], [])

    def test_send_initial_events(self):
        self.configmap("a")
        self.configmap("b")
        events = self.watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&"
                            "timeoutSeconds=1")
        self.assertEqual([(e["type"], e["object"]["metadata"].get("name")) for e in events[:3]],
                         [("ADDED", "a"), ("ADDED", "b"), ("BOOKMARK", None)])
        self.assertEqual(events[2]["object"]["metadata"]["annotations"], {"k8s.io/initial-events-end": "true"})

    def test_send_initial_events_needs_not_older_than(self):
        status, _, body = self.http.request("GET", "/api/v1/namespaces/%s/configmaps?watch=1&sendInitialEvents=true"
                                            % self.ns)
        self.assertEqual(status, 422)
        self.assertEqual(body["message"], 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: '
                                          "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
        status, _, body = self.http.request("GET", "/api/v1/namespaces/%s/configmaps?sendInitialEvents=true"
                                            % self.ns)
        self.assertEqual((status, body["details"]["causes"][0]["field"]), (422, "sendInitialEvents"))


class StreamEndTest(WatchTestCase):
    def test_timeout_ends_the_stream_cleanly(self):
        began = time.monotonic()
        self.assertEqual(self.watch("resourceVersion=%d&timeoutSeconds=1" % self.api.revision), [])
        self.assertGreaterEqual(time.monotonic() - began, 0.9)

    def test_close_watches_ends_open_streams(self):
        result = {}

        def reader():
            result["events"] = self.watch("resourceVersion=%d&timeoutSeconds=60" % self.api.revision)

        thread = threading.Thread(target=reader)
        thread.start()
        prefix = "/api/v1/namespaces/%s/configmaps" % self.ns
        self.api.wait_for(lambda: self.api.watches(prefix))
        self.configmap("a")
        self.api.wait_for(lambda: self.api.watches(prefix)[0]["events"] == 1)
        self.assertEqual(self.api.close_watches(prefix), 1)
        thread.join(10)
        self.assertFalse(thread.is_alive())
        self.assertEqual([e["object"]["metadata"]["name"] for e in result["events"]], ["a"])
        entry = self.api.requests("GET", prefix)[-1]
        self.assertEqual((entry["watch"], entry["done"], entry["status"], entry["events"]), (True, True, 200, 1))

    def test_a_watch_without_timeout_seconds_ends_after_the_minimum_request_timeout(self):
        # between min_request_timeout (1 s here) and twice that
        began = time.monotonic()
        self.assertEqual(self.watch("resourceVersion=%d" % self.api.revision), [])
        self.assertGreaterEqual(time.monotonic() - began, 0.9)

    def test_a_close_fault_ends_the_next_watch(self):
        self.configmap("a")
        self.api.fault("close", path_prefix="/api/v1/namespaces/%s/configmaps" % self.ns)
        self.http.request("GET", "/api/v1/namespaces/%s/configmaps" % self.ns)  # not a watch: not affected
        events = self.watch("resourceVersion=0&timeoutSeconds=60")  # only the fault ends it at once
        self.assertEqual([e["object"]["metadata"]["name"] for e in events], ["a"])
        self.assertEqual(self.api.requests("GET", "/api/v1/namespaces/%s/configmaps" % self.ns)[-1]["fault"],
                         "close")


class BytesTest(WatchTestCase):
    def raw(self, path):
        """(header bytes, body bytes) of a response as received on the wire (after TLS)."""
        ctx = ssl.create_default_context(cafile=self.api.ca_cert)
        cert, key = self.api.server.pki.client_cert("admin", ["system:masters"])
        ctx.load_cert_chain(cert, key)
        with socket.create_connection(("127.0.0.1", self.api.server.port), timeout=10) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path.encode())
                data = b""
                while True:
                    chunk = tls.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return len(head) + 4, len(body)

    def test_the_log_counts_the_bytes_of_every_response(self):
        self.configmap("a")
        path = "/api/v1/namespaces/%s/configmaps" % self.ns
        for query in ("", "?watch=1&resourceVersion=0&timeoutSeconds=1"):
            head, body = self.raw(path + query)
            entry = self.api.requests("GET", path)[-1]
            self.assertEqual((entry["header_bytes"], entry["bytes"]), (head, body), query)
        self.assertEqual(entry["events"], 1)


class ControllerWatchTest(SharedApiServerTestCase):
    api_options = {"tick_interval": 0.02}

    def test_kubectl_rollout_status_sees_the_rollout_through_a_watch(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "rollout"}})
        self.api.apply(daemonset_object("agent", "rollout"))
        proc = self.api.kubectl("rollout", "status", "daemonset/agent", "-n", "rollout", "--timeout=60s")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('daemon set "agent" successfully rolled out', proc.stdout)
        watches = [e for e in self.api.requests("GET", "/apis/apps/v1/namespaces/rollout/daemonsets")
                   if e["watch"]]
        self.assertTrue(watches)
        self.assertIn("fieldSelector", watches[0]["query"])

    def test_pod_watch_with_a_label_selector(self):
        self.api.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "podwatch"}})
        revision = self.api.revision
        for name in ("one", "two"):
            self.api.apply(daemonset_object(name, "podwatch"))
        self.api.wait_for(lambda: len(self.api.pods("podwatch")) == 4)
        client = self.api.client()
        conn = http.client.HTTPSConnection("127.0.0.1", self.api.server.port, context=client.context, timeout=10)
        conn.request("GET", "/api/v1/namespaces/podwatch/pods?watch=1&timeoutSeconds=1&resourceVersion=%d&"
                            "labelSelector=%s" % (revision, quote("app=one")))
        events = [json.loads(line) for line in conn.getresponse().read().decode().splitlines()]
        conn.close()
        self.assertEqual({e["object"]["metadata"]["labels"]["app"] for e in events}, {"one"})
        self.assertEqual(len({e["object"]["metadata"]["name"] for e in events if e["type"] == "ADDED"}), 2)


if __name__ == "__main__":
    unittest.main()
