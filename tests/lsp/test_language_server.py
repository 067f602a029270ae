"""End to end: a real LSP client (pytest-lsp) talks to `campaign-contract lsp` over stdio."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from campaign_contract.findings import RULES_DOC_URL
from campaign_contract.lint.runner import Options, run
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "campaign_contract", "lsp"])

# An emoji (outside the Basic Multilingual Plane: one character, two UTF-16 units, four UTF-8
# bytes) before a misspelt enum value and an unknown key on the same line.
PAYLOAD = (
    '{"name": "\U0001f389 Spring \u00e9t\u00e9", "meta": {"send_type": "manul", "extra": 1},\n'
    ' "status": "draft"}\n'
)
VALID = '{"name": "Spring launch", "meta": {"send_type": "manual", "manual_data": {}}}\n'


class Session:
    """A client, the workspace folder it opened, and every diagnostics notification seen."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.published: list[types.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()

        # pytest-lsp keeps only the latest diagnostics of each document: record every one.
        features = client.protocol.fm.features
        keep_latest = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def record(params: types.PublishDiagnosticsParams) -> None:
            keep_latest(params)
            self.published.append(params)
            self.arrived.set()

        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
        self.registrations: list[types.Registration] = []

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(client_: LanguageClient, params: types.RegistrationParams) -> None:
            self.registrations += params.registrations

    async def start(
        self, options: Any = None, encodings: list[str] | None = None
    ) -> types.InitializeResult:
        capabilities = client_capabilities("visual-studio-code")
        if encodings is not None:
            capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
        return await self.client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities,
                root_uri=self.root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(self.root.as_uri(), "work")],
                initialization_options=options,
            )
        )

    def write(self, name: str, text: str) -> str:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path.as_uri()

    async def next_publish(self, uri: str) -> types.PublishDiagnosticsParams:
        """The next diagnostics notification for `uri`."""
        seen = len(self.published)
        while True:
            self.arrived.clear()
            later = [p for p in self.published[seen:] if p.uri == uri]
            if later:
                return later[0]
            await asyncio.wait_for(self.arrived.wait(), 10)

    async def open(self, name: str, text: str) -> types.PublishDiagnosticsParams:
        uri = self.write(name, text)
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "json", 1, text))
        )
        return await self.next_publish(uri)

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """`campaign-contract lsp` in a subprocess, shut down after the test."""
    yield
    server = lsp_client._server
    if server is not None and server.returncode is None:  # a test may have shut it down
        await lsp_client.shutdown_session()


@pytest.fixture
def session(client: LanguageClient, tmp_path: Path) -> Session:
    """The server's client, in a workspace folder whose payloads are `campaigns/*.json`."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.validate-campaign]\ninclude = ["campaigns/*.json"]\n', encoding="utf-8"
    )
    return Session(client, tmp_path)


def cli_findings(root: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `validate-campaign --format json NAME` says, run in the workspace folder."""
    monkeypatch.chdir(root)
    out = io.StringIO()
    run(Options((name,), format="json"), stdin=io.BytesIO(), stdout=out)
    findings: list[dict[str, Any]] = json.loads(out.getvalue())["findings"]
    return findings


def expected_diagnostics(
    findings: list[dict[str, Any]], text: str, encoding: str
) -> list[tuple[Any, ...]]:
    """The CLI's findings as the issue maps them: line - 1, the column in code units of the
    line's text before it, severities 1, 2, 3, the rule id as code."""
    codec = {"utf-16": ("utf-16-le", 2), "utf-8": ("utf-8", 1), "utf-32": ("utf-32-le", 4)}
    name, width = codec[encoding]
    lines = text.split("\n")

    def place(point: dict[str, int]) -> tuple[int, int]:
        before = lines[point["line"] - 1][: point["column"] - 1]
        return point["line"] - 1, len(before.encode(name)) // width

    severity = {"error": 1, "warning": 2, "note": 3}
    return [
        (
            place(f["start"]),
            place(f["end"]),
            severity[f["severity"]],
            f["rule"],
            f["message"] + (f"\nhint: {f['hint']}" if f["hint"] else ""),
        )
        for f in findings
        if not f["suppressed"]
    ]


def actual_diagnostics(diagnostics: list[types.Diagnostic]) -> list[tuple[Any, ...]]:
    return [
        (
            (d.range.start.line, d.range.start.character),
            (d.range.end.line, d.range.end.character),
            d.severity,
            d.code,
            d.message,
        )
        for d in diagnostics
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-32"])
async def test_diagnostics_equal_the_command_lines_findings(
    session: Session, monkeypatch: pytest.MonkeyPatch, encoding: str | None
) -> None:
    """Opened, a payload gets the CLI's findings, columns in UTF-16 units unless the client
    negotiated another encoding, with an emoji before them on the line."""
    started = await session.start(encodings=[encoding] if encoding else None)
    assert started.capabilities.position_encoding == (encoding or "utf-16")
    published = await session.open("campaigns/sale.json", PAYLOAD)
    findings = cli_findings(session.root, "campaigns/sale.json", monkeypatch)
    assert len(findings) >= 2
    expected = expected_diagnostics(findings, PAYLOAD, encoding or "utf-16")
    assert expected == actual_diagnostics(published.diagnostics)
    assert published.version == 1
    first = published.diagnostics[0]
    assert first.source == "validate-campaign"
    assert first.code_description == types.CodeDescription(f"{RULES_DOC_URL}#{first.code}")


@pytest.mark.asyncio
async def test_a_document_outside_include_gets_nothing(session: Session) -> None:
    """`include` selects payloads: package.json is never diagnosed."""
    await session.start()
    published = await session.open("package.json", '{"name": "web", "private": true}')
    assert list(published.diagnostics) == []


@pytest.mark.asyncio
async def test_a_configuration_mistake_is_one_diagnostic(session: Session) -> None:
    """A configuration that cannot be used says so at the top of the payload."""
    (session.root / "pyproject.toml").write_text(
        '[tool.validate-campaign]\nfail_on = "error"\n', encoding="utf-8"
    )
    await session.start()
    published = await session.open("campaigns/a.json", VALID)
    [diagnostic] = published.diagnostics
    assert diagnostic.code == "configuration"
    assert 'unknown key "fail_on"' in diagnostic.message


@pytest.mark.asyncio
async def test_changes_are_debounced_and_no_stale_version_is_published(session: Session) -> None:
    """Changes in quick succession are checked once, as the last version; never an older one."""
    await session.start({"debounceMs": 300})
    uri = (await session.open("campaigns/a.json", VALID)).uri
    before = len(session.published)
    broken = VALID.replace('"manual"', '"manul"')
    for version in range(2, 6):
        session.change(uri, version, broken if version < 5 else VALID.replace("Spring", "Autumn"))
    published = await session.next_publish(uri)
    await asyncio.sleep(0.5)
    assert [p.version for p in session.published[before:]] == [5]
    assert list(published.diagnostics) == []


@pytest.mark.asyncio
async def test_with_no_debounce_every_change_is_checked_at_once(session: Session) -> None:
    """`debounceMs: 0` checks each change as it comes, in order."""
    await session.start({"debounceMs": 0})
    uri = (await session.open("campaigns/a.json", VALID)).uri
    session.change(uri, 2, VALID.replace('"manual"', '"manul"'))
    published = await session.next_publish(uri)
    assert (published.version, [d.code for d in published.diagnostics]) == (2, ["schema-enum"])


@pytest.mark.asyncio
async def test_duplicate_names_across_files_point_at_each_other(session: Session) -> None:
    """A payload on disk and an open one with the same name: the later file gets the finding,
    related to the first; saving a fix refreshes it."""
    first = session.write("campaigns/a.json", VALID)
    await session.start({"debounceMs": 0})
    published = await session.open("campaigns/b.json", VALID)
    [duplicate] = published.diagnostics
    assert duplicate.code == "duplicate-campaign-name"
    assert "campaigns/a.json" in duplicate.message
    assert duplicate.related_information is not None
    assert duplicate.related_information[0].location.uri == first
    session.write("campaigns/a.json", VALID.replace("Spring", "Autumn"))
    session.client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(first))
    )
    assert list((await session.next_publish(published.uri)).diagnostics) == []


@pytest.mark.asyncio
async def test_files_changed_on_disk_refresh_the_cross_file_rules(session: Session) -> None:
    """The server asks to watch payload files; a deletion it hears of ends a duplicate."""
    first = session.write("campaigns/a.json", VALID)
    await session.start({"debounceMs": 0})
    published = await session.open("campaigns/b.json", VALID)
    assert [d.code for d in published.diagnostics] == ["duplicate-campaign-name"]
    [registration] = session.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    (session.root / "campaigns" / "a.json").unlink()
    session.client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(first, types.FileChangeType.Deleted)])
    )
    assert list((await session.next_publish(published.uri)).diagnostics) == []


@pytest.mark.asyncio
async def test_hover_shows_the_field_and_the_rule_of_a_diagnostic(session: Session) -> None:
    """Hovering a key shows its schema documentation; on a diagnostic, the rule's explanation."""
    await session.start()
    uri = (await session.open("campaigns/sale.json", PAYLOAD)).uri
    line = PAYLOAD.split("\n", maxsplit=1)[0]
    character = len(line[: line.index("manul")].encode("utf-16-le")) // 2
    hover = await session.client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, character + 1))
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "**meta.send_type**: string, one of `manual`, `multistep`, `planner`" in text
    assert "**schema-enum**" in text


@pytest.mark.asyncio
async def test_completion_offers_required_keys_first_and_enum_values(session: Session) -> None:
    """Keys of the object at the cursor, required first; the enum values of `send_type`."""
    await session.start()
    text = '{"name": "Sale", "meta": {"send_type": "", "'
    uri = (await session.open("campaigns/c.json", text)).uri

    async def labels(character: int) -> list[str]:
        result = await session.client.text_document_completion_async(
            types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(0, character))
        )
        assert isinstance(result, types.CompletionList)
        items = sorted(result.items, key=lambda item: item.sort_text or item.label)
        return [item.label for item in items]

    keys = await labels(len(text))
    assert keys[:3] == ["segment_ids", "sms_routing_plan_id", "filter_segment_id"]
    assert "send_type" not in keys
    assert await labels(text.index('""') + 1) == ["manual", "multistep", "planner"]
    assert (await labels(1))[:4] == ["name", "meta", "$schema", "id"]


@pytest.mark.asyncio
async def test_shutdown_then_exit_ends_the_server_with_code_0(session: Session) -> None:
    """The LSP lifecycle: after `shutdown` and `exit` the process ends with exit code 0."""
    await session.start()
    await session.client.shutdown_session()
    server = session.client._server
    assert server is not None
    assert server.returncode == 0


@pytest.mark.asyncio
async def test_exit_without_shutdown_ends_the_server_with_code_1(session: Session) -> None:
    """LSP: `exit` before any `shutdown` is an error exit."""
    await session.start()
    server = session.client._server
    assert server is not None
    session.client.exit(None)
    assert await asyncio.wait_for(server.wait(), 10) == 1


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """`text` with LSP edits made (UTF-16 positions, as the session negotiates by default)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return before + index
            units += len(character.encode("utf-16-le")) // 2
        return before + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def code_actions(
    session: Session, uri: str, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), where, types.CodeActionContext([], only=only)
        )
    )
    return [action for action in result or [] if isinstance(action, types.CodeAction)]


@pytest.mark.asyncio
async def test_a_quick_fix_renames_a_misspelt_key(session: Session) -> None:
    """The diagnostic of a misspelt key offers the rename `--fix` makes; applied, the payload
    is clean."""
    await session.start()
    fixed = VALID.replace("{}", '{"send_amount": 5}')
    text = fixed.replace("send_amount", "send_amout")
    published = await session.open("campaigns/a.json", text)
    [diagnostic] = published.diagnostics
    assert diagnostic.code == "schema-unknown-key"
    offered = await code_actions(session, published.uri, diagnostic.range)
    assert [a.kind for a in offered] == ["quickfix", "source.fixAll.campaign-contract"]
    action = offered[0]
    assert action.title == 'rename "send_amout" to "send_amount"'
    assert action.diagnostics is not None
    assert action.diagnostics[0].code == "schema-unknown-key"
    assert action.edit is not None
    assert action.edit.changes is not None
    assert apply_edits(text, list(action.edit.changes[published.uri])) == fixed


@pytest.mark.asyncio
async def test_fix_all_makes_every_safe_fix_as_the_command_line_does(session: Session) -> None:
    """ "Fix all safe" replaces the document with what `validate-campaign --fix` writes."""
    await session.start()
    text = VALID.replace('"manual_data"', '"manual_dta"').replace('"manual"', '"Manual"')
    published = await session.open("campaigns/a.json", text)
    everywhere = types.Range(types.Position(0, 0), types.Position(0, 0))
    [action] = await code_actions(session, published.uri, everywhere, ["source.fixAll"])
    assert action.kind == "source.fixAll.campaign-contract"
    assert action.edit is not None
    assert action.edit.changes is not None
    assert apply_edits(text, list(action.edit.changes[published.uri])) == VALID


@pytest.mark.asyncio
async def test_a_quick_fix_in_a_document_with_a_byte_order_mark_renames_the_key(
    session: Session,
) -> None:
    """The linter's columns start after a BOM; the editor's text has it: the rename's edit and
    the diagnostic land on the key itself, not one character before it."""
    await session.start()
    fixed = "\ufeff" + VALID.replace("{}", '{"send_amount": 5}')
    text = fixed.replace("send_amount", "send_amout")
    published = await session.open("campaigns/a.json", text)
    unknown = next(d for d in published.diagnostics if d.code == "schema-unknown-key")
    start, end = unknown.range.start.character, unknown.range.end.character
    assert text[start:end] == '"send_amout"'
    [action, _] = await code_actions(session, published.uri, unknown.range)
    assert action.edit is not None
    assert action.edit.changes is not None
    assert apply_edits(text, list(action.edit.changes[published.uri])) == fixed


@pytest.mark.asyncio
async def test_a_payload_whose_uri_is_percent_encoded_is_diagnosed_under_that_uri(
    session: Session,
) -> None:
    """A space or an accented letter in the path is percent-encoded in the URI: the document
    gets its diagnostics on open, on change and on save, published under the URI the client
    opened it by."""
    await session.start({"debounceMs": 0})
    published = await session.open("campaigns/\u00e9t\u00e9 sale.json", PAYLOAD)
    assert "%20" in published.uri
    assert [d.code for d in published.diagnostics] == ["schema-enum", "schema-unknown-key"]
    session.change(published.uri, 2, VALID)
    changed = await session.next_publish(published.uri)
    assert (changed.version, list(changed.diagnostics)) == (2, [])
    session.client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(published.uri))
    )
    assert (await session.next_publish(published.uri)).version == 2


@pytest.mark.asyncio
async def test_requests_about_a_document_that_is_not_open_answer_nothing(
    session: Session,
) -> None:
    """Hover, completion and code actions on a document the client never opened (or closed,
    or deleted) answer empty, never an error with the server's traceback."""
    await session.start()
    uri = (session.root / "campaigns" / "gone.json").as_uri()
    document = types.TextDocumentIdentifier(uri)
    start = types.Position(0, 1)
    client = session.client
    assert await client.text_document_hover_async(types.HoverParams(document, start)) is None
    completion = await client.text_document_completion_async(
        types.CompletionParams(document, start)
    )
    assert isinstance(completion, types.CompletionList)
    assert list(completion.items) == []
    assert await code_actions(session, uri, types.Range(start, start)) == []


@pytest.mark.asyncio
async def test_a_uri_no_file_can_have_gets_empty_diagnostics_not_an_error(
    session: Session,
) -> None:
    """A percent-encoded NUL in the path names no file: the document is diagnosed as nothing,
    as any document that is not a payload file is."""
    await session.start({"debounceMs": 0})
    uri = (session.root / "campaigns").as_uri() + "/a%00b.json"
    session.client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "json", 1, PAYLOAD))
    )
    published = await session.next_publish(uri)
    assert (published.version, list(published.diagnostics)) == (1, [])
