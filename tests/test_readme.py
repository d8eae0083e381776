"""The README's console examples are real: run each `$ article-qa ...` line and compare its output."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def examples() -> list[tuple[str, list[str]]]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *expected = chunk.rstrip("\n").split("\n")
            out.append((command, expected))
    return out


@pytest.mark.slow
def test_readme_examples(cli_env):
    cases = examples()
    assert len(cases) >= 4
    for command, expected in cases:
        args = shlex.split(command)
        assert args[0] == "article-qa"
        r = subprocess.run(
            [sys.executable, "-m", "ui.cli", *args[1:]], capture_output=True, text=True, env=cli_env, timeout=300
        )
        assert r.returncode == 0, (command, r.stderr)
        actual = [_stable(line) for line in r.stdout.splitlines()]
        for line in expected:
            assert _stable(line) in actual, (command, line, r.stdout)


def _stable(line: str) -> str:
    """Timings and fused scores vary from run to run; the rest of a line must match."""
    line = re.sub(r"\d+\.\d s$", "", line)
    return re.sub(r"^(\d+\. )\[\d\.\d+\] ", r"\1", line).strip()
