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
    gutter = f"{line:>5} | "
    if len(line_text) <= FRAME_WIDTH and line_text.isascii() and line_text.isprintable():
        # The usual line: short enough to show whole, no tab to expand, nothing to escape, a
        # column per character.
        before, width = min(start, len(line_text)), len(line_text[start:end])
        shown = f"{gutter}{line_text}".rstrip()
    else:
        shown, before, width = _escaped_frame(line_text, start, end, gutter)
    return [shown, f"{' ' * (len(gutter) - 2)}| {' ' * before}{'^' * max(width, 1)}"]


def _escaped_frame(line_text: str, start: int, end: int, gutter: str) -> tuple[str, int, int]:
    """A long or unusual line as a code frame shows it: windowed around the span, tabs
    expanded, control characters escaped; with the columns before the span and under it."""
    parts = line_text[:start], line_text[start:end], line_text[end:]
    if line_text.isascii() and line_text.isprintable():
        prefix, token, rest = _window(*parts)  # (the window's "…" takes one column too)
        widths = len(prefix), len(token)
    else:
        prefix, token, rest = _window(*(printable(part.expandtabs(4)) for part in parts))
        widths = display_width(prefix), display_width(token)
    return f"{gutter}{prefix}{token}{rest}".rstrip(), widths[0], widths[1]


class TextReporter:
    """Renders findings for a terminal or a log."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.quiet = quiet
        """One line per finding: no code frame, related places, hint or summary."""

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def _finding(self, finding: Finding, report: Report, file: str) -> list[str]:
        """The lines of one finding; `file` is its file name as printed (escaped)."""
        rule, severity, message, _, _, span, related, hint, suppressed, _, _ = finding
        line, column = span.start
        where = f"{file}:{line}:{column}"
        label = severity.label
        if self.color:
            where = self._paint("1", where)
            label = self._paint("1;" + _COLOURS[severity], label)
        tag = " (suppressed)" if suppressed else ""
        lines = [f"{where}: {label} {rule}: {printable(message)}{tag}"]
        if self.quiet:
            return lines
        text = report.line_text(finding.file, line)
        if text is not None and span != WHOLE_FILE:
            lines += code_frame(text, line, span)
        for place in related:
            shown = file if place.file is None else printable(place.file)
            start = place.span.start
            lines.append(
                f"      = related: {shown}:{start.line}:{start.column}: {printable(place.message)}"
            )
        if hint:
            lines.append(f"      = hint: {printable(hint)}")
        fix = fix_note(finding)
        if fix is not None:
            lines.append(f"      = fix: {printable(fix)}")
        return lines

    def render(self, report: Report) -> str:
        """Every finding with its frame, then the summary line."""
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """`render` in pieces, one finding at a time, for writing as it is made."""
        file, shown = None, ""
        for finding in report.findings:
            if finding.file != file:  # a file's findings come together: escape its name once
                file, shown = finding.file, printable(finding.file)
            yield "\n".join(self._finding(finding, report, shown)) + "\n"
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
