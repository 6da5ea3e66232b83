"""`planton-ds completion bash|zsh|fish`, run in the real shells: commands, flags, the
values of -o, files after -f, and --context names read from the kubeconfig (KUBECONFIG
or the --kubeconfig on the command line)."""
import os
import shutil
import subprocess
import tempfile
import unittest

from planton_cli import PLANTON_DS, SOURCE_DIR

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: u
  user: {token: t}
contexts:
- name: %s
  context: {cluster: c, user: u}
- name: %s
  context: {cluster: c, user: u}
current-context: %s
"""


class CompletionCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        # The scripts call planton-ds by the name the user typed; here it is on PATH.
        os.mkdir(os.path.join(cls.tmp, "bin"))
        os.symlink(os.path.abspath(PLANTON_DS), os.path.join(cls.tmp, "bin", "planton-ds"))
        cls.kubeconfig = os.path.join(cls.tmp, "config")
        with open(cls.kubeconfig, "w") as f:
            f.write(KUBECONFIG % ("alpha-east", "alpha-west", "alpha-east"))
        cls.other_kubeconfig = os.path.join(cls.tmp, "other")
        with open(cls.other_kubeconfig, "w") as f:
            f.write(KUBECONFIG % ("beta-one", "beta-two", "beta-one"))
        cls.env = dict(os.environ, PATH=os.path.join(cls.tmp, "bin") + ":" + os.environ["PATH"],
                       KUBECONFIG=cls.kubeconfig, HOME=cls.tmp)
        cls.script = {}
        for shell in ("bash", "zsh", "fish"):
            cls.script[shell] = os.path.join(cls.tmp, "completion." + shell)
            with open(cls.script[shell], "w") as f:
                f.write(subprocess.run([PLANTON_DS, "completion", shell], capture_output=True, text=True,
                                       check=True).stdout)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)


class BashCompletionTest(CompletionCase):
    def complete(self, line):
        """COMPREPLY for the command line `line` with the cursor at its end."""
        words = line.split(" ")
        program = ('source "$1"; COMP_WORDS=("${@:2}"); COMP_CWORD=$(($# - 2)); _planton_ds 2>/dev/null; '
                   'printf "%s\\n" "${COMPREPLY[@]}"')
        proc = subprocess.run(["bash", "-c", program, "bash", self.script["bash"]] + words, capture_output=True,
                              text=True, env=self.env, cwd=SOURCE_DIR)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return sorted(filter(None, proc.stdout.split("\n")))

    def test_commands(self):
        self.assertEqual(self.complete("planton-ds va"), ["validate"])
        self.assertEqual(self.complete("planton-ds re"), ["render", "restart"])
        self.assertEqual(self.complete("planton-ds -v st"), ["status"])
        self.assertNotIn("__complete", self.complete("planton-ds "))

    def test_flags(self):
        self.assertEqual(self.complete("planton-ds apply --con"), ["--context"])
        self.assertEqual(self.complete("planton-ds apply --all"), ["--all-contexts"])
        self.assertEqual(self.complete("planton-ds validate --st"), ["--strict"])
        self.assertIn("--no-wait", self.complete("planton-ds apply --no"))
        self.assertEqual(self.complete("planton-ds --ver"), ["--verbose", "--version"])

    def test_values_of_output_and_the_other_choices(self):
        self.assertEqual(self.complete("planton-ds validate -o "), ["json", "sarif", "text"])
        self.assertEqual(self.complete("planton-ds render --output "), ["json", "yaml"])
        self.assertEqual(self.complete("planton-ds apply --dry-run "), ["none", "server"])
        self.assertEqual(self.complete("planton-ds completion "), ["bash", "fish", "zsh"])
        self.assertEqual(self.complete("planton-ds help ap"), ["apply"])

    def test_files(self):
        self.assertEqual(self.complete("planton-ds apply -f manifests/examples/node-e"),
                         ["manifests/examples/node-exporter.yaml"])
        self.assertEqual(self.complete("planton-ds validate manifests/inv"), ["manifests/invalid"])

    def test_contexts_from_the_kubeconfig(self):
        self.assertEqual(self.complete("planton-ds apply -f x.yaml --context "), ["alpha-east", "alpha-west"])
        self.assertEqual(self.complete("planton-ds status --context alpha-w"), ["alpha-west"])
        self.assertEqual(self.complete("planton-ds apply --kubeconfig %s --context " % self.other_kubeconfig),
                         ["beta-one", "beta-two"])
        self.assertEqual(self.complete("planton-ds apply --kubeconfig /nonexistent --context "), [])


class FishCompletionTest(CompletionCase):
    def complete(self, line):
        if not shutil.which("fish"):
            self.skipTest("fish is not installed")
        proc = subprocess.run(["fish", "--no-config", "-c", 'source $argv[1]; complete -C $argv[2]',
                               self.script["fish"], line], capture_output=True, text=True, env=self.env,
                              cwd=SOURCE_DIR)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return sorted(entry.split("\t")[0] for entry in proc.stdout.splitlines())

    def test_commands_flags_values_files_and_contexts(self):
        self.assertEqual(self.complete("planton-ds va"), ["validate"])
        self.assertEqual(self.complete("planton-ds apply --con"), ["--context"])
        self.assertEqual(self.complete("planton-ds validate -o "), ["json", "sarif", "text"])
        self.assertEqual(self.complete("planton-ds apply -f manifests/examples/node-e"),
                         ["manifests/examples/node-exporter.yaml"])
        self.assertEqual(self.complete("planton-ds apply --context "), ["alpha-east", "alpha-west"])
        self.assertEqual(self.complete("planton-ds apply --kubeconfig %s --context " % self.other_kubeconfig),
                         ["beta-one", "beta-two"])


class ZshCompletionTest(CompletionCase):
    def zsh(self, program):
        if not shutil.which("zsh"):
            self.skipTest("zsh is not installed")
        return subprocess.run(["zsh", "-f", "-c", program, "zsh", self.script["zsh"]], capture_output=True,
                              text=True, env=self.env, cwd=SOURCE_DIR)

    def test_the_script_parses_and_registers_for_planton_ds(self):
        proc = self.zsh('zsh -n "$1" && autoload -U compinit && compinit -u -D && source "$1" && '
                        'print -r -- ${_comps[planton-ds]}')
        self.assertEqual((proc.returncode, proc.stdout.strip(), proc.stderr), (0, "_planton_ds", ""))

    def test_every_command_and_choice_is_in_the_script(self):
        with open(self.script["zsh"]) as f:
            text = f.read()
        for command in ("validate", "render", "apply", "diff", "status", "restart", "delete", "schema", "version",
                        "help", "completion"):
            self.assertIn("\n    %s)\n" % command, text)
        self.assertIn(":value:(text json sarif)", text)
        self.assertIn(":value:_planton_ds_contexts", text)
        self.assertIn(":value:_files", text)


if __name__ == "__main__":
    unittest.main()
