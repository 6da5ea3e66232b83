"""The pre-commit hook of .pre-commit-hooks.yaml: its definition, and a run done the way
pre-commit does it (the entry, split on spaces, then the staged files that match
`files`), over a tree with manifests, other YAML files and files that are not YAML."""
import os
import re
import shutil
import tempfile
import unittest

from planton_cli import PLANTON_DS, SOURCE_DIR, example, run

HOOKS_FILE = os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml")


def read_hook_list(text):
    """Reads the subset of YAML that a hooks file uses: a list of flat mappings of plain
    scalars (`- key: value`, then `  key: value`), comments and blank lines. Anything
    else is an error, so that the file cannot drift into a shape this check misreads."""
    hooks = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"(- |  )([a-z_]+): (\S.*)", line)
        if not match:
            raise ValueError("line %d is not '- key: value' or '  key: value': %r" % (number, line))
        start, key, value = match.groups()
        if start == "- ":
            hooks.append({})
        elif not hooks:
            raise ValueError("line %d: a key before the first '- '" % number)
        if key in hooks[-1]:
            raise ValueError("line %d: %s given twice" % (number, key))
        if value[0] in "'\"[{&*!|>":
            raise ValueError("line %d: only plain scalars are read here" % number)
        hooks[-1][key] = {"true": True, "false": False}.get(value, value)
    return hooks


class PreCommitHookTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(HOOKS_FILE) as f:
            cls.hooks = read_hook_list(f.read())

    def test_the_hook_definition(self):
        self.assertEqual(self.hooks, [{
            "id": "planton-ds-validate",
            "name": "planton-ds validate",
            "description": "Check KubernetesDaemonSet manifests offline (errors and lint warnings)",
            "entry": "planton-ds validate",
            "language": "system",
            "files": r"\.ya?ml$",
            "pass_filenames": True,
        }])

    def test_the_reader_agrees_with_a_yaml_library_when_there_is_one(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML is not installed")
        with open(HOOKS_FILE) as f:
            self.assertEqual(yaml.safe_load(f), self.hooks)

    def test_the_reader_refuses_what_it_cannot_read(self):
        for text in ["- id: a\n  files: '\\.yaml$'\n", "id: a\n", "-  id: a\n", "- id: a\n  id: b\n"]:
            with self.subTest(text):
                with self.assertRaises(ValueError):
                    read_hook_list(text)

    def run_hook(self, tree, extra_args=()):
        """Runs the hook as pre-commit would on every file of `tree`."""
        hook = self.hooks[0]
        staged = sorted(os.path.relpath(os.path.join(root, name), tree)
                        for root, _, names in os.walk(tree) for name in names)
        matching = [path for path in staged if re.search(hook["files"], path)]
        entry = hook["entry"].split()
        self.assertEqual(entry[0], "planton-ds")
        return run(entry[1:] + list(extra_args) + matching, cwd=tree), matching

    def test_a_commit_with_manifests_and_other_yaml_files(self):
        with tempfile.TemporaryDirectory() as tree:
            os.makedirs(os.path.join(tree, "deploy"))
            os.makedirs(os.path.join(tree, ".github", "workflows"))
            shutil.copy(example("node-exporter"), os.path.join(tree, "deploy", "node-exporter.yaml"))
            shutil.copy(HOOKS_FILE, os.path.join(tree, ".pre-commit-hooks.yaml"))
            with open(os.path.join(tree, ".github", "workflows", "ci.yml"), "w") as f:
                f.write("name: CI\non: [push]\njobs:\n  test: {runs-on: ubuntu-latest, steps: [{run: make}]}\n")
            with open(os.path.join(tree, "README.md"), "w") as f:
                f.write("not: [yaml\n")
            # What ordinary repositories hold too: a Helm template (not YAML until
            # rendered), an empty file and a file of comments only.
            os.makedirs(os.path.join(tree, "chart", "templates"))
            with open(os.path.join(tree, "chart", "templates", "configmap.yaml"), "w") as f:
                f.write("{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                        "  name: {{ .Release.Name }}\n{{- end }}\n")
            with open(os.path.join(tree, "chart", "values.yaml"), "w") as f:
                f.write("# no values yet\n")
            with open(os.path.join(tree, "empty.yml"), "w") as f:
                f.write("")

            proc, matching = self.run_hook(tree)
            self.assertEqual(matching, [".github/workflows/ci.yml", ".pre-commit-hooks.yaml",
                                        "chart/templates/configmap.yaml", "chart/values.yaml",
                                        "deploy/node-exporter.yaml", "empty.yml"])
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertEqual([line for line in proc.stdout.splitlines() if ": error: " in line], [])
            self.assertRegex(proc.stdout.splitlines()[-1],
                             r"^6 files, 3 documents: 0 errors, \d+ warnings?, 5 skipped$")

            with open(os.path.join(tree, "deploy", "broken.yml"), "w") as f:
                f.write("apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesDaemonSet\n"
                        "metadata: {name: broken\n")
            proc, _ = self.run_hook(tree)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("deploy/broken.yml:4:1: error: [yaml-syntax]", proc.stdout)


if __name__ == "__main__":
    unittest.main()
