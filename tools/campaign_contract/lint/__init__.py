"""The payload linter: `validate-campaign` as a library.

    from campaign_contract.lint import Options, run, validate_bytes, validate_file

`validate_file` and `validate_bytes` return the findings of one payload; `run(Options(...))` does
what the command does. The modules: `cli` (arguments in, `Options` out), `arguments` (the
option parser), `runner` (a whole run), `inputs` (paths, folders, globs, safe reads), `config`,
`baseline`, `schema_findings` and `wording` (the schema's verdict and its messages), `rules`
(the semantic rules), `rule_help`, `suppressions` (accepted findings), `fixes` (`--fix` and
`--diff`), `tool_rules`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from campaign_contract.lint.runner import (
        EXIT_BROKEN,
        EXIT_CLEAN,
        EXIT_FINDINGS,
        EXIT_USAGE,
        Checked,
        Options,
        all_rules,
        check_bytes,
        failure_exit_code,
        rule_groups,
        run,
        validate_bytes,
        validate_file,
    )

__all__ = [
    "EXIT_BROKEN",
    "EXIT_CLEAN",
    "EXIT_FINDINGS",
    "EXIT_USAGE",
    "Checked",
    "Options",
    "all_rules",
    "check_bytes",
    "failure_exit_code",
    "rule_groups",
    "run",
    "validate_bytes",
    "validate_file",
]


def __getattr__(name: str) -> Any:
    # Lazy: `validate-campaign --version` imports this package, and the runner costs jsonschema-rs.
    if name in __all__:
        from campaign_contract.lint import runner  # noqa: PLC0415 - --version skips jsonschema-rs

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
