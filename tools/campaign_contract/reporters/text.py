"""The `text` output format, for people: one line per finding, a code frame, a summary.

    examples/invalid/wrong-type.json:10:22: error schema-type: send_amount must be ...
       10 |       "send_amount": "1000",
          |                      ^^^^^^
    1 error in 1 of 1 file

Colour (ANSI) is used only when the caller asks for it: the linter asks on a terminal without
`NO_COLOR`. Everything taken from the input is escaped by `printable`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from campaign_contract.findings import WHOLE_FILE, Finding, Severity, Span
from campaign_contract.reporters.base import Report, files_with_findings, fix_note
from campaign_contract.reporters.escape import printable

FRAME_WIDTH = 100
"""Code frames longer than this (minified JSON) show a window around the span."""

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTE: "36"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: Report) -> str:
    """`3 errors, 1 warning in 2 of 40 files`, `no problems in 40 files`, or, when no file
    was checked, `1 error; no file checked`."""
    active = [finding for finding in report.findings if not finding.suppressed]
    suppressed = len(report.findings) - len(active)
    counts = [
        _plural(sum(f.severity == severity for f in active), severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTE)
        if any(f.severity == severity for f in active)
    ]
    files = _plural(report.files_checked, "file")
    with_findings = files_with_findings(report)
    if counts and not report.files_checked:
        line = f"{', '.join(counts)}; no file checked"
    elif counts and not 0 < with_findings <= report.files_checked:
        # every finding is about the arguments or the configuration, none about a checked file
        line = f"{', '.join(counts)}; {files} checked"
    elif counts:
        line = f"{', '.join(counts)} in {with_findings} of {files}"
    else:
        line = f"no problems in {files}"
    return line + (f" ({suppressed} suppressed by {report.suppressed_by})" if suppressed else "")


def display_width(text: str) -> int:
    """The columns `text` takes on a terminal: wide East Asian characters and emoji take two,
    combining marks, joiners and variation selectors none."""
    import unicodedata  # noqa: PLC0415 - only unprintable characters need it

    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _window(prefix: str, token: str, rest: str) -> tuple[str, str, str]:
    """Cut a long line to about `FRAME_WIDTH` characters around the token."""
    if len(prefix) + len(token) + len(rest) <= FRAME_WIDTH:
        return prefix, token, rest
    token = token if len(token) <= FRAME_WIDTH // 2 else token[: FRAME_WIDTH // 2] + "…"
    if len(prefix) > 30:
        prefix = "…" + prefix[-29:]
    room = max(FRAME_WIDTH - len(prefix) - len(token), 10)
    if len(rest) > room:
        rest = rest[:room] + "…"
    return prefix, token, rest


def code_frame(line_text: str, line: int, span: Span) -> list[str]:
    """The source line with a caret line under the span (to the line's end if it goes on)."""
    start = span.start.column - 1
    end = span.end.column - 1 if span.end.line == line else len(line_text)
    parts = line_text[:start], line_text[start:end], line_text[end:]
    if line_text.isascii() and line_text.isprintable():
        # The usual line: no tab to expand, nothing to escape, a column per character (the
        # window's "…" takes one too).
        prefix, token, rest = _window(*parts)
        widths = len(prefix), len(token)
    else:
        prefix, token, rest = _window(*(printable(part.expandtabs(4)) for part in parts))
        widths = display_width(prefix), display_width(token)
    gutter = f"{line:>5} | "
    caret = " " * widths[0] + "^" * max(widths[1], 1)
    return [f"{gutter}{prefix}{token}{rest}".rstrip(), f"{' ' * (len(gutter) - 2)}| {caret}"]


class TextReporter:
    """Renders findings for a terminal or a log."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.quiet = quiet
        """One line per finding: no code frame, related places, hint or summary."""

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def _finding(self, finding: Finding, report: Report) -> list[str]:
        start = finding.span.start
        where = f"{printable(finding.file)}:{start.line}:{start.column}"
        severity = self._paint("1;" + _COLOURS[finding.severity], finding.severity.label)
        tag = " (suppressed)" if finding.suppressed else ""
        lines = [
            f"{self._paint('1', where)}: {severity} {finding.rule}: "
            f"{printable(finding.message)}{tag}"
        ]
        if self.quiet:
            return lines
        text = report.line_text(finding.file, start.line)
        if text is not None and finding.span != WHOLE_FILE:
            lines += code_frame(text, start.line, finding.span)
        for related in finding.related:
            file = printable(related.file if related.file is not None else finding.file)
            place = f"{file}:{related.span.start.line}:{related.span.start.column}"
            lines.append(f"      = related: {place}: {printable(related.message)}")
        if finding.hint:
            lines.append(f"      = hint: {printable(finding.hint)}")
        fix = fix_note(finding)
        if fix is not None:
            lines.append(f"      = fix: {printable(fix)}")
        return lines

    def render(self, report: Report) -> str:
        """Every finding with its frame, then the summary line."""
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """`render` in pieces, one finding at a time, for writing as it is made."""
        for finding in report.findings:
            yield "\n".join(self._finding(finding, report)) + "\n"
        if not self.quiet:
            yield summary_line(report) + "\n"


def statistics(report: Report) -> str:
    """The number of unsuppressed findings per rule, most frequent first, then the summary:

    3  schema-enum   error    A value is not one of the allowed values.
    """

    counts = Counter(finding.rule for finding in report.findings if not finding.suppressed)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    number_width = max((len(str(count)) for _, count in ranked), default=1)
    rule_width = max((len(rule) for rule, _ in ranked), default=0)
    lines = []
    for rule, count in ranked:
        info = report.rules.get(rule)
        severity = next(f.severity for f in report.findings if f.rule == rule and not f.suppressed)
        summary = info.summary if info is not None else ""
        line = f"{count:>{number_width}}  {rule:<{rule_width}}  {severity.label:<7}  {summary}"
        lines.append(printable(line.rstrip()))
    lines.append(summary_line(report))
    return "".join(line + "\n" for line in lines)
