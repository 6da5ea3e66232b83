"""What the cluster-facing end-to-end tests share: a test API server per test (from
apiserver_fixture), a scratch folder, small manifests, hand-written kubeconfig files,
and the checks every failure must pass (a clear message, the right exit code, no stack
trace or raw library text).

    class AccessTest(ClusterTestCase):
        def test_token(self):
            proc = self.apply(self.api.kubeconfig("admin", "token"))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(self.users_seen(), {"admin"})
"""
import base64
import json
import os
import re
import shutil
import tempfile

import planton_cli
from apiserver_fixture import ApiServerTestCase

# A small manifest: with create_namespace it renders a Namespace and the DaemonSet.
SMALL_MANIFEST = """\
apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesDaemonSet
metadata:
  name: {name}
spec:
  namespace: {namespace}
  create_namespace: {create_namespace}
  container:
    app:
      image:
        repo: registry.example/agents/{name}
        tag: "{tag}"
      resources:
        limits: {{cpu: 200m, memory: 128Mi}}
        requests: {{cpu: 50m, memory: 64Mi}}
"""

# Text that must never reach a user: stack traces, aborts, raw library messages.
RAW_TEXT = ("Traceback", "terminate called", "what():", "Segmentation fault", "Aborted", "[json.exception",
            "yaml-cpp", "CURLE_", "curl_easy", "SSL routines", "error:0A0", "error:1", "OpenSSL", "nlohmann")


def object_lines(stdout):
    """apply's result lines ("daemonset.apps/fluentd created"), without the outputs after them."""
    return [line for line in stdout.splitlines()
            if re.fullmatch(r"[a-z.0-9]+/[-a-z0-9.]+ (created|configured|unchanged|deleted)( \(server dry run\))?",
                            line)]


class ScratchHome:
    """A TestCase mixin: self.tmp (a folder removed after the test) and self.home (an
    empty HOME in it, so no ~/.kube/config of the machine is read)."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="planton-e2e-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)


class ClusterTestCase(ScratchHome, ApiServerTestCase):
    """ApiServerTestCase plus ScratchHome's self.tmp and self.home, and helpers."""

    api_options = {"tick_interval": None}

    # ---- files -----------------------------------------------------------------------------

    def write(self, name, text, mode=0o600):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def manifest(self, name="probe", namespace="access", create_namespace=True, tag="1.4.2"):
        return self.write("%s-%s-%s.yaml" % (name, namespace, tag), SMALL_MANIFEST.format(
            name=name, namespace=namespace, create_namespace="true" if create_namespace else "false", tag=tag))

    def ca_data(self):
        with open(self.api.ca_cert, "rb") as f:
            return base64.b64encode(f.read()).decode()

    def cluster_entry(self, server=None, **fields):
        """A kubeconfig cluster entry for the test server (its CA embedded)."""
        entry = {"server": server or self.api.url, "certificate-authority-data": self.ca_data()}
        entry.update(fields)
        return entry

    def write_kubeconfig(self, name, users, contexts, current_context=None, clusters=None):
        """Writes a kubeconfig (JSON, which is YAML too). users: {name: user entry};
        contexts: {name: (cluster, user)}; clusters: {name: cluster entry} (default: one
        cluster "test" for this server)."""
        clusters = clusters if clusters is not None else {"test": self.cluster_entry()}
        config = {"apiVersion": "v1", "kind": "Config",
                  "clusters": [{"name": n, "cluster": c} for n, c in clusters.items()],
                  "users": [{"name": n, "user": u} for n, u in users.items()],
                  "contexts": [{"name": n, "context": {"cluster": c, "user": u}} for n, (c, u) in contexts.items()]}
        if current_context:
            config["current-context"] = current_context
        return self.write(name, json.dumps(config, indent=2) + "\n")

    # ---- running planton-ds ---------------------------------------------------------------

    def run_cli(self, args, env=None, **kwargs):
        full_env = {"HOME": self.home}
        full_env.update(env or {})
        return planton_cli.run(args, env=full_env, **kwargs)

    def apply(self, kubeconfig=None, *extra, manifest=None, env=None):
        """planton-ds apply --no-wait -f <manifest> [--kubeconfig kubeconfig] extra..."""
        args = ["apply", "--no-wait", "-f", manifest or self.manifest()]
        if kubeconfig:
            args += ["--kubeconfig", kubeconfig]
        return self.run_cli(args + list(extra), env=env)

    # ---- checks ----------------------------------------------------------------------------

    def users_seen(self):
        """The users the server authenticated, over every logged request."""
        return {e["user"] for e in self.api.requests()}

    def assert_applied(self, proc, user, name="probe", namespace="access"):
        """The run succeeded, made every request as `user`, and the DaemonSet exists."""
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("daemonset.apps/%s created" % name, object_lines(proc.stdout))
        entries = self.api.requests()
        self.assertTrue(any(e["method"] == "PATCH" for e in entries), entries)
        self.assertEqual({e["user"] for e in entries}, {user}, entries)
        # Every request succeeded, but for the GET that finds the namespace missing before
        # apply creates (and marks) it.
        self.assertTrue(all(e["status"] in (200, 201) or (e["method"], e["path"], e["status"]) ==
                            ("GET", "/api/v1/namespaces/" + namespace, 404) for e in entries), entries)
        self.assertIsNotNone(self.api.get("apps/v1", "DaemonSet", name, namespace))

    def assert_clean_failure(self, proc, exit_code, *fragments):
        """Failed with `exit_code`, printed each fragment on stderr, nothing on stdout but
        result lines, and no stack trace or raw library text anywhere."""
        self.assertEqual(proc.returncode, exit_code, "stdout:\n%s\nstderr:\n%s" % (proc.stdout, proc.stderr))
        for fragment in fragments:
            self.assertIn(fragment, proc.stderr)
        for raw in RAW_TEXT:
            self.assertNotIn(raw, proc.stderr)
            self.assertNotIn(raw, proc.stdout)
        self.assertIn("planton-ds: error: ", proc.stderr)
