"""The Rust validator is imported without the `email` package, and nothing else changes."""

from __future__ import annotations

import email.utils
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest
from campaign_contract.lint.rust_engine import parsedate_to_datetime
from hypothesis import example, given
from hypothesis import strategies as st

_ZONES = st.builds(
    timezone, st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timedelta(minutes=m))
)


def _same(text: object) -> None:
    """Our parser and `email.utils` give equal datetimes (zones included), or both refuse."""
    try:
        expected: object = email.utils.parsedate_to_datetime(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError, AttributeError) as error:
        expected = type(error)
    try:
        got: object = parsedate_to_datetime(text)  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError, AttributeError) as error:
        got = type(error)
    assert got == expected
    if isinstance(got, datetime) and isinstance(expected, datetime):
        assert got.tzinfo == expected.tzinfo


@given(st.datetimes(min_value=datetime(1000, 1, 1), timezones=st.none() | _ZONES))
def test_a_date_as_email_writes_it_is_read_as_email_reads_it(moment: datetime) -> None:
    """Every date `format_datetime` writes (the form jsonschema-rs records its build in),
    aware or naive (`-0000`)."""
    _same(email.utils.format_datetime(moment.replace(microsecond=0)))


@given(st.text(alphabet="0123456789 :+-,ADFJMNOSTabceghilnoprtuvy\t") | st.text())
@example("Tue, 27 Oct 2026 10:17:51 +0000")
@example("Tue, 27 Oct 2026 10:17:51 -0000")
@example("Tue, 27 Oct 0050 10:17:51 +0000")  # email reads years below 100 as 19xx/20xx
@example("Tue, 27 Oct 2026 24:00:00 +0000")
@example("Tue, 31 Feb 2026 10:17:51 +0000")
@example("Tue, 27 Oct 2026 10:17:51 +2400")
@example("Tue, 27 Oct 2026 10:17:51 +0599")
@example("Tue, 27 oct 2026 10:17:51 +0000")
@example("27 Oct 2026 10:17:51 GMT")
@example("Tue, 27 Oct 2026 10:17:51 +0000 ")
@example("Tue, ٢٧ Oct 2026 10:17:51 +0000")
@example("")
def test_any_other_text_gets_the_email_packages_answer(text: str) -> None:
    """Text in another form, or with a value out of range, gets what `email.utils` gives."""
    _same(text)


def test_a_value_that_is_not_text_gets_the_email_packages_answer() -> None:
    _same(None)
    _same(b"Tue, 27 Oct 2026 10:17:51 +0000")


def _fresh(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout


_BUILD = "print(repr(jsonschema_rs.jsonschema_rs.__build__))"


def test_the_validator_loads_without_email_and_records_the_same_build() -> None:
    """In a fresh process the linter's schema module loads `jsonschema_rs` and leaves no
    `email.utils` behind; the build record it made is the one made with the real module."""
    ours = _fresh(
        "import sys\n"
        "from campaign_contract.lint import schema_findings\n"
        "from campaign_contract.lint.rust_engine import jsonschema_rs\n"
        "print('email.utils' in sys.modules)\n" + _BUILD
    )
    real = _fresh("import email.utils\nimport jsonschema_rs\n" + _BUILD)
    loaded, build = ours.split("\n", 1)
    assert loaded == "False"
    assert build == real
    assert "datetime.datetime(" in build


def test_email_utils_imported_afterwards_is_the_real_module() -> None:
    found = _fresh(
        "from campaign_contract.lint import schema_findings\n"
        "import email.utils, types\n"
        "print(type(email.utils) is types.ModuleType, callable(email.utils.format_datetime))\n"
    )
    assert found.split() == ["True", "True"]


def test_with_email_utils_already_imported_the_real_module_is_kept() -> None:
    found = _fresh(
        "import email.utils, sys\n"
        "before = sys.modules['email.utils']\n"
        "from campaign_contract.lint import schema_findings\n"
        "print(sys.modules['email.utils'] is before)\n"
    )
    assert found.split() == ["True"]


@pytest.mark.parametrize("name", ["format_datetime", "formatdate", "parseaddr"])
def test_the_stand_in_answers_any_other_name_from_the_real_module(name: str) -> None:
    """Asked for another name while it stands in, it imports the real module and steps aside."""
    found = _fresh(
        "import sys\n"
        "from campaign_contract.lint import rust_engine\n"
        "stand_in = rust_engine._StandIn('email.utils')\n"
        "sys.modules['email.utils'] = stand_in\n"
        f"print(callable(getattr(stand_in, {name!r})), sys.modules['email.utils'] is stand_in)\n"
    )
    assert found.split() == ["True", "False"]


def test_the_stand_in_answers_no_import_system_probe() -> None:
    """`__path__` and the like are not the real module's: asking must not import it."""
    found = _fresh(
        "import sys\n"
        "from campaign_contract.lint import rust_engine\n"
        "stand_in = rust_engine._StandIn('email.utils')\n"
        "print(hasattr(stand_in, '__path__'), 'email.utils' in sys.modules)\n"
    )
    assert found.split() == ["False", "False"]


def test_utc_is_the_utc_singleton() -> None:
    assert parsedate_to_datetime("Tue, 27 Oct 2026 10:17:51 +0000").tzinfo is UTC
