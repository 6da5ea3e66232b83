"""The command line itself: version and --version, help [COMMAND], unknown commands with
the closest one suggested, missing files as usage errors (exit 2) for every command that
reads manifests, and CLI11's parse errors told as sentences after `planton-ds: error:`."""
import json
import re
import subprocess
import unittest

from planton_cli import SOURCE_DIR, example, run

COMMANDS = ["validate", "render", "apply", "diff", "status", "restart", "delete", "schema", "version", "help",
            "completion"]


def git_head():
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=SOURCE_DIR, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


class VersionTest(unittest.TestCase):
    def test_version_and_the_flag_print_the_same_line_with_the_commit(self):
        proc = run(["version"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        match = re.fullmatch(r"planton-ds (\d+\.\d+\.\d+) \(commit ([0-9a-f]{40}(-dirty)?|unknown)\)\n", proc.stdout)
        self.assertTrue(match, proc.stdout)
        with open(SOURCE_DIR + "/CMakeLists.txt") as f:
            self.assertIn("project(planton-ds VERSION %s " % match.group(1), f.read())
        head = git_head()
        if head:
            self.assertTrue(match.group(2).startswith(head), (match.group(2), head))
        flag = run(["--version"])
        self.assertEqual((flag.returncode, flag.stdout, flag.stderr), (0, proc.stdout, ""))

    def test_version_as_json(self):
        proc = run(["version", "-o", "json"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        info = json.loads(proc.stdout)
        self.assertEqual(list(info), ["version", "commit"])
        self.assertIn("(commit %s)" % info["commit"], run(["version"]).stdout)
        self.assertIn(" %s " % info["version"], run(["version"]).stdout)


class HelpTest(unittest.TestCase):
    def test_help_is_the_text_of_dash_dash_help(self):
        top = run(["--help"])
        self.assertEqual(top.returncode, 0, top.stderr)
        for command in COMMANDS:
            self.assertRegex(top.stdout, r"\n  %s +\S" % command)
        proc = run(["help"])
        self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, top.stdout, ""))

    def test_help_of_a_command_is_its_dash_dash_help(self):
        for command in ["validate", "render", "apply", "status", "version"]:
            with self.subTest(command):
                own = run([command, "--help"])
                self.assertEqual(own.returncode, 0, own.stderr)
                self.assertIn("planton-ds %s" % command, own.stdout)
                proc = run(["help", command])
                self.assertEqual((proc.returncode, proc.stdout, proc.stderr), (0, own.stdout, ""))
        self.assertIn("--context", run(["help", "apply"]).stdout)

    def test_help_of_an_unknown_command(self):
        proc = run(["help", "aply"])
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")
        self.assertIn('planton-ds: error: unknown command "aply"; did you mean "apply"?', proc.stderr)


class UnknownCommandTest(unittest.TestCase):
    def test_the_closest_command_is_suggested(self):
        cases = {"valdate": "validate", "valdiate": "validate", "rendr": "render", "stauts": "status",
                 "dif": "diff", "delte": "delete", "versoin": "version", "val": "validate"}
        for typo, meant in cases.items():
            with self.subTest(typo):
                proc = run([typo, example("busybox-minimal")])
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(proc.stdout, "")
                self.assertEqual(proc.stderr.splitlines()[0],
                                 'planton-ds: error: unknown command "%s"; did you mean "%s"? '
                                 '(planton-ds help lists the commands)' % (typo, meant))

    def test_no_suggestion_when_nothing_is_close(self):
        proc = run(["frobnicate"])
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr, 'planton-ds: error: unknown command "frobnicate" '
                                      '(planton-ds help lists the commands)\n')

    def test_global_flags_before_the_command(self):
        self.assertEqual(run(["-v", "valdate"]).returncode, 2)
        proc = run(["-q", "validate", example("busybox-minimal")])
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_no_command(self):
        proc = run([])
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")
        self.assertRegex(proc.stderr, r"^planton-ds: error: no command given; the commands are validate, render, ")


class MissingFileTest(unittest.TestCase):
    def test_a_missing_manifest_is_a_usage_error_for_every_command(self):
        for command in ["validate", "render", "apply", "diff", "status", "restart", "delete"]:
            with self.subTest(command):
                args = [command, "-f", "missing.yaml"]
                proc = run(args, cwd=SOURCE_DIR)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertEqual(proc.stdout, "")
                self.assertIn("planton-ds: error: ", proc.stderr)
                self.assertIn("No such file or folder: missing.yaml", proc.stderr)


# CLI11's own words, none of which may reach the user.
RAW = re.compile(r"required|received|\{|\}|Run with --help|not expected|excludes|TEXT|INT|:\s*$")


class ParseErrorSentencesTest(unittest.TestCase):
    def assert_usage(self, args, message):
        proc = run(args, cwd=SOURCE_DIR)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertEqual(proc.stderr, "planton-ds: error: %s\n" % message)
        self.assertIsNone(RAW.search(message.replace("--help", "")), message)

    def test_each_parse_error_is_a_sentence(self):
        ds = example("busybox-minimal")
        cases = [
            (["apply", "-f", ds, "--dry-run"], "--dry-run needs a value (see planton-ds apply --help)"),
            (["apply", "-f", ds, "--dry-run", "client"], '--dry-run: "client" is not one of none or server'),
            (["validate", "-o", "json", "-o", "text", ds],
             "--output takes one value and was given more than one (see planton-ds validate --help)"),
            (["apply", "-f", ds, "--context", "a", "--all-contexts"],
             "--context and --all-contexts cannot be used together"),
            (["apply", "-f", ds, "--parallel", "0"], '--parallel: "0" is not a number from 1 to 256'),
            (["apply", "-f", ds, "--parallel", "many"], '--parallel: "many" is not a number from 1 to 256'),
            (["apply", "-f", ds, "--timeout", "soon"],
             '--timeout: "soon" is not a duration (write it like 90s, 5m, 1h30m or 500ms)'),
            (["apply"], "apply needs --filename (see planton-ds apply --help)"),
            (["apply", "-f", ds, "--no-such-flag"], 'unknown flag "--no-such-flag" (see planton-ds apply --help)'),
            (["schema", "extra"], 'unexpected argument "extra" (see planton-ds schema --help)'),
            (["render", "-f", ds, "-o", "xml"], '--output: "xml" is not one of yaml or json'),
            (["render", "-f", ds, "--docker-config-json", "/nonexistent/config.json"],
             "--docker-config-json: no such file: /nonexistent/config.json"),
            (["--no-such-flag"], 'unknown flag "--no-such-flag" (see planton-ds --help)'),
            (["validate", "--strict=maybe", ds], '--strict: "maybe" is not a valid value'),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                self.assert_usage(args, message)


if __name__ == "__main__":
    unittest.main()
