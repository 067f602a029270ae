"""The package's structure, as tests: products apart, layers respected, no cycles, a lean start.

docs/architecture.md describes each rule below; these tests are what keeps them true.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import STEERING

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tools" / "campaign_contract"
PRODUCTS = ("lint", "source", "reporters", "codegen", "client", "mock", "testing", "gate", "editor")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    """Every hand-written module of the package (the generated models excluded)."""
    return {
        _module_name(path): path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "generated" not in path.relative_to(PACKAGE).parts
    }


MODULES = _modules()


def _imported(module: str, path: Path) -> Iterator[str]:
    """The package's modules that `module` imports, at the top or inside functions."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names = [f"{base}.{alias.name}" for alias in node.names]
            names = [name if name in MODULES else base for name in names]
        else:
            continue
        for name in names:
            found = name
            while found and found not in MODULES:
                found = found.rpartition(".")[0]
            if found.startswith("campaign_contract") and found != module:
                yield found


GRAPH = {module: set(_imported(module, path)) for module, path in MODULES.items()}


def _within(module: str, product: str) -> bool:
    prefix = f"campaign_contract.{product}"
    return module == prefix or module.startswith(prefix + ".")


def test_the_package_top_holds_few_modules_and_every_product_is_a_subpackage() -> None:
    """At most 10 modules at the top; each product is a subpackage."""
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 10, top
    for product in PRODUCTS:
        assert (PACKAGE / product / "__init__.py").is_file(), product


def test_there_is_no_import_cycle() -> None:
    """No module reaches itself through imports (those inside functions count too)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_graph_sees_imports_inside_functions() -> None:
    """The cycle test is only as good as its graph: a function-level import is an edge."""
    assert "campaign_contract.lint.runner" in GRAPH["campaign_contract.cli"] or (
        "campaign_contract.lint.cli" in GRAPH["campaign_contract.cli"]
    )
    assert "campaign_contract.reporters.sarif" in GRAPH["campaign_contract.reporters"]


@pytest.mark.parametrize(
    ("product", "forbidden"),
    [
        ("lint", ("client", "mock", "codegen", "gate", "testing", "models")),
        ("source", ("lint", "reporters", "codegen", "client", "mock", "testing", "gate")),
        ("reporters", ("lint", "source", "codegen", "client", "mock", "testing", "gate")),
        ("editor", ("lint", "source", "reporters", "codegen", "client", "mock", "testing", "gate")),
        ("lsp", ("client", "mock", "gate", "testing", "models")),
    ],
)
def test_layers(product: str, forbidden: tuple[str, ...]) -> None:
    """The linter imports no other product; the loader, the reporters and the editor schema
    import none at all."""
    for module, targets in GRAPH.items():
        if _within(module, product):
            bad = {t for t in targets if any(_within(t, other) for other in forbidden)}
            assert bad == set(), module


def test_reporters_import_only_findings_and_the_pointer_helpers() -> None:
    """A reporter works from findings alone: no loader, no linter, no baseline."""
    allowed = {"campaign_contract.findings", "campaign_contract.pointer"}
    for module, targets in GRAPH.items():
        if _within(module, "reporters"):
            others = {t for t in targets if not _within(t, "reporters")}
            assert others <= allowed, module


HEAVY = (
    "dataclasses",
    "inspect",
    "pydantic",
    "httpx",
    "jsonschema",
    "difflib",
    "pathspec",
    "shtab",
    "subprocess",
    "argparse",
    "email.utils",
    "socket",
    "importlib.metadata",
)

_ENTRY_POINTS = {
    "validate-campaign": "from campaign_contract.cli import validate_main as run\n",
    "campaign-contract validate": (
        "from campaign_contract.cli import main\n"
        "def run(args):\n"
        "    sys.argv = ['campaign-contract', 'validate', *args]\n"
        "    return main()\n"
    ),
    "python -m campaign_contract validate": (
        "import runpy\n"
        "def run(args):\n"
        "    sys.argv = ['campaign_contract', 'validate', *args]\n"
        "    try:\n"
        "        runpy.run_module('campaign_contract', run_name='__main__')\n"
        "    except SystemExit as stop:\n"
        "        return stop.code\n"
    ),
}
"""Each way a process starts the linter, as a function `run(args)` for a script."""


def _on_a_clean_payload(folder: Path, run: str, answer: str) -> Any:
    """In a new interpreter in `folder`: the code `run` (which sets `code`) with a clean
    payload's path as its argument, then the JSON of the expression `answer`."""
    payload = folder / "clean.json"
    payload.write_text((ROOT / "examples" / "valid" / "planner.json").read_text(), "utf-8")
    script = f"import json, sys\n{run}print(json.dumps({answer}))\n"
    result = subprocess.run(
        [sys.executable, "-c", script, str(payload)],
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("entry", _ENTRY_POINTS.values(), ids=_ENTRY_POINTS)
def test_a_clean_validate_campaign_run_imports_nothing_heavy(tmp_path: Path, entry: str) -> None:
    """Start-up is a feature: a clean run imports none of the modules in `HEAVY`, whichever
    command starts it."""
    code, loaded = _on_a_clean_payload(
        tmp_path, f"{entry}code = run(sys.argv[1:])\n", "[code, sorted(sys.modules)]"
    )
    assert code == 0
    assert sorted(name for name in HEAVY if name in loaded) == []


def test_a_subcommand_that_needs_no_extra_reads_no_package_metadata(tmp_path: Path) -> None:
    """`campaign-contract`'s `main` given its arguments (a caller that goes on) runs `validate`
    without `importlib.metadata`: only a subcommand behind an extra asks which are installed."""
    run = "from campaign_contract.cli import main\ncode = main(['validate', *sys.argv[1:]])\n"
    answer = _on_a_clean_payload(tmp_path, run, "[code, 'importlib.metadata' in sys.modules]")
    assert answer == [0, False]


def test_the_console_scripts_module_imports_no_typing() -> None:
    """`validate-campaign` turns the garbage collector off before its imports: the module of
    its entry point, imported before that, holds off `typing` (and with it `re`)."""
    script = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import campaign_contract.cli\n"
        "print(sorted({'typing', 're'} & (set(sys.modules) - before)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]"]


def _defines_a_named_tuple(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ClassDef)
        and any(ast.unparse(base) in ("NamedTuple", "typing.NamedTuple") for base in node.bases)
        for node in ast.walk(tree)
    )


def _postpones_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )


def _nested_annotations(node: ast.AST, nested: bool = False) -> Iterator[ast.expr]:
    """The annotations of the functions defined inside functions (a class body is not one)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            if nested:
                arguments = child.args
                for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                    if argument.annotation is not None:
                        yield argument.annotation
                if child.returns is not None:
                    yield child.returns
            yield from _nested_annotations(child, nested=True)
        else:
            yield from _nested_annotations(child, nested)


def test_inner_functions_build_no_annotations_at_each_call() -> None:
    """Where annotations are evaluated, an inner function's are names or strings: a `list[X]`
    or `X | None` would be built again every time the outer function runs."""
    built = [
        f"{module}:{annotation.lineno}"
        for module, path in MODULES.items()
        for tree in [ast.parse(path.read_text(encoding="utf-8"))]
        if not _postpones_annotations(tree)
        for annotation in _nested_annotations(tree)
        if not isinstance(annotation, ast.Name | ast.Attribute | ast.Constant)
    ]
    assert built == []


def test_modules_with_named_tuples_keep_their_annotations_evaluated() -> None:
    """No `from __future__ import annotations` beside a NamedTuple: `typing` compiles each field
    annotation written as a string when the class is made (a fourteenth of a one-file run)."""
    trees = {
        module: ast.parse(path.read_text(encoding="utf-8")) for module, path in MODULES.items()
    }
    postponing = [
        module
        for module, tree in trees.items()
        if _defines_a_named_tuple(tree) and _postpones_annotations(tree)
    ]
    assert postponing == []


@pytest.mark.parametrize("product", PRODUCTS)
def test_each_product_declares_its_public_names(product: str) -> None:
    """`__all__` names only what exists (a submodule counts)."""
    package = importlib.import_module(f"campaign_contract.{product}")
    names = package.__all__
    assert names, product
    for name in names:
        if not hasattr(package, name):
            importlib.import_module(f"campaign_contract.{product}.{name}")


def _python_blocks(text: str) -> Iterator[str]:
    yield from re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def _import_statements(code: str) -> Iterator[str]:
    """The `campaign_contract` import statements of a code block, whole (parentheses too)."""
    for node in ast.parse(code).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            statement = ast.get_source_segment(code, node) or ""
            if "campaign_contract" in statement:
                yield statement


DOCUMENTED_IMPORTS = sorted(
    {
        (document.relative_to(ROOT).as_posix(), statement)
        for document in DOCUMENTS
        for block in _python_blocks(document.read_text(encoding="utf-8"))
        for statement in _import_statements(block)
    }
)


def test_the_documents_show_imports_to_check() -> None:
    """The README and the docs hold import lines of every product with a Python API."""
    shown = " ".join(statement for _, statement in DOCUMENTED_IMPORTS)
    for module in ("lint", "models", "client", "mock", "schema", "source", "errors"):
        assert f"campaign_contract.{module}" in shown, module


@pytest.mark.parametrize(("document", "statement"), DOCUMENTED_IMPORTS)
def test_every_documented_import_line_runs(document: str, statement: str) -> None:
    """An import line shown in the README or the docs imports what it names."""
    exec(compile(statement, document, "exec"), {})  # noqa: S102 - our own documentation


ENVIRON = ("os.environ", "environ")


def _environment_reads(tree: ast.Module) -> Iterator[ast.expr]:
    """The name argument of every `os.environ.get(...)`, `os.getenv(...)` and `os.environ[...]`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            called = ast.unparse(node.func)
            if called in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
                yield node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in ENVIRON:
            yield node.slice


def _environment_variables(path: Path) -> set[str]:
    """The variables module `path` reads: literal names, module constants, and the literal
    arguments of a helper whose parameter is the name (`_set("FORCE_COLOR")`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    found: set[str] = set()
    helpers: set[str] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        parameters = {argument.arg for argument in function.args.args}
        for name in _environment_reads(ast.Module(body=function.body, type_ignores=[])):
            if isinstance(name, ast.Name) and name.id in parameters:
                helpers.add(function.name)
    for name in _environment_reads(tree):
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            found.add(name.value)
        elif isinstance(name, ast.Name) and name.id in constants:
            found.add(constants[name.id])
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in helpers and node.args:
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def test_the_suite_runs_without_any_variable_the_package_reads() -> None:
    """A CI runner's GITHUB_ACTIONS would change the linter's default format in every test: the
    test suite's guard clears each variable the package reads, and none is set now."""
    read = set().union(*(_environment_variables(path) for path in MODULES.values()))
    assert {"GITHUB_ACTIONS", "NO_COLOR", "CAMPAIGN_API_TOKEN"} <= read  # the scan finds them
    assert sorted(read - set(STEERING)) == []
    assert sorted(name for name in read if name in os.environ) == []
