"""Helpers of the install and completion tests: the build folder of the binary under
test, and the man page read back as plain text."""
import os
import re
import subprocess

from planton_cli import PLANTON_DS

BUILD_DIR = os.path.dirname(os.path.abspath(PLANTON_DS))


def output(args, **kwargs):
    return subprocess.run([PLANTON_DS] + list(args), capture_output=True, text=True, check=True,
                          **kwargs).stdout


def plain(text):
    """Whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def man_text(roff):
    """The text of a man page source: requests dropped, font changes and escapes undone."""
    lines = []
    for line in roff.splitlines():
        if line.startswith("."):
            # .SS "title" keeps its title; other requests carry no text.
            match = re.match(r'\.S[HS] "?(.*?)"?$', line)
            if match:
                lines.append(match.group(1))
            continue
        lines.append(line)
    text = "\n".join(lines)
    for escape, char in ((r"\fB", ""), (r"\fI", ""), (r"\fR", ""), (r"\-", "-"), (r"\&", ""), (r"\e", "\\")):
        text = text.replace(escape, char)
    return text


def help_descriptions(help_text):
    """The description column of CLI11's --help (names and types take the first 30
    columns), and the flags named there."""
    descriptions, flags = [], []
    for line in help_text.splitlines():
        if not line.startswith("  "):
            continue
        # A name column longer than 30 puts the description on the next line.
        if line.startswith(" " * 30):
            names, description = "", line.strip()
        elif len(line) > 30 and line[28:30] == "  " and line[30] != " ":
            names, description = line[:30], line[30:].strip()
        else:
            names, description = line, ""
        flags += re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", names)
        if description:
            descriptions.append(description)
    return descriptions, flags
