"""`jsonschema_rs`, imported by the console script without the `email` package.

The Rust validator's extension module records its build date as it is imported, parsed by
`email.utils.parsedate_to_datetime`. Importing `email.utils` (with `socket`, `random`,
`calendar`, `locale`, `base64` and the `email` charsets: 26 modules) was a sixth of a one-file
run, for a date nothing reads. `import_without_email` imports `jsonschema_rs` while a stand-in
for `email.utils` sits in `sys.modules`: it parses that one date itself (written
`Tue, 27 Oct 2026 10:17:51 +0000`) and hands anything else to the real module, which it then
imports. Where `email.utils` is already imported, it is used as it is; afterwards the stand-in
is gone from `sys.modules`.

Only `validate-campaign`'s start-up calls it, while the process has one thread: another thread
importing `email.utils` in that window would get the stand-in. Everything else (the library,
the language server, the client) imports `jsonschema_rs` plainly.
"""

import contextlib
import re
import sys
import types
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = ["import_without_email", "parsedate_to_datetime"]

_DATE = re.compile(
    r"[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) ([1-9]\d{3}) "
    r"(\d{2}):(\d{2}):(\d{2}) ([+-]\d{2})(\d{2})",
    re.ASCII,
)
"""A date as `email.utils.format_datetime` writes it (a year below 1000 is left to `email`,
which reads years below 100 as 19xx or 20xx)."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parsedate_to_datetime(text: str) -> datetime:
    """`email.utils.parsedate_to_datetime(text)`, without importing `email` for a date written
    the usual way; any other text, or a value out of range, goes to `email.utils` itself."""
    match = _DATE.fullmatch(text) if isinstance(text, str) else None
    if match is not None:
        day, month, year, hour, minute, second, zone_hours, zone_minutes = match.groups()
        seconds = int(zone_hours) * 3600 + int(zone_hours[0] + zone_minutes) * 60
        # As in `email.utils`, `-0000` says the zone is unknown: the datetime is naive.
        naive = seconds == 0 and zone_hours[0] == "-"
        with contextlib.suppress(ValueError):  # an unknown month, a value out of range
            return datetime(
                int(year),
                _MONTHS.index(month) + 1,
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=None if naive else timezone(timedelta(seconds=seconds)),
            )
    return _email_utils().parsedate_to_datetime(text)  # type: ignore[no-any-return]


class _StandIn(types.ModuleType):
    """`email.utils` while `jsonschema_rs` is imported: its date parser, and the real module's
    other names on demand."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's probes (`__path__`, ...)
            raise AttributeError(name)
        return getattr(_email_utils(), name)


def _email_utils() -> types.ModuleType:
    """The real `email.utils`, the stand-in out of the way first."""
    if isinstance(sys.modules.get("email.utils"), _StandIn):
        del sys.modules["email.utils"]
    import email.utils  # noqa: PLC0415 - what the stand-in spares the usual run

    return email.utils


def import_without_email() -> None:
    """Import `jsonschema_rs` with the stand-in for `email.utils` (see the module's note)."""
    stand_in = None
    if "email.utils" not in sys.modules:
        stand_in = _StandIn("email.utils", "Stands in for email.utils while jsonschema_rs loads.")
        stand_in.parsedate_to_datetime = parsedate_to_datetime  # type: ignore[attr-defined]
        sys.modules["email.utils"] = stand_in
    try:
        import jsonschema_rs  # noqa: F401, PLC0415 - the import is the point
    finally:
        if stand_in is not None and sys.modules.get("email.utils") is stand_in:
            del sys.modules["email.utils"]
