"""schemathesis fuzzes the mock server from the generated OpenAPI document.

Both modes (schema-valid and schema-violating requests), the coverage phase (which also tries
undeclared methods) and the checks the contract cares about: response conformance, status
codes, content types, no server errors, 405 for unsupported methods. Runs the schemathesis CLI,
as CI would, against `mock-server` on a free loopback port.
"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi
from campaign_contract.mock.server import make_server
from hypothesis import settings

pytestmark = pytest.mark.slow  # runs the schemathesis command against a server

OPENAPI = Path(__file__).parents[2] / "generated" / "openapi.json"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "unsupported_method",
)
EXAMPLES = settings.default.max_examples
"""Per mode and phase: 50 under the `dev` profile, 200 under `ci`."""


@pytest.fixture
def mock_server_url() -> Iterator[str]:
    """The mock server on a free loopback port, accepting any campaign id."""
    server = make_server(MockCampaignApi(accept_any_id=True), "127.0.0.1", 0, io.StringIO())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}"
    server.shutdown()
    server.server_close()


def test_schemathesis_finds_no_contract_violation_in_the_mock(
    mock_server_url: str, tmp_path: Path
) -> None:
    """`schemathesis run --mode all` with the contract's checks passes against the mock."""
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(OPENAPI),
        "--url",
        mock_server_url,
        "--header",
        f"Authorization: Bearer {DEFAULT_TOKEN}",
        "--checks",
        ",".join(CHECKS),
        "--mode",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(EXAMPLES),
        "--generation-deterministic",
        "--no-color",
    ]
    # In a scratch folder: schemathesis keeps a `.schemathesis/` cache in its working directory.
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
