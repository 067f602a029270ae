"""The toolkit's own failures, as one small exception tree.

Problems found in a user's payload are never exceptions: they are `Finding`s. Exceptions are
for what stops the toolkit from doing its job::

    CampaignContractError          base class; the CLI catches only this
    +-- SchemaError                a bundled or given schema cannot be loaded or resolved
    +-- UsageError                 bad command-line arguments or configuration
    +-- CodegenError               a code generator (datamodel-codegen, ruff) failed
"""

from __future__ import annotations


class CampaignContractError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class SchemaError(CampaignContractError):
    """A schema file is missing, malformed, or refers to something outside the schema set."""


class UsageError(CampaignContractError):
    """The user asked for something impossible: an unknown option value, rule id or setting."""


class CodegenError(CampaignContractError):
    """`campaign-contract codegen` could not run a generator or formatter to completion."""
