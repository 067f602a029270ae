"""The Rust validator is imported without the `email` package, and nothing else changes."""

from __future__ import annotations

import email.utils
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

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


_BUILD = "import jsonschema_rs\nprint(repr(jsonschema_rs.jsonschema_rs.__build__))\n"


def test_the_console_script_loads_the_validator_without_email_and_the_same_build(
    tmp_path: Path,
) -> None:
    """`validate-campaign` checks a payload with no `email.utils` loaded; the build record
    jsonschema-rs made is the one it makes with the real module."""
    payload = tmp_path / "payload.json"
    payload.write_text('{"name": 1}', "utf-8")
    ours = _fresh(
        "import sys\n"
        "from campaign_contract.cli import validate_main\n"
        f"code = validate_main([{str(payload)!r}, '--quiet'])\n"
        "print(code, 'email.utils' in sys.modules)\n" + _BUILD
    )
    real = _fresh("import email.utils\n" + _BUILD)
    *_, loaded, build = ours.rstrip("\n").split("\n")
    assert loaded == "1 False"
    assert build + "\n" == real
    assert "datetime.datetime(" in build


def test_a_library_caller_imports_the_validator_plainly() -> None:
    """Only the console script's start-up, one thread yet, uses the stand-in: a library caller
    (maybe with threads of its own) imports `jsonschema_rs` with the real `email.utils`."""
    found = _fresh(
        "import sys\n"
        "from campaign_contract.lint import validate_bytes\n"
        "validate_bytes(b'{}')\n"
        "print(type(sys.modules['email.utils']).__name__)\n"
    )
    assert found.split() == ["module"]


def test_email_utils_imported_afterwards_is_the_real_module() -> None:
    found = _fresh(
        "from campaign_contract.lint import rust_engine\n"
        "rust_engine.import_without_email()\n"
        "import email.utils, sys, types\n"
        "print(type(email.utils) is types.ModuleType, callable(email.utils.format_datetime),\n"
        "      'jsonschema_rs' in sys.modules)\n"
    )
    assert found.split() == ["True", "True", "True"]


def test_with_email_utils_already_imported_the_real_module_is_kept() -> None:
    found = _fresh(
        "import email.utils, sys\n"
        "before = sys.modules['email.utils']\n"
        "from campaign_contract.lint import rust_engine\n"
        "rust_engine.import_without_email()\n"
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
