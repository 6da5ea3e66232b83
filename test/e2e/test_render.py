"""`planton-ds render` end to end (cli.md "render", objects.md).

- Goldens: every manifests/examples/*.yaml renders byte for byte to the reviewed
  test/golden/<name>.yaml. A golden is an expectation read against objects.md, not a
  snapshot: when rendering changes on purpose, regenerate the file with
  `planton-ds render -f manifests/examples/X.yaml > test/golden/X.yaml` and review the diff.
- Proofs: the YAML stream reads back to exactly the `-o json` List, and every object
  validates against the upstream Kubernetes OpenAPI schema (test/schema/check.mjs), for
  every example and for generated manifests full of strings a YAML reader could take
  for something else.
- What render cannot render (value_from, a secret_ref into another namespace): the
  diagnostic on stderr, nothing on stdout, exit 1.
"""
import base64
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from planton_cli import SOURCE_DIR, example, register_secret, run

GOLDEN_DIR = os.path.join(SOURCE_DIR, "test", "golden")
SCHEMA_DIR = os.path.join(SOURCE_DIR, "test", "schema")
DATA_DIR = os.path.join(SOURCE_DIR, "test", "e2e", "data")
DOCKER_CONFIG = os.path.join(DATA_DIR, "docker-config.json")

# The example's literal env secrets and the docker configs: render prints them only
# base64-encoded inside Secret data, never as they are.
for value in ("example-token-not-real", "example-password-not-real", "ZXhhbXBsZTpub3QtcmVhbA==",
              "dGVzdHVzZXI6dGVzdC1wdWxsLXBhc3N3b3Jk", "test-pull-password"):
    register_secret(value)

EXAMPLES = sorted(os.path.splitext(os.path.basename(p))[0]
                  for p in glob.glob(os.path.join(SOURCE_DIR, "manifests", "examples", "*.yaml")))

# Strings a YAML reader could take for another type, or that need quoting or a block.
AWKWARD = ["true", "yes", "on", "Off", "1", "0", "0755", "1e3", "null", "~", "", " lead", "trail ",
           "a: b", "a #b", "#c", "- x", "-", "*ref", "&a", "!t", "{x}", "[y]", "@z", "`q`", "%p",
           "2001-12-14", "1:30", "0x1F", ".5", "-1", "+1", "..5", "<<", "=", "400m", "512Mi",
           "10.0.0.0/8", "say \"hi\"", "back\\slash", "tab\there", "line1\nline2", "ends\n",
           "two\n\n", "\n lead", "  indented\nnext", "é 日本", "---", "...", "k: v\n# c\n"]


def schema_check(renderings):
    """Runs test/schema/check.mjs once over the objects of several renderings, each a
    (JSON List text, YAML stream text) pair: one node process for all of them keeps the
    test fast. Returns (exit code, output)."""
    if shutil.which("node") is None or not os.path.isdir(os.path.join(SCHEMA_DIR, "node_modules")):
        raise unittest.SkipTest("node and test/schema/node_modules are needed (scripts/setup installs them)")
    items = []
    streams = []
    for json_text, yaml_text in renderings:
        items += json.loads(json_text)["items"]
        if yaml_text:
            streams.append(yaml_text)
    with tempfile.TemporaryDirectory() as tmp:
        list_path = os.path.join(tmp, "list.json")
        stream_path = os.path.join(tmp, "stream.yaml")
        with open(list_path, "w") as f:
            json.dump({"apiVersion": "v1", "kind": "List", "items": items}, f)
        with open(stream_path, "w") as f:
            f.write("---\n".join(streams))
        proc = subprocess.run(["node", os.path.join(SCHEMA_DIR, "check.mjs"), list_path, "--yaml", stream_path],
                              capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def write_temp(test, text, suffix=".yaml"):
    fd, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    test.addCleanup(os.remove, path)
    return path


def awkward_manifest(name, strings, config_maps=True, quote=json.dumps):
    """A valid manifest that carries `strings` wherever a manifest allows any text: env
    values, literal env secrets, annotation values, pod annotations, args, ConfigMap
    content and an HTTP probe header. Strings are written as JSON (valid YAML), or with
    `quote`, so the manifest holds exactly them."""
    q = quote
    lines = [
        "apiVersion: kubernetes.project-planton.org/v1",
        "kind: KubernetesDaemonSet",
        "metadata:",
        "  name: %s" % name,
        "  annotations:",
    ]
    lines += ["    example.com/a%d: %s" % (i, q(s)) for i, s in enumerate(strings)]
    lines += ["spec:", "  namespace: awkward", "  pod_annotations:"]
    lines += ["    example.com/p%d: %s" % (i, q(s)) for i, s in enumerate(strings)]
    if config_maps:  # one object per string: a few suffice
        lines += ["  config_maps:"]
        lines += ["    cm-%d: %s" % (i, q(s)) for i, s in enumerate(strings)]
    lines += [
        "  container:",
        "    app:",
        "      image: {repo: busybox, tag: \"1.36\"}",
        "      args: [%s]" % ", ".join(q(s) for s in strings),
        "      ports: [{name: http, container_port: 8080, network_protocol: TCP}]",
        "      readiness_probe:",
        "        http_get:",
        "          path: /",
        "          port_name: http",
        "          http_headers:",
    ]
    lines += ["            - {name: X-H%d, value: %s}" % (i, q(s)) for i, s in enumerate(strings)]
    lines += ["      env:", "        variables:"]
    lines += ["          V_%03d: %s" % (i, q(s)) for i, s in enumerate(strings)]
    lines += ["        secrets:"]
    lines += ["          S_%03d: %s" % (i, q(s)) for i, s in enumerate(strings)]
    return "\n".join(lines) + "\n"


class RenderTest(unittest.TestCase):
    def render(self, *args, input=None):
        return run(["render"] + list(args), input=input)

    def render_ok(self, *args, input=None):
        proc = self.render(*args, input=input)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def rendering(self, *args):
        """(JSON List, YAML stream) of one render."""
        return (self.render_ok(*(list(args) + ["-o", "json"])).stdout, self.render_ok(*args).stdout)

    def assert_round_trip_and_schema(self, renderings):
        """The YAML streams read back to exactly the JSON items, and every object
        validates against the Kubernetes schema of its kind."""
        code, output = schema_check(renderings)
        self.assertEqual(code, 0, output)
        self.assertIn("ok: ", output)

    def items(self, rendering):
        return json.loads(rendering[0])["items"]

    # ---- goldens ---------------------------------------------------------------------
    def test_every_example_has_a_golden(self):
        self.assertGreaterEqual(len(EXAMPLES), 11)
        goldens = sorted(os.path.splitext(os.path.basename(p))[0]
                         for p in glob.glob(os.path.join(GOLDEN_DIR, "*.yaml")))
        self.assertEqual(goldens, EXAMPLES)

    def test_examples_render_as_their_goldens(self):
        for name in EXAMPLES:
            with self.subTest(example=name):
                with open(os.path.join(GOLDEN_DIR, name + ".yaml")) as f:
                    golden = f.read()
                proc = self.render_ok("-f", example(name))
                self.assertEqual(proc.stdout, golden)

    def test_rendering_is_deterministic(self):
        for name in EXAMPLES:
            with self.subTest(example=name):
                first = self.render_ok("-f", example(name)).stdout
                self.assertEqual(self.render_ok("-f", example(name)).stdout, first)
                json_first = self.render_ok("-f", example(name), "-o", "json").stdout
                self.assertEqual(self.render_ok("-f", example(name), "-o", "json").stdout, json_first)

    # ---- proofs ----------------------------------------------------------------------
    def test_examples_read_back_as_their_json_and_validate_against_the_kubernetes_schema(self):
        self.assert_round_trip_and_schema([self.rendering("-f", example(name)) for name in EXAMPLES])

    def test_awkward_strings_survive_and_validate(self):
        path = write_temp(self, awkward_manifest("awkward", AWKWARD))
        rendering = self.rendering("-f", path)
        self.assert_round_trip_and_schema([rendering])
        by_kind = {}
        for item in self.items(rendering):
            by_kind.setdefault(item["kind"], []).append(item)
        ds = by_kind["DaemonSet"][0]
        container = ds["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(container["args"], AWKWARD)
        values = {e["name"]: e.get("value") for e in container["env"]}
        for i, s in enumerate(AWKWARD):
            self.assertEqual(values["V_%03d" % i], s)
            self.assertEqual(ds["metadata"]["annotations"]["example.com/a%d" % i], s)
            self.assertEqual(ds["spec"]["template"]["metadata"]["annotations"]["example.com/p%d" % i], s)
        headers = container["readinessProbe"]["httpGet"]["httpHeaders"]
        self.assertEqual([h["value"] for h in headers], AWKWARD)
        config_maps = {cm["metadata"]["name"]: cm["data"] for cm in by_kind["ConfigMap"]}
        for i, s in enumerate(AWKWARD):
            self.assertEqual(config_maps["cm-%d" % i], {"cm-%d" % i: s})
        secret = by_kind["Secret"][0]
        for i, s in enumerate(AWKWARD):
            self.assertEqual(base64.b64decode(secret["data"]["S_%03d" % i]).decode(), s)

    def test_generated_manifests_of_awkward_string_combinations_validate(self):
        # Every pair of awkward atoms, 500 strings per manifest.
        combos = [a + b for a in AWKWARD for b in AWKWARD]
        renderings = []
        for n, start in enumerate(range(0, len(combos), 500)):
            strings = combos[start:start + 500]
            path = write_temp(self, awkward_manifest("awkward-%d" % n, strings, config_maps=False))
            renderings.append(self.rendering("-f", path))
            container = self.items(renderings[-1])[-1]["spec"]["template"]["spec"]["containers"][0]
            self.assertEqual(container["args"], strings)
        self.assert_round_trip_and_schema(renderings)

    # ---- input forms -----------------------------------------------------------------
    def test_stdin_and_stack_input(self):
        with open(example("busybox-minimal")) as f:
            text = f.read()
        self.assertEqual(self.render_ok("-f", "-", input=text).stdout,
                         self.render_ok("-f", example("busybox-minimal")).stdout)
        with open(os.path.join(GOLDEN_DIR, "mixed-secrets.yaml")) as f:
            self.assertEqual(self.render_ok("-i", example("mixed-secrets")).stdout, f.read())

    def test_stack_input_flag_refuses_a_plain_manifest(self):
        proc = self.render("-i", example("busybox-minimal"))
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")
        self.assertIn("is not a stack input", proc.stderr)

    def test_docker_config_json_file_renders_the_image_pull_secret(self):
        with open(DOCKER_CONFIG, "rb") as f:
            content = f.read()
        rendering = self.rendering("-f", example("busybox-minimal"), "--docker-config-json", DOCKER_CONFIG)
        self.assert_round_trip_and_schema([rendering])
        items = self.items(rendering)
        self.assertEqual([(i["kind"], i["metadata"]["name"]) for i in items],
                         [("Secret", "busybox-image-pull-secret"), ("DaemonSet", "busybox")])
        secret = items[0]
        self.assertEqual(secret["type"], "kubernetes.io/dockerconfigjson")
        self.assertEqual(secret["metadata"]["namespace"], "default")
        self.assertEqual(base64.b64decode(secret["data"][".dockerconfigjson"]), content)
        pod = items[1]["spec"]["template"]["spec"]
        self.assertEqual(pod["imagePullSecrets"], [{"name": "busybox-image-pull-secret"}])

    def test_docker_config_json_file_wins_over_the_stack_inputs(self):
        with open(DOCKER_CONFIG, "rb") as f:
            content = f.read()
        items = self.render_ok("-i", example("mixed-secrets"), "--docker-config-json", DOCKER_CONFIG, "-o",
                               "json").stdout
        secrets = {i["metadata"]["name"]: i for i in json.loads(items)["items"] if i["kind"] == "Secret"}
        pull = secrets["edge-agent-image-pull-secret"]
        self.assertEqual(base64.b64decode(pull["data"][".dockerconfigjson"]), content)

    def test_docker_config_json_that_is_not_json_is_refused_without_quoting_it(self):
        path = write_temp(self, "user:not-json-secret-value\n", suffix=".json")
        register_secret("not-json-secret-value")
        proc = self.render("-f", example("busybox-minimal"), "--docker-config-json", path, "-vv")
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")
        self.assertIn("is not valid JSON", proc.stderr)

    def test_docker_config_json_file_follows_the_stack_input_rule(self):
        # One rule for the flag and for a stack input's docker_config_json: a JSON object
        # with an "auths" object; anything else would make a Secret no kubelet can use.
        register_secret("pull-s3cr3t-value")
        for content, problem in (("[]", "is a JSON array, not an object"),
                                 ('"pull-s3cr3t-value"', "is a JSON string, not an object"),
                                 ("{}", 'has no "auths" object'),
                                 ('{"auths": ["pull-s3cr3t-value"]}', 'has no "auths" object')):
            with self.subTest(content=content):
                path = write_temp(self, content, suffix=".json")
                proc = self.render("-f", example("busybox-minimal"), "--docker-config-json", path)
                self.assertEqual(proc.returncode, 1, proc.stderr)
                self.assertEqual(proc.stdout, "")
                self.assertEqual(proc.stderr, "planton-ds: error: --docker-config-json %s %s; it must be the "
                                 "content of a .dockerconfigjson file, a JSON object with an \"auths\" object: "
                                 "{\"auths\": {\"REGISTRY\": {\"auth\": \"...\"}}}\n" % (path, problem))

    def test_missing_docker_config_json_file_is_a_usage_error(self):
        proc = self.render("-f", example("busybox-minimal"), "--docker-config-json", "/nonexistent/config.json")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")

    def test_usage_errors(self):
        for args in ([], ["-f", example("busybox-minimal"), "-i", example("mixed-secrets")],
                     ["-f", example("busybox-minimal"), "-o", "xml"]):
            with self.subTest(args=args):
                proc = self.render(*args)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(proc.stdout, "")

    def test_several_manifests_render_in_file_order_with_distinct_selectors(self):
        docs = []
        for name in ("agent-b", "agent-a"):
            docs.append("apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\n"
                        "metadata:\n  name: %s\nspec:\n  namespace: shared\n  container:\n    app:\n"
                        "      image: {repo: busybox, tag: \"1.36\"}\n" % name)
        path = write_temp(self, "---\n".join(docs))
        rendering = self.rendering("-f", path)
        self.assert_round_trip_and_schema([rendering])
        items = self.items(rendering)
        self.assertEqual([i["metadata"]["name"] for i in items], ["agent-b", "agent-a"])
        self.assertEqual([i["spec"]["selector"] for i in items],
                         [{"matchLabels": {"app.kubernetes.io/name": "agent-b"}},
                          {"matchLabels": {"app.kubernetes.io/name": "agent-a"}}])
        self.assertEqual(self.render_ok("-f", path).stdout.count("\n---\n"), 1)

    # ---- render errors ---------------------------------------------------------------
    ERRORS = """\
apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesDaemonSet
metadata:
  name: refs
spec:
  namespace: apps
  container:
    app:
      image: {repo: busybox, tag: "1.36"}
      env:
        variables:
          FROM_ELSEWHERE:
            value_from: {kind: KubernetesPostgres, name: db, field_path: status.outputs.host}
        secrets:
          TOKEN:
            secret_ref: {name: shared-token, key: token, namespace: other}
"""

    def test_render_only_errors_go_to_stderr_with_nothing_on_stdout(self):
        path = write_temp(self, self.ERRORS)
        for fmt in ("yaml", "json"):
            with self.subTest(output=fmt):
                proc = self.render("-f", path, "-o", fmt)
                self.assertEqual(proc.returncode, 1)
                self.assertEqual(proc.stdout, "")
                lines = [l for l in proc.stderr.splitlines() if ": error: [" in l]
                self.assertEqual(len(lines), 2, proc.stderr)
                self.assertTrue(lines[0].startswith(path + ":13:"), lines[0])
                self.assertIn("value_from", lines[0])
                self.assertIn("give a literal value", lines[0])
                self.assertIn("(spec.container.app.env.variables.FROM_ELSEWHERE.value_from)", lines[0])
                self.assertTrue(lines[1].startswith(path + ":16:"), lines[1])
                self.assertIn("another namespace", lines[1])
                self.assertIn("(spec.container.app.env.secrets.TOKEN.secret_ref.namespace)", lines[1])

    def test_namespace_value_from_is_an_error(self):
        text = self.ERRORS.replace("  namespace: apps\n",
                                   "  namespace:\n    value_from: {kind: KubernetesNamespace, name: ns}\n")
        text = text.replace(", namespace: other", "")
        text = text.replace("          FROM_ELSEWHERE:\n            value_from: {kind: KubernetesPostgres, name: db, "
                            "field_path: status.outputs.host}\n", "          A: b\n")
        proc = self.render("-f", write_temp(self, text))
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")
        self.assertIn("(spec.namespace.value_from)", proc.stderr)

    def test_secret_ref_in_the_own_namespace_renders(self):
        text = self.ERRORS.replace("namespace: other", "namespace: apps")
        text = text.replace("          FROM_ELSEWHERE:\n            value_from: {kind: KubernetesPostgres, name: db, "
                            "field_path: status.outputs.host}\n", "          A: b\n")
        items = json.loads(self.render_ok("-f", write_temp(self, text), "-o", "json").stdout)["items"]
        env = items[-1]["spec"]["template"]["spec"]["containers"][0]["env"]
        self.assertEqual(env[-1], {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "shared-token",
                                                                                    "key": "token"}}})

    def test_an_error_in_one_manifest_renders_none(self):
        with open(example("busybox-minimal")) as f:
            good = f.read()
        path = write_temp(self, good + "---\n" + self.ERRORS)
        proc = self.render("-f", path)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout, "")

    def test_secret_values_never_appear_in_any_output(self):
        # run() fails on any registered secret in stdout or stderr, at every -v level.
        for flags in ([], ["-v"], ["-vv"]):
            with self.subTest(flags=flags):
                self.render_ok(*flags, "-i", example("mixed-secrets"), "--docker-config-json", DOCKER_CONFIG)
                self.render_ok(*flags, "-i", example("mixed-secrets"), "-o", "json")


if __name__ == "__main__":
    unittest.main()
