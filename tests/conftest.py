"""Shared fixtures: the bundled corpus, loaded and built once per session."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.rdf.build import build_dataset, dataset_quads
from hengyang_kg.rdf.serialise import serialise_all
from hengyang_kg.reconcile import reconcile

PROJECT = Path(__file__).resolve().parent.parent
# the corpus under test: the bundled data (another root can be named for debugging)
ROOT = Path(os.environ.get("HENGYANG_KG_TEST_ROOT", PROJECT))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = "https://w3id.org/hengyang-kg/"


@contextlib.contextmanager
def serving(store, limits, *more) -> Iterator[str]:
    """The endpoint on a free loopback port in a thread, for the block: yields its URL."""
    from hengyang_kg.sparql.server import make_server

    server = make_server(store, BASE, "127.0.0.1", 0, limits, *more)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def pytest_collection_modifyitems(items):
    """A test that opens pages through the ``browser`` fixture (Chromium) is marked ``browser``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    """Rewrite golden files: ``pytest --update-golden``, or ``HENGYANG_KG_UPDATE_GOLDEN=1``."""
    return bool(request.config.getoption("--update-golden")) or os.environ.get("HENGYANG_KG_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session", autouse=True)
def claims_cache(tmp_path_factory):
    """Loaded claims files are cached in a temporary directory, not in the checkout."""
    os.environ.setdefault("HENGYANG_KG_CACHE", str(tmp_path_factory.mktemp("claims-cache")))


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="session")
def recon(corpus):
    return reconcile(corpus)


@pytest.fixture(scope="session")
def quads(corpus, recon):
    return dataset_quads(corpus, BASE, recon)


@pytest.fixture(scope="session")
def store(corpus, recon):
    return build_dataset(corpus, BASE, recon)


@pytest.fixture(scope="session")
def exports(quads, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    files = serialise_all(quads, BASE)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return {name: out / name for name in files}


@pytest.fixture(scope="session")
def built_dataset(tmp_path_factory) -> Path:
    """``hengyang-kg build`` of the corpus under test, run once: its ``hengyang.nq`` for the
    commands that read a built dataset (query, serve, push), so no test rebuilds it."""
    from hengyang_kg.cli import main

    out = tmp_path_factory.mktemp("built")
    assert main(["--root", str(ROOT), "--quiet", "build", "--out", str(out)]) == 0
    return out / "hengyang.nq"


@pytest.fixture()
def mini_root(tmp_path) -> Path:
    """A copy of the small valid fixture project, to break one rule at a time."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


# CI runs the property tests with a fixed seed so that a run is reproducible; locally
# hypothesis explores new examples each time.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    _hsettings.load_profile("ci")


def run_fresh(page) -> None:
    """Run the web page's query with the last answers cleared first: a page shared by several
    queries then awaits this query's answer, not the last one's."""
    page.evaluate("document.getElementById('results').innerHTML = ''")
    page.click("#run")
