"""`campaign-contract codegen`: regenerate everything in `generated/` from the schemas, or check it.

`generated/` holds the pydantic models (`models/`, see `model_generator`), the OpenAPI document
(`openapi.json`, see `openapi`) and the field reference (`fields.md`, see `field_reference`). With
`--check` nothing is written: each stale file is shown as a unified diff and the exit code is 1.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from campaign_contract.codegen.field_reference import field_reference
from campaign_contract.codegen.model_generator import generate_models, header
from campaign_contract.codegen.openapi import openapi_document
from campaign_contract.command_line import ArgumentParser
from campaign_contract.errors import CampaignContractError, UsageError
from campaign_contract.schema import SchemaSet

OK: Final = 0
STALE: Final = 1
FAILURE: Final = 2
REGENERATE: Final = "uv run campaign-contract codegen"
_OWNED_SUFFIXES: Final = (".py", ".json", ".md")
_DEFINITION: Final = re.compile(r"^class (\w+)|^(\w+) = TypeAliasType\(")


@dataclass(frozen=True)
class CodegenOptions:
    """What one run of `campaign-contract codegen` does."""

    schemas_dir: Path
    output_dir: Path
    project_dir: Path
    check: bool


def _notice(source: str) -> str:
    return (
        f"Generated from {source} by `campaign-contract codegen`. "
        f"Do not edit: change the schemas, then run `{REGENERATE}`."
    )


def render(schemas: SchemaSet, project_dir: Path) -> dict[str, str]:
    """Every file of `generated/`: path relative to it -> text. Deterministic: no timestamps."""

    document = openapi_document(schemas, _notice("schemas/*.schema.json"))
    files = {
        "__init__.py": header("schemas/")
        + '"""Files generated from the contract\'s schemas; see `campaign_contract.models`."""\n',
        "openapi.json": json.dumps(document, indent=2, ensure_ascii=False) + "\n",
        "fields.md": field_reference(schemas, f"<!-- {_notice('schemas/*.schema.json')} -->"),
        **generate_models(schemas, project_dir),
    }
    return dict(sorted(files.items()))


def _existing(output_dir: Path) -> dict[str, str]:
    """The files currently under `output_dir` that codegen owns (caches and links ignored)."""
    found = {}
    for path in sorted(output_dir.rglob("*")):
        if path.is_file() and path.suffix in _OWNED_SUFFIXES and "__pycache__" not in path.parts:
            found[path.relative_to(output_dir).as_posix()] = path.read_text(encoding="utf-8")
    return found


def _shown(folder: Path) -> str:
    """`folder` as the user would type it: relative to the current folder when inside it."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return folder.as_posix()


def stale_files(expected: Mapping[str, str], output_dir: Path) -> dict[str, str]:
    """Path -> unified diff (current file to regenerated file) for every file that differs."""
    current = _existing(output_dir)
    diffs = {}
    for name in sorted({*expected, *current}):
        old, new = current.get(name), expected.get(name)
        if old == new:
            continue
        shown = f"{_shown(output_dir)}/{name}"
        diff = difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=f"{shown} (committed)" if old is not None else "/dev/null",
            tofile=f"{shown} (from the schemas)" if new is not None else "/dev/null",
        )
        diffs[name] = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    return diffs


def _enclosing_definition(lines: list[str], index: int) -> str | None:
    for line in reversed(lines[: index + 1]):
        match = _DEFINITION.match(line)
        if match:
            return match.group(1) or match.group(2)
    return None


def changed_models(old: str, new: str) -> list[str]:
    """The classes (and type aliases) of a generated module whose text differs, in file order."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    names: dict[str, None] = {}
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        found = (
            _enclosing_definition(new_lines, max(j1, j2 - 1)) if j2 > j1 else None,
            _enclosing_definition(old_lines, max(i1, i2 - 1)) if i2 > i1 else None,
        )
        names.update(dict.fromkeys(name for name in found if name))
    return list(names)


def write(expected: Mapping[str, str], output_dir: Path) -> list[str]:
    """Bring `output_dir` up to date; returns the paths written or removed."""
    changed = list(stale_files(expected, output_dir))
    for name in changed:
        path = output_dir / name
        if name in expected:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expected[name], encoding="utf-8")
        else:
            path.unlink()
    return changed


def execute(options: CodegenOptions) -> int:
    """Regenerate (or check) `options.output_dir`; returns the exit code."""
    schemas = SchemaSet.from_directory(options.schemas_dir)
    expected = render(schemas, options.project_dir)
    if options.check:
        diffs = stale_files(expected, options.output_dir)
        current = _existing(options.output_dir)
        for diff in diffs.values():
            sys.stdout.write(diff)
        for name in diffs:
            models = ""
            if name.endswith(".py") and name in current and name in expected:
                changed = changed_models(current[name], expected[name])
                models = f" (models changed: {', '.join(changed)})" if changed else ""
            print(f"stale: {_shown(options.output_dir)}/{name}{models}", file=sys.stderr)
        if diffs:
            print(
                f"{len(diffs)} generated file(s) out of date; run `{REGENERATE}`", file=sys.stderr
            )
            return STALE
        print(f"{len(expected)} generated files up to date", file=sys.stderr)
        return OK
    changed = write(expected, options.output_dir)
    for name in changed:
        print(f"wrote {_shown(options.output_dir)}/{name}", file=sys.stderr)
    print(f"{len(expected)} files generated, {len(changed)} changed", file=sys.stderr)
    return OK


def find_project(start: Path) -> Path:
    """The nearest folder at or above `start` whose pyproject.toml configures the generator."""
    for folder in (start, *start.parents):
        config = folder / "pyproject.toml"
        if config.is_file() and "[tool.datamodel-codegen]" in config.read_text(encoding="utf-8"):
            return folder
    raise UsageError(
        f"no pyproject.toml with [tool.datamodel-codegen] at or above {start}: "
        "run codegen inside a clone of the repository, or pass --project-dir"
    )


def main(argv: list[str]) -> int:
    """`campaign-contract codegen [--check] [--schemas-dir DIR] [--output-dir DIR]`."""
    parser = ArgumentParser(
        prog="campaign-contract codegen",
        description="Regenerate the models, OpenAPI document and field reference in generated/.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; print a unified diff of each stale file and exit 1 if any",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        metavar="DIR",
        help="folder whose pyproject.toml holds the generator settings "
        "(default: the nearest one above the current folder)",
    )
    parser.add_argument(
        "--schemas-dir", type=Path, metavar="DIR", help="default: PROJECT_DIR/schemas"
    )
    parser.add_argument(
        "--output-dir", type=Path, metavar="DIR", help="default: PROJECT_DIR/generated"
    )
    args = parser.parse_args(argv)
    try:
        project = args.project_dir or find_project(Path.cwd())
        options = CodegenOptions(
            schemas_dir=args.schemas_dir or project / "schemas",
            output_dir=args.output_dir or project / "generated",
            project_dir=project,
            check=args.check,
        )
        return execute(options)
    except CampaignContractError as error:
        print(f"campaign-contract codegen: {error}", file=sys.stderr)
        return FAILURE
