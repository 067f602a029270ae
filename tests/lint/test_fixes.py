"""Specification of `--fix` and `--diff`: which findings are repaired, how, and what is written."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from campaign_contract import source
from campaign_contract.findings import Edit, Finding, Fix, Position, Severity, Span
from campaign_contract.lint import cli as lint_cli
from campaign_contract.lint.fixes import MAX_ROUNDS, fix_bytes
from campaign_contract.lint.fixes.text import Lines, Range, Taken, overlaps
from campaign_contract.lint.runner import check_bytes
from campaign_contract.lint.suggest import suggest
from hypothesis import given
from hypothesis import strategies as st

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 1, 1, tzinfo=UTC)
UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def check(data: bytes) -> list[Finding]:
    """The linter's findings for `data`, as --fix sees them."""
    return check_bytes(data, "p.json", now=NOW).findings


def fixed(text: str, unsafe: bool = False) -> str:
    """`text` after --fix (or --fix --unsafe-fixes)."""
    return fix_bytes(text.encode(), check, unsafe).data.decode()


def manual(members: str, meta: str = "") -> str:
    """A manual campaign whose manual_data holds `members` and meta also `meta`."""
    return (
        '{\n  "name": "Spring",\n  "meta": {\n    "send_type": "manual",'
        f"{meta}\n"
        f'    "manual_data": {{{members}}}\n  }}\n}}\n'
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (manual('"send_amout": 10'), manual('"send_amount": 10')),
        (manual('"send_amount": "1000"'), manual('"send_amount": 1000')),
        (manual('"send_amount": 10', ' "use_dedicated_domains": "true",'),
         manual('"send_amount": 10', ' "use_dedicated_domains": true,')),
        (manual('"send_amount": 10,'), manual('"send_amount": 10')),
        (manual('"send_amount": 10').replace('"manual",', '"MANUAL",', 1),
         manual('"send_amount": 10')),
        ('{"name": "Spring", "meta": {"send_type": "planner", "planner_data": '
         '{"days_of_week": ["Monday", "tues", "THU"]}}}',
         '{"name": "Spring", "meta": {"send_type": "planner", "planner_data": '
         '{"days_of_week": ["Mon", "Tue", "Thu"]}}}'),
    ],
    ids=["misspelt-key", "number-string", "boolean-string", "trailing-comma", "enum-case",
         "weekday-spellings"],
)  # fmt: skip
def test_each_safe_fix_repairs_its_near_miss(before: str, after: str) -> None:
    """A misspelt key, a canonical number or boolean string, a trailing comma and enum near
    misses are repaired by the smallest edit."""
    assert after == fixed(before)


@pytest.mark.parametrize(
    "written", ['"Manual"', '"manul"', '"MANUAL"', '"planer"', '"Sms"', '"menual"']
)
def test_an_enum_fix_writes_the_value_the_message_suggests(written: str) -> None:
    """The fix and the "did you mean" of the message come from one function: they never
    disagree, and a near miss with no single suggestion gets no fix."""
    text = manual('"send_amount": 10').replace('"manual",', f"{written},", 1)
    (finding,) = [f for f in check(text.encode()) if f.rule == "schema-enum"]
    wanted = suggest(json.loads(written), ["manual", "multistep", "planner"])
    if wanted is None:
        assert finding.fix is None
    else:
        assert f'did you mean "{wanted}"' in finding.message
        assert finding.fix is not None
        assert [edit.text for edit in finding.fix.edits] == [json.dumps(wanted)]


@pytest.mark.parametrize(
    "written", ['"1,000"', '"1e3"', '"01000"', '" 1000"', '"1000.0"', '"0x10"']
)
def test_a_number_string_that_is_not_its_canonical_json_text_is_left_alone(written: str) -> None:
    """Only the exact JSON text of a value is unquoted: "1,000" or "1e3" may mean something else."""
    text = manual(f'"send_amount": {written}')
    assert text == fixed(text)


@pytest.mark.parametrize("written", ["NaN", "Infinity", "-Infinity"])
def test_a_number_python_reads_but_json_has_not_is_never_offered_as_a_fix(written: str) -> None:
    """`"NaN"` where min_ctr wants a number: Python's json reads NaN, RFC 8259 has no such
    number, so unquoting it would break the file; no output may promise that fix."""
    text = manual('"send_amount": 1', meta=f' "multistep_data": {{"min_ctr": "{written}"}},')
    findings = check(text.encode())
    (typed,) = [f for f in findings if f.pointer == "/meta/multistep_data/min_ctr"]
    assert typed.rule == "schema-type"
    assert typed.fix is None


def test_two_keys_misspelling_the_same_key_are_both_left_alone() -> None:
    """Renaming both would write one key twice, so neither gets a fix."""
    text = manual('"send_amout": 10, "send_amoun": 20')
    assert text == fixed(text)
    assert all(f.fix is None for f in check(text.encode()))


def test_a_word_with_two_close_candidates_has_no_suggestion_to_fix_to() -> None:
    """A misspelling is fixed only when one declared key is close (or one differs in case)."""
    assert suggest("send_amout", ["send_amount", "name"]) == "send_amount"
    assert suggest("limit_x", ["limit_a", "limit_b"]) is None
    assert suggest("Name", ["name", "NAME"]) is None


def test_removals_need_the_unsafe_option() -> None:
    """A repeated segment, a read-only field and unused data are removed only when asked."""
    text = (
        '{\n  "name": "Spring",\n  "meta": {\n    "send_type": "manual",\n'
        f'    "segment_ids": ["{UUID}", "{UUID}"],\n'
        '    "multistep_status": {},\n'
        '    "manual_data": {"send_amount": 10},\n'
        '    "planner_data": {"is_active": true}\n  }\n}\n'
    )
    assert text == fixed(text)
    expected = (
        '{\n  "name": "Spring",\n  "meta": {\n    "send_type": "manual",\n'
        f'    "segment_ids": ["{UUID}"],\n'
        '    "manual_data": {"send_amount": 10}\n  }\n}\n'
    )
    assert expected == fixed(text, unsafe=True)
    unsafe = {f.rule for f in check(text.encode()) if f.fix is not None and not f.fix.safe}
    assert {"schema-unique-items", "read-only-field", "send-type-data-unused"} == unsafe


def test_every_byte_outside_the_edits_is_kept() -> None:
    """Line endings, a BOM, tabs, escapes, key order and characters outside the BMP survive."""
    body = (
        '{\r\n\t"meta": {"send_type": "manual", "manual_data": {"send_amout": "12"}},\r\n'
        '\t"name": "\\u00c5lesund \U0001f600 \\"x\\""\r\n}'
    )
    data = b"\xef\xbb\xbf" + body.encode()
    expected = b"\xef\xbb\xbf" + body.replace("amout", "amount").replace('"12"', "12").encode()
    assert expected == fix_bytes(data, check).data


def test_trailing_commas_are_removed_until_the_file_parses() -> None:
    """Each round reveals the next syntax error; the loop repeats until the file parses."""
    text = '{"name": "Spring", "meta": {"send_type": "manual", "manual_data": {"a": [1,],},},}'
    result = fixed(text)
    assert source.load(result.encode(), "")[0] is not None
    assert '"a": [1]}}}' in result


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "Spring", "meta": {"segment_ids": ["a", }}',  # a missing ]
        '{"name": "Spring", "meta": {"send_type": "manual", "x": ]}',  # a missing value
        "[[1], }",
    ],
)
def test_a_comma_before_a_bracket_that_closes_nothing_open_is_not_a_trailing_comma(
    text: str,
) -> None:
    """Removing that comma mends nothing (the file still does not parse), so no fix is
    offered and --fix leaves the file as it is."""
    assert all(finding.fix is None for finding in check(text.encode()))
    assert fixed(text) == text


def test_brackets_inside_strings_do_not_hide_a_trailing_comma() -> None:
    """The innermost open bracket is found past strings holding brackets and quotes."""
    text = '{"name": "Spr[ing\\"{", "meta": {"send_type": "manual", "x": ["}", "]",],},}'
    assert fixed(text) == text.replace(",]", "]").replace(",}", "}")


def test_a_second_fix_changes_nothing() -> None:
    """fix(fix(x)) == fix(x) on the example payloads."""
    for text in (manual('"send_amout": "5",'), manual('"send_amount": "0"')):
        once = fixed(text, unsafe=True)
        assert once == fixed(once, unsafe=True)


def test_the_loop_stops_after_a_bounded_number_of_rounds() -> None:
    """A fix that never settles (here, one that toggles a value) is made MAX_ROUNDS times."""
    calls = []

    def toggling(data: bytes) -> list[Finding]:
        calls.append(data)
        value = b"1" if b"0" in data else b"0"
        edit = Edit(Span.at(1, 2), value.decode())
        return [Finding("x", Severity.ERROR, "m", "p.json", fix=Fix("toggle", (edit,)))]

    outcome = fix_bytes(b"[0]", toggling)
    assert outcome.applied == MAX_ROUNDS
    assert len(calls) == MAX_ROUNDS + 1  # the last look, for what is left


def test_fixing_that_stops_at_the_bound_says_so() -> None:
    """More trailing commas than rounds (one is revealed per round): the run does not leave
    work for a second --fix silently, a fix-failed finding says to run it again."""
    commas = ",".join(["[1,]"] * (MAX_ROUNDS + 5))
    outcome = fix_bytes(manual(f'"send_amount": 1, "x": [{commas}]').encode(), check)
    assert outcome.applied == MAX_ROUNDS
    (failed,) = outcome.failed
    assert failed.rule == "fix-failed"
    assert "stopped after 100 rounds with more to do; run --fix again" in failed.message
    assert fix_bytes(outcome.data, check).failed == ()


def test_a_fix_that_would_not_parse_is_dropped_and_reported() -> None:
    """The result is parsed before it is kept; the broken fix becomes a fix-failed finding."""
    good = Fix("unquote", (Edit(Span(Position(1, 7), Position(1, 11)), "12"),))
    bad = Fix("break", (Edit(Span.at(1, 1), "["),))

    def proposing(data: bytes) -> list[Finding]:
        if data != b'{"a": "12"}':
            return []
        return [
            Finding("one", Severity.ERROR, "m", "p.json", "/a", fix=good),
            Finding("two", Severity.ERROR, "m", "p.json", "", fix=bad),
        ]

    outcome = fix_bytes(b'{"a": "12"}', proposing)
    assert outcome.data == b'{"a": 12}'
    assert [finding.rule for finding in outcome.failed] == ["fix-failed"]
    assert "(break)" in outcome.failed[0].message


def test_a_fix_that_would_grow_a_file_past_the_size_limit_is_dropped() -> None:
    """A file at the limit with a misspelt key: the longer key would make a file the linter
    refuses to load, so the fix is reported instead of made."""
    text = manual('"send_amout": 1', meta=' "x": "",')
    text = text.replace('"x": ""', '"x": "' + "a" * (source.MAX_BYTES - len(text)) + '"')
    data = text.encode()
    assert len(data) == source.MAX_BYTES
    outcome = fix_bytes(data, check)
    assert outcome.data == data
    assert [finding.rule for finding in outcome.failed] == ["fix-failed"]


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_writes_the_file_atomically_and_keeps_its_mode(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fixed file replaces the old one with its mode, no temporary file is left, and the run
    exits 0 when no finding remains."""
    path = folder / "p.json"
    path.write_text(manual('"send_amout": "10"'), encoding="utf-8")
    path.chmod(0o640)
    assert lint_cli.main(["--fix", "p.json"]) == 0
    assert manual('"send_amount": 10') == path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(entry.name for entry in folder.iterdir()) == ["p.json"]
    assert capsys.readouterr().out == "no problems in 1 file\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_fix_as_root_keeps_the_owner_and_group_of_the_file(folder: Path) -> None:
    """The new file that replaces the old one is given its owner back: fixing a teammate's
    checkout as root must not leave files only root can write."""
    path = folder / "p.json"
    path.write_text(manual('"send_amout": "10"'), encoding="utf-8")
    os.chown(path, 65534, 65533)
    assert lint_cli.main(["--fix", "p.json"]) == 0
    assert manual('"send_amount": 10') == path.read_text(encoding="utf-8")
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65533)


def test_fix_never_replaces_a_read_only_file(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rename replaces a file whatever its mode: a payload made read-only on purpose is
    left as it is, and a fix-not-written warning says why."""
    path = folder / "p.json"
    path.write_text(manual('"send_amout": 10'), encoding="utf-8")
    path.chmod(0o444)
    assert lint_cli.main(["--fix", "p.json"]) == 1
    assert manual('"send_amout": 10') == path.read_text(encoding="utf-8")
    assert "fix-not-written: not fixed: the file is read-only" in capsys.readouterr().out


def test_fix_exits_1_when_findings_remain(folder: Path) -> None:
    """A finding without a safe fix is still reported after the fixes are made."""
    (folder / "p.json").write_text(manual('"send_amount": "0"'), encoding="utf-8")
    assert lint_cli.main(["--fix", "p.json"]) == 1
    assert manual('"send_amount": 0') == (folder / "p.json").read_text(encoding="utf-8")


def test_fix_never_writes_through_a_symbolic_link(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The link and its target stay as they were; a finding says why."""
    target = folder / "target.json"
    target.write_text(manual('"send_amout": 10'), encoding="utf-8")
    (folder / "link.json").symlink_to(target)
    assert lint_cli.main(["--fix", "link.json"]) == 1
    assert (folder / "link.json").is_symlink()
    assert manual('"send_amout": 10') == target.read_text(encoding="utf-8")
    assert "fix-not-written: not fixed: it is a symbolic link" in capsys.readouterr().out


def test_diff_writes_nothing_and_exits_1_when_there_is_a_fix(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--diff prints a unified diff of each file that would change; 0 when none would."""
    (folder / "p.json").write_text(manual('"send_amout": 10'), encoding="utf-8")
    (folder / "q.json").write_text(manual('"send_amount": 0'), encoding="utf-8")
    assert lint_cli.main(["--diff", "p.json", "q.json"]) == 1
    expected = (
        "--- p.json\n+++ p.json\n@@ -2,6 +2,6 @@\n"
        '   "name": "Spring",\n   "meta": {\n     "send_type": "manual",\n'
        '-    "manual_data": {"send_amout": 10}\n'
        '+    "manual_data": {"send_amount": 10}\n'
        "   }\n }\n"
    )
    assert expected == capsys.readouterr().out
    assert manual('"send_amout": 10') == (folder / "p.json").read_text(encoding="utf-8")
    assert lint_cli.main(["--diff", "q.json"]) == 0
    assert capsys.readouterr().out == ""


def test_diff_reports_a_file_it_could_not_look_at_on_stderr_and_exits_1(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CI step running --diff on a mistyped path, or a file too large to fix, must not pass
    silently: the diff stays alone on stdout, the reason goes to stderr, and the exit is 1."""
    text = manual('"send_amout": 10').replace('"Spring"', json.dumps("x" * source.MAX_BYTES))
    (folder / "big.json").write_text(text, encoding="utf-8")
    assert lint_cli.main(["--diff", "missing.json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "missing.json:1:1: error file-not-found" in err
    assert lint_cli.main(["--diff", "big.json", "nothing-*.json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "big.json:1:1: error file-too-large" in err
    assert "error glob-no-match" in err


def test_diff_marks_a_last_line_without_newline(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As git does: `\\ No newline at end of file`, so the diff applies with patch."""
    (folder / "p.json").write_text('{"name": "Spring", "meta": {"send_type": "manual",}}')
    assert lint_cli.main(["--diff", "p.json"]) == 1
    assert capsys.readouterr().out.endswith("\n\\ No newline at end of file\n")


def test_unsafe_fixes_alone_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--unsafe-fixes only says which fixes --fix or --diff make."""
    assert lint_cli.main(["--unsafe-fixes", "p.json"]) == 2
    assert "--unsafe-fixes needs --fix or --diff" in capsys.readouterr().err


def test_a_file_read_only_in_part_is_never_fixed(folder: Path) -> None:
    """A file over the size limit is not read whole, so it is not written either."""
    text = manual('"send_amout": 10').replace('"Spring"', json.dumps("x" * source.MAX_BYTES))
    (folder / "big.json").write_text(text, encoding="utf-8")
    assert lint_cli.main(["--fix", "big.json"]) == 1
    assert text == (folder / "big.json").read_text(encoding="utf-8")


def test_findings_the_baseline_accepts_are_not_fixed(folder: Path) -> None:
    """A baseline accepts a finding as it is: --fix leaves it."""
    path = folder / "p.json"
    path.write_text(manual('"send_amout": 10'), encoding="utf-8")
    assert lint_cli.main(["--write-baseline", "baseline.json", "p.json"]) == 0
    assert lint_cli.main(["--fix", "--baseline", "baseline.json", "p.json"]) == 0
    assert path.read_text(encoding="utf-8") == manual('"send_amout": 10')


def test_a_write_that_fails_leaves_the_file_whole_and_exits_3(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk: the temporary file is removed, the payload is as it was, one line on stderr."""
    path = folder / "p.json"
    path.write_text(manual('"send_amout": 10'), encoding="utf-8")

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert lint_cli.main(["--fix", "p.json"]) == 3
    assert path.read_text(encoding="utf-8") == manual('"send_amout": 10')
    assert sorted(entry.name for entry in folder.iterdir()) == ["p.json"]
    assert capsys.readouterr().err == (
        "validate-campaign: cannot write the fixed p.json: No space left on device\n"
    )


def test_an_interrupted_write_leaves_no_temporary_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the fixed text is being written: the payload is whole and no
    `.p.json.*.fix` file is left in the folder; the run ends as interrupted (130)."""
    path = folder / "p.json"
    path.write_text(manual('"send_amout": 10'), encoding="utf-8")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    assert lint_cli.main(["--fix", "p.json"]) == 130
    assert path.read_text(encoding="utf-8") == manual('"send_amout": 10')
    assert sorted(entry.name for entry in folder.iterdir()) == ["p.json"]


def test_a_link_met_in_a_folder_is_not_written_either(folder: Path) -> None:
    """Folder walks list links to files; --fix reports them instead of writing."""
    (folder / "campaigns").mkdir()
    target = folder / "target.json"
    target.write_text(manual('"send_amout": 10'), encoding="utf-8")
    (folder / "campaigns" / "link.json").symlink_to(target)
    lint_cli.main(["--fix", "campaigns"])
    assert target.read_text(encoding="utf-8") == manual('"send_amout": 10')


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    """Two fixes of one place are made one after the other, each on a fresh check."""
    rounds = []

    def proposing(data: bytes) -> list[Finding]:
        rounds.append(data)
        if data.count(b"x") == 0:
            return []
        edit = Edit(Span.at(1, data.index(b"x") + 1), "y")
        fix = Fix("x to y", (edit,))
        return [Finding("a", Severity.ERROR, "m", "p", fix=fix)] * 2

    assert fix_bytes(b'["x", "x"]', proposing).data == b'["y", "y"]'
    assert rounds == [b'["x", "x"]', b'["y", "x"]', b'["y", "y"]']


def test_a_file_that_is_not_what_was_read_is_not_written(folder: Path) -> None:
    """Fixes made from a partial read (or from bytes since changed) are never written."""
    from campaign_contract.lint.fixes.files import fix_inputs
    from campaign_contract.lint.inputs import Input

    path = folder / "p.json"
    whole = manual('"send_amout": 10') + " " * 10
    path.write_text(whole, encoding="utf-8")
    item = Input("p.json", "p.json")
    fixed = fix_inputs([item], lambda _: whole.encode()[:-5], lambda d, _: check(d))
    assert path.read_text(encoding="utf-8") == whole
    assert [(f.rule, f.message) for f in fixed.findings] == [
        (
            "fix-not-written",
            "not fixed: the file is not what was read (read in part, or changed since)",
        )
    ]


@pytest.mark.slow  # starts git
def test_the_diff_applies_with_git_apply_p0_and_gives_what_fix_gives(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--diff > fixes.patch; git apply -p0 fixes.patch` leaves the files --fix would."""
    import shutil
    import subprocess

    (folder / "campaigns").mkdir()
    texts = {
        "a.json": manual('"send_amout": "7",').replace("Spring", "Spring\u2028\u2029"),
        "b.json": manual('"send_amount": 1').replace("{", "{\r", 1),
    }
    for name, text in texts.items():
        (folder / "campaigns" / name).write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    assert lint_cli.main(["--diff", "campaigns"]) == 1
    (folder / "fixes.patch").write_text(capsys.readouterr().out, encoding="utf-8")
    shutil.copytree(folder / "campaigns", folder / "expected")
    assert lint_cli.main(["--fix", "expected"]) == 0
    git = shutil.which("git")
    assert git is not None
    subprocess.run([git, "apply", "-p0", "fixes.patch"], cwd=folder, check=True)
    for name in texts:
        expected = (folder / "expected" / name).read_bytes()
        assert (folder / "campaigns" / name).read_bytes() == expected


def test_the_diff_names_odd_file_names_so_git_apply_finds_them(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tab ends a name in a patch header and a newline starts a line of the patch: such
    names (and quotes, backslashes) are written in git's quoted form, which git apply reads."""
    import shutil
    import subprocess

    names = ["tab\tx.json", "new\nline.json", 'q"uote.json', "back\\slash.json", "é ü.json"]
    names.append(os.fsdecode(b"not-utf-8-\xff.json"))
    for name in names:
        (folder / name).write_text(manual('"send_amout": 1'), encoding="utf-8")
    assert lint_cli.main(["--diff", *names]) == 1
    (folder / "fixes.patch").write_text(capsys.readouterr().out, encoding="utf-8")
    git = shutil.which("git")
    assert git is not None
    subprocess.run([git, "apply", "-p0", "fixes.patch"], cwd=folder, check=True)
    for name in names:
        assert (folder / name).read_text(encoding="utf-8") == manual('"send_amount": 1')


def test_a_file_reached_through_a_linked_folder_is_not_written(folder: Path) -> None:
    """`linked/p.json`, where `linked` is a link to another folder, is left as it is."""
    (folder / "real").mkdir()
    (folder / "real" / "p.json").write_text(manual('"send_amout": 10'), encoding="utf-8")
    (folder / "linked").symlink_to(folder / "real")
    assert lint_cli.main(["--fix", "linked/p.json"]) == 1
    assert (folder / "real" / "p.json").read_text(encoding="utf-8") == manual('"send_amout": 10')
    assert lint_cli.main(["--fix", "real/p.json"]) == 0


def test_the_python_example_of_the_fixes_page_runs() -> None:
    """docs/fixes.md's "From Python" example runs as shown, its assertion included."""
    import re
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "fixes.md").read_text(encoding="utf-8")
    section = page.split("## From Python", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert example is not None
    exec(compile(example[1], "docs/fixes.md", "exec"), {})  # noqa: S102 - our own documentation


def test_a_folder_that_takes_no_new_file_is_one_line_and_exit_3(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The temporary file cannot be made (a read-only folder): one line, no traceback."""
    import tempfile

    (folder / "p.json").write_text(manual('"send_amout": 10'), encoding="utf-8")

    def refuse(**options: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    assert lint_cli.main(["--fix", "p.json"]) == 3
    assert capsys.readouterr().err == (
        "validate-campaign: cannot write the fixed p.json: Permission denied\n"
    )


@given(st.text(alphabet="ab\n\r\u2028", max_size=60), st.data())
def test_a_position_is_the_line_and_column_of_its_offset(text: str, data: st.DataObject) -> None:
    """The line starts' binary search gives what counting the newlines before it gives."""
    offset = data.draw(st.integers(0, len(text)))
    expected = Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))
    assert Lines(text).position(offset) == expected


_RANGES = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 4)).map(lambda p: Range(p[0], p[0] + p[1], "")),
    max_size=8,
)


@given(_RANGES, _RANGES)
def test_the_taken_ranges_see_the_overlaps_a_look_at_each_range_sees(
    candidates: list[Range], edits: list[Range]
) -> None:
    """The engine chooses edits with a binary search of the ranges taken so far: it must
    agree with comparing the edits to every taken range."""
    taken, kept = Taken(), []
    for candidate in candidates:
        if not overlaps([candidate], kept):
            taken.add([candidate])
            kept.append(candidate)
    assert taken.overlaps(edits) == overlaps(edits, kept)
