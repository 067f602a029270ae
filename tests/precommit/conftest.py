"""The slow pre-commit integration test lives here, behind its own marker."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Register `precommit`: deselect with `-m "not precommit"` for a quick run."""
    config.addinivalue_line(
        "markers", "precommit: runs the real pre-commit, which installs this package (slow)"
    )
