"""Schema loading is offline: only the contract's own files can be referenced."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from campaign_contract.errors import SchemaError
from campaign_contract.pointer import resolve_pointer
from campaign_contract.schema import DEFINITIONS, REQUEST, SCHEMA_FILES, SchemaSet, _resolve
from hypothesis import example, given
from hypothesis import strategies as st

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"


@pytest.fixture
def schema_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's schemas."""
    target = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, target)
    return target


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that serves a schema and records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            body = json.dumps({"type": "string"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/schema+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def _add_ref(directory: Path, reference: str) -> None:
    path = directory / DEFINITIONS
    document = json.loads(path.read_text())
    document["$defs"]["Remote"] = {"$ref": reference}
    document["$defs"]["CampaignName"] = {"$ref": "#/$defs/Remote"}
    path.write_text(json.dumps(document))


def test_packaged_schemas_load_through_importlib_resources() -> None:
    """The installed package carries every schema file."""
    schemas = SchemaSet.packaged()
    assert sorted(schemas.documents) == sorted(SCHEMA_FILES)


def test_packaged_schemas_equal_the_repository_files() -> None:
    """The package's schemas are the repository's `schemas/`, not a stale copy."""
    schemas = SchemaSet.packaged()
    for name in SCHEMA_FILES:
        assert json.loads((SCHEMA_DIR / name).read_text()) == schemas.documents[name]


def test_a_remote_ref_is_refused_without_any_request(
    schema_copy: Path, counting_server: tuple[str, list[str]]
) -> None:
    """A `$ref` to an HTTP URL fails with a clear error and the server is never asked."""
    url, hits = counting_server
    _add_ref(schema_copy, f"{url}/name.json")
    with pytest.raises(SchemaError) as raised:
        SchemaSet.from_directory(schema_copy)
    assert f"$ref '{url}/name.json' points outside the contract's schemas" in str(raised.value)
    assert hits == []


def test_the_registry_itself_refuses_unknown_uris(counting_server: tuple[str, list[str]]) -> None:
    """Even a validator built by hand on our registry never retrieves a remote resource."""
    from jsonschema import Draft202012Validator
    from referencing.exceptions import Unresolvable

    url, hits = counting_server
    validator = Draft202012Validator(
        {"$ref": f"{url}/x.json"}, registry=SchemaSet.packaged().registry
    )
    with pytest.raises(Unresolvable):
        validator.validate("anything")
    assert hits == []


def test_a_relative_ref_to_a_file_outside_the_set_is_refused(schema_copy: Path) -> None:
    """`../secrets.json` is neither read nor resolved."""
    _add_ref(schema_copy, "../secrets.json")
    with pytest.raises(SchemaError, match=r"points outside the contract's schemas"):
        SchemaSet.from_directory(schema_copy)


def test_a_ref_to_a_missing_definition_is_refused(schema_copy: Path) -> None:
    """A dangling fragment names the file and the reference."""
    _add_ref(schema_copy, "#/$defs/Nowhere")
    with pytest.raises(
        SchemaError, match=r"definitions.schema.json: \$ref '#/\$defs/Nowhere' names nothing"
    ):
        SchemaSet.from_directory(schema_copy)


def test_a_missing_schema_file_is_a_schema_error(schema_copy: Path) -> None:
    """A folder without the request schema says which file it lacks."""
    (schema_copy / REQUEST).unlink()
    with pytest.raises(SchemaError, match=r"cannot read schema .*campaign-request\.schema\.json"):
        SchemaSet.from_directory(schema_copy)


def test_a_malformed_schema_file_is_a_schema_error(schema_copy: Path) -> None:
    """Broken JSON in a schema is reported with its path."""
    (schema_copy / REQUEST).write_text("{")
    with pytest.raises(SchemaError, match=r"campaign-request\.schema\.json: not valid JSON"):
        SchemaSet.from_directory(schema_copy)


def test_format_checking_is_on() -> None:
    """`format: uuid` is enforced, not just annotated."""
    validator = SchemaSet.packaged().validator(REQUEST)
    body = {"name": "abc", "meta": {"send_type": "manual", "segment_ids": ["nope"]}}
    assert [e.message for e in validator.iter_errors(body)] == ["'nope' is not a 'uuid'"]


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("", {"a/b": {"m~n": [1, 2]}}),
        ("/a~1b/m~0n/1", 2),
        ("/a~1b/x", None),
        ("/a~1b/m~0n/9", None),
    ],
)
def test_resolve_pointer_follows_rfc_6901(pointer: str, expected: object) -> None:
    """JSON Pointer escapes `~1` and `~0` are decoded; a missing target is None."""
    assert resolve_pointer({"a/b": {"m~n": [1, 2]}}, pointer) == expected


URL_PIECES = st.sampled_from(
    [
        *("", "#", "##", "/", "//", ".", "..", ":", "?", ";", "a", "B", "%2F", " ", "\t", "\n"),
        *("$defs", "definitions.schema.json", "https:", "http:", "urn:x", "file:", "mailto:"),
    ]
)
BASES = st.sampled_from(
    [
        "https://campaign-contract.invalid/schemas/campaign-request.schema.json",
        "https://h/a/b?q#f",
        "https://h",
        "urn:example:x",
        "https://h/a/b?",
        "",
    ]
)


@given(BASES, st.lists(st.lists(URL_PIECES).map("".join), max_size=8))
@example("https://h/a/b?", ["#x", "#y", "c#x", "c#", "c#\t"])
def test_references_resolve_as_urljoin_does(base: str, references: list[str]) -> None:
    """Working a reference's target out once per address gives what `urljoin` gives each time."""
    targets: dict[tuple[str, str], str] = {}
    for reference in references:
        expected = tuple(urldefrag(urljoin(base, reference)))
        assert expected == _resolve(base, reference, targets)
