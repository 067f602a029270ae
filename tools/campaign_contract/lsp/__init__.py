"""The language server, `campaign-contract lsp`: what `validate-campaign` says, as you type.

    from campaign_contract.lsp import build_server

    build_server().start_io()      # LSP over standard input and output

The modules: `server` (the pygls wiring: debounce, versions, features), `payloads` (the open
documents and the workspace's payload files, checked as the command line checks them),
`diagnostics` (findings as LSP diagnostics), `positions` (UTF-8, UTF-16 and UTF-32 columns),
`cursor` (where the cursor is in half-typed JSON), `fields` (hover and completion from the
schema), `actions` (quick fixes and "fix all safe" from the fix engine) and `cli`. It needs
the `lsp` extra (pygls).
"""

from __future__ import annotations

from campaign_contract.extras import require

require("lsp", __name__)

from campaign_contract.lsp.server import CampaignServer, build_server

__all__ = ["CampaignServer", "build_server"]
