"""Runs the built planton-ds for end-to-end tests, and checks every output for secrets.

Every e2e test runs the binary through `run()`. Each call's stdout and stderr are
searched for every secret value the suite knows (the test API server's tokens and
passwords, private keys, and whatever a test registers with `register_secret`, such as
the Secret values of the manifests it applies); a hit fails the test that made the
call. So no output of any command, at any -v level, can carry a secret unnoticed.
"""
import os
import pty
import subprocess
import threading

PLANTON_DS = os.environ.get("PLANTON_DS", "planton-ds")
SOURCE_DIR = os.environ.get("PLANTON_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

# Values that must never be printed. The test API server's built-in credentials are
# known up front; tests add their own.
_SECRETS = {"admin-token", "deployer-token", "viewer-token", "expired-token", "admin-password",
            "deployer-password", "viewer-password", "PRIVATE KEY"}


class SecretLeak(AssertionError):
    pass


def register_secret(value):
    """Adds a value that no output may contain (ignored when shorter than 6 characters,
    which would match by accident)."""
    if value and len(value) >= 6:
        _SECRETS.add(value)


def check_no_secrets(text, what="output"):
    for secret in _SECRETS:
        if secret in text:
            raise SecretLeak("a secret value (%s...) appears in %s:\n%s" % (secret[:3], what, text))


def example(name):
    """Path of manifests/examples/<name>.yaml."""
    return os.path.join(SOURCE_DIR, "manifests", "examples", name if name.endswith(".yaml") else name + ".yaml")


def _environment(env):
    full_env = dict(os.environ)
    full_env.pop("KUBECONFIG", None)
    full_env["NO_COLOR"] = "1"
    if env:
        full_env.update(env)
    return full_env


def _run_with_terminal_stderr(argv, input, env, timeout, cwd):
    """As subprocess.run, with stderr a pseudo-terminal (what a user at a terminal sees)."""
    master, slave = pty.openpty()
    chunks = []

    def drain():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the last writer closed the terminal
                break
            if not data:
                break
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=slave, env=env,
                                cwd=cwd)
        os.close(slave)
        slave = None
        reader.start()
        stdout, _ = proc.communicate(input.encode() if input is not None else None, timeout=timeout)
        reader.join(timeout)
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    # The terminal turns "\n" into "\r\n"; give back what the program wrote.
    stderr = b"".join(chunks).replace(b"\r\n", b"\n").decode("utf-8", "replace")
    return subprocess.CompletedProcess(argv, proc.returncode, stdout.decode("utf-8", "replace"), stderr)


def run(args, input=None, env=None, timeout=120, cwd=None, terminal=False):
    """Runs planton-ds with `args`; returns the CompletedProcess (text mode). Fails when
    stdout or stderr holds a known secret value. With terminal=True, stderr is a
    pseudo-terminal, as for a user at a terminal (stdout stays a pipe)."""
    full_env = _environment(env)
    argv = [PLANTON_DS] + list(args)
    if terminal:
        proc = _run_with_terminal_stderr(argv, input, full_env, timeout, cwd)
    else:
        proc = subprocess.run(argv, input=input, capture_output=True, text=True, env=full_env, timeout=timeout,
                              cwd=cwd)
    check_no_secrets(proc.stdout, "stdout of planton-ds " + " ".join(args))
    check_no_secrets(proc.stderr, "stderr of planton-ds " + " ".join(args))
    return proc


_PEAK_RSS_WRAPPER = r"""
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_with_peak_rss(args, stdin=None, input=None, cwd=None, timeout=120):
    """Runs planton-ds as run() does, through a small wrapper process whose only child it
    is, so that getrusage(RUSAGE_CHILDREN) gives planton-ds's own peak RSS (never less
    than the wrapper's own ~14 MiB: Linux counts the forked copy's pages before exec, so
    this is good for upper bounds, not for small figures). `stdin` is an
    open file for the child's standard input, `input` bytes written to it through a pipe.
    Returns (CompletedProcess with bytes stdout/stderr, peak RSS in KiB)."""
    import sys
    import tempfile
    full_env = _environment(None)
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = os.path.join(tmp, "rss")
        proc = subprocess.run([sys.executable, "-c", _PEAK_RSS_WRAPPER, rss_file, PLANTON_DS] + list(args),
                              stdin=stdin, input=input, capture_output=True, env=full_env, cwd=cwd,
                              timeout=timeout)
        with open(rss_file) as f:
            peak_kib = int(f.read())
    check_no_secrets(proc.stdout.decode("utf-8", "replace"), "stdout of planton-ds " + " ".join(args))
    check_no_secrets(proc.stderr.decode("utf-8", "replace"), "stderr of planton-ds " + " ".join(args))
    return proc, peak_kib


def start(args, env=None):
    """Starts planton-ds with `args` without waiting for it (status --watch): a Popen with
    text pipes for stdout and stderr. End it with finish()."""
    return subprocess.Popen([PLANTON_DS] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_environment(env))


def finish(proc, timeout=60):
    """Waits for a process from start() (killing it after `timeout` seconds); returns the
    rest of its (stdout, stderr), which must not hold a known secret value."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    check_no_secrets(out, "stdout of planton-ds " + " ".join(proc.args[1:]))
    check_no_secrets(err, "stderr of planton-ds " + " ".join(proc.args[1:]))
    return out, err
