"""The positioned JSON loader: strict parsing of payload bytes into a `Document` that can say
where every key and value is written. Shared by the linter and the change gate.

    document, findings = load(data, "campaigns/spring.json")
    document.value_span("/meta/send_type")      # Span(start=Position(3, 16), end=...)
"""

from campaign_contract.source.document import (
    MAX_BYTES,
    MAX_DEPTH,
    RULES,
    Document,
    load,
    oversize_finding,
)

__all__ = ["MAX_BYTES", "MAX_DEPTH", "RULES", "Document", "load", "oversize_finding"]
