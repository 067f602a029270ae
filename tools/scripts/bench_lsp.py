"""Benchmark the language server: the time from `didChange` to `publishDiagnostics`.

Usage (from a clone, with the `lsp` extra installed, as `uv sync` installs it)::

    uv run python tools/scripts/bench_lsp.py                  # 200 changes of each kind
    uv run python tools/scripts/bench_lsp.py --changes 500 --target-ms 20
    uv run python tools/scripts/bench_lsp.py --workspace-files 2000   # a larger workspace

It starts `campaign-contract lsp` as an editor would (a subprocess over stdio, with
`initializationOptions: {"debounceMs": 0}`), opens `examples/valid/seed-page-example.json` (a
complete payload of 3,594 bytes, a little more than the 3.4 KB the target names) in a workspace
folder of its own, and sends whole-document
changes one at a time, each waiting for the diagnostics of its version: alternately the payload
as written (three warnings of semantic rules) and the same payload with `send_type` misspelt
(the schema's error, with its "did you mean", and the rules then held back). It reports the
median, 90th percentile and maximum per kind, and exits 1 when a median is above the target
(20 ms by default). The times include the JSON-RPC round trip over pipes, as an editor sees it.
`--workspace-files N` adds N other payload files (each its own name) to the workspace folder,
which the cross-file rules compare on every change.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = ROOT / "examples" / "valid" / "seed-page-example.json"


def _fill(root: Path, payload: str, count: int) -> None:
    """`count` payload files beside the edited one, each a campaign of its own name."""
    data = json.loads(payload)
    data.pop("id", None)
    for number in range(count):
        data["name"] = f"Other campaign {number}"
        (root / f"other-{number:05}.json").write_text(json.dumps(data, indent=2), "utf-8")


async def measure(changes: int, workspace_files: int = 0) -> dict[str, list[float]]:
    """Milliseconds from each `didChange` to the diagnostics of its version, by kind."""
    clean = PAYLOAD.read_text(encoding="utf-8")  # as written: three warnings
    faulty = clean.replace('"send_type"', '"send_tipe"', 1)
    assert faulty != clean, "the payload has a send_type key to misspell"
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    waiting: dict[int, asyncio.Future[None]] = {}
    client = LanguageClient("bench-lsp", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # type: ignore[untyped-decorator]
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            counts[params.version] = len(params.diagnostics)
            future = waiting.pop(params.version, None)
            if future is not None:
                future.set_result(None)

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        document = root / "campaign.json"
        document.write_text(clean, encoding="utf-8")
        _fill(root, clean, workspace_files)
        await client.start_io(sys.executable, "-m", "campaign_contract", "lsp")
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=root.as_uri(),
                initialization_options={"debounceMs": 0},
            )
        )
        client.initialized(types.InitializedParams())
        uri = document.as_uri()
        loop = asyncio.get_running_loop()
        waiting[1] = loop.create_future()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "json", 1, clean))
        )
        await asyncio.wait_for(waiting[1], 30)
        times: dict[str, list[float]] = {"as written": [], "misspelt key": []}
        for version in range(2, 2 * changes + 2):
            kind, text = ("as written", clean) if version % 2 == 0 else ("misspelt key", faulty)
            future = waiting[version] = loop.create_future()
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(version, uri),
                    [types.TextDocumentContentChangeWholeDocument(text)],
                )
            )
            await asyncio.wait_for(future, 10)
            times[kind].append((arrived[version] - sent) * 1000)
        seen = {(version % 2, count) for version, count in counts.items() if version > 1}
        assert len(seen) == 2, f"each kind has its own diagnostics: {seen}"
        assert (0, counts[1]) in seen, f"the payload as written, as when opened: {seen}"
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()  # type: ignore[no-untyped-call]
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=200, help="changes of each kind")
    parser.add_argument("--target-ms", type=float, default=20.0, help="the largest median")
    parser.add_argument(
        "--workspace-files", type=int, default=0, help="other payload files in the workspace"
    )
    options = parser.parse_args()
    times = asyncio.run(measure(options.changes, options.workspace_files))
    size = len(PAYLOAD.read_bytes())
    print(
        f"didChange -> publishDiagnostics, {PAYLOAD.name} ({size} bytes), debounceMs 0, "
        f"{options.workspace_files} other payload files in the workspace"
    )
    missed = False
    for kind, samples in times.items():
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(
            f"  {kind:<12} median {median:6.2f} ms   p90 {p90:6.2f} ms   "
            f"max {max(samples):6.2f} ms   ({len(samples)} changes)"
        )
        missed = missed or median > options.target_ms
    print(f"target: median at most {options.target_ms:g} ms: {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
