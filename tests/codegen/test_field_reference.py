"""generated/fields.md lists every field with its type, default, constraints and evidence."""

from __future__ import annotations

from pathlib import Path

from payloads import boundary_cases

ROOT = Path(__file__).parents[2]
TEXT = (ROOT / "generated" / "fields.md").read_text(encoding="utf-8")
ROWS = {
    line.split("|")[1].strip().strip("`"): [cell.strip() for cell in line.split("|")[2:-1]]
    for line in TEXT.splitlines()
    if line.startswith("| `")
}


def _field_paths() -> set[str]:
    """Dotted paths of every object key the boundary cases touch (array items excluded)."""
    paths = set()
    for case in boundary_cases():
        steps = case.pointer.strip("/").split("/")
        if case.pointer and not any(step.isdigit() for step in steps):
            paths.add(".".join(steps))
    return {path for path in paths if not path.endswith("unknown_key")}


def _listed(path: str) -> bool:
    """A row for `path`, or for an enclosing object whose fields are listed elsewhere."""
    parts = path.split(".")
    enclosing = (".".join(parts[:end]) for end in range(1, len(parts)))
    reused = any(ROWS.get(p, [""] * 3)[2].startswith("same fields as") for p in enclosing)
    return path in ROWS or reused


def test_every_request_field_has_a_row() -> None:
    """Each field path of the request schema appears (a reused object once, at its first path)."""
    paths = _field_paths()
    assert len(paths) > 40
    assert sorted(path for path in paths if not _listed(path)) == []


def test_a_row_shows_type_default_constraints_nullability_and_evidence() -> None:
    """`send_amount`: integer, default 200, minimum 1, not nullable, optional, always returned."""
    assert ROWS["meta.manual_data.send_amount"][:6] == [
        "integer",
        "`200`",
        "≥ 1",
        "no",
        "optional",
        "always",
    ]
    assert ROWS["meta.manual_data.send_amount"][-1] == "[doc] [2023]"


def test_nullable_objects_and_reuse_are_marked() -> None:
    """`manual_data` is a nullable closed object; a reused object points at its first listing."""
    assert ROWS["meta.manual_data"][2:4] == ["closed: no other keys", "yes"]
    assert ROWS["meta.planner_data.multistep_data"][2] == "same fields as `meta.multistep_data`"


def test_readme_links_to_the_field_reference() -> None:
    """New users find the reference from the README."""
    assert "(generated/fields.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
