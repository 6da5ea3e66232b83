"""A fleet of test API servers for the end-to-end tests of runs over several contexts
(cli.md "Many clusters"), started once per test class:

    cert-1        client certificate (embedded), the server's own CA
    token-2       bearer token
    exec-3        exec credential plugin (a token)
    files-4       client certificate and CA as file paths
    forbidden-5   a token whose user may only read: apply gets 403
    token-6       bearer token
    unreachable-7 a closed port: nothing answers
    slow-8        client certificate; every request is answered late (fault injection)
    exec-9        exec credential plugin (a token)

Eight servers, each with a CA of its own (so a context can only be reached with its own
CA), one kubeconfig with a context per member. Every token is a fresh secret value,
registered with planton_cli, so that any output showing one fails the test.

    class FleetApplyTest(FleetTestCase):
        def test_apply(self):
            proc = self.cli("apply", "-f", self.manifest("agent", "ns-1"), "--context", "cert-1,token-2")
            self.assertEqual(self.table(proc.stdout)["cert-1"]["result"], "rolled out")
"""
import json
import os
import re
import secrets
import shutil
import socket
import sys
import tempfile
import unittest

import daemonset_manifests as dm
import planton_cli
from apiserver_fixture import ApiServerFixture, Rule
from apiserver import kubeconfig as kubeconfig_files  # noqa: E402 (path set by apiserver_fixture)

PLUGIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exec_credential_plugin.py")
V1 = "client.authentication.k8s.io/v1"

# (context, how it is reached), in the order of the kubeconfig and of --all-contexts.
MEMBERS = [("cert-1", "cert"), ("exec-3", "exec"), ("exec-9", "exec"), ("files-4", "cert-files"),
           ("forbidden-5", "forbidden"), ("slow-8", "slow"), ("token-2", "token"), ("token-6", "token"),
           ("unreachable-7", "unreachable")]
CONTEXTS = sorted(name for name, _ in MEMBERS)
# How late the slow member answers each request.
SLOW_SECONDS = 0.25


def closed_port():
    """A port on 127.0.0.1 that nothing listens on (taken from the kernel, then released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class Member:
    def __init__(self, context, how, api, state):
        self.context = context
        self.how = how
        self.api = api  # None for the unreachable one
        self.state = state  # the exec plugin's folder (its runs file)

    def plugin_runs(self):
        path = os.path.join(self.state, "runs")
        if not os.path.exists(path):
            return 0
        with open(path) as f:
            return len(f.readlines())


class FleetTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="planton-e2e-fleet-")
        cls.members = {}
        config = {"apiVersion": "v1", "kind": "Config", "clusters": [], "users": [], "contexts": [],
                  "current-context": "cert-1"}
        try:
            for context, how in MEMBERS:
                cls.members[context] = cls._start(context, how, config)
        except BaseException:
            cls.tearDownClass()
            raise
        cls.kubeconfig = os.path.join(cls.tmp, "kubeconfig")
        with open(cls.kubeconfig, "w") as f:
            json.dump(config, f, indent=2)

    @classmethod
    def _start(cls, context, how, config):
        state = os.path.join(cls.tmp, context)
        os.makedirs(state)
        api = None
        if how != "unreachable":
            api = ApiServerFixture(tick_interval=0.02, own_ca=True).start()
        reference = api or next(m.api for m in cls.members.values() if m.api)
        token = "fleet-%s-%s" % (context, secrets.token_hex(12))
        planton_cli.register_secret(token)
        if how == "forbidden":
            user = api.add_user("reader-" + context, token=token, rules=[Rule(verbs=("get", "list", "watch"))])
        elif api is not None:
            user = api.add_user("deployer-" + context, groups=("system:masters",), token=token)
        else:
            user = reference.server.auth.get("admin")
        extra = None
        auth = {"cert": "cert", "cert-files": "cert", "slow": "cert"}.get(how, "token")
        if how == "exec":
            auth = "none"
            extra = {"exec": {"apiVersion": V1, "command": PLUGIN, "args": [V1], "interactiveMode": "Never",
                              "env": [{"name": "PLUGIN_STATE", "value": state},
                                      {"name": "PLUGIN_MODE", "value": "token"},
                                      {"name": "PLUGIN_TOKEN", "value": token}]}}
        url = "https://127.0.0.1:%d" % closed_port() if how == "unreachable" else api.url
        built = kubeconfig_files.build(url, reference.server.pki, user, auth, embed=how != "cert-files",
                                       name=context, extra_user=extra)
        if how == "unreachable":
            built["users"][0]["user"] = {"token": token}
        if how == "slow":
            api.fault("delay", count=1000000, delay=SLOW_SECONDS)
        # The client keys as the kubeconfig holds them (base64 of the PEM): no output may
        # show them either, whole or a line's worth of them.
        for value in (built["users"][0]["user"].get("client-key-data"),):
            if value:
                planton_cli.register_secret(value)
                planton_cli.register_secret(value[len(value) // 2:len(value) // 2 + 40])
        built["users"][0]["name"] = context + "-user"
        built["contexts"][0]["context"]["user"] = context + "-user"
        for key in ("clusters", "users", "contexts"):
            config[key] += built[key]
        return Member(context, how, api, state)

    @classmethod
    def tearDownClass(cls):
        for member in cls.members.values():
            if member.api is not None:
                member.api.stop()
        shutil.rmtree(cls.tmp, True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.scratch = tempfile.mkdtemp(prefix="planton-e2e-fleet-run-")
        self.addCleanup(shutil.rmtree, self.scratch, True)

    # ---- running ------------------------------------------------------------------------------

    def manifest(self, name, namespace, **spec):
        """A manifest file of its own (dm.manifest's small one)."""
        self._manifests = getattr(self, "_manifests", 0) + 1
        path = os.path.join(self.scratch, "%d-%s-%s.yaml" % (self._manifests, namespace, name))
        with open(path, "w") as f:
            f.write(dm.to_yaml(dm.manifest(name, namespace, **spec)))
        return path

    def cli(self, *args, terminal=False):
        return planton_cli.run(list(args) + ["--kubeconfig", self.kubeconfig, "--request-timeout", "3s"],
                               env={"HOME": self.scratch}, terminal=terminal, timeout=180)

    def servers(self, *contexts):
        return [self.members[c].api for c in contexts if self.members[c].api is not None]

    def clear_logs(self):
        for member in self.members.values():
            if member.api is not None:
                member.api.clear_log()

    # ---- reading the output ----------------------------------------------------------------------

    @staticmethod
    def table(text):
        """The rows of the table that ends a fleet run: {context: {result, desired_ready,
        duration}}, in order (dicts keep it), and its last line."""
        lines = text.splitlines()
        start = max(i for i, line in enumerate(lines) if line.startswith("CONTEXT "))
        header = lines[start]
        columns = [header.index(name) for name in ("CONTEXT", "RESULT", "DESIRED/READY", "DURATION")]
        rows = {}
        for line in lines[start + 1:-1]:
            cells = [line[a:b].strip() for a, b in zip(columns, columns[1:] + [None])]
            rows[cells[0]] = {"result": cells[1], "desired_ready": cells[2], "duration": cells[3]}
        return rows, lines[-1]

    def assert_every_line_prefixed(self, text, allowed=()):
        """Every line of `text` starts with "[<a context of the fleet>] ", but for the
        lines of the table and those in `allowed` (regular expressions)."""
        context = re.compile(r"\[(%s)\] " % "|".join(re.escape(c) for c in CONTEXTS))
        table = False
        for line in text.splitlines():
            table = table or line.startswith("CONTEXT ")
            if table or any(re.fullmatch(pattern, line) for pattern in allowed):
                continue
            self.assertRegex(line, context, "a line without its context:\n" + text)

    @staticmethod
    def most_at_once(windows):
        """The largest number of (start, end) windows that overlap at one moment."""
        edges = sorted([(start, 1) for start, _ in windows] + [(end, -1) for _, end in windows],
                       key=lambda edge: (edge[0], edge[1]))
        most = now = 0
        for _, step in edges:
            now += step
            most = max(most, now)
        return most

    def first_and_last(self, context):
        """When the first and the last request of this run reached the member's server
        (time.monotonic of this process, shared by every server)."""
        log = self.members[context].api.requests()
        return log[0]["started"], log[-1]["started"]


if __name__ == "__main__":
    sys.exit("fleet_case is imported by the fleet tests")
