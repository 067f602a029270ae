"""One redaction for everything that leaves the client: every spelling of the token is masked."""

from __future__ import annotations

import json
import secrets
import urllib.parse

import pytest
from campaign_contract.client.redaction import Redactor

TOKEN = f'7|{secrets.token_urlsafe(30)}/+= "q\\é'
REDACTOR = Redactor(TOKEN)


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param(TOKEN, id="raw"),
        pytest.param(json.dumps(TOKEN)[1:-1].replace("/", "\\/"), id="json-laravel"),
        pytest.param(json.dumps(TOKEN, ensure_ascii=True)[1:-1], id="json-ascii"),
        pytest.param("".join(f"\\u{ord(c):04X}" for c in TOKEN), id="json-u-all"),
        pytest.param(urllib.parse.quote(TOKEN, safe=""), id="url"),
        pytest.param(urllib.parse.quote_plus(TOKEN), id="url-plus"),
        pytest.param(urllib.parse.quote(urllib.parse.quote(TOKEN, safe=""), safe=""), id="url-2x"),
        pytest.param(json.dumps(json.dumps(TOKEN))[3:-3], id="json-2x"),
        pytest.param(
            urllib.parse.quote(TOKEN[:9], safe="") + json.dumps(TOKEN[9:], ensure_ascii=True)[1:-1],
            id="mixed",
        ),
    ],
)
def test_every_spelling_of_the_token_is_masked(spelling: str) -> None:
    """Raw, JSON-escaped (`\\/`, `\\u`), percent-encoded, twice-encoded or mixed: all masked."""
    assert REDACTOR.redact(f"before {spelling} after") == "before *** after"


def test_text_without_the_token_is_left_alone() -> None:
    """Pieces of the token alone, or other text, are not touched."""
    text = f"{TOKEN[:-1]} and {TOKEN[1:]} and %2F \\u0041"
    assert REDACTOR.redact(text) == text


def test_an_excerpt_is_masked_before_it_is_cut() -> None:
    """Regression: a token straddling the cut leaked its beginning."""
    text = "x " * 97 + TOKEN
    assert REDACTOR.excerpt(text, 200) == "x " * 97 + "***"


def test_the_end_of_an_incomplete_text_may_start_the_token_so_it_is_dropped() -> None:
    """A body cut by the size cap may end inside the token: that end is not quoted."""
    text = "y" * 10 + TOKEN[:12]
    assert REDACTOR.excerpt(text, 200, complete=False) == ""
    assert REDACTOR.excerpt(text, 200) == text


def test_the_redactor_shows_no_secret_in_its_repr() -> None:
    """Even the helper's repr keeps the token out."""
    assert TOKEN[:6] not in repr(REDACTOR)


def test_a_token_escaped_three_times_is_still_masked() -> None:
    """The bound on repeated escapes (`MAX_ESCAPES`) still covers JSON-escaping three times."""
    thrice = json.dumps(json.dumps(json.dumps(TOKEN, ensure_ascii=True)))[1:-1]
    assert REDACTOR.redact(f"[{thrice}]").count("***") == 1


@pytest.mark.parametrize(
    "filler",
    ["\\", "\\" * 7 + "u00", "%2525", "\\/", TOKEN[:-1] + " "],
    ids=["backslashes", "backslashes-u", "percent-25", "escaped-slashes", "token-prefixes"],
)
def test_a_megabyte_made_to_trip_the_pattern_is_left_alone_in_linear_time(filler: str) -> None:
    """Regression: an unbounded `\\\\+` in the pattern made a run of backslashes quadratic, and
    a 1 MiB answer (within the size cap) held the client for hours; now about 0.2 s."""
    text = filler * (1_048_576 // len(filler))
    assert REDACTOR.redact(text) == text
