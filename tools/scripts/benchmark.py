"""Benchmark `validate-campaign` against check-jsonschema and the bare reference, paired A/B.

Usage (from a clone; needs the package registries once, to install the peer)::

    uv run python tools/scripts/benchmark.py                 # 1, 1,000 and 10,000 files, 5 rounds
                                                     # (+10 without the slow peer)
    uv run python tools/scripts/benchmark.py --sizes 1,1000 --rounds 3 --markdown table.md

It generates corpora of realistic campaign files from the project's own Hypothesis strategies:
complete payloads (`complete_payloads()`: every member the schema and the rules allow, each file
its own campaign id and name), 10 % of them with exactly one injected near-miss fault, so that a
faulty file has one mistake as a team's file would. It installs check-jsonschema into its own
virtual environment, and runs every tool as a whole process, in rotating order within each
round, so that the machine's noise hits all of them alike; extra "quick" rounds pit
`validate-campaign` against the reference alone, whose runs take a second where the peer's take
minutes. Per tool and corpus it reports the median wall and CPU time, files per second and peak
RSS, the ratios against check-jsonschema and against the reference
(`tools/scripts/bench_reference.py`: stdlib json + jsonschema-rs, nothing else), checks that
every tool flagged exactly the files with a fault, and compares the ratios with the targets.
Exit status 1 when a target is missed or the tools disagree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PEER = "check-jsonschema==0.39.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "campaign-contract-bench"
INVALID_SHARE = 0.10
POOL_SIZE = 2_000
"""Complete payloads drawn; the files reuse them, each with its own id and name."""


@dataclass(frozen=True)
class Sample:
    """One whole-process run."""

    wall: float
    cpu: float
    max_rss_kib: int
    stdout: str
    returncode: int


@dataclass(frozen=True)
class Tool:
    """A command line to time; `flagged` reads the files it reported from its output."""

    name: str
    argv: Callable[[Sequence[str]], list[str]]
    flagged: Callable[[str], set[str]]


LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                  os.waitstatus_to_exitcode(status)]), file=sys.stderr)
"""
"""Starts one measured process and reports its wall time, CPU time, peak RSS and exit status.

Peak RSS must be measured from a small parent: a child started by vfork or posix_spawn from
this (large) process inherits this process's high-water mark in `ru_maxrss`. The launcher runs
with `-S` (a few MiB), well below any tool measured."""


def run_once(argv: list[str], cwd: Path) -> Sample:
    """Run `argv` in `cwd` to completion through the launcher; its own start-up is not
    counted. `cwd` is a folder of the benchmark's own, as a payload repository would be: not
    this clone, whose pyproject.toml `validate-campaign` would read looking for its settings."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as report:
        subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, *argv],
            stdout=out,
            stderr=report,
            check=False,
            cwd=cwd,
        )
        out.seek(0)
        report.seek(0)
        wall, cpu, max_rss_kib, returncode = json.loads(report.read().decode().splitlines()[-1])
        stdout = out.read().decode("utf-8", "replace")
    return Sample(wall, cpu, max_rss_kib, stdout, returncode)


# --- set-up --------------------------------------------------------------------------------


def install_peer() -> Path:
    """check-jsonschema in its own virtual environment (created once, then reused)."""
    venv = CACHE / "check-jsonschema-0.39.0"
    binary = venv / "bin" / "check-jsonschema"
    if not binary.exists():
        subprocess.run(["uv", "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        python = str(venv / "bin" / "python")
        subprocess.run(["uv", "pip", "install", "--quiet", "--python", python, PEER], check=True)
    return binary


def compile_bytecode(*folders: Path) -> None:
    """Write `.pyc` files, as `pip install` does, so that no run pays for compiling (this
    matters where PYTHONDONTWRITEBYTECODE is set: every run would recompile every module)."""
    for folder in folders:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "-j", "0", str(folder)],
            check=False,
            stdout=subprocess.DEVNULL,
        )


def bundled_request_schema(target: Path) -> Path:
    """Our request schema as one compound document: the definitions file embedded whole under
    its `$id` (2020-12 bundling), so that no tool needs to resolve a reference out of the file."""
    from campaign_contract.schema import DEFINITIONS, REQUEST, SchemaSet

    schemas = SchemaSet.packaged()
    bundled = json.loads(json.dumps(schemas.documents[REQUEST]))
    bundled["$defs"][schemas.uri(DEFINITIONS)] = schemas.documents[DEFINITIONS]
    target.write_text(json.dumps(bundled), encoding="utf-8")
    return target


def _render_payload(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def make_corpus(directory: Path, count: int, seed: int) -> set[str]:
    """Write `count` payload files; returns the paths of the ones with an injected fault.

    Every file is a complete payload (every member the schema and the rules allow, as a team's
    campaign file has them) with its own campaign id and name; one in ten then gets one
    near-miss fault, picked as `near_miss_of()` picks it, so a faulty file has one mistake."""
    from campaign_contract.schema import DEFINITIONS, SchemaSet
    from campaign_contract.testing.near_misses import pick_near_miss
    from campaign_contract.testing.strategies import complete_payloads
    from hypothesis import HealthCheck, Phase, given, settings

    schemas = SchemaSet.packaged()
    name_max_length = schemas.subschema(DEFINITIONS, "/$defs/CampaignName")["maxLength"]
    pool: list[Any] = []

    @settings(
        max_examples=POOL_SIZE,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(complete_payloads())
    def draw(payload: Any) -> None:
        pool.append(payload)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        draw()
    rng = random.Random(seed)  # noqa: S311  # a reproducible corpus, not a secret
    directory.mkdir(parents=True, exist_ok=True)
    faulty: set[str] = set()
    sizes = []
    invalid_count = max(1, round(count * INVALID_SHARE)) if count > 1 else 0
    invalid_slots = set(rng.sample(range(count), invalid_count))
    for index in range(count):
        path = directory / f"campaign-{index:05d}.json"
        # Each file is its own campaign (the cross-file rules would flag repeated ids and
        # names) before any fault goes in, so that only a fault in the id or name can repeat one.
        payload = dict(rng.choice(pool))
        suffix = f" {index:05d}"
        payload["name"] = payload["name"][: name_max_length - len(suffix)] + suffix
        payload["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if index in invalid_slots:
            payload, _ = pick_near_miss(payload, rng.choice, schemas)
            faulty.add(str(path))
        text = _render_payload(payload)
        path.write_text(text, encoding="utf-8")
        sizes.append(len(text.encode()))
    print(f"corpus of {count}: mean file size {statistics.mean(sizes):,.0f} bytes", file=sys.stderr)
    return faulty


# --- the tools -----------------------------------------------------------------------------


def _cj_flagged(stdout: str) -> set[str]:
    # check-jsonschema lists each error as "  PATH::$.json.path: message".
    return {line.strip().split("::", 1)[0] for line in stdout.splitlines() if "::" in line}


_OURS_ERROR = re.compile(r"^(.+?):\d+:\d+: error ", re.MULTILINE)


def _ours_flagged(stdout: str) -> set[str]:
    # The default text output: "PATH:LINE:COLUMN: error RULE: message".
    return set(_OURS_ERROR.findall(stdout))


def _reference_flagged(stdout: str) -> set[str]:
    return {line.split(" ", 1)[0] for line in stdout.splitlines() if line}


def tools(peer: Path, schema: Path) -> dict[str, Tool]:
    """The three contenders, by name."""
    ours = str(Path(sys.executable).parent / "validate-campaign")
    return {
        "check-jsonschema": Tool(
            "check-jsonschema",
            lambda files: [str(peer), "--schemafile", str(schema), *files],
            _cj_flagged,
        ),
        "validate-campaign": Tool(
            "validate-campaign",
            lambda files: [ours, *files],
            _ours_flagged,
        ),
        "reference": Tool(
            "reference",
            lambda files: [
                sys.executable,
                str(ROOT / "tools" / "scripts" / "bench_reference.py"),
                str(schema),
                *files,
            ],
            _reference_flagged,
        ),
    }


# --- measuring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    scenario: str
    tool: str
    files: int
    wall: float
    cpu: float
    max_rss_kib: int
    agreed: bool | None


def measure(
    scenario: str,
    contenders: list[tuple[Tool, list[str]]],
    files: int,
    rounds: int,
    expected: set[str] | None,
    cwd: Path,
    quick_rounds: int = 0,
) -> list[Result]:
    """Paired rounds: every contender once per round, the order rotating between rounds; then
    `quick_rounds` more rounds without check-jsonschema. Our tool and the reference take
    about a second where the peer takes minutes, and this machine's noise is large: the extra
    rounds (the two alternating) make their ratio a median of many pairs, not of three."""
    samples: dict[str, list[Sample]] = {tool.name: [] for tool, _ in contenders}
    quick = [(tool, argv) for tool, argv in contenders if tool.name != "check-jsonschema"]
    schedule = [contenders] * rounds + [quick] * quick_rounds
    for round_index, lineup in enumerate(schedule):
        shift = round_index % len(lineup)
        for tool, argv in lineup[shift:] + lineup[:shift]:
            samples[tool.name].append(run_once(argv, cwd))
    results = []
    for tool, _ in contenders:
        runs = samples[tool.name]
        agreed = None
        if expected is not None:
            agreed = all(tool.flagged(run.stdout) == expected for run in runs)
        results.append(
            Result(
                scenario,
                tool.name,
                files,
                statistics.median(r.wall for r in runs),
                statistics.median(r.cpu for r in runs),
                max(r.max_rss_kib for r in runs),
                agreed,
            )
        )
    return results


TARGETS = {
    # scenario -> (metric, tool, limit against check-jsonschema)
    "--version": [("wall", 0.25)],
    "1 file": [("wall", 0.30)],
    "10000 files": [("wall", 0.05), ("rss", 0.70)],
}
REFERENCE_TARGETS = {"10000 files": 2.0}


def render(results: list[Result], header: str) -> tuple[str, list[str]]:
    """A Markdown table of all results, a table of the targets after it, and the list of
    missed targets."""
    lines = [
        header,
        "",
        "| scenario | tool | wall (median) | CPU (median) | files/s | peak RSS | wall vs cj "
        "| CPU vs cj | RSS vs cj | wall vs reference | flagged the faulty files |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    targets = ["", "| target | ratio | result |", "|---|---:|---|"]
    missed: list[str] = []
    by_scenario: dict[str, dict[str, Result]] = {}
    for result in results:
        by_scenario.setdefault(result.scenario, {})[result.tool] = result
    for scenario, row in by_scenario.items():
        peer = row.get("check-jsonschema")
        reference = row.get("reference")
        for result in row.values():
            rate = f"{result.files / result.wall:,.0f}" if result.files else "-"
            vs_peer: tuple[str, str, str] = ("-", "-", "-")
            vs_ref = "-"
            if peer is not None:
                vs_peer = (
                    f"{result.wall / peer.wall:.3f}x",
                    f"{result.cpu / peer.cpu:.3f}x",
                    f"{result.max_rss_kib / peer.max_rss_kib:.2f}x",
                )
            if reference is not None:
                vs_ref = f"{result.wall / reference.wall:.2f}x"
            agreed = {None: "-", True: "yes", False: "**NO**"}[result.agreed]
            lines.append(
                f"| {scenario} | {result.tool} | {result.wall * 1000:,.1f} ms "
                f"| {result.cpu * 1000:,.1f} ms | {rate} | {result.max_rss_kib / 1024:.1f} MiB "
                f"| {vs_peer[0]} | {vs_peer[1]} | {vs_peer[2]} | {vs_ref} | {agreed} |"
            )
            if result.agreed is False:
                missed.append(f"{scenario}: {result.tool} did not flag exactly the faulty files")
        ours = row.get("validate-campaign")
        if ours is None:
            continue
        for metric, limit in TARGETS.get(scenario, []):
            if peer is None:
                continue
            ratio = (
                ours.wall / peer.wall if metric == "wall" else ours.max_rss_kib / peer.max_rss_kib
            )
            verdict = "met" if ratio <= limit else "**MISSED**"
            targets.append(f"| {scenario}: {metric} <= {limit}x cj | {ratio:.3f}x | {verdict} |")
            if ratio > limit:
                missed.append(f"{scenario}: {metric} {ratio:.3f}x > {limit}x")
        floor = REFERENCE_TARGETS.get(scenario)
        if floor is not None and reference is not None:
            ratio = ours.wall / reference.wall
            verdict = "met" if ratio <= floor else "**MISSED**"
            targets.append(
                f"| {scenario}: wall <= {floor}x the reference | {ratio:.2f}x | {verdict} |"
            )
            if ratio > floor:
                missed.append(f"{scenario}: {ratio:.2f}x the reference > {floor}x")
    return "\n".join(lines + targets) + "\n", missed


def machine_header() -> str:
    """Where and with what the figures were measured."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        models = [
            line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
        ]
        cpu = f"{models[0]} x{len(models)}" if models else cpu
    except OSError:
        pass
    return (
        f"Measured {time.strftime('%Y-%m-%d')} on {cpu}, Python {platform.python_version()}, "
        f"campaign-contract {version('campaign-contract')}, "
        f"jsonschema-rs {version('jsonschema-rs')}, peer {PEER}."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1,1000,10000", help="corpus sizes (default: %(default)s)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds per scenario")
    parser.add_argument(
        "--quick-rounds",
        type=int,
        default=10,
        help="extra rounds of validate-campaign against the reference alone (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    peer = install_peer()
    compile_bytecode(
        peer.parent.parent / "lib", Path(sysconfig.get_paths()["purelib"]), ROOT / "tools"
    )
    work = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    try:
        schema = bundled_request_schema(work / "request.bundled.json")
        contenders = tools(peer, schema)
        results = measure(
            "--version",
            [
                (contenders["check-jsonschema"], [str(peer), "--version"]),
                (
                    contenders["validate-campaign"],
                    [contenders["validate-campaign"].argv([])[0], "--version"],
                ),
            ],
            0,
            args.rounds,
            None,
            work,
        )
        for size in sizes:
            corpus = work / f"corpus-{size}"
            faulty = make_corpus(corpus, size, args.seed)
            files = sorted(str(path) for path in corpus.glob("*.json"))
            scenario = "1 file" if size == 1 else f"{size} files"
            print(f"measuring {scenario} ({len(faulty)} faulty)...", file=sys.stderr)
            results += measure(
                scenario,
                [(tool, tool.argv(files)) for tool in contenders.values()],
                size,
                args.rounds,
                faulty,
                work,
                args.quick_rounds,
            )
        table, missed = render(results, machine_header())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
