"""The HTTP/1.1 side of a connection: keep-alive request parsing, fault injection,
authentication, JSON responses with Content-Length and Date, chunked watch streams, and
the request log entry of every request."""
import json
import select
import socket
import struct
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote, urlsplit

from . import errors, strategy, warnings
from .router import Request, Watch, split_query
from .selection import labels_match
from .store import encode

_NOT_ORDERED_KINDS = ("Status", "Table", "APIGroupDiscoveryList", "APIResourceList", "APIGroupList", "APIGroup",
                      "APIVersions")


def _ordered_body(body):
    if not isinstance(body, dict):
        return body
    kind = body.get("kind", "")
    if kind.endswith("List") and isinstance(body.get("items"), list) and kind not in _NOT_ORDERED_KINDS:
        return body
    if "metadata" in body and kind not in _NOT_ORDERED_KINDS:
        return strategy.ordered(body)
    return body


def _peer_subject(sock):
    try:
        cert = sock.getpeercert()
    except (ValueError, OSError):
        return None
    if not cert:
        return None
    cn, orgs = None, []
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                cn = value
            elif key == "organizationName":
                orgs.append(value)
    return (cn, orgs) if cn else None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # the request log replaces stderr logging
        pass

    def send_response(self, code, message=None):
        # No Server header: kube-apiserver sends none.
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def finish(self):
        try:
            super().finish()
        except Exception:
            pass

    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    # ---- request -------------------------------------------------------------------------

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self):
        app = self.server.app
        started = time.monotonic()
        split = urlsplit(self.path)
        path = unquote(split.path)
        query = split_query(split.query)
        body = self._read_body()
        entry = app.log.begin(self.command, path, query, self.headers, body, self.server_connection_id)
        fault = app.faults.take(self.command, path, watch=_is_watch(path, query))
        if fault is not None:
            entry["fault"] = fault.kind if fault.kind != "status" else str(fault.code)
            if fault.kind == "reset":
                return self._reset(entry)
            if fault.kind == "hang":
                return self._hang(entry)
            if fault.kind == "close":
                pass  # handled by the watch stream, which ends after fault.delay seconds
            elif fault.kind == "delay":
                app.stopping.wait(fault.delay)
            elif fault.kind == "429":
                return self._send_error(errors.too_many_requests(fault.retry_after), entry, started)
            else:
                return self._send_error(errors.server_error(fault.code), entry, started)
        user = app.auth.authenticate(self.headers, _peer_subject(self.connection))
        if user is None:
            return self._send_error(errors.unauthorized(), entry, started)
        entry["user"] = user.name
        req = Request(self.command, path, query, self.headers, body, user)
        warnings.begin()
        try:
            result = app.router.handle(req)
        except errors.ApiError as e:
            return self._send_error(e, entry, started, warnings.end())
        except Exception as e:  # a bug in the server: answer like kube-apiserver's panic handler
            warnings.end()
            traceback.print_exc()
            return self._send_error(errors.ApiError(500, errors.status_body(
                500, "InternalError", "Internal error occurred: %s" % e)), entry, started)
        warning_headers = warnings.end()
        if isinstance(result, Watch):
            return self._watch(result, entry, fault if fault is not None and fault.kind == "close" else None)
        self._send(result.status, result.body, result.content_type, result.headers, entry, started, warning_headers)

    # ---- responses -----------------------------------------------------------------------

    def _send(self, status, body, content_type, headers, entry, started, warning_headers=()):
        if isinstance(body, (dict, list)):
            data = (json.dumps(_ordered_body(body), separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = body or b""
        try:
            self.send_response(status)
            self.send_header("Audit-Id", str(uuid.uuid4()))
            self.send_header("Cache-Control", "no-cache, private")
            self.send_header("Content-Type", content_type)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            for w in warning_headers:
                self.send_header("Warning", w)
            self.send_header("Content-Length", str(len(data)))
            entry["header_bytes"] = sum(len(h) for h in self._headers_buffer) + 2
            entry["bytes"] = len(data) if self.command != "HEAD" else 0
            entry["warnings"] = list(warning_headers)
            # The log entry is complete before the client can see the answer.
            self.server.app.log.finish(entry, status, time.monotonic() - started)
            # Headers and body in one write: a separate small write would wait for the
            # client's delayed ACK (Nagle).
            self._headers_buffer.append(b"\r\n" + (data if self.command != "HEAD" else b""))
            self.flush_headers()
        except OSError:
            if not entry["done"]:
                self.server.app.log.finish(entry, status, time.monotonic() - started)
            self.close_connection = True

    def _send_error(self, err, entry, started, warning_headers=()):
        self._send(err.code, err.body, "application/json", err.headers, entry, started, warning_headers)

    def _reset(self, entry):
        try:
            # SO_LINGER 0 makes close() send RST; the fd closes only once the buffered
            # reader and writer are closed too.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()
            self.wfile.close()
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True
        self.server.app.log.finish(entry, None, 0.0)

    def _client_gone(self, timeout):
        try:
            readable, _, _ = select.select([self.connection], [], [], timeout)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def _hang(self, entry):
        app = self.server.app
        while not app.stopping.is_set():
            if self._client_gone(0.1):
                break
        self.close_connection = True
        app.log.finish(entry, None, 0.0)

    def _watch(self, w, entry, close_fault=None):
        """A watch stream (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go and
        storage/cacher): chunked JSON lines of ADDED/MODIFIED/DELETED events, the initial
        state first when the watch starts from "" or "0" (or with sendInitialEvents=true,
        then a BOOKMARK marked k8s.io/initial-events-end), a single ERROR event (410
        Expired, or 504 for a resourceVersion beyond the current one) when it cannot start,
        BOOKMARKs about every bookmark_interval seconds and 2 s before the timeout when
        allowWatchBookmarks is set, and a clean end after timeoutSeconds, when the server
        stops or when a test closes it."""
        app = self.server.app
        store = app.store
        started = time.monotonic()
        state = app.watches.open(entry, w)
        try:
            self.send_response(200)
            self.send_header("Audit-Id", str(uuid.uuid4()))
            self.send_header("Cache-Control", "no-cache, private")
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            entry["header_bytes"] = sum(len(h) for h in self._headers_buffer) + 2
            self.end_headers()
        except OSError:
            app.watches.close(state)
            self.close_connection = True
            app.log.finish(entry, None, 0.0)
            return
        entry["status"] = 200
        entry["watch"] = True
        entry["events"] = 0
        entry["bytes"] = 0

        def matches(change):
            return ((w.namespace is None or change.namespace == w.namespace)
                    and labels_match(w.label_reqs, change.labels)
                    and all((op == "=") == (change.fields[key] == value) for key, op, value in w.field_reqs))

        def write(lines, count):
            data = b"".join(lines)
            if not data:
                return
            frame = b"%x\r\n%s\r\n" % (len(data), data)
            self.wfile.write(frame)
            entry["bytes"] += len(frame)
            entry["events"] += count

        deadline = started + w.timeout
        if close_fault is not None:
            deadline = min(deadline, started + close_fault.delay)
        initial, last, error = [], 0, None
        rv = w.resource_version
        with store.lock:
            if w.send_initial_events is not False and (rv in ("", "0") or w.send_initial_events):
                if rv not in ("", "0") and int(rv) > store.revision:
                    error = self._wait_for_revision(int(rv))
                last = store.revision
                if error is None:
                    initial = [b'{"type":"ADDED","object":' + data + b"}\n"
                               for obj, data in store.encoded_items(w.rtype, w.namespace) if self._selected(w, obj)]
            elif rv in ("", "0"):
                last = store.revision
            else:
                last = int(rv)
                if last > store.revision:
                    error = self._wait_for_revision(last)
                if error is None and store.changes_since(w.rtype, last) is None:
                    error = errors.expired("too old resource version: %d (%d)" % (last, store.floor(w.rtype)))
        next_bookmark = self._next_bookmark(w, deadline)
        try:
            if error is not None:
                write([b'{"type":"ERROR","object":' + json.dumps(error.body, separators=(",", ":")).encode() + b"}\n"], 1)
                deadline = 0
            else:
                for i in range(0, len(initial), 500):
                    write(initial[i:i + 500], len(initial[i:i + 500]))
                if w.send_initial_events and w.bookmarks:
                    write([self._bookmark(w, last, initial_events_end=True)], 1)
            while not app.stopping.is_set() and not state.closed.is_set() and time.monotonic() < deadline:
                with store.lock:
                    changes = store.changes_since(w.rtype, last)
                    if changes == []:
                        wait = min(0.2, deadline - time.monotonic(),
                                   (next_bookmark - time.monotonic()) if next_bookmark else 0.2)
                        if wait > 0:
                            store.wait(w.rtype, wait)
                        changes = store.changes_since(w.rtype, last)
                    seen = store.revision
                if changes is None:
                    break  # the watcher fell behind the window: the cacher closes it
                lines = [c.line for c in changes if matches(c)]
                for i in range(0, len(lines), 500):
                    write(lines[i:i + 500], len(lines[i:i + 500]))
                last = seen
                if next_bookmark and time.monotonic() >= next_bookmark:
                    write([self._bookmark(w, last)], 1)
                    next_bookmark = self._next_bookmark(w, deadline)
                if not changes and self._client_gone(0):
                    break
            entry["bytes"] += 5
            # The log entry is complete before the client sees the end of the stream.
            app.watches.close(state)
            app.log.finish(entry, 200, time.monotonic() - started)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass
        finally:
            app.watches.close(state)
            self.close_connection = True
            if not entry["done"]:
                app.log.finish(entry, 200, time.monotonic() - started)

    def _wait_for_revision(self, revision):
        """waitUntilFreshAndBlock: a resourceVersion beyond the current revision waits up to
        3 s for it, then fails with 504 "Too large resource version". The caller holds the
        store lock."""
        store = self.server.app.store
        limit = time.monotonic() + 3.0
        while store.revision < revision and time.monotonic() < limit:
            store.changed.wait(0.1)
        if store.revision < revision:
            return errors.too_large_resource_version(revision, store.revision)
        return None

    @staticmethod
    def _selected(w, obj):
        from .selection import fields_match
        meta = obj.get("metadata", {})
        return labels_match(w.label_reqs, meta.get("labels")) and fields_match(w.field_reqs, obj)

    def _next_bookmark(self, w, deadline):
        """cacheWatcher.nextBookmarkTime: every bookmark_interval, and 2 s before the deadline."""
        if not w.bookmarks:
            return None
        now = time.monotonic()
        at = min(now + self.server.app.bookmark_interval, deadline - 2.0)
        return at if at > now else None

    @staticmethod
    def _bookmark(w, revision, initial_events_end=False):
        """A BOOKMARK event: an empty object of the watched kind carrying only the
        resourceVersion (and, after the initial events of sendInitialEvents, the
        k8s.io/initial-events-end annotation)."""
        meta = {"resourceVersion": str(revision), "creationTimestamp": None}
        if initial_events_end:
            meta["annotations"] = {"k8s.io/initial-events-end": "true"}
        obj = {"kind": w.rtype.kind, "apiVersion": w.rtype.api_version, "metadata": meta}
        return b'{"type":"BOOKMARK","object":' + encode(obj) + b"}\n"


def _is_watch(path, query):
    return "/watch/" in path or query.get("watch", [""])[-1] in ("true", "1")
