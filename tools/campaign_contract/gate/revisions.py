"""Reading the contract's schemas as committed at a git revision, without checking it out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from campaign_contract.errors import SchemaError, UsageError
from campaign_contract.schema import SCHEMA_FILES, SchemaSet


def _git(repo: Path, *args: str) -> str | None:
    """Stdout of a git command in `repo`, or None when git fails or is missing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def toplevel(repo: Path) -> Path:
    """The root of the git work tree holding `repo`."""
    top = _git(repo, "rev-parse", "--show-toplevel")
    if top is None:
        raise UsageError(f"{repo} is not inside a git work tree")
    return Path(top.strip())


def merge_base(repo: Path, branch: str) -> str | None:
    """The merge base of HEAD and `branch`, or None when there is none (e.g. no such branch)."""
    found = _git(repo, "merge-base", "HEAD", branch)
    return found.strip() if found else None


def schemas_at(repo: Path, revision: str, folder: str = "schemas") -> SchemaSet:
    """The contract's schema files as committed at `revision`, read with `git show`."""
    documents = {}
    for name in SCHEMA_FILES:
        text = _git(repo, "show", f"{revision}:{folder}/{name}")
        if text is None:
            raise UsageError(f"cannot read {folder}/{name} at git revision {revision!r}")
        try:
            documents[name] = json.loads(text)
        except ValueError as error:
            raise SchemaError(f"{revision}:{folder}/{name}: not valid JSON: {error}") from None
    return SchemaSet(documents)
