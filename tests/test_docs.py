"""The README stays short and every link in it and in the docs leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
REQUIRED = ("architecture", "contract", "rules", "linter", "configuration", "client", "testing")


def test_the_readme_is_at_most_25_kb() -> None:
    """A user reads the README first: it stays an overview, the details live in docs/."""
    assert (ROOT / "README.md").stat().st_size <= 25_000


@pytest.mark.parametrize(
    "name", [*REQUIRED, "gate", "performance", "models", "integrations", "distribution"]
)
def test_each_documentation_page_exists_and_the_readme_links_it(name: str) -> None:
    """docs/NAME.md exists and the README's table of pages links to it."""
    assert (ROOT / "docs" / f"{name}.md").is_file()
    assert f"](docs/{name}.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown page."""
    headings = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {
        re.sub(r"[^\w\- ]", "", heading).strip().lower().replace(" ", "-") for heading in headings
    }


LINKS = [
    (page, target)
    for page in PAGES
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8"))
    if not target.startswith(("http://", "https://", "mailto:"))
]


@pytest.mark.parametrize(("page", "target"), LINKS, ids=[f"{p.name}->{t}" for p, t in LINKS])
def test_every_relative_link_resolves(page: Path, target: str) -> None:
    """A relative link names a file of the repository, and its #anchor a heading there."""
    path, _, anchor = target.partition("#")
    resolved = (page.parent / path).resolve() if path else page
    assert resolved.exists(), target
    if anchor and resolved.suffix == ".md":
        assert anchor in _anchors(resolved), target


def test_the_docs_list_exactly_the_registered_output_formats() -> None:
    """The `--format` option and the configuration's `format` key name every format of
    `reporters.FORMATS`, and no other."""
    from campaign_contract.reporters import FORMATS

    linter = (ROOT / "docs" / "linter.md").read_text(encoding="utf-8")
    option = re.search(r"^\| `--format ([a-z\\|]+)` \|", linter, flags=re.MULTILINE)
    assert option is not None
    assert option.group(1).split("\\|") == list(FORMATS)
    configuration = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    row = re.search(r"^\| `format` \| output format: (.*?) \|", configuration, flags=re.MULTILINE)
    assert row is not None
    assert re.findall(r'`"([a-z]+)"`', row.group(1)) == list(FORMATS)


def test_every_project_address_starts_with_the_one_constant() -> None:
    """The README, the docs, pyproject and action.yml name the project by `PROJECT_URL`."""
    from campaign_contract.findings import PROJECT_URL

    files = [*PAGES, ROOT / "pyproject.toml", ROOT / "action.yml"]
    host = PROJECT_URL.split("/")[2]
    found = [
        (path.name, address)
        for path in files
        for address in re.findall(
            rf"https?://{re.escape(host)}[^\s\"'`)>]*", path.read_text("utf-8")
        )
    ]
    assert found
    assert [entry for entry in found if not entry[1].startswith(PROJECT_URL)] == []


def _documented_options() -> set[str]:
    """The options named in the first cell of each row of docs/linter.md's option table."""
    linter = (ROOT / "docs" / "linter.md").read_text(encoding="utf-8")
    table = linter.split("## Options\n", 1)[1].strip().split("\n\n", 1)[0]
    cells = [row.split(" | ")[0] for row in table.splitlines()[2:]]
    return {match for cell in cells for match in re.findall(r"`(--?[a-z-]+)", cell)}


def test_every_command_line_option_is_documented_and_every_documented_one_exists() -> None:
    """docs/linter.md's option table names each option of `validate-campaign`, and only those."""
    from campaign_contract.lint.arguments import build_parser

    options = {option for action in build_parser()._actions for option in action.option_strings}
    assert options == _documented_options()


def test_the_readme_shows_what_the_linter_prints_for_a_wrong_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's first example of a finding is the linter's output, word for word."""
    from campaign_contract.lint import cli as lint_cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(examples/invalid/wrong-type\.json:.*?)```", readme, re.DOTALL)
    assert shown is not None
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    assert lint_cli.main(["examples/invalid/wrong-type.json"]) == 1
    assert capsys.readouterr().out == shown[1]
