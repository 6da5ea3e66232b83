"""scripts/quickstart with the built binary (PLANTON_DS skips setup and build): with no
cluster configured it deploys an example to a test API server of its own and stops it;
with a kubeconfig it only does a server-side dry run; it cleans up on failure."""
import glob
import os
import re
import socket
import subprocess
import unittest

import planton_cli
from cluster_case import ClusterTestCase

SCRIPT = os.path.join(planton_cli.SOURCE_DIR, "scripts", "quickstart")
EXAMPLE = "manifests/examples/node-exporter.yaml"


class QuickstartTest(ClusterTestCase):

    def quickstart(self, planton_ds=planton_cli.PLANTON_DS, **env):
        full_env = {k: v for k, v in os.environ.items()
                    if k not in ("KUBECONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT")}
        full_env.update({"PLANTON_DS": planton_ds, "HOME": self.home, "TMPDIR": self.tmp, "NO_COLOR": "1"})
        full_env.update(env)
        proc = subprocess.run([SCRIPT], capture_output=True, text=True, env=full_env, timeout=300)
        planton_cli.check_no_secrets(proc.stdout + proc.stderr, "the output of scripts/quickstart")
        return proc

    def assert_server_gone(self, proc):
        match = re.search(r"test API server: https://127\.0\.0\.1:(\d+) ", proc.stdout)
        self.assertIsNotNone(match, proc.stdout)
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", int(match.group(1))), timeout=5).close()
        self.assertEqual(glob.glob(os.path.join(self.tmp, "planton-quickstart.*")), [])

    def test_without_a_cluster_it_deploys_to_a_local_test_server(self):
        proc = self.quickstart()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("==> No cluster configured: starting the local test API server", proc.stdout)
        self.assertIn("daemonset.apps/node-exporter created", proc.stdout)
        self.assertIn("==> planton-ds status -f %s" % EXAMPLE, proc.stdout)
        status = proc.stdout.split("==> planton-ds status")[1]
        self.assertIn("node-exporter", status)
        for example in sorted(glob.glob(os.path.join(planton_cli.SOURCE_DIR, "manifests", "examples", "*.yaml"))):
            self.assertRegex(proc.stdout, r"manifests/examples/%s +\d+ objects" % re.escape(os.path.basename(example)))
        self.assert_server_gone(proc)

    def test_with_a_kubeconfig_it_only_does_a_server_dry_run(self):
        os.makedirs(os.path.join(self.home, ".kube"))
        self.api.kubeconfig("admin", "cert", path=os.path.join(self.home, ".kube", "config"))
        proc = self.quickstart()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("server-side dry run only", proc.stdout)
        self.assertIn("(server dry run)", proc.stdout)
        patches = self.api.requests(method="PATCH")
        self.assertTrue(patches)
        self.assertEqual({tuple(p["query"].get("dryRun", [])) for p in patches}, {("All",)})
        self.assertIsNone(self.api.get("apps/v1", "DaemonSet", "node-exporter", "monitoring"))

    def test_a_failure_exits_non_zero_and_stops_the_server(self):
        failing = self.write("planton-ds", '#!/bin/sh\n[ "$1" = status ] && { echo "status failed" >&2; exit 1; }\n'
                                           'exec "%s" "$@"\n' % planton_cli.PLANTON_DS, mode=0o755)
        proc = self.quickstart(planton_ds=failing)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertIn("status failed", proc.stderr)
        self.assertNotIn("Done.", proc.stdout)
        self.assert_server_gone(proc)


if __name__ == "__main__":
    unittest.main()
