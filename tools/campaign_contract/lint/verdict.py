"""The verdict on a request body: refused or accepted, computed one way for every part.

A body is refused when the strict loader refuses it (an error from `source.load`, or more than
`source.MAX_BYTES`), or when the request schema refuses it once normalised as the server
normalises every request (`normalise`: strings trimmed, empty ones `null`). Semantic rules and
warnings are advice and never part of it. The linter, the client's local check, the mock endpoint
and the agreement tests all take the verdict from here, with the one compiled validator.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from campaign_contract import source
from campaign_contract.findings import Finding, Severity, Span
from campaign_contract.lint.schema_findings import SchemaValidator, packaged_validator
from campaign_contract.pointer import from_path, leaves

if TYPE_CHECKING:
    from campaign_contract.lint.schema_findings import Located

TRIMMED: Final = (
    "\t\n\x0b\x0c\r \x85\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200b"
)
"""What the server trims from both ends of a string: PCRE's `\\s` under PHP's `/u`, which sets
UCP (category Z, Unicode's separators, plus PCRE's `\\h` and `\\v` lists: tab, line feed,
vertical tab, form feed, carriage return, next line U+0085 and the Mongolian vowel separator
U+180E), plus the byte-order mark and the zero-width space, as Laravel 10's `TrimStrings` pattern
`~^[\\s\\x{FEFF}\\x{200B}]+|[\\s\\x{FEFF}\\x{200B}]+$~u` spells it."""


def normalise_string(text: str) -> str | None:
    """A string as the server sees it: trimmed (`TrimStrings`), then `None` if empty
    (`ConvertEmptyStringsToNull`)."""
    return text.strip(TRIMMED) or None


def normalise(value: Any) -> Any:
    """A JSON value with every string normalised, keys left alone; `value` itself (no copy)
    when nothing changes, which is the usual case; otherwise only what changes is copied."""
    return _normalised(value)


def normalised_document(value: Any, strings: list[str] | None = None) -> Any:
    """`normalise` for a loaded document's value, which nobody changes afterwards: the last
    answer is remembered, so the linter's schema check and its rule guard walk it once.
    `strings`, every string value of the document when the loader listed them, answers the
    usual case (nothing changes) without a walk."""
    last = _LAST[0]
    if last[0] is value:
        return last[1]
    result = value if strings is not None and _unchanged(strings) else _normalised(value)
    _LAST[0] = (value, result)
    return result


_LAST: Final[list[tuple[Any, Any]]] = [(object(), None)]
"""The last (value, normalised value); one slot, replaced whole, so threads never see a mix."""


def _unchanged(strings: list[str]) -> bool:
    """True when `normalise` changes none of `strings` (an empty string is stripped too: to
    itself, but it becomes `None`, so it is not the same object)."""
    for text in strings:  # noqa: SIM110 - cheaper than all() and a generator, per clean file
        if text.strip(TRIMMED) is not text or not text:
            return False
    return True


def _normalised(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value.strip(TRIMMED) or None
    if kind is dict:
        changed: dict[str, Any] | None = None
        for key, item in value.items():
            kind = type(item)
            if kind is str:
                new = item.strip(TRIMMED) or None  # CPython: the same object when unchanged
            elif kind is dict or kind is list:
                new = _normalised(item)
            else:
                continue
            if new is not item:
                changed = changed if changed is not None else dict(value)
                changed[key] = new
        return value if changed is None else changed
    if kind is list:
        items: list[Any] | None = None
        for index, item in enumerate(value):
            new = _normalised(item)
            if new is not item:
                items = items if items is not None else list(value)
                items[index] = new
        return value if items is None else items
    return value


class Change(NamedTuple):
    """A string the server changes before validation: where, as sent, and as validated."""

    path: tuple[str | int, ...]
    sent: str
    validated: str | None


def changes(value: Any) -> Iterator[Change]:
    """Every string in `value` that `normalise` changes, in document order."""
    if _normalised(value) is value:
        return  # the usual body: nothing changes, found without building a path per value
    for path, leaf in leaves(value):
        if isinstance(leaf, str) and (normalised := normalise_string(leaf)) != leaf:
            yield Change(path, leaf, normalised)


class _Normalised:
    """A loaded document seen with its normalised value; spans stay those of the source."""

    def __init__(self, document: source.Document, value: Any) -> None:
        self.document = document
        self.value = value

    def value_span(self, pointer: str) -> Span:
        return self.document.value_span(pointer)

    def key_span(self, pointer: str) -> Span | None:
        return self.document.key_span(pointer)

    def opening_span(self, pointer: str) -> Span:
        return self.document.opening_span(pointer)


def schema_findings(
    document: source.Document, name: str, validator: SchemaValidator | None = None
) -> list[Finding]:
    """The request schema's findings on a loaded document, normalised as the server does; a
    finding on a value the server changed says so in its hint."""
    validator = validator or packaged_validator()
    value = normalised_document(document.value, document.strings)
    if value is document.value:
        return validator.check(document, name)
    located: Located = _Normalised(document, value)
    findings = validator.check(located, name)
    changed = {from_path(change.path): change for change in changes(document.value)}
    return [_explained(finding, changed.get(finding.pointer)) for finding in findings]


def _explained(finding: Finding, change: Change | None) -> Finding:
    if change is None:
        return finding
    validated = "null" if change.validated is None else f'"{change.validated}"'
    note = f"the server trims whitespace and reads an empty string as null: {validated}"
    return finding._replace(hint=f"{note}; {finding.hint}" if finding.hint else note)


class Verdict(NamedTuple):
    """The verdict on one body: what refused it (if anything) and what the server would store."""

    findings: tuple[Finding, ...]
    """The loader's findings and the schema's (on the normalised value); no semantic rule."""
    value: Any
    """The normalised body, or None when the loader refused it."""

    @property
    def accepted(self) -> bool:
        """True when no finding is an error."""
        return not any(finding.severity >= Severity.ERROR for finding in self.findings)

    @property
    def loaded(self) -> bool:
        """True when the strict loader read the body (the schema may still refuse it)."""
        return not any(
            finding.severity >= Severity.ERROR and finding.rule in LOADER_RULES
            for finding in self.findings
        )


LOADER_RULES: Final = frozenset(rule.id for rule in source.RULES)


def judge(
    data: bytes, name: str = "<request body>", validator: SchemaValidator | None = None
) -> Verdict:
    """The verdict on the body `data`, reported under `name`."""
    too_large = source.oversize_finding(name, len(data))
    if too_large is not None:
        return Verdict((too_large,), None)
    document, findings = source.load(data, name)
    if document is None:
        return Verdict(tuple(findings), None)
    found = schema_findings(document, name, validator)
    return Verdict((*findings, *found), normalised_document(document.value))
