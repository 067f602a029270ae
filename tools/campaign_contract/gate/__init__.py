"""The contract change gate (`campaign-contract diff`): who a schema change breaks, with proof.

The modules: `cli` (the command line), `run` (changes as findings, and the exit code), `compat`
(classifying each change per role), `parallel_walk` (OLD and NEW schemas walked side by side),
`shapes` (the effective schema at one place), `keywords` (what a change of one keyword does),
`witness` (documents that prove a change breaks), `revisions` (schemas at a git revision).
"""

from campaign_contract.extras import require

require("gate", __name__)

from campaign_contract.gate.compat import Change, Role, Verdict, compare
from campaign_contract.gate.run import GateOptions, execute

__all__ = ["Change", "GateOptions", "Role", "Verdict", "compare", "execute"]
