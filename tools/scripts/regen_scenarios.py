"""Run the linter's scenario files and rewrite their expected output.

A scenario (`tests/scenarios/*.txt`) reads like a shell transcript::

    # One line saying what the scenario shows.
    $ validate-campaign --format json payload.json
    --- file payload.json
    {"name": "ab"}
    --- stdout
    (written by this script)
    --- exit
    1

Sections: `--- file NAME` (an input written before the run), `--- fifo NAME` (a named pipe),
`--- stdin` (fed to the command), `--- env` (`KEY=VALUE` lines added to the environment,
`unset KEY` lines removed from it),
then the expected `--- stdout`, `--- stderr` (only when not
empty) and `--- exit` code. The command runs the installed console script in a fresh folder
holding those inputs plus a copy of `tests/scenarios/files/`, with `NO_COLOR=1` (`unset NO_COLOR`
in an `env` section removes it).

Regenerate after a deliberate change in output, and review the diff:

    uv run python tools/scripts/regen_scenarios.py
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SCENARIOS = Path(__file__).resolve().parents[2] / "tests" / "scenarios"
SHARED_FILES = SCENARIOS / "files"
INPUT_SECTIONS = ("file", "fifo", "stdin", "env")
TIMEOUT_SECONDS = 30
_NOT_INHERITED = (
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "GIT_DIR",
    "GIT_WORK_TREE",
)
"""Variables of the calling shell that would change a scenario's output; a scenario's `env`
section sets them (an empty value counts as unset for the colour variables)."""


@dataclass
class Scenario:
    """A parsed scenario file: what to run, with what, and what it must print."""

    title: str
    command: list[str]
    inputs: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, name, content) for each `file`, `fifo`, `stdin` and `env` section, in order."""
    stdout: str = ""
    stderr: str = ""
    exit: int = 0

    @classmethod
    def parse(cls, text: str) -> Scenario:
        """The scenario in `text`; expected sections may be missing (before regeneration)."""
        lines = text.split("\n")
        assert lines[0].startswith("# "), "a scenario starts with '# ' and its title"
        assert lines[1].startswith("$ "), "the second line is '$ ' and the command"
        scenario = cls(lines[0][2:], shlex.split(lines[1][2:]))
        sections: list[tuple[str, list[str]]] = []
        for line in lines[2:]:
            if line.startswith("--- "):
                sections.append((line[4:], []))
            elif sections:
                sections[-1][1].append(line)
            else:
                assert not line, f"text before the first section: {line!r}"
        for header, body in sections:
            kind, _, name = header.partition(" ")
            content = "\n".join(body)
            if kind in INPUT_SECTIONS:
                scenario.inputs.append((kind, name, content))
            elif kind == "stdout":
                scenario.stdout = content
            elif kind == "stderr":
                scenario.stderr = content
            elif kind == "exit":
                scenario.exit = int(content.strip())
            else:
                raise AssertionError(f"unknown section {header!r}")
        return scenario

    def render(self) -> str:
        """The scenario file's text."""
        parts = [f"# {self.title}", "$ " + shlex.join(self.command)]
        for kind, name, content in self.inputs:
            parts += [f"--- {kind} {name}".rstrip(), content]
        parts += ["--- stdout", self.stdout]
        if self.stderr:
            parts += ["--- stderr", self.stderr]
        parts += ["--- exit", str(self.exit)]
        return "\n".join(parts) + "\n"


def _executable(name: str) -> str:
    """The console script installed next to the running interpreter."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    assert found, f"console script {name} is not installed"
    return found


def run(scenario: Scenario) -> tuple[str, str, int]:
    """Run `scenario` in a fresh folder; its stdout, stderr and exit code."""
    with tempfile.TemporaryDirectory(prefix="scenario-") as folder:
        work = Path(folder)
        if SHARED_FILES.is_dir():
            shutil.copytree(SHARED_FILES, work / "files", symlinks=True)
        stdin = ""
        environment = {key: value for key, value in os.environ.items() if key not in _NOT_INHERITED}
        environment["NO_COLOR"] = "1"
        environment["COLUMNS"] = "100"  # argparse wraps its usage text to the terminal width
        for kind, name, content in scenario.inputs:
            if kind == "file":
                (work / name).parent.mkdir(parents=True, exist_ok=True)
                (work / name).write_text(content, encoding="utf-8")
            elif kind == "fifo":
                os.mkfifo(work / name)
            elif kind == "env":
                for line in filter(None, content.splitlines()):
                    if line.startswith("unset "):
                        environment.pop(line.removeprefix("unset ").strip(), None)
                        continue
                    key, _, value = line.partition("=")
                    environment[key] = value
            else:
                stdin = content
        command = [_executable(scenario.command[0]), *scenario.command[1:]]
        completed = subprocess.run(
            command,
            cwd=work,
            input=stdin.encode("utf-8"),
            capture_output=True,
            env=environment,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    return _decode(completed.stdout), _decode(completed.stderr), completed.returncode


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


def regenerate(path: Path) -> bool:
    """Rewrite the expected parts of scenario `path`; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    scenario = Scenario.parse(text)
    scenario.stdout, scenario.stderr, scenario.exit = run(scenario)
    # A trailing newline is implied by the section layout; keep the file free of doubled ones.
    scenario.stdout = scenario.stdout.removesuffix("\n")
    scenario.stderr = scenario.stderr.removesuffix("\n")
    new_text = scenario.render()
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")
    return new_text != text


def main() -> int:
    """Regenerate every scenario (or the ones named on the command line)."""
    paths = [Path(arg) for arg in sys.argv[1:]] or sorted(SCENARIOS.glob("*.txt"))
    for path in paths:
        if regenerate(path):
            print(f"updated {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
