"""Test PKI made with the openssl command line: a cluster CA, a server certificate,
client certificates per user, and an unrelated second CA for wrong-CA tests.

EC P-256 keys keep generation fast; one Pki per process is shared through
`shared_pki()` so that a test file pays for key generation once.
"""
import atexit
import os
import shutil
import subprocess
import tempfile
import threading

# Names the server certificate answers to. `kubernetes.planton.test` is not resolvable;
# clients reach it through `tls-server-name` while connecting to 127.0.0.1.
SERVER_DNS_NAMES = ("localhost", "kubernetes.planton.test", "kubernetes.default.svc")
SERVER_IPS = ("127.0.0.1",)

_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]


def _openssl(*args, cwd):
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (args[0], result.stderr.strip()))


def _subject(common_name, organizations=()):
    def esc(value):
        return value.replace("\\", "\\\\").replace("/", "\\/").replace("=", "\\=").replace("+", "\\+")

    parts = ["/O=%s" % esc(o) for o in organizations]
    return "".join(parts) + "/CN=%s" % esc(common_name)


class Pki:
    """Certificates and keys in `directory` (PEM files)."""

    def __init__(self, directory):
        self.directory = directory
        self._lock = threading.Lock()
        self._clients = {}
        self._serial = 100
        os.makedirs(directory, exist_ok=True)
        self.ca_cert, self.ca_key = self._make_ca("ca", "planton-test-ca")
        self.other_ca_cert, self.other_ca_key = self._make_ca("other-ca", "unrelated-test-ca")
        self.server_cert, self.server_key = self._make_server()

    def _path(self, name):
        return os.path.join(self.directory, name)

    def _make_ca(self, stem, common_name):
        cert, key = self._path(stem + ".crt"), self._path(stem + ".key")
        _openssl("req", "-x509", *_EC, "-keyout", key, "-out", cert, "-days", "3650",
                 "-subj", "/CN=" + common_name,
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
                 cwd=self.directory)
        return cert, key

    def _next_serial(self):
        with self._lock:
            self._serial += 1
            return str(self._serial)

    def _sign(self, stem, subject, extensions, ca_cert, ca_key):
        key, csr, cert = (self._path(stem + ext) for ext in (".key", ".csr", ".crt"))
        ext_file = self._path(stem + ".ext")
        with open(ext_file, "w") as f:
            f.write("\n".join(extensions) + "\n")
        _openssl("req", "-new", *_EC, "-keyout", key, "-out", csr, "-subj", subject, cwd=self.directory)
        _openssl("x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-set_serial",
                 self._next_serial(), "-days", "3650", "-out", cert, "-extfile", ext_file,
                 cwd=self.directory)
        os.unlink(csr)
        os.unlink(ext_file)
        return cert, key

    def _make_server(self):
        sans = ["DNS:" + n for n in SERVER_DNS_NAMES] + ["IP:" + ip for ip in SERVER_IPS]
        return self._sign("server", "/CN=kube-apiserver", [
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=serverAuth",
            "subjectAltName=" + ",".join(sans),
        ], self.ca_cert, self.ca_key)

    def client_cert(self, user, groups=(), signed_by_other_ca=False):
        """(cert_path, key_path) of a client certificate with CN=user and one O per group.
        Made once per (user, groups, CA) and then reused."""
        key = (user, tuple(groups), signed_by_other_ca)
        with self._lock:
            if key in self._clients:
                return self._clients[key]
            index = len(self._clients)
        ca = (self.other_ca_cert, self.other_ca_key) if signed_by_other_ca else (self.ca_cert, self.ca_key)
        pair = self._sign("client-%d" % index, _subject(user, groups), [
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=clientAuth",
        ], *ca)
        with self._lock:
            self._clients[key] = pair
        return pair


_shared = None
_shared_lock = threading.Lock()


def shared_pki():
    """One Pki per process, in a temporary folder removed at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            directory = tempfile.mkdtemp(prefix="planton-apiserver-pki-")
            atexit.register(shutil.rmtree, directory, True)
            _shared = Pki(directory)
        return _shared


def read_pem(path):
    with open(path, "rb") as f:
        return f.read()
