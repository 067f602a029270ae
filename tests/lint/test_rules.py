"""Specification of the semantic rules: when each fires, where, with which message."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from campaign_contract.findings import Finding, Related, Severity
from campaign_contract.lint.config import Config, apply
from campaign_contract.lint.rules import (
    RULES,
    RuleContext,
    check,
    check_cross_file,
    parse_send_datetime,
)
from hypothesis import example, given
from hypothesis import strategies as st
from rule_documents import Document, load, load_text

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
CONTEXT = RuleContext("a.json", NOW)

MANUAL: dict[str, Any] = {
    "id": "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60",
    "name": "Black Friday reminder",
    "status": "pending",
    "meta": {
        "send_type": "manual",
        "segment_ids": ["6f1c2b9e-3d4a-4f5b-9c8d-7e6f5a4b3c2d"],
        "manual_data": {"send_amount": 5000, "send_datetime": "2030-11-27 09:30"},
    },
}
PLANNER: dict[str, Any] = {
    "name": "Weekday planner",
    "status": "pending",
    "meta": {
        "send_type": "planner",
        "segment_ids": ["6f1c2b9e-3d4a-4f5b-9c8d-7e6f5a4b3c2d"],
        "planner_data": {
            "days_of_week": ["Mon", "Sat"],
            "weekly_schedule": {
                "default": {"start": "09:00", "end": "17:30"},
                "Sat": {"start": "10:00", "end": "14:00"},
            },
            "multistep_data": {"step_size": 200, "min_ctr": 1, "is_active": True},
            "weekly_sms_contact_limit": 3,
            "daily_sms_contact_limit": 1,
            "is_active": True,
        },
    },
}


def edit(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `base` with `changes` applied; keys are pointers with `__` for `/`.

    A value of `DELETE` removes the member.
    """
    payload = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = payload
        for token in parents:
            node = node[token]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return payload


DELETE = object()


def run(payload: Any, context: RuleContext = CONTEXT) -> tuple[Document, list[Finding]]:
    doc = load(payload)
    return doc, check(doc, context)


def only(findings: list[Finding], rule: str) -> Finding:
    matching = [finding for finding in findings if finding.rule == rule]
    assert len(matching) == 1, findings
    return matching[0]


@pytest.mark.parametrize("payload", [MANUAL, PLANNER], ids=["manual", "planner"])
def test_realistic_payloads_have_no_findings(payload: dict[str, Any]) -> None:
    """The valid example campaigns satisfy every rule."""
    assert run(payload)[1] == []


# Each case: rule, payload, message, pointer, whether the span is the key (else the value).
FIRING = [
    (
        "send-type-data-missing",
        edit(MANUAL, meta__manual_data=None),
        'send_type "manual" needs meta.manual_data, which is null',
        "/meta/manual_data",
        "value",
    ),
    (
        "send-type-data-unused",
        edit(MANUAL, meta__planner_data={}),
        'meta.planner_data is ignored because send_type is "manual"',
        "/meta/planner_data",
        "key",
    ),
    (
        "send-datetime-format",
        edit(MANUAL, meta__manual_data__send_datetime="27/11/2030 09:30"),
        'send_datetime "27/11/2030 09:30" is not YYYY-MM-DD HH:MM[:SS] or an RFC 3339 date-time',
        "/meta/manual_data/send_datetime",
        "value",
    ),
    (
        "send-datetime-past",
        edit(MANUAL, meta__manual_data__send_datetime="2026-11-26 11:59"),
        'send_datetime "2026-11-26 11:59" is in the past and status is "pending"',
        "/meta/manual_data/send_datetime",
        "value",
    ),
    (
        "schedule-window-order",
        edit(PLANNER, meta__planner_data__weekly_schedule__Sat={"start": "14:00", "end": "14:00"}),
        'weekly_schedule.Sat ends at "14:00", not after its start "14:00"',
        "/meta/planner_data/weekly_schedule/Sat/end",
        "value",
    ),
    (
        "schedule-day-uncovered",
        edit(
            PLANNER, meta__planner_data__weekly_schedule={"Mon": {"start": "09:00", "end": "17:00"}}
        ),
        'day "Sat" has no weekly_schedule window and there is no default window',
        "/meta/planner_data/days_of_week/1",
        "value",
    ),
    (
        "contact-limit-order",
        edit(PLANNER, meta__planner_data__daily_sms_contact_limit=4),
        "daily_sms_contact_limit 4 is greater than weekly_sms_contact_limit 3",
        "/meta/planner_data/daily_sms_contact_limit",
        "value",
    ),
    (
        "min-ctr-range",
        edit(PLANNER, meta__planner_data__multistep_data__min_ctr=100.5),
        "min_ctr 100.5 is outside 0..100 (a percentage: 3 means 3 %)",
        "/meta/planner_data/multistep_data/min_ctr",
        "value",
    ),
    (
        "read-only-field",
        edit(MANUAL, meta__multistep_status={"current_step": 2}),
        "meta.multistep_status is computed by the server; a request's copy is ignored or "
        "overwritten",
        "/meta/multistep_status",
        "key",
    ),
    (
        "no-segments",
        edit(MANUAL, meta__segment_ids=[]),
        'segment_ids is empty and status is "pending"; the server stops it with '
        '"No segments selected"',
        "/meta/segment_ids",
        "value",
    ),
    (
        "server-normalised-string",
        edit(MANUAL, meta__manual_data__send_datetime=" 2030-01-15 09:00\n"),
        'meta.manual_data.send_datetime " 2030-01-15 09:00\\n" is stored as "2030-01-15 09:00": '
        "the server trims whitespace and turns an empty string into null",
        "/meta/manual_data/send_datetime",
        "value",
    ),
    (
        "selected-data-inactive",
        edit(PLANNER, meta__planner_data__is_active=False),
        'meta.planner_data is selected by send_type "planner" but has is_active false',
        "/meta/planner_data/is_active",
        "value",
    ),
]
CAMPAIGN_CONTEXT = RuleContext("a.json", NOW, campaign_id="00000000-0000-4000-8000-000000000000")


@pytest.mark.parametrize(
    ("rule", "payload", "message", "pointer", "anchor"), FIRING, ids=[c[0] for c in FIRING]
)
def test_rule_fires_with_message_and_position(
    rule: str, payload: dict[str, Any], message: str, pointer: str, anchor: str
) -> None:
    """The rule's finding: one line, the exact message, anchored on the value or the key."""
    doc, findings = run(payload)
    finding = only(findings, rule)
    span = doc.key_span(pointer) if anchor == "key" else doc.value_span(pointer)
    expected = (rule, message, "a.json", pointer, span)
    assert expected == (finding.rule, finding.message, finding.file, finding.pointer, finding.span)
    assert finding.severity == next(r.default_severity for r in RULES if r.id == rule)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("", "null"),
        ("\u00a0", "null"),
        ("\ufeffSpring sale", '"Spring sale"'),
        ("Sale\u200b", '"Sale"'),
    ],
)
def test_normalised_strings_name_what_the_server_stores(value: str, stored: str) -> None:
    """An empty string becomes null; Unicode spaces, BOM and zero-width space are trimmed."""
    finding = only(run(edit(MANUAL, name=value))[1], "server-normalised-string")
    assert finding.message.split(" is stored as ")[1].split(":")[0] == stored


def test_whitespace_inside_a_string_and_in_keys_is_left_alone() -> None:
    """Only the ends of string values change; inner spaces and object keys never do."""
    payload = edit(
        MANUAL, name="Spring  sale", meta__multistep_status={"initial_brands": {" a ": 1}}
    )
    assert "server-normalised-string" not in [f.rule for f in run(payload)[1]]


def test_campaign_id_mismatch_fires_only_with_an_expected_id() -> None:
    """The body id is compared with the campaign the payload is for, ignoring case."""
    doc, findings = run(MANUAL, CAMPAIGN_CONTEXT)
    finding = only(findings, "campaign-id-mismatch")
    assert finding.message == (
        'body id "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60" differs from the campaign id '
        '"00000000-0000-4000-8000-000000000000" this payload is for'
    )
    assert doc.value_span("/id") == finding.span
    assert run(MANUAL)[1] == []
    same = RuleContext("a.json", NOW, campaign_id=MANUAL["id"].upper())
    assert run(MANUAL, same)[1] == []


@pytest.mark.parametrize(("rule", "payload"), [(c[0], c[1]) for c in FIRING])
def test_configuration_changes_or_drops_each_rule(rule: str, payload: dict[str, Any]) -> None:
    """`config.apply` lowers a rule to a note, or turns it off."""
    findings = run(payload)[1]
    lowered = apply(Config(severity={rule: Severity.NOTE}), findings)
    assert only(lowered, rule).severity == Severity.NOTE
    assert [f for f in apply(Config(severity={rule: None}), findings) if f.rule == rule] == []


def test_related_locations_point_at_the_other_values() -> None:
    """Findings that involve two values name the second as a related location."""
    doc, findings = run(edit(PLANNER, meta__planner_data__daily_sms_contact_limit=4))
    (related,) = only(findings, "contact-limit-order").related
    pointer = "/meta/planner_data/weekly_sms_contact_limit"
    assert ("weekly limit is 3", pointer, doc.value_span(pointer)) == (
        related.message,
        related.pointer,
        related.span,
    )
    doc, findings = run(edit(MANUAL, meta__manual_data__send_datetime="2001-01-01 00:00"))
    (related,) = only(findings, "send-datetime-past").related
    assert (related.message, related.pointer) == ('status is "pending"', "/status")


# --- where rules stay quiet -------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        edit(MANUAL, meta__send_type="Manual"),  # unknown send type: the schema's business
        edit(MANUAL, meta__manual_data__send_datetime=20301127),  # not a string
        edit(MANUAL, status="draft", meta__manual_data__send_datetime="2001-01-01 00:00"),
        edit(MANUAL, status=DELETE, meta__manual_data__send_datetime="2001-01-01 00:00"),
        edit(MANUAL, status="draft", meta__segment_ids=[]),
        edit(MANUAL, meta__planner_data=None, meta__multistep_data=None),
        edit(PLANNER, meta__planner_data__weekly_schedule__Sat={"start": "9:00", "end": "08:00"}),
        edit(PLANNER, meta__planner_data__days_of_week=["Mon", "Funday", 3]),
        edit(PLANNER, meta__planner_data__daily_sms_contact_limit=3),
        edit(PLANNER, meta__planner_data__daily_sms_contact_limit=True),
        edit(PLANNER, meta__planner_data__multistep_data__min_ctr=0),
        edit(PLANNER, meta__planner_data__multistep_data__min_ctr=100),
        edit(PLANNER, meta__planner_data__multistep_data__is_active=False),
        edit(MANUAL, meta__multistep_status=None),
        edit(MANUAL, meta__multistep_data={"is_active": False, "min_ctr": 5}, meta__send_type="x"),
    ],
)
def test_rules_stay_quiet(payload: dict[str, Any]) -> None:
    """Boundaries, drafts, null data objects and wrong types give no semantic finding."""
    assert run(payload)[1] == []


def test_absent_limits_count_as_their_defaults() -> None:
    """A daily limit above the default weekly limit of 5 is reported, naming the default."""
    payload = edit(
        PLANNER,
        meta__planner_data__weekly_sms_contact_limit=DELETE,
        meta__planner_data__daily_sms_contact_limit=6,
    )
    finding = only(run(payload)[1], "contact-limit-order")
    assert finding.message == (
        "daily_sms_contact_limit 6 is greater than weekly_sms_contact_limit 5 (the default)"
    )
    assert finding.related == ()


def test_absent_segment_ids_count_as_empty() -> None:
    """Without segment_ids (default []) a pending campaign has nobody to send to."""
    doc, findings = run(edit(MANUAL, meta__segment_ids=DELETE))
    finding = only(findings, "no-segments")
    assert finding.pointer == "/meta"
    assert finding.span == doc.key_span("/meta")


def test_missing_selected_data_is_reported_on_send_type() -> None:
    """An absent data object is reported at send_type, which asks for it."""
    doc, findings = run(edit(MANUAL, meta__manual_data=DELETE))
    finding = only(findings, "send-type-data-missing")
    assert finding.message == 'send_type "manual" needs meta.manual_data, which is missing'
    assert (finding.pointer, finding.span) == ("/meta/send_type", doc.value_span("/meta/send_type"))


def test_every_day_uncovered_without_a_schedule() -> None:
    """Without weekly_schedule every listed day is uncovered."""
    payload = edit(PLANNER, meta__planner_data__weekly_schedule=DELETE)
    findings = run(payload)[1]
    assert [f.pointer for f in findings if f.rule == "schedule-day-uncovered"] == [
        "/meta/planner_data/days_of_week/0",
        "/meta/planner_data/days_of_week/1",
    ]


def test_past_is_judged_on_the_selected_data_only() -> None:
    """A past time in an unused data object is not a past start (that object is ignored)."""
    payload = edit(MANUAL, meta__multistep_data={"send_datetime": "2001-01-01 00:00"})
    assert [f.rule for f in run(payload)[1]] == ["send-type-data-unused"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2030-11-27 09:30", datetime(2030, 11, 27, 9, 30, tzinfo=UTC)),
        ("2030-11-27 09:30:15", datetime(2030, 11, 27, 9, 30, 15, tzinfo=UTC)),
        ("2030-11-27T09:30:00Z", datetime(2030, 11, 27, 9, 30, tzinfo=UTC)),
        ("2030-11-27t09:30:00.5+01:00", datetime(2030, 11, 27, 8, 30, 0, 500000, tzinfo=UTC)),
        ("2030-02-30 09:30", None),
        ("2030-11-27 24:00", None),
        ("2030-11-27T09:30:00", None),
        ("2030-11-27T09:30:60Z", None),
        ("2030-11-27 9:30", None),
        ("27/11/2030 09:30", None),
        ("2030-11-27", None),
        ("", None),
        ("\u0662\u0660\u0663\u0660-11-27 09:30", None),  # Arabic-Indic digits in the year
        ("2030-11-27T09:30:00.\uff10Z", None),  # a fullwidth digit in the fraction
    ],
)
def test_send_datetime_formats(text: str, expected: datetime | None) -> None:
    """Naive values are UTC; RFC 3339 needs an offset; impossible dates and digits other than
    ASCII 0-9 are refused."""
    assert expected == parse_send_datetime(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2030-02-30 10:00", "February 2030 has 28 days"),
        ("2028-02-30 10:00", "February 2028 has 29 days"),
        ("2030-04-31T10:00:00Z", "April 2030 has 30 days"),
        ("2030-13-01 09:00", "there is no month 13"),
        ("2030-00-10 09:00", "there is no month 00"),
        ("0000-01-01 09:00", "there is no year 0000"),
        ("2030-11-27 24:00", "hours go from 00 to 23 (midnight is 00:00 of the next day)"),
        ("2030-11-27 09:60", "minutes and seconds go from 00 to 59"),
        ("2030-11-27T09:30:60Z", "minutes and seconds go from 00 to 59"),
        (
            "2030-11-27T09:30:00+24:00",
            "its offset is not a real one (offsets go from -23:59 to +23:59)",
        ),
    ],
)
def test_an_impossible_send_datetime_is_called_impossible_with_the_reason(
    text: str, reason: str
) -> None:
    """A value in an accepted shape that names no moment is impossible, not badly formatted."""
    finding = only_rule(run(edit(MANUAL, meta__manual_data__send_datetime=text))[1])
    assert (finding.rule, finding.message, finding.hint) == (
        "send-datetime-format",
        f'send_datetime "{text}" is an impossible date-time: {reason}',
        "check the day and time on a calendar",
    )
    assert "YYYY" not in finding.message
    assert finding.pointer == "/meta/manual_data/send_datetime"


def test_an_impossible_send_datetime_spans_the_string_in_the_source() -> None:
    """The finding sits on the quoted value, as a format finding does."""
    text = (
        '{"name": "Spring", "status": "draft", "meta": {"send_type": "manual", '
        '"segment_ids": ["5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60"], '
        '"manual_data": {"send_datetime": "2030-02-30 10:00"}}}'
    )
    (finding,) = check(load_text(text), CONTEXT)
    start = text.index('"2030-02-30')
    assert (finding.span.start.column, finding.span.end.column) == (start + 1, start + 19)


def test_a_send_datetime_in_no_accepted_shape_is_a_format_problem() -> None:
    """A day-first date, or a date-time without seconds after a T, is a format problem even
    when its day does not exist."""
    for text in ("31/02/2030 09:30", "2030-02-30T10:00"):
        finding = only_rule(run(edit(MANUAL, meta__manual_data__send_datetime=text))[1])
        assert "is not YYYY-MM-DD HH:MM[:SS] or an RFC 3339 date-time" in finding.message


def only_rule(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# --- deferring to the schema ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error_pointer", "silenced"),
    [
        ("/meta/planner_data/daily_sms_contact_limit", True),  # the same place
        ("/meta/planner_data/weekly_sms_contact_limit", True),  # a place the rule read
        ("/meta/planner_data", True),  # containing it
        ("", True),  # the document as a whole
        ("/meta/planner_data/weekly_schedule/Sat/end", False),  # elsewhere
        ("/meta/planner_data/daily_sms_contact_limit_x", False),  # a longer name is not inside
    ],
)
def test_rules_defer_to_schema_errors_at_the_same_place(error_pointer: str, silenced: bool) -> None:
    """A schema error at, inside, around or under a pointer the rule read silences it."""
    doc = load(edit(PLANNER, meta__planner_data__daily_sms_contact_limit=4))
    findings = check(doc, CONTEXT, frozenset({error_pointer}))
    assert silenced == (findings == [])


# --- robustness -------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["manual", "planner", "multistep", "Mon", "09:00", "2001-01-01 00:00"])
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


def _pointers(node: Any, at: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _pointers(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _pointers(value, (*at, index))
    return found


@st.composite
def mutated_payloads(draw: st.DrawFn) -> Any:
    """A realistic payload with one value anywhere replaced by arbitrary JSON."""
    payload = copy.deepcopy(draw(st.sampled_from([MANUAL, PLANNER])))
    path = draw(st.sampled_from(_pointers(payload)))
    replacement = draw(JSON_VALUES)
    if not path:
        return replacement
    node = payload
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = replacement
    return payload


@given(mutated_payloads())
@example(edit(PLANNER, meta__planner_data__weekly_schedule={"Sat": None}))
@example(edit(PLANNER, meta__planner_data__days_of_week=[["Mon"]]))
@example(edit(MANUAL, meta__segment_ids={}))
def test_rules_never_raise_on_any_json(payload: Any) -> None:
    """Wrong types anywhere give findings or nothing, never an exception."""
    doc = load(payload)
    for finding in check(doc, CAMPAIGN_CONTEXT):
        assert "\n" not in finding.message
        assert finding.rule in {rule.id for rule in RULES}


# --- across files -----------------------------------------------------------------------------


def test_duplicate_id_and_name_are_reported_on_the_later_file() -> None:
    """The second file with an id or name gets the finding, pointing back at the first."""
    first, second, third = load(MANUAL), load(edit(MANUAL, id=MANUAL["id"].upper())), load(PLANNER)
    findings = check_cross_file([("a.json", first), ("b.json", second), ("c.json", third)])
    expected = [
        Finding(
            "duplicate-campaign-id",
            Severity.ERROR,
            'id "5E2F7A90-4C1B-4D3E-9F8A-1B2C3D4E5F60" is also the id of a.json',
            "b.json",
            "/id",
            second.value_span("/id"),
            (Related("first used here as id", "/id", first.value_span("/id"), "a.json"),),
            hint="each payload file is one campaign; give this one its own id",
            value='"5E2F7A90-4C1B-4D3E-9F8A-1B2C3D4E5F60"',
        ),
        Finding(
            "duplicate-campaign-name",
            Severity.WARNING,
            'name "Black Friday reminder" is also the name of a.json',
            "b.json",
            "/name",
            second.value_span("/name"),
            (Related("first used here as name", "/name", first.value_span("/name"), "a.json"),),
            hint="each payload file is one campaign; give this one its own name",
            value='"Black Friday reminder"',
        ),
    ]
    assert expected == findings


def test_cross_file_rules_ignore_distinct_and_non_string_values() -> None:
    """Different values, missing ids, non-string names and non-object files are fine."""
    docs = [
        ("a.json", load(MANUAL)),
        ("b.json", load(PLANNER)),
        ("c.json", load(edit(PLANNER, name=3))),
        ("d.json", load([1, 2])),
    ]
    assert check_cross_file(docs) == []


def test_cross_file_severity_follows_configuration() -> None:
    """`duplicate-campaign-name` can be lowered like any other rule."""
    docs = [("a.json", load(MANUAL)), ("b.json", load(edit(MANUAL, id=DELETE)))]
    config = Config(severity={"duplicate-campaign-name": Severity.NOTE})
    assert [f.severity for f in apply(config, check_cross_file(docs))] == [Severity.NOTE]


def test_public_api() -> None:
    """The rules package exports exactly its documented interface."""
    from campaign_contract.lint import rules

    expected = [
        "CHECKS",
        "Check",
        "RULES",
        "RULES_BY_ID",
        "RuleContext",
        "SourceDocument",
        "awake",
        "check",
        "check_cross_file",
        "parse_send_datetime",
        "quiet",
        "run_checks",
        "same_place",
    ]
    assert expected == sorted(rules.__all__)


def test_a_naive_now_is_read_as_utc_as_on_the_command_line() -> None:
    """`now=` without an offset means UTC, like `--now` without one, never an AssertionError."""
    context = RuleContext("a.json", datetime(2026, 1, 1))  # naive on purpose
    assert context.now == datetime(2026, 1, 1, tzinfo=UTC)


def test_validate_bytes_accepts_a_naive_now() -> None:
    """The library call with a naive clock judges the past as the command line does."""
    from campaign_contract.lint.runner import validate_bytes

    data = json.dumps(edit(MANUAL, meta__manual_data__send_datetime="2026-11-26 11:59")).encode()
    naive = validate_bytes(data, "a.json", now=datetime(2026, 11, 26, 12, 0))
    aware = validate_bytes(data, "a.json", now=NOW)
    assert ["send-datetime-past"] == [f.rule for f in naive] == [f.rule for f in aware]


EXACT = """\
{
  "name": "Ålesund 🎉",
  "status": "pending",
  "meta": {
    "send_type": "planner",
    "segment_ids": [],
    "manual_data": {"send_datetime": "2030-13-01 09:00"},
    "planner_data": {
      "days_of_week": ["Mon", "Sun"],
      "weekly_schedule": {"Mon": {"start": "18:00", "end": "09:00"}},
      "multistep_data": {"min_ctr": -1},
      "weekly_sms_contact_limit": 2, "daily_sms_contact_limit": 3,
      "is_active": false
    },
    "multistep_status": null
  }
}
"""


def test_exact_positions_in_a_hand_written_file() -> None:
    """Line:column spans (characters, end exclusive) of findings in a literal file."""
    findings = check(load_text(EXACT), CONTEXT)
    actual = [(f.rule, f.span.start.line, f.span.start.column, f.span.end.column) for f in findings]
    expected = [
        ("no-segments", 6, 20, 22),
        ("send-type-data-unused", 7, 5, 18),
        ("send-datetime-format", 7, 38, 56),
        ("schedule-day-uncovered", 9, 31, 36),
        ("schedule-window-order", 10, 60, 67),
        ("min-ctr-range", 11, 37, 39),
        ("contact-limit-order", 12, 65, 66),
        ("selected-data-inactive", 13, 20, 25),
    ]
    assert expected == actual
