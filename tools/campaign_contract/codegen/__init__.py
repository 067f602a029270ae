"""Code generation: everything in `generated/`, made from the schemas (`campaign-contract codegen`).

The modules: `cli` (the command: write or `--check`), `model_generator` (pydantic models through
datamodel-code-generator), `openapi` (the OpenAPI document), `field_reference` (`fields.md`).
"""

from campaign_contract.extras import require

require("codegen", __name__)

from campaign_contract.codegen.cli import CodegenOptions, execute, render, stale_files

__all__ = ["CodegenOptions", "execute", "render", "stale_files"]
