"""Fault injection and the request log of the test API server."""
import http.client
import socket
import ssl
import unittest

from apiserver_fixture import ApiServerTestCase


class FaultTest(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def test_two_503_then_success(self):
        self.api.fault(503, count=2)
        client = self.api.client()
        answers = [client.request("GET", "/api/v1/nodes") for _ in range(3)]
        self.assertEqual([a[0] for a in answers], [503, 503, 200])
        self.assertEqual(answers[0][2]["reason"], "ServiceUnavailable")
        self.assertEqual([e["fault"] for e in self.api.requests()], ["503", "503", None])
        stats = self.api.stats()
        self.assertEqual((stats["requests"], stats["faults"], stats["answered"], stats["connections"]), (3, 2, 1, 1))

    def test_faults_match_method_and_path(self):
        self.api.fault(500, method="PATCH", path_prefix="/apis/apps/")
        client = self.api.client()
        self.assertEqual(client.request("GET", "/apis/apps/v1/daemonsets")[0], 200)
        status, _, body = client.request("PATCH", "/apis/apps/v1/namespaces/default/daemonsets/x?fieldManager=t",
                                         {}, "application/apply-patch+yaml")
        self.assertEqual((status, body["reason"], body["message"]),
                         (500, "InternalError", "Internal error occurred: injected fault"))
        self.assertEqual(self.api.server.faults.pending(), 0)

    def test_too_many_requests_carries_retry_after(self):
        self.api.fault(429, retry_after=7)
        status, headers, body = self.api.client().request("GET", "/api/v1/nodes")
        self.assertEqual((status, headers["retry-after"]), (429, "7"))
        self.assertEqual(body, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                "message": "Too many requests, please try again later.", "reason": "TooManyRequests",
                                "details": {"retryAfterSeconds": 7}, "code": 429})

    def test_reset_drops_the_connection_without_an_answer(self):
        self.api.fault("reset")
        client = self.api.client()
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, ssl.SSLError)):
            client.request("GET", "/api/v1/nodes")
        self.assertEqual(client.request("GET", "/api/v1/nodes")[0], 200)
        self.assertEqual([(e["fault"], e["status"]) for e in self.api.requests()], [("reset", None), (None, 200)])
        self.assertEqual(self.api.stats()["connections"], 2)

    def test_reset_is_a_tcp_reset(self):
        # TLS over memory buffers, so that the raw socket shows how the connection ended.
        self.api.fault("reset")
        ctx = ssl.create_default_context(cafile=self.api.ca_cert)
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
        raw = socket.create_connection(("127.0.0.1", self.api.server.port), timeout=5)

        def pump(action):
            while True:
                try:
                    return action()
                except ssl.SSLWantReadError:
                    if outgoing.pending:
                        raw.sendall(outgoing.read())
                    data = raw.recv(65536)
                    if not data:
                        return b"<eof>"
                    incoming.write(data)

        pump(tls.do_handshake)
        tls.write(b"GET /version HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-token\r\n\r\n")
        raw.sendall(outgoing.read())
        with self.assertRaises(ConnectionResetError):
            pump(lambda: tls.read(1024))
        raw.close()

    def test_hang_never_answers_and_delay_answers_late(self):
        self.api.fault("hang")
        client = self.api.client()
        with self.assertRaises(TimeoutError):
            client.request("GET", "/api/v1/nodes", timeout=0.3)
        client.close()
        self.api.wait_for(lambda: self.api.requests()[0]["done"])
        self.assertEqual((self.api.requests()[0]["fault"], self.api.requests()[0]["status"]), ("hang", None))
        self.api.fault("delay", delay=5)
        with self.assertRaises(TimeoutError):
            client.request("GET", "/api/v1/nodes", timeout=0.3)
        client.close()
        self.assertEqual(client.request("GET", "/api/v1/nodes")[0], 200)


class RequestLogTest(ApiServerTestCase):
    api_options = {"tick_interval": None}

    def test_entries_record_what_the_client_sent(self):
        client = self.api.client("admin", "token")
        client.request("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                                      "metadata": {"name": "logging"}})
        body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}'
        client.request("PATCH", "/api/v1/namespaces/logging/configmaps/c?fieldManager=planton-ds&force=true&dryRun=All",
                       body, "application/apply-patch+yaml", headers={"User-Agent": "planton-ds/0.1"})
        patch = self.api.requests(method="PATCH")[0]
        self.assertEqual(patch["path"], "/api/v1/namespaces/logging/configmaps/c")
        self.assertEqual(patch["query"], {"fieldManager": ["planton-ds"], "force": ["true"], "dryRun": ["All"]})
        self.assertEqual(patch["content_type"], "application/apply-patch+yaml")
        self.assertEqual((patch["user"], patch["status"], patch["body"]), ("admin", 201, body))
        self.assertEqual(patch["user_agent"], "planton-ds/0.1")
        self.assertEqual([e["method"] for e in self.api.requests()], ["POST", "PATCH"])
        self.assertEqual(self.api.stats()["tls_handshakes"], 1)


if __name__ == "__main__":
    unittest.main()
