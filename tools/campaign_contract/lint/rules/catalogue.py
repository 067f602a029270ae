"""The catalogue of semantic rules: id, default severity, summary, explanation and examples.

The ids and default severities are those of the "Semantic rules" table in docs/contract.md; they are
stable, because users name them in configuration and baselines.
"""

from __future__ import annotations

from typing import Final

from campaign_contract.findings import RuleInfo, Severity

SEND_TYPE_DATA_MISSING: Final = "send-type-data-missing"
SEND_TYPE_DATA_UNUSED: Final = "send-type-data-unused"
SEND_DATETIME_FORMAT: Final = "send-datetime-format"
SEND_DATETIME_PAST: Final = "send-datetime-past"
SCHEDULE_WINDOW_ORDER: Final = "schedule-window-order"
SCHEDULE_DAY_UNCOVERED: Final = "schedule-day-uncovered"
CONTACT_LIMIT_ORDER: Final = "contact-limit-order"
MIN_CTR_RANGE: Final = "min-ctr-range"
READ_ONLY_FIELD: Final = "read-only-field"
CAMPAIGN_ID_MISMATCH: Final = "campaign-id-mismatch"
NO_SEGMENTS: Final = "no-segments"
SELECTED_DATA_INACTIVE: Final = "selected-data-inactive"
SERVER_NORMALISED_STRING: Final = "server-normalised-string"
DUPLICATE_CAMPAIGN_ID: Final = "duplicate-campaign-id"
DUPLICATE_CAMPAIGN_NAME: Final = "duplicate-campaign-name"

RULES: Final[tuple[RuleInfo, ...]] = (
    RuleInfo(
        SEND_TYPE_DATA_MISSING,
        Severity.ERROR,
        "The `*_data` object selected by `send_type` is missing or null.",
        "`meta.send_type` chooses which settings object the server reads: `manual_data`, "
        "`multistep_data` or `planner_data`. When that object is absent or null the campaign "
        "has no settings for the way it is sent. Add the object (an empty `{}` takes the "
        "server's defaults) or change `send_type`.",
        '{"meta": {"send_type": "manual", "manual_data": {}}}',
        '{"meta": {"send_type": "manual", "manual_data": null}}',
    ),
    RuleInfo(
        SEND_TYPE_DATA_UNUSED,
        Severity.WARNING,
        "A `*_data` object for another send type is present; the server ignores it.",
        "Only the settings object named by `send_type` is used. Another one (for example "
        "`planner_data` on a manual campaign) is ignored, which usually means the payload was "
        "copied from another campaign or `send_type` is wrong. Remove the object or set it to "
        "null.",
        '{"meta": {"send_type": "manual", "manual_data": {}, "planner_data": null}}',
        '{"meta": {"send_type": "manual", "manual_data": {}, "planner_data": {}}}',
    ),
    RuleInfo(
        SEND_DATETIME_FORMAT,
        Severity.ERROR,
        "A `send_datetime` is not `YYYY-MM-DD HH:MM[:SS]` or an RFC 3339 date-time, or is "
        "an impossible one.",
        "The API declares no format for `send_datetime`, but the backend parses "
        "`YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` and RFC 3339 date-times such as "
        "`2030-11-27T09:30:00+01:00`, written with the digits 0-9 as those formats define them. "
        "Anything else (a day-first date, a missing time, the 31st of a 30-day month, another "
        "script's digits) is rejected or misread by the server. A value in the right shape that "
        "names no moment (`2030-02-30 10:00`, `24:00`) is called impossible, with the reason.",
        '{"send_datetime": "2030-11-27 09:30"}',
        '{"send_datetime": "27/11/2030 09:30"}',
    ),
    RuleInfo(
        SEND_DATETIME_PAST,
        Severity.WARNING,
        "The selected `send_datetime` lies in the past and `status` is not `draft`.",
        "A campaign that is not a draft with a start time in the past is sent at once, which is "
        "rarely what was planned. Times without an offset are read as UTC; the current time is "
        "the clock, or `--now`. Move the start time, or keep the campaign a draft.",
        '{"status": "pending", "meta": {"send_type": "manual", '
        '"manual_data": {"send_datetime": "2099-01-01 09:00"}}}',
        '{"status": "pending", "meta": {"send_type": "manual", '
        '"manual_data": {"send_datetime": "2001-01-01 09:00"}}}',
    ),
    RuleInfo(
        SCHEDULE_WINDOW_ORDER,
        Severity.ERROR,
        "A `weekly_schedule` window ends at or before its start.",
        "A window `{start, end}` sends from `start` to `end` on the same day; windows do not "
        "wrap past midnight. A window whose `end` is not after its `start` sends nothing. Swap "
        "the times or split the window.",
        '{"weekly_schedule": {"Mon": {"start": "09:00", "end": "17:00"}}}',
        '{"weekly_schedule": {"Mon": {"start": "17:00", "end": "09:00"}}}',
    ),
    RuleInfo(
        SCHEDULE_DAY_UNCOVERED,
        Severity.WARNING,
        "A day in `days_of_week` has neither its own `weekly_schedule` window nor `default`.",
        "The planner sends on the days of `days_of_week`, in the window of that day, or in the "
        "`default` window for days without their own. A listed day with neither has no window, "
        "so nothing is sent that day. Add a window for the day or a `default` window.",
        '{"days_of_week": ["Mon"], "weekly_schedule": {"default": '
        '{"start": "09:00", "end": "17:00"}}}',
        '{"days_of_week": ["Mon", "Sun"], "weekly_schedule": {"Mon": '
        '{"start": "09:00", "end": "17:00"}}}',
    ),
    RuleInfo(
        CONTACT_LIMIT_ORDER,
        Severity.ERROR,
        "`daily_sms_contact_limit` is greater than `weekly_sms_contact_limit`.",
        "A contact can never receive more messages in one day than in the week around it, so a "
        "daily limit above the weekly one means one of them is wrong. An absent limit counts as "
        "its default (weekly 5, daily 1).",
        '{"weekly_sms_contact_limit": 5, "daily_sms_contact_limit": 1}',
        '{"weekly_sms_contact_limit": 2, "daily_sms_contact_limit": 3}',
    ),
    RuleInfo(
        MIN_CTR_RANGE,
        Severity.WARNING,
        "`min_ctr` is outside 0..100 (it is a percentage).",
        "`min_ctr` is the click-through rate, in percent, a multistep step must reach for the "
        "next step to run: 3 means 3 %. A value below 0 or above 100 can never be met or is "
        "always met, which usually means a fraction (0.03) or a per-mille value was written.",
        '{"min_ctr": 3}',
        '{"min_ctr": 250}',
    ),
    RuleInfo(
        READ_ONLY_FIELD,
        Severity.WARNING,
        "The request carries `multistep_status`, which the server computes.",
        "`meta.multistep_status` is written by the sending machinery. A copy in a request is "
        "ignored or overwritten, so it only makes the payload look as if it controlled "
        "progress. Remove it (payloads copied from a GET response often carry it).",
        '{"meta": {"send_type": "manual", "manual_data": {}}}',
        '{"meta": {"send_type": "manual", "manual_data": {}, '
        '"multistep_status": {"current_step": 2}}}',
    ),
    RuleInfo(
        CAMPAIGN_ID_MISMATCH,
        Severity.ERROR,
        "The body `id` differs from the campaign id the payload is meant for.",
        "The campaign is chosen by the path of `PUT /api/v1/sms/campaigns/{campaign}`; a body "
        "`id` never moves a campaign. A different body `id` means the payload was written for "
        "another campaign. The expected id comes from the command line or from `campaign-ids` "
        "in the configuration; UUIDs are compared without regard to case.",
        '{"id": "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60"}',
        '{"id": "00000000-0000-4000-8000-000000000000"}',
    ),
    RuleInfo(
        NO_SEGMENTS,
        Severity.WARNING,
        "`segment_ids` is empty and `status` is not `draft`.",
        "A campaign with no segments has nobody to send to: the server stops it with the status "
        'reason "No segments selected". An absent `segment_ids` defaults to `[]`. Add segments '
        "or keep the campaign a draft.",
        '{"status": "pending", "meta": {"segment_ids": ["6f1c2b9e-3d4a-4f5b-9c8d-7e6f5a4b3c2d"]}}',
        '{"status": "pending", "meta": {"segment_ids": []}}',
    ),
    RuleInfo(
        SELECTED_DATA_INACTIVE,
        Severity.WARNING,
        "The `*_data` selected by `send_type` has `is_active: false`.",
        "The settings object that `send_type` selects is switched off, so the campaign will not "
        "send in that mode. Set `is_active` to true, or choose another `send_type`.",
        '{"meta": {"send_type": "multistep", "multistep_data": {"is_active": true}}}',
        '{"meta": {"send_type": "multistep", "multistep_data": {"is_active": false}}}',
    ),
    RuleInfo(
        SERVER_NORMALISED_STRING,
        Severity.WARNING,
        "A string the server trims, or turns into `null`, before it validates and stores it.",
        "Before any rule runs, the server trims whitespace (spaces, tabs, line breaks, Unicode "
        "spaces, the byte-order mark and the zero-width space) from both ends of every string, "
        "then turns an empty string into `null`. The value stored, and returned, is not the "
        "value sent; the schema judges the trimmed value, so a name of 3 characters padded with "
        "spaces is too short. Send the value as it should be stored.",
        '{"name": "Spring sale", "meta": {"sms_routing_plan_id": null}}',
        '{"name": " Spring sale ", "meta": {"sms_routing_plan_id": ""}}',
    ),
    RuleInfo(
        DUPLICATE_CAMPAIGN_ID,
        Severity.ERROR,
        "Two files checked together carry the same `id`.",
        "Each payload file describes one campaign, so two files with the same body `id` would "
        "overwrite each other's campaign. The finding is on every file after the first, with "
        "the first file as a related location. Ids are compared without regard to case.",
        '{"id": "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60"}',
        '{"id": "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60"} (in a second file)',
    ),
    RuleInfo(
        DUPLICATE_CAMPAIGN_NAME,
        Severity.WARNING,
        "Two files checked together carry the same `name`.",
        "Campaign names are what people search for in the dashboard; two campaigns with the same "
        "name are easy to confuse. The finding is on every file after the first, with the "
        "first file as a related location. Names are compared exactly.",
        '{"name": "Black Friday reminder"}',
        '{"name": "Black Friday reminder"} (in a second file)',
    ),
)
"""Every semantic rule, in the order of docs/contract.md."""
