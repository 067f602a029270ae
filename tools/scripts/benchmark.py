"""Benchmark `validate-campaign` against check-jsonschema, ajv-cli and the bare reference.

Usage (from a clone; needs the package registries once, to install the peers)::

    uv run python tools/scripts/benchmark.py                 # every scenario, 5 rounds
                                                     # (+10 without the slow peer)
    uv run python tools/scripts/benchmark.py --sizes 1,1000 --heavy-sizes 1000 --rounds 3
    uv run python tools/scripts/benchmark.py --peers ajv-cli --findings .bench-findings

It generates corpora of realistic campaign files from the project's own Hypothesis strategies:
complete payloads (`complete_payloads()`: every member the schema and the rules allow, each file
its own campaign id and name). In the clean corpora 10 % of the files get exactly one injected
near-miss fault, so that a faulty file has one mistake as a team's file would; in the
error-heavy corpora nine files in ten get one to ten faults (the run of a team adopting the
tool on old files, or after a schema change), and `validate-campaign` also runs with its JSON
and SARIF output there, whose peak memory is a target of its own.

The peers: check-jsonschema (in its own virtual environment) and ajv-cli 5 with ajv-formats
(Node, draft 2020-12, all errors; installed with npm into a cache folder, and skipped with a
note when `node` or `npm` is missing). Every tool runs as a whole process, in rotating order
within each round, so that the machine's noise hits all of them alike; extra "quick" rounds
leave out check-jsonschema, whose runs take minutes where the others take a second. Per tool
and corpus it reports the median wall and CPU time, files per second and peak RSS, the ratios
against each peer and the reference (`tools/scripts/bench_reference.py`: stdlib json +
jsonschema-rs, nothing else), checks that every tool flagged exactly the files with a fault,
and compares the ratios with the targets. With `--before DIR` (another version's `tools/`
folder, from `git archive` with `schemas` and `generated`) it times that version in the same
run and checks that both find the same findings (file, line, column, severity and rule of each);
with `--findings DIR` it records our findings per corpus, or, when DIR already holds a record
for the same corpus, checks them against it. Exit status 1 when a target is missed or the tools
disagree.
"""

from __future__ import annotations

import argparse
import functools
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
from importlib.metadata import version
from pathlib import Path
from typing import Any

from campaign_contract.schema import DEFINITIONS, REQUEST, SchemaSet
from campaign_contract.testing.near_misses import pick_near_miss
from campaign_contract.testing.strategies import complete_payloads
from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parents[2]
PEER = "check-jsonschema==0.39.0"
AJV = ("ajv-cli@5.0.0", "ajv-formats@3.0.1")
"""The second peer: Node's ajv (draft 2020-12, all errors, formats checked), no positions."""
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "campaign-contract-bench"
INVALID_SHARE = 0.10
POOL_SIZE = 2_000
"""Complete payloads drawn; the files reuse them, each with its own id and name."""
HEAVY_SHARE = 0.90
HEAVY_FAULTS = (1, 10)
"""The error-heavy corpus: nine files in ten faulty, each with one to ten near-miss faults."""


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
    """A command line to time; `flagged` reads the files it reported from its output (and the
    list of files it was given)."""

    name: str
    argv: Callable[[Sequence[str]], list[str]]
    flagged: Callable[[str, Sequence[str]], set[str]]


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


def install_ajv() -> Path | None:
    """ajv-cli and ajv-formats in a cache folder (installed once with npm, then reused), or
    None with a note when Node or npm is missing."""
    folder = CACHE / "ajv-cli-5"
    binary = folder / "node_modules" / ".bin" / "ajv"
    if binary.exists() and shutil.which("node"):
        return binary
    if not (shutil.which("node") and shutil.which("npm")):
        print("note: node or npm is missing; ajv-cli is left out", file=sys.stderr)
        return None
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(folder), *AJV],
        check=True,
        stdout=subprocess.DEVNULL,
    )
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

    schemas = SchemaSet.packaged()
    bundled = json.loads(json.dumps(schemas.documents[REQUEST]))
    bundled["$defs"][schemas.uri(DEFINITIONS)] = schemas.documents[DEFINITIONS]
    target.write_text(json.dumps(bundled), encoding="utf-8")
    return target


def _render_payload(payload: Any) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


@functools.cache
def _pool() -> list[Any]:
    """`POOL_SIZE` complete payloads, drawn reproducibly once per benchmark run."""

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
    return pool


def _with_faults(payload: Any, faults: int, rng: random.Random, schemas: Any) -> Any:
    """`payload` with up to `faults` near-miss faults, each picked in the result of the last
    (a fault that leaves nothing the picker can change ends the series)."""

    for _ in range(faults):
        try:
            payload, _ = pick_near_miss(payload, rng.choice, schemas)
        except (AssertionError, KeyError, TypeError, IndexError, ValueError, RuntimeError):
            break
    return payload


def make_corpus(directory: Path, count: int, seed: int, heavy: bool = False) -> set[str]:
    """Write `count` payload files; returns the paths of the ones with an injected fault.

    Every file is a complete payload (every member the schema and the rules allow, as a team's
    campaign file has them) with its own campaign id and name; one in ten then gets one
    near-miss fault, picked as `near_miss_of()` picks it, so a faulty file has one mistake.
    A `heavy` corpus has nine faulty files in ten, each with one to ten faults."""

    schemas = SchemaSet.packaged()
    name_max_length = schemas.subschema(DEFINITIONS, "/$defs/CampaignName")["maxLength"]
    pool = _pool()

    rng = random.Random(seed)  # noqa: S311  # a reproducible corpus, not a secret
    directory.mkdir(parents=True, exist_ok=True)
    faulty: set[str] = set()
    sizes = []
    share = HEAVY_SHARE if heavy else INVALID_SHARE
    invalid_count = max(1, round(count * share)) if count > 1 else 0
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
            if heavy:
                payload = _with_faults(payload, rng.randint(*HEAVY_FAULTS), rng, schemas)
            else:
                payload, _ = pick_near_miss(payload, rng.choice, schemas)
            faulty.add(str(path))
        text = _render_payload(payload)
        path.write_text(text, encoding="utf-8")
        sizes.append(len(text.encode()))
    print(f"corpus of {count}: mean file size {statistics.mean(sizes):,.0f} bytes", file=sys.stderr)
    return faulty


# --- the tools -----------------------------------------------------------------------------


def _cj_flagged(stdout: str, files: Sequence[str]) -> set[str]:
    # check-jsonschema lists each error as "  PATH::$.json.path: message".
    return {line.strip().split("::", 1)[0] for line in stdout.splitlines() if "::" in line}


def _ajv_flagged(stdout: str, files: Sequence[str]) -> set[str]:
    # ajv-cli prints "PATH valid" on stdout, and the invalid files with their errors on stderr.
    valid = {line.rsplit(" ", 1)[0] for line in stdout.splitlines() if line.endswith(" valid")}
    return set(files) - valid


_OURS_FINDING = re.compile(r"^(.+?):(\d+):(\d+): (error|warning|note) ([a-z0-9-]+)", re.MULTILINE)


def ours_findings(stdout: str) -> list[tuple[str, ...]]:
    """(file, line, column, severity, rule) of each finding of our default text output,
    "PATH:LINE:COLUMN: SEVERITY RULE: message", the file by its base name."""
    return [
        (Path(file).name, line, column, severity, rule)
        for file, line, column, severity, rule in _OURS_FINDING.findall(stdout)
    ]


def _ours_flagged(stdout: str, files: Sequence[str]) -> set[str]:
    return {match[0] for match in _OURS_FINDING.findall(stdout) if match[3] == "error"}


def _json_flagged(stdout: str, files: Sequence[str]) -> set[str]:
    report = json.loads(stdout)
    return {item["file"] for item in report["findings"] if item["severity"] == "error"}


def _sarif_flagged(stdout: str, files: Sequence[str]) -> set[str]:
    results = json.loads(stdout)["runs"][0]["results"]
    by_uri = {Path(file).as_uri(): file for file in files}
    return {
        by_uri[result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
        for result in results
        if result["level"] == "error"
    }


def _reference_flagged(stdout: str, files: Sequence[str]) -> set[str]:
    return {line.split(" ", 1)[0] for line in stdout.splitlines() if line}


OURS = "validate-campaign"
OUR_FORMATS = ("json", "sarif")
"""Also timed on the error-heavy corpora, for their peak memory."""


BEFORE = f"{OURS} (before)"


def tools(
    peer: Path | None, ajv: Path | None, schema: Path, before: Path | None = None
) -> dict[str, Tool]:
    """The contenders, by name (a peer that is not installed is left out). `before` is the
    source root (`tools/`) of another version of this package, timed beside this one."""
    ours = str(Path(sys.executable).parent / "validate-campaign")
    contenders: dict[str, Tool] = {}
    if before is not None:
        contenders[BEFORE] = Tool(
            BEFORE,
            lambda files: ["/usr/bin/env", f"PYTHONPATH={before}", ours, *files],
            _ours_flagged,
        )
    if peer is not None:
        contenders["check-jsonschema"] = Tool(
            "check-jsonschema",
            lambda files: [str(peer), "--schemafile", str(schema), *files],
            _cj_flagged,
        )
    if ajv is not None:
        contenders["ajv-cli"] = Tool(
            "ajv-cli",
            lambda files: [
                str(ajv),
                "validate",
                "--spec=draft2020",
                "--all-errors",
                "--allow-union-types",
                "-c",
                "ajv-formats",
                "-s",
                str(schema),
                *(argument for file in files for argument in ("-d", file)),
            ],
            _ajv_flagged,
        )
    flagged = {"json": _json_flagged, "sarif": _sarif_flagged}
    for name in OUR_FORMATS:
        contenders[f"{OURS} --format {name}"] = Tool(
            f"{OURS} --format {name}",
            lambda files, name=name: [ours, "--format", name, *files],  # type: ignore[misc]
            flagged[name],
        )
    return {
        **contenders,
        OURS: Tool(OURS, lambda files: [ours, *files], _ours_flagged),
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


SLOW_PEER = "check-jsonschema"


def measure(
    scenario: str,
    contenders: list[tuple[Tool, list[str]]],
    files: Sequence[str],
    rounds: int,
    expected: set[str] | None,
    cwd: Path,
    quick_rounds: int = 0,
) -> tuple[list[Result], dict[str, str]]:
    """Paired rounds: every contender once per round, the order rotating between rounds; then
    `quick_rounds` more rounds without check-jsonschema. The other tools take about a second
    where it takes minutes, and this machine's noise is large: the extra rounds make their
    ratios medians of many runs, not of three. Returns the results and each tool's last output
    (for the findings of `validate-campaign` and its `--before` version)."""
    samples: dict[str, list[Sample]] = {tool.name: [] for tool, _ in contenders}
    quick = [(tool, argv) for tool, argv in contenders if tool.name != SLOW_PEER]
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
            agreed = all(tool.flagged(run.stdout, files) == expected for run in runs)
        results.append(
            Result(
                scenario,
                tool.name,
                len(files),
                statistics.median(r.wall for r in runs),
                statistics.median(r.cpu for r in runs),
                max(r.max_rss_kib for r in runs),
                agreed,
            )
        )
    return results, {name: runs[-1].stdout for name, runs in samples.items()}


@dataclass(frozen=True)
class Target:
    """`tool`'s `metric` in `scenario` at most `limit` times `against`'s (a tool's name), or at
    most `limit` MiB when `against` is None."""

    scenario: str
    metric: str  # "cpu" or "rss"
    against: str | None
    limit: float
    tool: str = OURS


TARGETS = (
    Target("--version", "cpu", SLOW_PEER, 0.25),
    Target("1 file", "cpu", SLOW_PEER, 0.22),
    Target("1000 files", "cpu", "ajv-cli", 0.15),
    Target("10000 files", "cpu", SLOW_PEER, 0.05),
    Target("10000 files", "rss", SLOW_PEER, 0.70),
    Target("10000 files", "cpu", "reference", 1.5),
    Target("1000 error-heavy files", "cpu", "ajv-cli", 0.50),
    Target("10000 error-heavy files", "cpu", "ajv-cli", 2.0),
    *(
        Target("10000 error-heavy files", "rss", None, 120, tool)
        for tool in (OURS, *(f"{OURS} --format {name}" for name in OUR_FORMATS))
    ),
)


def _ratio(result: Result, other: Result | None, metric: str) -> float | None:
    if other is None:
        return None
    if metric == "cpu":
        return result.cpu / other.cpu
    return result.max_rss_kib / other.max_rss_kib


def _shown(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.3f}x"


def render(results: list[Result], header: str) -> tuple[str, list[str]]:
    """A Markdown table of all results, a table of the targets after it, and the list of
    missed targets."""
    lines = [
        header,
        "",
        "| scenario | tool | wall (median) | CPU (median) | files/s | peak RSS | CPU vs cj "
        "| CPU vs ajv | CPU vs reference | RSS vs cj | flagged the faulty files |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    missed: list[str] = []
    by_scenario: dict[str, dict[str, Result]] = {}
    for result in results:
        by_scenario.setdefault(result.scenario, {})[result.tool] = result
    for scenario, row in by_scenario.items():
        for result in row.values():
            rate = f"{result.files / result.wall:,.0f}" if result.files else "-"
            agreed = {None: "-", True: "yes", False: "**NO**"}[result.agreed]
            lines.append(
                f"| {scenario} | {result.tool} | {result.wall * 1000:,.1f} ms "
                f"| {result.cpu * 1000:,.1f} ms | {rate} | {result.max_rss_kib / 1024:.1f} MiB "
                f"| {_shown(_ratio(result, row.get(SLOW_PEER), 'cpu'))} "
                f"| {_shown(_ratio(result, row.get('ajv-cli'), 'cpu'))} "
                f"| {_shown(_ratio(result, row.get('reference'), 'cpu'))} "
                f"| {_shown(_ratio(result, row.get(SLOW_PEER), 'rss'))} | {agreed} |"
            )
            if result.agreed is False:
                missed.append(f"{scenario}: {result.tool} did not flag exactly the faulty files")
    targets = ["", "| target | measured | result |", "|---|---:|---|"]
    for target in TARGETS:
        row = by_scenario.get(target.scenario, {})
        ours = row.get(target.tool)
        if ours is None:
            continue
        if target.against is None:
            value = ours.max_rss_kib / 1024
            text = f"{target.scenario}: {target.tool}: peak RSS <= {target.limit:g} MiB"
            measured = f"{value:.1f} MiB"
        else:
            other = row.get(target.against)
            if other is None:
                continue
            value = _ratio(ours, other, target.metric) or 0.0
            text = f"{target.scenario}: {target.metric.upper()} <= {target.limit}x {target.against}"
            measured = f"{value:.3f}x"
        verdict = "met" if value <= target.limit else "**MISSED**"
        targets.append(f"| {text} | {measured} | {verdict} |")
        if value > target.limit:
            missed.append(f"{text}: {measured}")
    return "\n".join(lines + targets) + "\n", missed


def same_findings(
    scenario: str, before: list[tuple[str, ...]], after: list[tuple[str, ...]]
) -> str:
    """Whether this version finds what the `--before` version finds on the same corpus."""
    if before == after:
        return f"{scenario}: the same {len(after)} findings as before (rule and position)"
    lost, new = len(set(before) - set(after)), len(set(after) - set(before))
    return f"{scenario}: findings **DIFFER** from before: {lost} lost, {new} new"


def compare_findings(folder: Path, scenario: str, findings: list[tuple[str, ...]]) -> str:
    """Record our findings of `scenario` in `folder`, or compare them with the record there:
    the verdict, as a line for the report. (A record holds only while the corpus is the same:
    a change to the strategies or near misses draws other files.)"""
    record = folder / (scenario.replace(" ", "-") + ".json")
    if not record.exists():
        folder.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(findings), encoding="utf-8")
        return f"{scenario}: {len(findings)} findings recorded in {record}"
    before = [tuple(item) for item in json.loads(record.read_text(encoding="utf-8"))]
    if before == findings:
        return f"{scenario}: the same {len(findings)} findings as recorded (rule and position)"
    lost = len(set(before) - set(findings))
    new = len(set(findings) - set(before))
    return f"{scenario}: findings **DIFFER** from the record: {lost} lost, {new} new"


def _node_version() -> str:
    node = shutil.which("node")
    if node is None:
        return "missing"
    return subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()


def machine_header() -> str:
    """Where and with what the figures were measured."""

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
        f"jsonschema-rs {version('jsonschema-rs')}, peers {PEER} and {' + '.join(AJV)} "
        f"(Node {_node_version()})."
    )


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0915  # one run, top to bottom
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1,1000,10000", help="corpus sizes (default: %(default)s)"
    )
    parser.add_argument(
        "--heavy-sizes",
        default="1000,10000",
        help="error-heavy corpus sizes, '' for none (default: %(default)s)",
    )
    parser.add_argument(
        "--peers",
        default=f"{SLOW_PEER},ajv-cli",
        help="peers to run, '' for none (default: %(default)s)",
    )
    parser.add_argument(
        "--slow-peer-max",
        type=int,
        default=10_000,
        help=f"largest corpus given to {SLOW_PEER} (default: %(default)s)",
    )
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds per scenario")
    parser.add_argument(
        "--quick-rounds",
        type=int,
        default=10,
        help="extra rounds without check-jsonschema (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--before",
        type=Path,
        help="the tools/ folder of another version, timed beside this one (from git archive)",
    )
    parser.add_argument(
        "--findings",
        type=Path,
        help="record our findings per corpus in this folder, or compare with its records",
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    heavy_sizes = [int(size) for size in args.heavy_sizes.split(",") if size]
    peers = set(args.peers.split(",")) - {""}

    peer = install_peer() if SLOW_PEER in peers else None
    ajv = install_ajv() if "ajv-cli" in peers else None
    compile_bytecode(Path(sysconfig.get_paths()["purelib"]), ROOT / "tools")
    if args.before is not None:
        compile_bytecode(args.before)
    if peer is not None:
        compile_bytecode(peer.parent.parent / "lib")
    work = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
    verdicts: list[str] = []
    try:
        schema = bundled_request_schema(work / "request.bundled.json")
        contenders = tools(peer, ajv, schema, args.before)
        ours = contenders[OURS]
        versions = [(ours, [ours.argv([])[0], "--version"])]
        if peer is not None:
            versions.insert(0, (contenders[SLOW_PEER], [str(peer), "--version"]))
        results = measure("--version", versions, [], args.rounds, None, work)[0]
        corpora = [(size, False) for size in sizes] + [(size, True) for size in heavy_sizes]
        for size, heavy in corpora:
            corpus = work / f"corpus-{size}{'-heavy' if heavy else ''}"
            faulty = make_corpus(corpus, size, args.seed, heavy)
            files = sorted(str(path) for path in corpus.glob("*.json"))
            scenario = "1 file" if size == 1 else f"{size} files"
            if heavy:
                scenario = f"{size} error-heavy files"
            print(f"measuring {scenario} ({len(faulty)} faulty)...", file=sys.stderr)
            lineup = [
                (tool, tool.argv(files))
                for name, tool in contenders.items()
                if (heavy or not name.startswith(f"{OURS} --format"))
                and (name != SLOW_PEER or size <= args.slow_peer_max)
            ]
            scenario_results, printed = measure(
                scenario, lineup, files, args.rounds, faulty, work, args.quick_rounds
            )
            results += scenario_results
            print(render(scenario_results, scenario)[0], file=sys.stderr)  # in case of a stop
            findings = ours_findings(printed[OURS])
            if BEFORE in printed:
                verdicts.append(same_findings(scenario, ours_findings(printed[BEFORE]), findings))
            if args.findings is not None:
                verdicts.append(compare_findings(args.findings, scenario, findings))
        table, missed = render(results, machine_header())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table += "".join(f"\n{verdict}\n" for verdict in verdicts)
    print(table)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    missed += [verdict for verdict in verdicts if "DIFFER" in verdict]
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
