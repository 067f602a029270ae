"""Editor support: the contract as one self-contained JSON Schema per role.

`campaign-contract schema` prints it; VS Code, JetBrains IDEs and any other JSON Schema tool read
it without fetching anything (see docs/integrations.md).
"""

from campaign_contract.editor.bundle import ROLES, bundle, render

__all__ = ["ROLES", "bundle", "render"]
