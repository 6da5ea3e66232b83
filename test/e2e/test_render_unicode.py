"""Property test of `planton-ds render`'s YAML: random Unicode strings (every plane,
C0 and C1 controls, DEL, the byte order mark, U+0085, U+2028, U+2029, non-characters;
no surrogates, which UTF-8 cannot carry) in every field of a manifest that takes any
text read back unchanged with PyYAML (YAML 1.1, pure Python and libyaml) and with
`kubectl apply --dry-run=client -f -` (go-yaml), and equal the `-o json` output.

A YAML 1.1 reader treats U+0085, U+2028 and U+2029 as line breaks and refuses C1
controls, U+FFFE and U+FFFF written as they are; so the emitter must escape them.
"""
import base64
import json
import os
import random
import subprocess
import unittest

import yaml

from apiserver_fixture import KUBECTL
from cluster_case import ClusterTestCase
from planton_cli import run
import test_render

# Characters that YAML readers treat specially, drawn more often than chance would.
SPECIAL = ([chr(c) for c in range(0x00, 0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)] +
           ["\u00a0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff",
            "\u3000", "\u200b", "\U0001f600", " ", ":", "#", "-", "'", '"', "\\", "{", "[", ",", "&", "*",
            "!", "|", ">", "%", "@", "`", "?", "\n", "\r\n", "\t", "---", "...", "true", "0x1F", "1:30"])


def random_char(rng):
    """A code point from any plane, weighted towards the BMP; never a surrogate."""
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(SPECIAL)
    if roll < 0.6:
        return chr(rng.randrange(0x20, 0x7f))
    top = 0xFFFF if roll < 0.85 else 0x10FFFF
    while True:
        c = rng.randrange(0, top + 1)
        if not 0xD800 <= c <= 0xDFFF:
            return chr(c)


def random_string(rng):
    return "".join(random_char(rng) for _ in range(rng.randrange(1, 12)))


def yaml_quoted(s):
    """`s` as a YAML double-quoted scalar of printable ASCII: the manifest holds exactly
    `s` whatever it contains (JSON's \\u escapes of surrogate pairs are not YAML)."""
    out = []
    for ch in s:
        c = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= c < 0x7f:
            out.append(ch)
        elif c <= 0xFFFF:
            out.append("\\u%04X" % c)
        else:
            out.append("\\U%08X" % c)
    return '"' + "".join(out) + '"'


def text_fields(items):
    """Every string the manifest's text lands in, by where: annotations (every object and
    the pod template), args, env values, HTTP header values, ConfigMap data and the
    Secret's data (base64)."""
    found = {}
    for item in items:
        kind = item["kind"]
        for key, value in item["metadata"].get("annotations", {}).items():
            found[(kind, "annotation", key)] = value
        if kind == "DaemonSet":
            template = item["spec"]["template"]
            for key, value in template["metadata"].get("annotations", {}).items():
                found[("pod", "annotation", key)] = value
            container = template["spec"]["containers"][0]
            for i, arg in enumerate(container["args"]):
                found[("args", i)] = arg
            for env in container["env"]:
                if "value" in env:
                    found[("env", env["name"])] = env["value"]
            for i, header in enumerate(container["readinessProbe"]["httpGet"]["httpHeaders"]):
                found[("header", i)] = header["value"]
        elif kind == "ConfigMap":
            for key, value in item["data"].items():
                found[("config_map", key)] = value
        elif kind == "Secret":
            for key, value in item["data"].items():
                found[("secret", key)] = base64.b64decode(value).decode("utf-8")
    return found


@unittest.skipIf(KUBECTL is None, "kubectl is not installed")
class RenderUnicodeTest(ClusterTestCase):
    ROUNDS = 4
    STRINGS = 60

    def render(self, path, output):
        proc = subprocess.run([os.environ["PLANTON_DS"], "render", "-f", path, "-o", output],
                              capture_output=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace"))
        return proc.stdout

    def kubectl_read_back(self, stream):
        """The objects kubectl reads from `stream` (a client-side dry run prints them)."""
        env = dict(os.environ, KUBECONFIG=self.api.kubeconfig("admin", "cert"), HOME=self.home,
                   KUBECACHEDIR=os.path.join(self.tmp, "kube-cache"))
        proc = subprocess.run([KUBECTL, "apply", "--dry-run=client", "-o", "json", "-f", "-"], input=stream,
                              capture_output=True, timeout=120, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode("utf-8", "replace"))
        out = json.loads(proc.stdout)
        items = out["items"] if out.get("kind") == "List" else [out]
        # A client-side apply adds its own record of the object; it is not the manifest's.
        for item in items:
            item["metadata"].get("annotations", {}).pop("kubectl.kubernetes.io/last-applied-configuration", None)
        return items

    def check_round(self, seed):
        rng = random.Random(seed)
        strings = [random_string(rng) for _ in range(self.STRINGS)]
        manifest = test_render.awkward_manifest("unicode", strings, config_maps=True, quote=yaml_quoted)
        path = self.write("unicode-%d.yaml" % seed, manifest)
        expected = json.loads(self.render(path, "json"))["items"]
        found = text_fields(expected)
        # The manifest's strings are in the JSON output as written.
        self.assertEqual([found[("args", i)] for i in range(len(strings))], strings)
        self.assertEqual([found[("env", "V_%03d" % i)] for i in range(len(strings))], strings)
        self.assertEqual([found[("secret", "S_%03d" % i)] for i in range(len(strings))], strings)
        self.assertEqual([found[("config_map", "cm-%d" % i)] for i in range(len(strings))], strings)
        self.assertEqual([found[("pod", "annotation", "example.com/p%d" % i)] for i in range(len(strings))],
                         strings)

        stream = self.render(path, "yaml")
        loaders = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])
        for loader in loaders:
            with self.subTest(seed=seed, reader=loader.__name__):
                read = [d for d in yaml.load_all(stream.decode("utf-8"), Loader=loader) if d is not None]
                self.assert_same_text(text_fields(read), found)
                self.assertEqual(read, expected)
        with self.subTest(seed=seed, reader="kubectl"):
            self.assert_same_text(text_fields(self.kubectl_read_back(stream)), found)

    def assert_same_text(self, read, expected):
        # Field by field, so that a failure names the string that did not survive.
        for where, value in expected.items():
            self.assertEqual(read.get(where), value, "%r: %r" % (where, value))
        self.assertEqual(len(read), len(expected))

    def test_random_unicode_in_every_text_field_reads_back_unchanged(self):
        for seed in range(self.ROUNDS):
            self.check_round(seed)

    def test_the_reported_annotation(self):
        # "Collects logs<U+2028>(see runbook)" was written plain, and readers broke the line.
        text = "Collects logs\u2028(see runbook)"
        manifest = test_render.awkward_manifest("runbook", [text], config_maps=False, quote=yaml_quoted)
        stream = self.render(self.write("runbook.yaml", manifest), "yaml")
        self.assertIn(b'"Collects logs\\u2028(see runbook)"', stream)
        read = [d for d in yaml.safe_load_all(stream.decode("utf-8")) if d is not None]
        self.assertEqual(read[-1]["metadata"]["annotations"]["example.com/a0"], text)
        kubectl_items = self.kubectl_read_back(stream)
        self.assertEqual(kubectl_items[-1]["metadata"]["annotations"]["example.com/a0"], text)


if __name__ == "__main__":
    unittest.main()
