"""`cmake --install` into a temporary prefix, and the Debian package installed with
apt-get: the binary, the man page written from --help's text, the shell completions;
the installed binary validates the examples."""
import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from install_support import BUILD_DIR, help_descriptions, man_text, output, plain
from planton_cli import PLANTON_DS, SOURCE_DIR

COMMANDS = ["validate", "render", "apply", "diff", "status", "restart", "delete", "schema", "version", "help",
            "completion"]
ZSH_DIRS = ("share/zsh/site-functions/_planton-ds", "share/zsh/vendor-completions/_planton-ds")


def installed_files(prefix):
    return sorted(os.path.relpath(p, prefix) for p in glob.glob(prefix + "/**", recursive=True)
                  if os.path.isfile(p))


class CmakeInstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(os.path.join(BUILD_DIR, "cmake_install.cmake")):
            raise unittest.SkipTest("PLANTON_DS is not in a CMake build folder")
        cls.prefix = tempfile.mkdtemp()
        subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", cls.prefix], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.prefix)

    def path(self, relative):
        return os.path.join(self.prefix, relative)

    def read(self, relative):
        with open(self.path(relative)) as f:
            return f.read()

    def test_the_files_under_the_prefix(self):
        files = installed_files(self.prefix)
        zsh = [z for z in ZSH_DIRS if z in files]
        self.assertEqual(len(zsh), 1, files)
        self.assertEqual(files, sorted(["bin/planton-ds", "share/man/man1/planton-ds.1",
                                        "share/bash-completion/completions/planton-ds",
                                        "share/fish/vendor_completions.d/planton-ds.fish"] + zsh))
        self.assertTrue(os.access(self.path("bin/planton-ds"), os.X_OK))
        proc = subprocess.run([self.path("bin/planton-ds"), "version"], capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stdout), (0, output(["version"])))

    def test_the_completions_are_what_the_binary_prints(self):
        zsh = next(z for z in ZSH_DIRS if os.path.exists(self.path(z)))
        for shell, relative in (("bash", "share/bash-completion/completions/planton-ds"), ("zsh", zsh),
                                ("fish", "share/fish/vendor_completions.d/planton-ds.fish")):
            with self.subTest(shell):
                self.assertEqual(self.read(relative), output(["completion", shell]))

    def test_the_man_page_carries_the_text_of_every_help(self):
        roff = self.read("share/man/man1/planton-ds.1")
        self.assertEqual(roff, output(["__man-page"]))
        self.assertIn('.TH PLANTON\\-DS 1 "" "%s"' % output(["version"]).strip().replace("-", "\\-"), roff)
        chunks = re.split(r'^\.SS "planton\\-ds (\S+)"$', roff, flags=re.M)
        sections = {None: plain(man_text(roff))}
        sections.update({name: plain(man_text(body)) for name, body in zip(chunks[1::2], chunks[2::2])})
        self.assertEqual(list(sections)[1:], COMMANDS)
        for command in [None] + COMMANDS:
            help_text = output([command, "--help"] if command else ["--help"])
            section = sections[command]
            descriptions, flags = help_descriptions(help_text)
            self.assertTrue(descriptions, help_text)
            with self.subTest(command=command):
                for description in descriptions:
                    # -h/--help is described once, with the global flags.
                    if command and description == "Print this help message and exit":
                        continue
                    self.assertIn(plain(description), section)
                for flag in flags:
                    if command and flag in ("-h", "--help"):
                        continue
                    self.assertRegex(section, r"(^|[\s,])%s\b" % flag)

    def test_man_renders_it_without_warnings(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed")
        proc = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", self.path("share/man/man1/planton-ds.1")],
                              capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))


def can_install_packages():
    return (os.geteuid() == 0 and shutil.which("apt-get") and shutil.which("cpack")
            and shutil.which("dpkg-shlibdeps") and os.path.exists(os.path.join(BUILD_DIR, "CPackConfig.cmake")))


@unittest.skipUnless(can_install_packages(), "needs root, apt-get, cpack, dpkg-shlibdeps (dpkg-dev) and a build folder")
class DebianPackageTest(unittest.TestCase):
    """Packs the binary under test the way scripts/package packs its Release build
    (cpack -G DEB), installs the .deb with apt-get, uses it, and removes it."""

    def setUp(self):
        installed = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "planton-ds"], capture_output=True, text=True)
        if "install ok installed" in installed.stdout:
            self.skipTest("a planton-ds package is installed already; not replacing it")
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def apt_get(self, *args):
        return subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=300", "-y", "-q"] + list(args),
                              capture_output=True, text=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))

    def test_the_package_installs_with_apt_get_and_validates_the_examples(self):
        pack = subprocess.run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake"),
                               "-B", self.tmp], capture_output=True, text=True)
        self.assertEqual(pack.returncode, 0, pack.stdout + pack.stderr)
        debs = glob.glob(self.tmp + "/*.deb")
        self.assertEqual(len(debs), 1, os.listdir(self.tmp))
        fields = subprocess.run(["dpkg-deb", "-f", debs[0], "Package", "Version", "Depends"], capture_output=True,
                                text=True, check=True).stdout
        self.assertIn("Package: planton-ds\n", fields)
        depends = fields.split("Depends: ", 1)[1]
        # dpkg-shlibdeps found the libraries the binary links; libcurl4 is loaded when a
        # cluster command runs, so the package names it itself.
        for package in ("libc6", "libcurl4"):
            self.assertRegex(depends, r"(^|, )%s( |,|$)" % package)

        self.addCleanup(self.apt_get, "remove", "--purge", "planton-ds")
        install = self.apt_get("install", debs[0])
        self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
        listed = subprocess.run(["dpkg", "-L", "planton-ds"], capture_output=True, text=True, check=True).stdout
        for path in ("/usr/bin/planton-ds", "/usr/share/man/man1/planton-ds.1",
                     "/usr/share/bash-completion/completions/planton-ds",
                     "/usr/share/fish/vendor_completions.d/planton-ds.fish"):
            self.assertIn(path + "\n", listed)

        proc = subprocess.run(["/usr/bin/planton-ds", "validate", "manifests/examples"], cwd=SOURCE_DIR,
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertRegex(proc.stdout, r"\d+ files, \d+ documents: 0 errors")
        self.assertEqual(subprocess.run(["/usr/bin/planton-ds", "version"], capture_output=True, text=True).stdout,
                         output(["version"]))

        remove = self.apt_get("remove", "--purge", "planton-ds")
        self.assertEqual(remove.returncode, 0, remove.stdout + remove.stderr)
        self.assertFalse(os.path.exists("/usr/bin/planton-ds"))


if __name__ == "__main__":
    unittest.main()
