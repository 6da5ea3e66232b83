"""An HTTP CONNECT proxy on 127.0.0.1 for tests of kubeconfig `proxy-url`: it tunnels
to 127.0.0.1 only and records each CONNECT target."""
import select
import socket
import socketserver
import threading


class _Tunnel(socketserver.StreamRequestHandler):
    def handle(self):
        proxy = self.server.proxy
        line = self.rfile.readline(65536).decode("latin-1").strip()
        while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
            pass
        parts = line.split()
        if len(parts) != 3 or parts[0] != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, _, port = parts[1].rpartition(":")
        with proxy.lock:
            proxy.connects.append(parts[1])
        if host.strip("[]") not in ("127.0.0.1", "localhost") or not port.isdigit():
            self.wfile.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        upstream.settimeout(None)
        sockets = [self.connection, upstream]
        try:
            while not proxy.stopping.is_set():
                readable, _, _ = select.select(sockets, [], [], 0.2)
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    (upstream if s is self.connection else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()


class ConnectProxy:
    def __init__(self):
        self.lock = threading.Lock()
        self.connects = []  # "host:port" of each CONNECT request
        self.stopping = threading.Event()
        self._server = None

    def start(self):
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Tunnel)
        self._server.daemon_threads = True
        self._server.proxy = self
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def stop(self):
        if self._server is not None:
            self.stopping.set()
            self._server.shutdown()
            self._server.server_close()
            self._server = None
