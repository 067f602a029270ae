"""Documents for the rule tests, loaded by the real strict loader from indented JSON."""

from __future__ import annotations

import json
from typing import Any

from campaign_contract.source import Document
from campaign_contract.source import load as load_bytes

__all__ = ["Document", "load", "load_text"]


def load_text(text: str, file: str = "a.json") -> Document:
    """The document of JSON `text`, which must parse cleanly."""
    doc, findings = load_bytes(text.encode("utf-8"), file)
    assert doc is not None, findings
    assert findings == [], findings
    return doc


def load(payload: Any) -> Document:
    """The document of `payload`, written as 2-space indented JSON."""
    return load_text(json.dumps(payload, indent=2, ensure_ascii=False))
