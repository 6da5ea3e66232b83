"""`planton-ds validate` end to end: the examples, the invalid manifests and their exact
diagnostics, inputs (files, folders, stdin), skipped kinds, --strict, the three output
formats, exit codes, and hostile input.

manifests/invalid/<x>.expected is the exact stdout of
`planton-ds validate manifests/invalid/<x>.yaml` run from the repository root (the
diagnostics, then the summary line)."""
import glob
import json
import os
import re
import tempfile
import unittest

from planton_cli import SOURCE_DIR, run, run_with_peak_rss

HEADER = "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\n"
# An unclosed flow list: an unreadable document. It names the kind, so it is a broken
# manifest (a file that does not parse and does not mention KubernetesDaemonSet or
# kubernetes.project-planton.org, a Helm template say, is skipped).
SYNTAX_ERROR = "# KubernetesDaemonSet\na: [\n"


def syntax_diagnostic(name, line=3):
    """What SYNTAX_ERROR gives, ending on `line`."""
    return '%s:%d:1: error: [yaml-syntax] missing "]" to close the flow list' % (name, line)


CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"


def validate(*args, input=None, cwd=SOURCE_DIR):
    return run(["validate"] + list(args), input=input, cwd=cwd)


class TempTree:
    """A temporary folder filled from {relative path: text}."""

    def __init__(self, files):
        self._dir = tempfile.TemporaryDirectory()
        self.path = self._dir.name
        for name, text in files.items():
            self.write(name, text)

    def write(self, name, text):
        full = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        return full

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._dir.cleanup()


class ExamplesAndInvalidTest(unittest.TestCase):
    def test_the_examples_have_no_errors_and_exactly_the_reviewed_warnings(self):
        examples = glob.glob(os.path.join(SOURCE_DIR, "manifests", "examples", "*.yaml"))
        self.assertGreaterEqual(len(examples), 10)
        proc = validate("manifests/examples")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(proc.stderr, "")
        self.assertEqual([line for line in proc.stdout.splitlines() if ": error: " in line], [])
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected", "validate_examples.txt")) as f:
            self.assertEqual(proc.stdout, f.read())
        self.assertRegex(proc.stdout.splitlines()[-1], r"^%d files, %d documents: 0 errors, " % (len(examples), len(examples)))

    def test_each_invalid_manifest_gives_exactly_its_expected_diagnostics(self):
        files = sorted(glob.glob(os.path.join(SOURCE_DIR, "manifests", "invalid", "*.yaml")))
        if not files:
            self.skipTest("manifests/invalid holds no manifests")
        for path in files:
            name = os.path.relpath(path, SOURCE_DIR)
            with self.subTest(name):
                expected_path = path[: -len(".yaml")] + ".expected"
                self.assertTrue(os.path.exists(expected_path), "%s has no .expected file" % name)
                with open(expected_path) as f:
                    expected = f.read()
                proc = validate(name)
                self.assertEqual(proc.stdout, expected)
                self.assertEqual(proc.stderr, "")
                self.assertGreater(len(expected.splitlines()), 1, "%s expects no diagnostic" % name)
                has_error = re.search(r": error: \[", expected) is not None
                self.assertEqual(proc.returncode, 1 if has_error else 0)
                # A file that only warns fails under --strict.
                self.assertEqual(validate("--strict", name).returncode, 1)


class InputsTest(unittest.TestCase):
    def test_a_folder_is_searched_recursively_in_sorted_order(self):
        with TempTree({
            "ds/b.yaml": SYNTAX_ERROR,
            "ds/a.yml": CONFIG_MAP,
            "ds/sub/c.yaml": CONFIG_MAP + "---\n" + SYNTAX_ERROR,
            "ds/sub/deeper/d.yml": SYNTAX_ERROR,
            "ds/notes.txt": SYNTAX_ERROR,
            "ds/README.md": SYNTAX_ERROR,
        }) as tree:
            proc = validate("ds", cwd=tree.path)
            self.assertEqual(proc.stdout,
                             syntax_diagnostic("ds/b.yaml") + "\n" +
                             syntax_diagnostic("ds/sub/c.yaml", 8) + "\n" +
                             syntax_diagnostic("ds/sub/deeper/d.yml") + "\n"
                             "4 files, 5 documents: 3 errors, 0 warnings, 2 skipped\n")
            self.assertEqual(proc.returncode, 1)
            # A trailing slash and -f give the same names.
            self.assertEqual(validate("-f", "ds/", cwd=tree.path).stdout, proc.stdout)

    def test_several_files_each_read_once_and_sorted_by_name(self):
        with TempTree({"z.yaml": SYNTAX_ERROR, "a.yaml": "# kubernetes.project-planton.org/v1\nx: [1,\n"}) as tree:
            proc = validate("z.yaml", "-f", "a.yaml", "-f", "z.yaml", cwd=tree.path)
            self.assertEqual(proc.stdout,
                             syntax_diagnostic("a.yaml") + "\n" + syntax_diagnostic("z.yaml") + "\n"
                             "2 files, 2 documents: 2 errors, 0 warnings\n")
            self.assertEqual(proc.returncode, 1)

    def test_standard_input(self):
        proc = validate("-", input=CONFIG_MAP + "---\n" + SYNTAX_ERROR)
        self.assertEqual(proc.stdout, syntax_diagnostic("<stdin>", 8) + "\n"
                         "1 file, 2 documents: 1 error, 0 warnings, 1 skipped\n")
        self.assertEqual(proc.returncode, 1)
        with TempTree({"a.yaml": SYNTAX_ERROR}) as tree:
            proc = validate("a.yaml", "-", input=SYNTAX_ERROR, cwd=tree.path)
            self.assertEqual(proc.stdout, syntax_diagnostic("<stdin>") + "\n" + syntax_diagnostic("a.yaml") + "\n"
                             "2 files, 2 documents: 2 errors, 0 warnings\n")

    def test_other_kinds_are_skipped_and_counted(self):
        deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec: {replicas: 3, strategy: Recreate}\n"
        with TempTree({"other.yaml": CONFIG_MAP + "---\n" + deployment, "empty-docs.yaml": "---\n---\n" + CONFIG_MAP,
                       "list.yaml": "- id: a\n- id: b\n", "text.yaml": "just text\n"}) as tree:
            proc = validate("other.yaml", "empty-docs.yaml", "list.yaml", "text.yaml", cwd=tree.path)
            self.assertEqual(proc.stdout, "4 files, 5 documents: 0 errors, 0 warnings, 5 skipped\n")
            self.assertEqual(proc.returncode, 0)


class StrictTest(unittest.TestCase):
    MANIFEST = HEADER + """metadata:
  name: agent
spec:
  namespace: monitoring
  priority_class_name: system-node-critical
  tolerations: [{operator: Exists}]
  container:
    app:
      image: {repo: quay.io/prometheus/node-exporter, tag: latest}
      resources: {limits: {cpu: 200m, memory: 64Mi}, requests: {cpu: 50m, memory: 32Mi}}
      readiness_probe: {tcp_socket: {port_number: 9100}}
"""
    WARNING = ("agent.yaml:11:60: %s: [image-latest-tag] image tag \"latest\" is not a pinned version; nodes pulling "
               "at different times may run different images (spec.container.app.image.tag)\n")

    def test_warnings_pass_unless_strict(self):
        with TempTree({"agent.yaml": self.MANIFEST}) as tree:
            proc = validate("agent.yaml", cwd=tree.path)
            self.assertEqual((proc.returncode, proc.stdout),
                             (0, self.WARNING % "warning" + "1 file, 1 document: 0 errors, 1 warning\n"))
            proc = validate("--strict", "agent.yaml", cwd=tree.path)
            self.assertEqual((proc.returncode, proc.stdout),
                             (1, self.WARNING % "error" + "1 file, 1 document: 1 error, 0 warnings\n"))
            sarif = json.loads(validate("--strict", "-o", "sarif", "agent.yaml", cwd=tree.path).stdout)
            self.assertEqual([r["level"] for r in sarif["runs"][0]["results"]], ["error"])

    def test_the_lint_ignore_annotation_silences_a_warning_even_when_strict(self):
        ignored = self.MANIFEST.replace("  name: agent\n",
                                        "  name: agent\n  annotations: {planton-ds.io/lint-ignore: image-latest-tag}\n")
        with TempTree({"agent.yaml": ignored}) as tree:
            proc = validate("--strict", "agent.yaml", cwd=tree.path)
        self.assertEqual((proc.returncode, proc.stdout), (0, "1 file, 1 document: 0 errors, 0 warnings\n"))


class OutputFormatsTest(unittest.TestCase):
    FILES = {"bad dir/broken.yaml": SYNTAX_ERROR, "skip.yaml": CONFIG_MAP, "empty.yaml": ""}

    def test_json_is_one_array_of_diagnostics(self):
        with TempTree(self.FILES) as tree:
            proc = validate("-o", "json", "bad dir/broken.yaml", "skip.yaml", "empty.yaml", cwd=tree.path)
            self.assertEqual(proc.returncode, 1)
            self.assertEqual(json.loads(proc.stdout), [
                {"file": "bad dir/broken.yaml", "line": 3, "column": 1, "severity": "error", "id": "yaml-syntax",
                 "path": "", "message": 'missing "]" to close the flow list'},
            ])
            # The summary goes to stderr so stdout stays JSON; the empty file is skipped.
            self.assertEqual(proc.stderr, "3 files, 2 documents: 1 error, 0 warnings, 2 skipped\n")
            clean = validate("--output=json", "skip.yaml", cwd=tree.path)
            self.assertEqual((clean.returncode, json.loads(clean.stdout)), (0, []))

    def test_sarif_2_1_0(self):
        with TempTree(self.FILES) as tree:
            proc = validate("-o", "sarif", "bad dir/broken.yaml", "skip.yaml", "empty.yaml", cwd=tree.path)
            self.assertEqual(proc.returncode, 1)
            sarif = json.loads(proc.stdout)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertIn("sarif-schema-2.1.0.json", sarif["$schema"])
        self.assertEqual(len(sarif["runs"]), 1)
        driver = sarif["runs"][0]["tool"]["driver"]
        self.assertEqual(driver["name"], "planton-ds")
        self.assertEqual(driver["version"], run(["version"]).stdout.split()[1])
        self.assertTrue(driver["informationUri"].startswith("https://"))
        self.assertEqual([r["id"] for r in driver["rules"]], ["yaml-syntax"])
        for rule in driver["rules"]:
            self.assertTrue(rule["shortDescription"]["text"])
        results = sarif["runs"][0]["results"]
        self.assertEqual(results, [
            {"ruleId": "yaml-syntax", "ruleIndex": 0, "level": "error",
             "message": {"text": 'missing "]" to close the flow list'},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad%20dir/broken.yaml"},
                                                 "region": {"startLine": 3, "startColumn": 1}}}]},
        ])


class ExitCodesTest(unittest.TestCase):
    def test_usage_errors_exit_2_with_a_message_and_no_output(self):
        cases = {
            "unknown flag": (["--no-such-flag", "manifests/examples"], "--no-such-flag"),
            "missing file": (["manifests/examples/no-such.yaml"], "No such file or folder: manifests/examples/no-such.yaml"),
            "missing -f file": (["-f", "nowhere/"], "No such file or folder: nowhere/"),
            "no input": ([], "validate needs a FILE, a folder or - (see --help)"),
            "unknown format": (["-o", "xml", "manifests/examples"], "xml"),
        }
        for name, (args, message) in cases.items():
            with self.subTest(name):
                proc = validate(*args)
                self.assertEqual(proc.returncode, 2)
                self.assertEqual(proc.stdout, "")
                self.assertIn(message, proc.stderr)

    def test_0_when_clean_1_when_an_error(self):
        self.assertEqual(validate("manifests/examples/busybox-minimal.yaml").returncode, 0)
        self.assertEqual(validate("-", input=SYNTAX_ERROR).returncode, 1)
        self.assertEqual(validate("-", input=CONFIG_MAP).returncode, 0)


class HostileInputTest(unittest.TestCase):
    """Each a clear diagnostic with its position, exit 1, never a crash."""

    def check(self, text, expected_line, name="hostile.yaml"):
        with TempTree({name: text}) as tree:
            proc = validate(name, cwd=tree.path)
        self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
        self.assertEqual(proc.stderr, "")
        self.assertIn(name + ":" + expected_line + "\n", proc.stdout)
        return proc

    def test_empty_and_comment_only_files_are_skipped_and_counted(self):
        # cli.md "validate": a pre-commit hook passes every *.yaml of a repository.
        with TempTree({"empty.yaml": "", "comments.yaml": "# only a comment\n---\n", "blank.yml": "\n  \n"}) as tree:
            proc = validate("empty.yaml", "comments.yaml", "blank.yml", cwd=tree.path)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        self.assertEqual(proc.stdout, "3 files, 0 documents: 0 errors, 0 warnings, 3 skipped\n")

    def test_a_file_that_is_not_yaml_is_skipped_unless_it_mentions_a_manifest(self):
        helm = ("{{- if .Values.agent.enabled }}\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n"
                "  name: {{ include \"agent.fullname\" . }}\n  labels:\n    {{- include \"agent.labels\" . | nindent 4 }}\n"
                "{{- end }}\n")
        broken = HEADER + "metadata: {name: broken\n"
        broken_by_api_version = "apiVersion: kubernetes.project-planton.org/v1\nspec: [\n"
        with TempTree({"templates/daemonset.yaml": helm, "broken.yaml": broken,
                       "api.yaml": broken_by_api_version}) as tree:
            proc = validate("templates/daemonset.yaml", cwd=tree.path)
            self.assertEqual((proc.returncode, proc.stderr), (0, ""))
            self.assertEqual(proc.stdout, "1 file, 0 documents: 0 errors, 0 warnings, 1 skipped\n")
            proc = validate("templates", "broken.yaml", "api.yaml", cwd=tree.path)
            self.assertEqual(proc.returncode, 1)
            self.assertEqual([line.split(": error: ")[0] for line in proc.stdout.splitlines()[:-1]],
                             ["api.yaml:3:1", "broken.yaml:4:1"])
            self.assertEqual(proc.stdout.splitlines()[-1], "3 files, 2 documents: 2 errors, 0 warnings, 1 skipped")

    def test_binary_file(self):
        self.check(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)),
                   "1:8: error: [binary-file] this is a binary file (it contains NUL bytes), not YAML")

    def test_invalid_utf8(self):
        self.check((HEADER + "metadata:\n  name: caf").encode() + b"\xe9\n",
                   "4:12: error: [invalid-utf8] invalid UTF-8 (the file must be UTF-8 text)")

    def test_utf16_file(self):
        # Windows editors save UTF-16; say so, and how to convert, rather than "binary".
        self.check(b"\xff\xfe" + HEADER.encode("utf-16-le"),
                   "1:1: error: [invalid-utf8] this file is UTF-16 text (little-endian), not UTF-8; convert it, "
                   "e.g. iconv -f UTF-16LE -t UTF-8 FILE > NEW-FILE")
        self.check(HEADER.encode("utf-16-be"),
                   "1:1: error: [invalid-utf8] this file is UTF-16 text (big-endian), not UTF-8; convert it, "
                   "e.g. iconv -f UTF-16BE -t UTF-8 FILE > NEW-FILE")

    def test_a_key_repeated_in_one_mapping(self):
        self.check(HEADER + "metadata:\n  name: a\n  labels: {x: 1}\n  name: b\n",
                   '6:3: error: [duplicate-field] duplicate field "name": already given on line 4 (metadata.name)')

    def test_nesting_deeper_than_64_levels(self):
        proc = self.check("a: " + "[" * 70 + "]" * 70 + "\n", "1:67: error: [too-deep] nesting is deeper than 64 levels")
        self.assertEqual(proc.stdout.splitlines()[-1], "1 file, 1 document: 1 error, 0 warnings")

    def test_alias_bomb(self):
        text = HEADER + "spec:\n  container:\n    app:\n      volume_mounts: &vm\n" \
                        "        - &m {name: a, mount_path: /a, host_path: /a}\n"
        text += "        - *m\n" * 999
        text += "    sidecars:\n      - &s {name: s, image: i, volume_mounts: *vm}\n"
        text += "      - *s\n" * 999
        with TempTree({"bomb.yaml": text}) as tree:
            proc, peak_kib = run_with_peak_rss(["validate", "bomb.yaml"], cwd=tree.path)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout.decode(),
                         "bomb.yaml:1019:9: error: [alias-limit] aliases expand this input past 50000 mapping "
                         "entries and list items (an alias bomb?); reading stops here "
                         "(spec.container.sidecars[11].volume_mounts[486])\n"
                         "1 file, 1 document: 1 error, 0 warnings\n")
        self.assert_rss_bounded(peak_kib)

    def test_a_100_mb_file_is_refused_without_reading_it(self):
        with TempTree({}) as tree:
            big = os.path.join(tree.path, "big.yaml")
            line = b"    key%07d: value\n"
            chunk = b"".join(line % i for i in range(10000))
            with open(big, "wb") as f:
                f.write((HEADER + "metadata:\n  name: big\n  labels:\n").encode())
                while f.tell() < 100_000_000:
                    f.write(chunk)
            size = os.path.getsize(big)
            refused = "the input is larger than 16 MiB"

            proc, peak_kib = run_with_peak_rss(["validate", "big.yaml"], cwd=tree.path)
            self.assertEqual((proc.returncode, proc.stderr), (1, b""))
            self.assertEqual(proc.stdout.decode(), "big.yaml: error: [file-too-large] %s (%d bytes); it is not read\n"
                             "1 file, 0 documents: 1 error, 0 warnings\n" % (refused, size))
            self.assert_rss_bounded(peak_kib)

            # Through a pipe the size is not known up front: reading stops at the limit.
            with open(big, "rb") as f:
                data = f.read()
            proc, peak_kib = run_with_peak_rss(["validate", "-"], input=data, cwd=tree.path)
            self.assertEqual(proc.returncode, 1)
            self.assertEqual(proc.stdout.decode(), "<stdin>: error: [file-too-large] %s; it is not read\n"
                             "1 file, 0 documents: 1 error, 0 warnings\n" % refused)
            self.assert_rss_bounded(peak_kib)

    def assert_rss_bounded(self, peak_kib):
        # ThreadSanitizer's shadow memory grows with everything the process touches (5-10x,
        # its documentation says), so its build proves nothing about the peak; the plain and
        # AddressSanitizer builds check it.
        if os.environ.get("PLANTON_TSAN") != "1":
            self.assertLess(peak_kib, self.rss_bound_kib())

    @classmethod
    def rss_bound_kib(cls):
        """The peak RSS of validating a small example plus 96 MiB: below what reading the
        100 MB input whole (or expanding the bomb) would add, above what reading up to the
        16 MiB limit costs even under AddressSanitizer (which keeps freed buffers)."""
        if not hasattr(cls, "_baseline_kib"):
            proc, cls._baseline_kib = run_with_peak_rss(["validate", os.path.join(SOURCE_DIR, "manifests", "examples",
                                                                                  "busybox-minimal.yaml")])
            assert proc.returncode == 0, proc.stdout
        return cls._baseline_kib + 96 * 1024


if __name__ == "__main__":
    unittest.main()
