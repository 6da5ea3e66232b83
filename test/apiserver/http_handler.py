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

from . import errors, strategy
from .router import Request, Watch, split_query
from .selection import fields_match, labels_match

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
        fault = app.faults.take(self.command, path)
        if fault is not None:
            entry["fault"] = fault.kind if fault.kind != "status" else str(fault.code)
            if fault.kind == "reset":
                return self._reset(entry)
            if fault.kind == "hang":
                return self._hang(entry)
            if fault.kind == "delay":
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
        try:
            result = app.router.handle(req)
        except errors.ApiError as e:
            return self._send_error(e, entry, started)
        except Exception as e:  # a bug in the server: answer like kube-apiserver's panic handler
            traceback.print_exc()
            return self._send_error(errors.ApiError(500, errors.status_body(
                500, "InternalError", "Internal error occurred: %s" % e)), entry, started)
        if isinstance(result, Watch):
            return self._watch(result, entry)
        self._send(result.status, result.body, result.content_type, result.headers, entry, started)

    # ---- responses -----------------------------------------------------------------------

    def _send(self, status, body, content_type, headers, entry, started):
        if isinstance(body, (dict, list)):
            data = (json.dumps(_ordered_body(body), separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        elif isinstance(body, str):
            data = body.encode()
        else:
            data = body or b""
        # The log entry is complete before the client can see the answer.
        self.server.app.log.finish(entry, status, time.monotonic() - started)
        try:
            self.send_response(status)
            self.send_header("Audit-Id", str(uuid.uuid4()))
            self.send_header("Cache-Control", "no-cache, private")
            self.send_header("Content-Type", content_type)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            # Headers and body in one write: a separate small write would wait for the
            # client's delayed ACK (Nagle).
            self._headers_buffer.append(b"\r\n" + (data if self.command != "HEAD" else b""))
            self.flush_headers()
        except OSError:
            self.close_connection = True

    def _send_error(self, err, entry, started):
        self._send(err.code, err.body, "application/json", err.headers, entry, started)

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

    def _watch(self, w, entry):
        app = self.server.app
        store = app.store
        try:
            self.send_response(200)
            self.send_header("Audit-Id", str(uuid.uuid4()))
            self.send_header("Cache-Control", "no-cache, private")
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
        except OSError:
            self.close_connection = True
            return
        app.log.finish(entry, 200, 0.0)

        def matches(obj):
            meta = obj.get("metadata", {})
            return ((w.namespace is None or meta.get("namespace", "") == w.namespace)
                    and labels_match(w.label_reqs, meta.get("labels")) and fields_match(w.field_reqs, obj))

        def send_event(kind, obj):
            data = (json.dumps({"type": kind, "object": _ordered_body(obj)}, separators=(",", ":")) + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

        deadline = time.monotonic() + w.timeout
        initial, last = [], 0
        with store.lock:  # collect under the lock, write without it
            if w.resource_version in ("", "0"):
                last = store.revision
                initial = [("ADDED", o) for o in store.list(w.rtype, w.namespace) if matches(o)]
            else:
                try:
                    last = int(w.resource_version)
                except ValueError:
                    last = -1
                if last < 0 or store.events_since(last) is None:
                    initial = [("ERROR", errors.status_body(
                        410, "Expired", "too old resource version: %s (%d)" % (w.resource_version, store.revision)))]
                    deadline = 0
        try:
            for kind, obj in initial:
                send_event(kind, obj)
            while not app.stopping.is_set() and time.monotonic() < deadline:
                with store.lock:
                    events = store.events_since(last) or []
                    if not events:
                        store.changed.wait(0.2)
                        events = store.events_since(last) or []
                for revision, kind, rtype, obj in events:
                    last = revision
                    if rtype == w.rtype and matches(obj):
                        send_event(kind, obj)
                if not events and self._client_gone(0):
                    break
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass
        self.close_connection = True
