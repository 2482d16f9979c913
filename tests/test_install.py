"""A non-editable install works: the wheel, installed into a fresh virtual environment,
validates, reports and answers a cookbook query from another directory (the ontology,
shapes, context and cookbook ship inside the package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import FIXTURES, PROJECT

pytestmark = pytest.mark.system


def _run(*cmd: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The ``hengyang-kg`` of a fresh virtual environment holding the built wheel (not editable)."""
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"  # build from a clean copy, so nothing of the checkout's build/ or egg-info leaks in
    top = {".venv", ".git", "out", "report", "build", "docs", "bench", "tests", ".pytest_cache", ".hypothesis"}

    def ignore(directory: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
        return skip | (top & set(names) if Path(directory) == PROJECT else set())

    shutil.copytree(PROJECT, src, ignore=ignore)
    wheels = tmp / "wheels"
    got = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, src, cwd=tmp)
    assert got.returncode == 0, got.stderr
    wheel = next(wheels.glob("hengyang_kg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("hengyang_kg/ontology/hengyang.ttl", "hengyang_kg/ontology/shapes.ttl",
                 "hengyang_kg/ontology/context.jsonld", "hengyang_kg/queries/01_japanese_casualties.rq"):
        assert data in names, data
    venv = tmp / "venv"
    assert _run(sys.executable, "-m", "venv", venv, cwd=tmp).returncode == 0
    got = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp, timeout=900)
    assert got.returncode == 0, got.stderr
    return venv / "bin" / "hengyang-kg"


@pytest.fixture()
def elsewhere(tmp_path) -> tuple[Path, Path]:
    """A copy of the fixture project (data only, no ontology of its own) and an unrelated working directory."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    return project, cwd


def test_the_installed_program_validates_reports_and_answers_the_cookbook(installed, elsewhere):
    project, cwd = elsewhere
    got = _run(installed, "--root", project, "validate", cwd=cwd)
    assert got.returncode == 0, got.stderr
    assert got.stdout.startswith("ok: 6 claims from 1 sources")
    out = project / "out"
    got = _run(installed, "--root", project, "build", "--out", out, cwd=cwd)
    assert got.returncode == 0, got.stderr
    got = _run(installed, "--root", project, "report", "--out", out, cwd=cwd)
    assert got.returncode == 0, got.stderr
    assert (out / "conflicts.json").is_file() and (out / "conflicts.html").is_file()
    got = _run(installed, "--root", project, "query", "01_japanese_casualties", "--format", "csv",
               "--dataset", out / "hengyang.nq", cwd=cwd)
    assert got.returncode == 0, got.stderr
    assert "19380" in got.stdout and "60000" in got.stdout


def test_the_installed_package_does_not_read_the_checkout(installed, elsewhere):
    """The installed program finds its ontology inside itself, not beside the checkout."""
    _project, cwd = elsewhere
    code = ("import hengyang_kg.curation.properties as p, hengyang_kg.sparql.cookbook as c; "
            "print(p.ontology_file(None, 'hengyang.ttl')); print(len(c.recipes()))")
    got = _run(installed.parent / "python", "-c", code, cwd=cwd)
    assert got.returncode == 0, got.stderr
    where, count = got.stdout.split()
    assert "site-packages" in where and not where.startswith(str(PROJECT))
    assert int(count) >= 12
