"""The architecture the import graph and the types prove: layers (import-linter), mypy,
no import cycle, no private name across modules, and the public API."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import hengyang_kg

from .conftest import BASE, FIXTURES, PROJECT

PACKAGE = PROJECT / "hengyang_kg"
GOLDEN = Path(__file__).resolve().parent / "golden"


def test_import_linter_contracts_are_kept():
    """The layers declared in pyproject.toml ([tool.importlinter]) hold, lazy imports included."""
    importlinter_cli = pytest.importorskip("importlinter.cli", reason="install the test extra: pip install -e '.[test]'")

    code = importlinter_cli.lint_imports(config_filename=str(PROJECT / "pyproject.toml"), no_cache=True)
    assert code == 0, "run lint-imports: a module imports a stage after its own"


def test_mypy_is_clean_on_the_package():
    """mypy as configured in pyproject.toml ([tool.mypy]: strict, relaxed only for the outer layers)."""
    pytest.importorskip("mypy", reason="install the test extra: pip install -e '.[test]'")
    out = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(PROJECT / "pyproject.toml")],
                         cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hengyang_kg"):
            yield node


def test_no_private_name_crosses_a_module():
    bad = [f"{p.relative_to(PROJECT)}:{n.lineno}: {a.name} from {n.module}"
           for p in sorted(PACKAGE.rglob("*.py")) for n in _imports(p) for a in n.names if a.name.startswith("_")]
    assert not bad, "\n".join(bad)


def test_the_public_api_is_the_pipeline(tmp_path):
    """load → reconcile → build → serialise gives the golden exports of the fixture corpus; report
    gives the contract's model."""
    assert hengyang_kg.__all__ == ["load", "reconcile", "build", "serialise", "report"]
    corpus = hengyang_kg.load(FIXTURES / "mini")
    recon = hengyang_kg.reconcile(corpus)
    files = hengyang_kg.serialise(hengyang_kg.build(corpus, recon, BASE), BASE)
    for name, data in files.items():
        assert data == (GOLDEN / f"mini.{name}").read_bytes(), name
    report = hengyang_kg.report(recon, corpus, BASE)
    assert report.summary.facts == len(recon.facts) and report.summary.claims == len(corpus.claims)
