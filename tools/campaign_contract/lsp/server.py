"""The language server: pygls wiring between an editor and `Payloads`, `diagnostics`, `fields`.

Diagnostics are published on open, on save, and after each change once the document has been
quiet for the debounce delay (`initializationOptions: {"debounceMs": N}`, default
`DEFAULT_DEBOUNCE_MS`; 0 checks at once). Every check runs on the event loop's thread and
publishes the version it read, so a newer version's result can never be overtaken by an older
one: a pending check is cancelled by the next change, and one whose version is no longer the
document's is dropped. A document the configuration's `include` does not select gets no
diagnostics; a configuration that is not valid is one diagnostic at the top of the document.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from campaign_contract import __version__
from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding
from campaign_contract.lint.runner import all_rules
from campaign_contract.lsp import actions
from campaign_contract.lsp.cursor import place_at
from campaign_contract.lsp.diagnostics import SOURCE, file_uri, to_diagnostic, to_diagnostics
from campaign_contract.lsp.fields import FieldHelp
from campaign_contract.lsp.payloads import Payloads
from campaign_contract.lsp.positions import UTF16, TextIndex

if TYPE_CHECKING:
    from pygls.workspace import TextDocument

NAME: Final = "campaign-contract"
DEFAULT_DEBOUNCE_MS: Final = 200
DEBOUNCE_OPTION: Final = "debounceMs"
"""The key of `initializationOptions` that sets the debounce delay, in milliseconds."""
WATCHED: Final = ("**/*.json", "**/pyproject.toml")
"""The files whose changes on disk (a checkout, another program) the server asks to hear of."""
CONFIGURATION_CODE: Final = "configuration"
"""The `code` of the diagnostic that says the configuration cannot be used."""


def debounce_ms(options: Any) -> int:
    """The debounce delay the client asked for in its `initializationOptions`, or the default
    when it asked for none or for something that is not a non-negative integer."""
    value = options.get(DEBOUNCE_OPTION) if isinstance(options, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return DEFAULT_DEBOUNCE_MS


class CampaignServer(LanguageServer):
    """`campaign-contract lsp`: payload diagnostics, code actions, hover and completion."""

    def __init__(self) -> None:
        super().__init__(NAME, __version__)
        self.debounce = DEFAULT_DEBOUNCE_MS / 1000
        self.payloads = Payloads(None)
        self.help = FieldHelp()
        self.published: dict[str, tuple[int | None, list[Finding], str]] = {}
        """`key(URI)` -> the version, findings and text of the last diagnostics published."""
        self._pending: dict[str, asyncio.TimerHandle] = {}
        """`key(URI)` -> the debounced check waiting for the document to be quiet."""
        self.shut_down = False
        """The client asked for `shutdown`: its `exit` (or the end of input) is a clean end."""
        self.started = False
        """`initialize` has come: before it there is no workspace, and LSP allows nothing."""

    @property
    def exit_code(self) -> int:
        """What the process ends with once the client is gone: 0 after a `shutdown`, else 1,
        as LSP asks (pygls itself returns from `start_io` either way)."""
        return 0 if self.shut_down else 1

    def opened(self, uri: str) -> TextDocument | None:
        """The open document `uri` names, however the client percent-encodes it (a space,
        an accented letter), or None when it is not open (or the client has not initialized
        the server yet, so nothing is)."""
        if not self.started:
            return None
        document: TextDocument | None = self.workspace.text_documents.get(key(uri))
        return document

    @property
    def encoding(self) -> str:
        """The position encoding negotiated at `initialize` (UTF-16 unless the client chose)."""
        encoding = self.workspace.position_encoding or UTF16
        # pygls keeps the client's string, or lsprotocol's enum, whose str() is its name
        return str(getattr(encoding, "value", encoding))

    def start(self, root: Path | None, options: Any) -> None:
        """Set up for the workspace folder `root` with the client's initialization options."""
        self.debounce = debounce_ms(options) / 1000
        self.payloads = Payloads(root)
        self.started = True

    def scan(self) -> None:
        """Read the workspace's payload files for the cross-file rules."""
        try:
            self.payloads.scan()
        except UsageError as error:
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, f"{NAME}: {error}")
            )

    def watch(self) -> None:
        """Ask the client to report changes on disk to payload and configuration files, when
        it can register file watchers."""
        capabilities = self.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities is not None else None
        if watched is None or not watched.dynamic_registration:
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        )
        registration = types.Registration(
            f"{NAME}-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
        )
        self.client_register_capability(types.RegistrationParams([registration]))

    def files_changed(self, paths: list[tuple[Path, bool]]) -> None:
        """Files were saved or changed on disk (`True`: deleted): read them again, and a
        changed configuration in full; then check every open document again."""
        try:
            if any(path.name == "pyproject.toml" for path, _ in paths):
                self.payloads.forget_configuration()
                self.payloads.scan()
            for path, deleted in paths:
                if deleted:
                    self.payloads.deleted(path)
                elif path.name != "pyproject.toml":
                    self.payloads.saved(path)
        except UsageError:
            pass  # every open document's diagnostics say what is wrong with the configuration
        self.recheck_open()

    def schedule(self, uri: str) -> None:
        """Check `uri` once it has been quiet for the debounce delay (at once for 0)."""
        self.cancel(uri)
        document = self.opened(uri)
        if document is None:
            return
        if self.debounce <= 0:
            self.check(uri)
            return
        loop = asyncio.get_running_loop()
        self._pending[key(uri)] = loop.call_later(self.debounce, self.check, uri, document.version)

    def cancel(self, uri: str) -> None:
        """Forget the pending check of `uri`, if any."""
        pending = self._pending.pop(key(uri), None)
        if pending is not None:
            pending.cancel()

    def check(self, uri: str, version: int | None = None) -> None:
        """Publish the diagnostics of the open document `uri` (unless `version` is given and
        is no longer the document's: a newer change has its own check coming), under the URI
        the client opened it by."""
        self._pending.pop(key(uri), None)
        document = self.opened(uri)
        if document is None:
            return
        if version is not None and document.version != version:
            return
        uri, text = document.uri, document.source
        findings, diagnostics = self._diagnose(uri, text)
        self.published[key(uri)] = (document.version, findings, text)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, diagnostics, document.version)
        )

    def _diagnose(self, uri: str, text: str) -> tuple[list[Finding], list[types.Diagnostic]]:
        path = _fs_path(uri)
        if path is None:
            return [], []
        try:
            if not self.payloads.is_payload(path):
                return [], []
            findings = self.payloads.analyse(path, text).findings
        except UsageError as error:
            return [], [_configuration_diagnostic(error)]
        return findings, to_diagnostics(findings, text, self.encoding, uri, self._elsewhere)

    def _elsewhere(self, name: str) -> tuple[str, TextIndex] | None:
        """The URI and text of the file a cross-file finding's related place names."""
        document = self.payloads.documents().get(name)
        if document is None:
            return None
        return file_uri(self.payloads.path_of(name)), TextIndex(document.text)

    def recheck_open(self) -> None:
        """Check every open document again (a save changed what the cross-file rules see)."""
        if not self.started:
            return
        for document in list(self.workspace.text_documents.values()):
            self.cancel(document.uri)
            self.check(document.uri)

    def close(self, uri: str) -> None:
        """`uri` was closed: no more diagnostics for it."""
        self.cancel(uri)
        self.published.pop(key(uri), None)
        path = _fs_path(uri)
        if path is not None:
            self.payloads.close(path)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        """The field's documentation, and the rule behind any diagnostic at `position`."""
        document = self.opened(uri)
        if document is None:
            return None
        text = document.source
        index = TextIndex(text)
        offset = index.lsp_offset(position, self.encoding)
        if text[offset : offset + 1] == '"':
            offset += 1  # on the opening quote: the string's own place
        parts = []
        place = place_at(text, offset)
        if place is not None:
            field = self.help.hover(place)
            if field is not None:
                parts.append(field)
        parts += self._rule_help(uri, document.version, offset)
        if not parts:
            return None
        content = types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(parts))
        return types.Hover(content)

    def _rule_help(self, uri: str, version: int | None, offset: int) -> list[str]:
        """The rules of the diagnostics at `offset`, when they are of the current version."""
        published = self.published.get(key(uri))
        if published is None or published[0] != version:
            return []
        _, findings, text = published
        index = TextIndex(text)
        rules = all_rules()
        shown = []
        for finding in findings:
            start, end = index.offset(finding.span.start), index.offset(finding.span.end)
            rule = rules.get(finding.rule)
            if rule is not None and start <= offset <= max(end, start + 1) and rule.id not in shown:
                shown.append(rule.id)
        return [
            f"**{rules[rule].id}** ({SOURCE}): {rules[rule].summary}\n\n{rules[rule].explanation}"
            for rule in shown
        ]

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        """Quick fixes for the diagnostics in the range, and "fix all safe" for the document,
        from the findings of the version on screen."""
        uri = params.text_document.uri
        document = self.opened(uri)
        published = self.published.get(key(uri))
        path = _fs_path(uri)
        if document is None or published is None or path is None:
            return []
        if published[0] != document.version:
            return []
        _, findings, text = published
        only = params.context.only
        index = TextIndex(text)
        result: list[types.CodeAction] = []
        if actions.wanted(types.CodeActionKind.QuickFix, only):
            pairs = [
                (finding, to_diagnostic(finding, index, self.encoding, uri, self._elsewhere))
                for finding in findings
            ]
            result += actions.quick_fixes(uri, pairs, index, self.encoding, params.range)
        fixable = any(f.fix is not None and f.fix.safe for f in findings)
        if fixable and actions.wanted(actions.FIX_ALL_KIND, only):
            whole = actions.fix_all(
                uri, text, self.encoding, lambda data: self.payloads.findings_of(path, data)
            )
            if whole is not None:
                result.append(whole)
        return result

    def complete(self, uri: str, position: types.Position) -> types.CompletionList:
        """Keys and enum values that fit at `position`."""
        document = self.opened(uri)
        if document is None:
            return types.CompletionList(is_incomplete=False, items=[])
        text = document.source
        offset = TextIndex(text).lsp_offset(position, self.encoding)
        place = place_at(text, offset)
        items = self.help.completions(place) if place is not None else []
        return types.CompletionList(is_incomplete=False, items=items)


def key(uri: str) -> str:
    """What identifies a document whatever the percent-encoding of its URI (pygls keys its
    open documents so)."""
    return unquote(uri)


def _configuration_diagnostic(error: UsageError) -> types.Diagnostic:
    start = types.Position(0, 0)
    return types.Diagnostic(
        range=types.Range(start, start),
        message=str(error),
        severity=types.DiagnosticSeverity.Error,
        code=CONFIGURATION_CODE,
        source=SOURCE,
    )


def _root(params: types.InitializeParams) -> Path | None:
    if params.workspace_folders:
        return _fs_path(params.workspace_folders[0].uri)
    if params.root_uri:
        return _fs_path(params.root_uri)
    return Path(params.root_path) if params.root_path else None


def _fs_path(uri: str) -> Path | None:
    """The file `uri` names; None for another scheme, or a path no file can have (a NUL)."""
    fs_path = to_fs_path(uri)
    return Path(fs_path) if fs_path is not None and "\x00" not in fs_path else None


def build_server() -> CampaignServer:
    """A server with every feature registered, ready for `start_io()`."""
    server = CampaignServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: CampaignServer, params: types.InitializeParams) -> None:
        ls.start(_root(params), params.initialization_options)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: CampaignServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.INITIALIZED)
    def initialized(ls: CampaignServer, params: types.InitializedParams) -> None:
        ls.scan()
        ls.watch()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CampaignServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CampaignServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CampaignServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _fs_path(params.text_document.uri)
        ls.files_changed([(path, False)] if path is not None else [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: CampaignServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        deleted = types.FileChangeType.Deleted
        changes = [(_fs_path(change.uri), change.type == deleted) for change in params.changes]
        ls.files_changed([(path, gone) for path, gone in changes if path is not None])

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CampaignServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CampaignServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=['"'])
    )
    def completion(ls: CampaignServer, params: types.CompletionParams) -> types.CompletionList:
        return ls.complete(params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND]
        ),
    )
    def code_action(ls: CampaignServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params)

    return server
