"""The HTTPS server (one thread per connection, HTTP/1.1 keep-alive, TLS with optional
client certificates), its counters and request log, and `ApiServer`, the object tests
and the command line drive."""
import copy
import os
import selectors
import socket
import ssl
import threading
import time
from http.server import ThreadingHTTPServer

from . import auth, kubeconfig, resources
from .admission import Admission
from .controller import Controller
from .faults import Faults
from .http_handler import Handler
from .rest import Registry
from .router import Router
from .store import Store
from .tls import shared_pki


class RequestLog:
    """Every request, also those that got an injected fault, in arrival order. Each entry
    is a dict: connection, method, path, query (dict of lists), content_type, accept,
    user_agent, user (None when unauthenticated), body (text, for requests with one),
    status (None when there was no answer), fault (None, "503", "429", "reset", "delay",
    "hang", "close"), started (time.monotonic() when the request arrived), seconds,
    header_bytes and bytes (the response's header and body bytes as sent, chunk framing
    included), warnings (the Warning header values), watch (True for a watch; its
    entry is done when the stream ends, with events: the events sent), done."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self.listeners = []  # called with each finished entry

    def begin(self, method, path, query, headers, body, connection):
        entry = {"connection": connection, "method": method, "path": path, "query": query,
                 "content_type": headers.get("Content-Type", ""), "accept": headers.get("Accept", ""),
                 "user_agent": headers.get("User-Agent", ""), "user": None,
                 "body": body.decode("utf-8", "replace") if body else None,
                 "status": None, "fault": None, "started": time.monotonic(), "seconds": None, "done": False,
                 "header_bytes": 0, "bytes": 0, "warnings": [], "watch": False}
        with self._lock:
            self._entries.append(entry)
        return entry

    def finish(self, entry, status, seconds):
        with self._lock:
            entry["status"] = status
            entry["seconds"] = seconds
            entry["done"] = True
        for listener in self.listeners:
            listener(entry)

    def entries(self, method=None, path_prefix=None):
        with self._lock:
            return [copy.deepcopy(e) for e in self._entries
                    if (method is None or e["method"] == method)
                    and (path_prefix is None or e["path"].startswith(path_prefix))]

    def clear(self):
        with self._lock:
            self._entries.clear()


class WatchState:
    def __init__(self, entry, watch):
        self.entry = entry
        self.watch = watch
        self.closed = threading.Event()


class Watches:
    """The watch streams being served, so that a test can end them."""

    def __init__(self, store):
        self._lock = threading.Lock()
        self._open = set()
        self._store = store

    def open(self, entry, watch):
        state = WatchState(entry, watch)
        with self._lock:
            self._open.add(state)
        return state

    def close(self, state):
        with self._lock:
            self._open.discard(state)

    def active(self, path_prefix=None):
        """The log entries of the watches being served (matching a path prefix)."""
        with self._lock:
            return [s.entry for s in self._open if path_prefix is None or s.entry["path"].startswith(path_prefix)]

    def end(self, path_prefix=None):
        """Ends the matching watch streams now, cleanly (the last chunk), as kube-apiserver
        does at a watch's timeout or when it shuts down; returns how many."""
        with self._lock:
            states = [s for s in self._open if path_prefix is None or s.entry["path"].startswith(path_prefix)]
        for s in states:
            s.closed.set()
        self._store.wake_all()
        return len(states)


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.values = {"connections": 0, "tls_handshakes": 0, "tls_failures": 0, "tls_resumed": 0}

    def bump(self, key):
        with self._lock:
            self.values[key] += 1
            return self.values[key]

    def snapshot(self):
        with self._lock:
            return dict(self.values)

    def reset(self):
        with self._lock:
            for k in self.values:
                self.values[k] = 0


class _TLSServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, app, context):
        self.app = app
        self.context = context
        self._active = set()
        self._active_lock = threading.Lock()
        self._stopping = False
        self._wake_read, self._wake_write = os.pipe()
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        app = self.app
        connection_id = app.stats.bump("connections")
        try:
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            request.settimeout(10)
            tls = self.context.wrap_socket(request, server_side=True)
            tls.settimeout(None)
        except (ssl.SSLError, OSError) as e:
            app.stats.bump("tls_failures")
            app.tls_errors.append(str(e))
            return
        app.stats.bump("tls_handshakes")
        # A counter for tests and benchmarks, not an API behaviour: the resumption itself is
        # OpenSSL's (TLS 1.3 session tickets, RFC 8446 section 2.2), which kube-apiserver's
        # Go TLS stack offers as well (crypto/tls sends tickets unless SessionTicketsDisabled).
        if tls.session_reused:
            app.stats.bump("tls_resumed")
        with self._active_lock:
            self._active.add(tls)
        try:
            handler_class = type("ConnectionHandler", (Handler,), {"server_connection_id": connection_id})
            handler_class(tls, client_address, self)
        except (OSError, ValueError):  # the client went away, or a reset fault closed the socket
            pass
        finally:
            with self._active_lock:
                self._active.discard(tls)
            try:
                tls.close()
            except OSError:
                pass

    def serve(self):
        """Accepts connections until stop_serving(). socketserver's serve_forever polls for
        its shutdown flag every poll_interval: a server left idle in a test or a benchmark
        woke twenty times a second for nothing. This loop sleeps until a connection comes
        or stop_serving() writes to its wake-up pipe."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.socket, selectors.EVENT_READ)
            selector.register(self._wake_read, selectors.EVENT_READ)
            while not self._stopping:
                for key, _ in selector.select():
                    if key.fileobj is self.socket and not self._stopping:
                        self._handle_request_noblock()

    def stop_serving(self):
        self._stopping = True
        os.write(self._wake_write, b"x")

    def server_close(self):
        """Closes the listening socket and the wake-up pipe, once serve() has ended (the
        loop may end on the flag alone, before stop_serving() has written)."""
        super().server_close()
        os.close(self._wake_read)
        os.close(self._wake_write)

    def close_connections(self):
        with self._active_lock:
            active = list(self._active)
        for sock in active:
            try:
                sock.shutdown(2)
            except OSError:
                pass


class ApiServer:
    """A Kubernetes API server on 127.0.0.1 over HTTPS.

    users: list of auth.User (default: auth.default_users()).
    nodes: list of node specs for the controller (see controller.Node; default three).
    tick_interval: seconds between automatic controller ticks; None = ticks only by
    `tick()`. seconds_per_tick: simulated seconds one tick stands for (minReadySeconds).
    namespace_delay: wall seconds a deleted namespace stays Terminating at least (default
    0.5 with automatic ticks, 0 with manual ones). watch_window: events kept per resource
    type for watches to resume from (older resourceVersions get 410 Expired).
    bookmark_interval: seconds between BOOKMARK events of watches that allow them (60 as
    in kube-apiserver). min_request_timeout: a watch without timeoutSeconds ends after
    between this and twice this many seconds (kube-apiserver's --min-request-timeout,
    1800)."""

    def __init__(self, port=0, users=None, nodes=None, tick_interval=0.05, seconds_per_tick=1.0, pki=None,
                 seed=1, namespace_delay=None, watch_window=None, bookmark_interval=60.0,
                 min_request_timeout=1800.0):
        self.pki = pki or shared_pki()
        self.auth = auth.Authenticator(users)
        self.store = Store(watch_window) if watch_window else Store()
        self.registry = Registry(self.store, seed)
        self.bookmark_interval = bookmark_interval
        self.min_request_timeout = min_request_timeout
        self.seed = seed
        self.watches = Watches(self.store)
        self.faults = Faults()
        self.log = RequestLog()
        self.stats = Stats()
        self.tls_errors = []
        self.stopping = threading.Event()
        self._port = port
        self._httpd = None
        self._thread = None
        self.router = None
        if namespace_delay is None:  # with manual ticks the next tick finishes a namespace
            namespace_delay = 0.5 if tick_interval else 0.0
        with open(self.pki.ca_cert) as f:
            ca_pem = f.read()
        self.controller = Controller(self.store, self.registry, nodes, seconds_per_tick, seed, namespace_delay,
                                     ca_pem)
        self.registry.admission = Admission(self.store, self.controller.ensure_default_service_account)
        self.tick_interval = tick_interval

    # ---- lifecycle ---------------------------------------------------------------------

    def start(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.pki.server_cert, self.pki.server_key)
        context.load_verify_locations(self.pki.ca_cert)
        context.verify_mode = ssl.CERT_OPTIONAL
        context.set_alpn_protocols(["http/1.1"])
        self._httpd = _TLSServer(("127.0.0.1", self._port), self, context)
        self.router = Router(self.registry, self.auth, "127.0.0.1:%d" % self.port, self.min_request_timeout,
                             self.seed)
        self.controller.bootstrap()
        self._thread = threading.Thread(target=self._httpd.serve, name="apiserver", daemon=True)
        self._thread.start()
        if self.tick_interval:
            self.controller.run_every(self.tick_interval, self.stopping)
        return self

    def stop(self):
        if self._httpd is None:
            return
        self.stopping.set()
        self.controller.stop()
        self.store.wake_all()
        self._httpd.stop_serving()
        self._thread.join(5)
        self._httpd.close_connections()
        self._httpd.server_close()
        self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self):
        return self._httpd.server_address[1]

    @property
    def url(self):
        return "https://127.0.0.1:%d" % self.port

    # ---- users and kubeconfigs ---------------------------------------------------------

    def kubeconfig(self, path, user="admin", method="cert", **options):
        """Writes a kubeconfig for a user (name or auth.User) to path and returns the path.
        method: "cert", "token", "basic", "none", "cert-other-ca". Options: see
        kubeconfig.build (ca, embed, tls_server_name, insecure, namespace, server_url)."""
        u = user if isinstance(user, auth.User) else self.auth.get(user)
        if u is None:
            raise KeyError("unknown user %r" % user)
        server_url = options.pop("server_url", self.url)
        return kubeconfig.write(path, kubeconfig.build(server_url, self.pki, u, method, **options))

    # ---- direct access for tests --------------------------------------------------------

    def get_object(self, api_version, kind, name, namespace=""):
        return self.store.get(resources.by_kind(api_version, kind), namespace, name)

    def list_objects(self, api_version, kind, namespace=None):
        return self.store.list(resources.by_kind(api_version, kind), namespace)

    def put_object(self, obj):
        """Stores obj as is (creating or replacing it, new resourceVersion); fills uid and
        creationTimestamp when missing. Returns the stored object."""
        from .rest import rfc3339
        import uuid
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        meta.setdefault("uid", str(uuid.uuid4()))
        meta.setdefault("creationTimestamp", rfc3339())
        return self.store.put(obj)

    def delete_object(self, api_version, kind, name, namespace=""):
        return self.store.remove(resources.by_kind(api_version, kind), namespace, name)

    @property
    def revision(self):
        with self.store.lock:
            return self.store.revision

    def wait_for(self, predicate, timeout=10.0, interval=0.02):
        """Polls predicate() until it is truthy; returns its value or raises TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met within %.1fs" % timeout)
            time.sleep(interval)


def write_admin_kubeconfig(server, directory):
    path = os.path.join(directory, "kubeconfig")
    return server.kubeconfig(path, "admin", "cert")
