"""What end-to-end tests import to get a Kubernetes API server (test/apiserver) for one
test: started on 127.0.0.1 with an ephemeral port, always stopped.

    from apiserver_fixture import ApiServerTestCase

    class ApplyTest(ApiServerTestCase):
        def test_apply(self):
            kubeconfig = self.api.kubeconfig()           # admin, client certificate
            ...run planton-ds with --kubeconfig kubeconfig...
            ds = self.api.get("apps/v1", "DaemonSet", "fluentd", "logging")
            self.assertEqual([e["method"] for e in self.api.requests()], ["GET", "PATCH", ...])

Or, outside a TestCase: `with ApiServerFixture() as api: ...`.
"""
import copy
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from apiserver import ApiServer, NodeSpec, Rule, User  # noqa: E402
from apiserver import kubelet, resources  # noqa: E402
from apiserver.proxy import ConnectProxy  # noqa: E402
from apiserver.tls import Pki  # noqa: E402

__all__ = ["ApiServerFixture", "ApiServerTestCase", "HttpClient", "NodeSpec", "Rule", "SharedApiServerTestCase",
           "User", "daemonset_object"]

KUBECTL = shutil.which("kubectl")


def daemonset_object(name, namespace=None, image=None, **pod_spec):
    """A small apps/v1 DaemonSet: selector and template label app=<name>, one container
    named <name> (image <name>:v1 unless given); pod_spec fields are added or replace."""
    spec = dict({"containers": [{"name": name, "image": image or name + ":v1"}]}, **pod_spec)
    meta = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    return {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta,
            "spec": {"selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}}, "spec": spec}}}


class HttpClient:
    """A keep-alive HTTPS client for raw requests, authenticated as one user."""

    def __init__(self, api, user="admin", method="cert", ca=None):
        self.api = api
        ctx = ssl.create_default_context(cafile=ca or api.server.pki.ca_cert)
        self.headers = {}
        u = api.server.auth.get(user) if isinstance(user, str) else user
        if method == "cert":
            cert, key = api.server.pki.client_cert(u.name, u.groups)
            ctx.load_cert_chain(cert, key)
        elif method == "token":
            self.headers["Authorization"] = "Bearer " + u.token
        elif method == "basic":
            import base64
            self.headers["Authorization"] = "Basic " + base64.b64encode(
                ("%s:%s" % (u.name, u.password)).encode()).decode()
        self.context = ctx
        self.conn = None

    def request(self, method, path, body=None, content_type=None, headers=None, timeout=10):
        """(status, response headers as a lower-case dict, parsed JSON body or text)."""
        if self.conn is None:
            self.conn = http.client.HTTPSConnection("127.0.0.1", self.api.server.port, context=self.context,
                                                    timeout=timeout)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        h = dict(self.headers)
        h.update(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            h["Content-Type"] = content_type or "application/json"
        try:
            self.conn.request(method, path, body=data, headers=h)
            resp = self.conn.getresponse()
            raw = resp.read()
        except Exception:
            self.close()
            raise
        text = raw.decode("utf-8", "replace")
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, parsed

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class ApiServerFixture:
    """Owns one ApiServer and a temporary folder for its kubeconfig files.

    users: the server's users (default: admin, deployer, viewer, expired; see README.md).
    nodes: NodeSpec list (default: control-plane-1 tainted NoSchedule, worker-1, worker-2),
    or a number N: control-plane-1 and N workers (a large cluster).
    tick_interval: seconds between automatic controller ticks; None: only `tick()` moves
    the controller. seconds_per_tick: simulated seconds per tick (minReadySeconds,
    backoffs). watch_window: events kept per resource type for watches to resume from.
    bookmark_interval: seconds between watch BOOKMARKs (60 as in kube-apiserver).
    min_request_timeout: a watch without timeoutSeconds ends after between this and
    twice this many seconds (1800 as in kube-apiserver). own_ca: certificates from a CA
    of this server's own (in its folder) instead of the one the process shares, as each
    real cluster has its own."""

    def __init__(self, users=None, nodes=None, tick_interval=0.05, seconds_per_tick=1.0, watch_window=None,
                 bookmark_interval=60.0, min_request_timeout=1800.0, own_ca=False):
        if isinstance(nodes, int):
            nodes = kubelet.many_nodes(nodes)
        self.options = dict(users=users, nodes=nodes, tick_interval=tick_interval, seconds_per_tick=seconds_per_tick,
                            watch_window=watch_window, bookmark_interval=bookmark_interval,
                            min_request_timeout=min_request_timeout)
        self.own_ca = own_ca
        self.server = None
        self.dir = None
        self._clients = []
        self._proxies = []
        self._kubeconfigs = 0

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="planton-apiserver-")
        pki = Pki(os.path.join(self.dir, "pki")) if self.own_ca else None
        self.server = ApiServer(pki=pki, **self.options).start()
        return self

    def stop(self):
        for c in self._clients:
            c.close()
        for p in self._proxies:
            p.stop()
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- connection details --------------------------------------------------------------

    @property
    def url(self):
        return self.server.url

    @property
    def ca_cert(self):
        return self.server.pki.ca_cert

    def kubeconfig(self, user="admin", method="cert", path=None, **options):
        """A kubeconfig file for a user; method: "cert", "token", "basic", "none",
        "cert-other-ca". Options: ca="cluster"|"other"|"none", embed=True|False,
        tls_server_name="kubernetes.planton.test", insecure=True, namespace=..., server_url=...,
        proxy_url=..., extra_user={...} (more user fields, e.g. an exec plugin)
        """
        if path is None:
            self._kubeconfigs += 1
            path = os.path.join(self.dir, "kubeconfig-%d-%s" % (self._kubeconfigs, getattr(user, "name", user)))
        return self.server.kubeconfig(path, user, method, **options)

    def client(self, user="admin", method="cert", **options):
        c = HttpClient(self, user, method, **options)
        self._clients.append(c)
        return c

    def proxy(self):
        """An HTTP CONNECT proxy (for kubeconfig proxy-url): `.url`, and `.connects`, the
        list of "host:port" it tunnelled to. Stopped with the fixture."""
        p = ConnectProxy().start()
        self._proxies.append(p)
        return p

    # ---- users, nodes, failures, faults --------------------------------------------------

    def add_user(self, name, groups=(), token=None, password=None, rules=None, token_expired=False):
        """Adds a user; rules: list of Rule (None: no permissions at all)."""
        return self.server.auth.add(User(name, tuple(groups), token, password, list(rules or []), token_expired))

    def add_node(self, name, labels=None, taints=None, unschedulable=False, conditions=None):
        """Adds or replaces a node. taints: the user's taints ({key, value, effect});
        unschedulable: cordoned; conditions: {type: "True"|"False"|"Unknown"}, e.g.
        {"Ready": "False"} or {"DiskPressure": "True"}. The node lifecycle controller adds
        the taints of the conditions and of unschedulable at the next tick."""
        return self.server.controller.add_node(name, labels, taints, unschedulable, conditions)

    def remove_node(self, name):
        return self.server.controller.remove_node(name)

    def fail(self, image, mode, node=None, container=None):
        """Containers whose image matches `image` (fnmatch) fail: "ImagePullBackOff",
        "CrashLoopBackOff", "NeverReady", or any other waiting reason; optionally only on
        `node`, only containers whose name matches `container` (init containers too)."""
        return self.server.controller.fail(image, mode, node, container)

    def fault(self, kind, count=1, method=None, path_prefix=None, code=None, retry_after=1, delay=0.0):
        """The next `count` matching requests fail: kind 503/500/502/504 (or "status" with
        code), 429 (with Retry-After), "reset", "delay" (by `delay` seconds), "hang", or
        "close" (watch requests only: the stream ends after `delay` seconds)."""
        return self.server.faults.add(kind, count, method, path_prefix, code, retry_after, delay)

    # ---- watches ----------------------------------------------------------------------------

    def watches(self, path_prefix=None):
        """The request log entries of the watch streams being served now."""
        return self.server.watches.active(path_prefix)

    def close_watches(self, path_prefix=None):
        """Ends the watch streams being served (matching a path prefix) cleanly, as the
        API server does at a watch's timeout; returns how many."""
        return self.server.watches.end(path_prefix)

    def compact(self, api_version=None, kind=None):
        """Makes every resourceVersion older than the current revision too old for a watch
        (of one kind, or all): they get 410 Expired, as after an etcd compaction."""
        rtype = resources.by_kind(api_version, kind) if kind else None
        self.server.store.compact(rtype)

    # ---- events and admission -----------------------------------------------------------------

    def events(self, namespace=None, involved=None, reason=None):
        """The core/v1 Events in the store, oldest first; involved: a name of the
        involved object; reason: the event's reason."""
        out = [e for e in self.list("v1", "Event", namespace)
               if (involved is None or e["involvedObject"].get("name") == involved)
               and (reason is None or e["reason"] == reason)]
        return sorted(out, key=lambda e: (e.get("firstTimestamp") or "", int(e["metadata"]["resourceVersion"])))

    def audit(self):
        """The PodSecurity audit annotations recorded: (namespace, name, text)."""
        return list(self.server.registry.admission.audit)

    # ---- observation ----------------------------------------------------------------------

    def requests(self, method=None, path_prefix=None):
        """Request log entries (see apiserver.server.RequestLog)."""
        return self.server.log.entries(method, path_prefix)

    def clear_log(self):
        self.server.log.clear()
        self.server.stats.reset()

    def stats(self):
        """connections, tls_handshakes, tls_resumed, tls_failures, requests (all, faults included),
        faults, answered (requests that got a real answer, not a fault)."""
        s = self.server.stats.snapshot()
        entries = self.server.log.entries()
        s["requests"] = len(entries)
        s["faults"] = sum(1 for e in entries if e["fault"])
        s["answered"] = s["requests"] - s["faults"]
        return s

    @property
    def revision(self):
        return self.server.revision

    # ---- objects -----------------------------------------------------------------------------

    def get(self, api_version, kind, name, namespace=""):
        return self.server.get_object(api_version, kind, name, namespace)

    def list(self, api_version, kind, namespace=None):
        return self.server.list_objects(api_version, kind, namespace)

    def put(self, obj):
        """Stores an object as is (no validation, new resourceVersion)."""
        return self.server.put_object(obj)

    def delete(self, api_version, kind, name, namespace=""):
        return self.server.delete_object(api_version, kind, name, namespace)

    def new_namespace(self, prefix="ns", labels=None):
        """Creates a namespace of a name no other call gave (prefix-1, prefix-2, ...)."""
        self._namespaces = getattr(self, "_namespaces", 0) + 1
        name = "%s-%d" % (prefix, self._namespaces)
        self.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}})
        return name

    def pods(self, namespace=None, owner=None):
        pods = self.list("v1", "Pod", namespace)
        if owner:
            pods = [p for p in pods if any(r.get("name") == owner for r in p["metadata"].get("ownerReferences") or [])]
        return pods

    def apply(self, obj, manager="kubectl", force=False):
        """Server-side apply as another field manager would (through the API pipeline)."""
        rt = resources.by_kind(obj["apiVersion"], obj["kind"])
        meta = obj["metadata"]
        _, stored = self.server.registry.apply(rt, meta.get("namespace", ""), meta["name"],
                                               json.dumps(obj).encode(), manager, force, False)
        return copy.deepcopy(stored)

    def edit(self, api_version, kind, name, namespace, patch, manager="kubectl-edit"):
        """A JSON merge patch by another client (an Update operation, like kubectl edit)."""
        rt = resources.by_kind(api_version, kind)
        _, stored = self.server.registry.patch(rt, namespace, name, json.dumps(patch).encode(),
                                               "application/merge-patch+json", {"fieldManager": [manager]}, "",
                                               False)
        return copy.deepcopy(stored)

    # ---- controller ------------------------------------------------------------------------

    def tick(self, count=1):
        self.server.controller.tick(count)

    def wait_for(self, predicate, timeout=10.0):
        return self.server.wait_for(predicate, timeout)

    def daemonset_status(self, name, namespace):
        ds = self.get("apps/v1", "DaemonSet", name, namespace)
        return ds.get("status") if ds else None

    # ---- kubectl -------------------------------------------------------------------------------

    def kubectl(self, *args, user="admin", method="cert", input=None, timeout=60):
        """Runs kubectl against the server; returns the CompletedProcess (text)."""
        if KUBECTL is None:
            raise unittest.SkipTest("kubectl is not installed")
        config = self.kubeconfig(user, method)
        env = dict(os.environ, KUBECONFIG=config, HOME=self.dir, KUBECACHEDIR=os.path.join(self.dir, "cache"))
        return subprocess.run([KUBECTL, *args], input=input, capture_output=True, text=True, timeout=timeout,
                              env=env)


class SharedApiServerTestCase(unittest.TestCase):
    """A TestCase whose tests share one server (started in setUpClass), in self.api:
    tests use their own namespaces so that they do not see each other's objects."""

    api_options = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api = ApiServerFixture(**cls.api_options).start()

    @classmethod
    def tearDownClass(cls):
        cls.api.stop()
        super().tearDownClass()


class ApiServerTestCase(unittest.TestCase):
    """A TestCase with a fresh server per test in self.api. Override api_options to
    configure it (a dict of ApiServerFixture arguments)."""

    api_options = {}

    def setUp(self):
        super().setUp()
        self.api = ApiServerFixture(**self.api_options).start()
        self.addCleanup(self.api.stop)
