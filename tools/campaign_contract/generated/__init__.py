"""In a checkout, the generated models are in the repository's top-level `generated/` folder
(written by `campaign-contract codegen`); this package points there, so an editable install or
`tools/` on `sys.path` imports them. Built distributions ship that folder here instead (the
`force-include` mapping in `pyproject.toml`); the stubs beside this file say the same to type
checkers."""

from pathlib import Path

__path__ = [str(Path(__file__).resolve().parents[3] / "generated")]
