"""Hypothesis strategies for findings with everything a reporter must write: escapes, non-ASCII
text, undecodable file names, several-line spans, related places, fixes; and the lines they
quote. The reporters' tests hold each format's hand-written text to what `json` would write."""

from __future__ import annotations

from campaign_contract.findings import (
    WHOLE_FILE,
    Edit,
    Finding,
    Fix,
    Position,
    Related,
    Severity,
    Span,
)
from hypothesis import strategies as st

_TEXTS = st.text(st.sampled_from('ab "\\\t\x1b\u202e\u2028é🎉漢\udcff/.%'), max_size=8)
_SPANS = st.one_of(
    st.just(WHOLE_FILE),
    st.builds(
        lambda line, column, lines, end: Span(Position(line, column), Position(line + lines, end)),
        st.integers(1, 4),
        st.integers(1, 9),
        st.integers(0, 2),
        st.integers(1, 12),
    ),
)
_FILES = st.sampled_from(["a.json", "./dir//b.json", "/abs/c d.json", "e\udcff.json", "å.json"])
FINDINGS = st.builds(
    Finding,
    rule=st.sampled_from(["schema-enum", "json-bom", "made-up-rule"]),
    severity=st.sampled_from(Severity),
    message=_TEXTS,
    file=_FILES,
    pointer=st.sampled_from(["", "/id", "/meta/send_type", "/a~1b"]),
    span=_SPANS,
    related=st.lists(
        st.builds(Related, _TEXTS, st.just("/id"), _SPANS, st.none() | _FILES), max_size=2
    ).map(tuple),
    hint=st.none() | _TEXTS,
    suppressed=st.booleans(),
    value=st.none() | _TEXTS,
    fix=st.none()
    | st.builds(
        Fix, _TEXTS, st.lists(st.builds(Edit, _SPANS, _TEXTS), min_size=1, max_size=2).map(tuple)
    ),
)
QUOTED_LINES = st.dictionaries(
    st.integers(1, 6), st.text(st.sampled_from('a "\té🎉漢'), max_size=14)
)
