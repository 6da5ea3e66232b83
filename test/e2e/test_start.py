"""What planton-ds loads when it starts: the offline commands (validate, render, schema,
version, help) never load libcurl or a TLS library; a cluster command loads libcurl
when it makes its first connection (ARCHITECTURE.md, "Start fast"). The dynamic
loader itself says what it loaded (LD_DEBUG=files)."""
import os
import shutil
import subprocess
import tempfile
import unittest

from planton_cli import PLANTON_DS, example, run

NETWORK_STACK = ("libcurl", "libssl", "libcrypto", "libgnutls", "libnghttp2", "libldap", "libgssapi")


def loaded_libraries(args, env=None):
    proc = run(args, env=dict(env or {}, LD_DEBUG="files"))
    names = set()
    for line in proc.stderr.splitlines():
        if "file=" in line and "generating link map" in line:
            names.add(line.split("file=", 1)[1].split(" ", 1)[0])
    return proc, names


class StartTest(unittest.TestCase):
    def test_the_binary_does_not_link_the_network_stack(self):
        if not shutil.which("readelf"):
            self.skipTest("readelf is not installed")
        dynamic = subprocess.run(["readelf", "-d", PLANTON_DS], capture_output=True, text=True, check=True).stdout
        needed = [line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]
        self.assertTrue(needed)
        for library in needed:
            self.assertFalse(library.startswith(NETWORK_STACK), needed)

    def test_offline_commands_load_no_network_library(self):
        manifest = example("busybox-minimal")
        for args in (["version"], ["validate", manifest], ["render", "-f", manifest], ["schema"], ["help", "apply"]):
            with self.subTest(args=args):
                proc, names = loaded_libraries(args)
                self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
                self.assertTrue(names, "LD_DEBUG=files printed nothing")
                self.assertEqual([n for n in names if os.path.basename(n).startswith(NETWORK_STACK)], [])

    def test_a_cluster_command_loads_libcurl_when_it_connects(self):
        with tempfile.TemporaryDirectory() as tmp:
            kubeconfig = os.path.join(tmp, "config")
            with open(kubeconfig, "w") as f:
                # Port 1 of the loopback address: nothing listens, the connection is refused.
                f.write("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                        "users:\n- name: u\n  user: {token: some-token-value}\ncontexts:\n- name: x\n"
                        "  context: {cluster: c, user: u}\ncurrent-context: x\n")
            proc, names = loaded_libraries(["status", "-f", example("busybox-minimal"), "--kubeconfig", kubeconfig,
                                            "--request-timeout", "5s"])
        self.assertEqual(proc.returncode, 3, proc.stderr[-2000:])
        self.assertIn("planton-ds: error: ", proc.stderr)
        self.assertTrue([n for n in names if os.path.basename(n).startswith("libcurl.so")], sorted(names))


if __name__ == "__main__":
    unittest.main()
