"""Scale-out: load the dataset into a real Virtuoso — by `push` and by Virtuoso's own
bulk loader — and get the cookbook's answers back.

The fixtures start Debian's virtuoso-t in the foreground with its own ini on loopback
and a scratch database (scripts/virtuoso.py), and stop it afterwards.
"""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from hengyang_kg.sparql.cookbook import recipes
from hengyang_kg.sparql.push import PushError, push
from hengyang_kg.sparql.query import run
from hengyang_kg.sparql.remote import normalise, remote_select

from .conftest import BASE, PROJECT

pytestmark = [pytest.mark.virtuoso, pytest.mark.system]

spec = importlib.util.spec_from_file_location("virtuoso_harness", PROJECT / "scripts" / "virtuoso.py")
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    assert shutil.which("virtuoso-t"), "virtuoso-t is missing: run scripts/setup-system.sh"
    with harness.virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        yield url


@pytest.fixture(scope="module")
def pushed(virtuoso, quads):
    report = push(quads, f"{virtuoso}/sparql-graph-crud-auth", "dba", "dba")
    return virtuoso, report


@pytest.fixture(scope="module")
def bulk_loaded(exports, tmp_path_factory):
    directory = tmp_path_factory.mktemp("virtuoso-bulk")
    with harness.virtuoso(directory) as url:
        harness.bulk_load(directory, exports["hengyang.nq"], f"{BASE}graph/default")
        yield url, directory


def count(url: str) -> tuple[int, int]:
    _, rows = remote_select(f"{url}/sparql", f"""SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples)
        WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }}""", BASE)
    return int(rows[0]["graphs"]["value"]), int(rows[0]["triples"]["value"])


def test_bulk_loader_keeps_every_named_graph(bulk_loaded, quads):
    assert count(bulk_loaded[0]) == (len({q.graph_name for q in quads}), len(quads))


def assert_same_answers(url: str, store, recipe) -> None:
    """Virtuoso at ``url`` answers the cookbook query as the embedded store does, uncut."""
    local = json.loads(run(store, recipe.text, BASE, "json").body)
    variables = local["head"]["vars"]
    headers, remote = remote_select(f"{url}/sparql", recipe.text, BASE)
    assert "X-SPARQL-MaxRows" not in headers, "Virtuoso cut the result"
    assert normalise(remote, variables) == normalise(local["results"]["bindings"], variables)


@pytest.mark.parametrize("recipe", recipes(), ids=lambda r: r.name)
def test_cookbook_answers_after_bulk_load_match_the_embedded_store(bulk_loaded, store, recipe):
    assert_same_answers(bulk_loaded[0], store, recipe)


def test_bulk_loader_reports_a_broken_file(bulk_loaded, tmp_path_factory):
    url, directory = bulk_loaded
    broken = tmp_path_factory.mktemp("broken") / "broken.nq"
    broken.write_text("<urn:a> <urn:b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"(?s)bulk loader reported errors.*broken\.nq.*Unterminated"):
        harness.bulk_load(directory, broken, f"{BASE}graph/default")
    assert count(url)[1] > 0  # what was loaded before stays


def test_push_keeps_every_named_graph(pushed, quads):
    url, report = pushed
    names = {q.graph_name.value for q in quads}
    assert report.graphs == len(names) and report.triples == len(quads)
    assert count(url) == (len(names), len(quads))


@pytest.mark.parametrize("recipe", recipes(), ids=lambda r: r.name)
def test_cookbook_answers_match_the_embedded_store(pushed, store, recipe):
    assert_same_answers(pushed[0], store, recipe)


def test_push_again_replaces_rather_than_duplicates(pushed, quads):
    """Also when large graphs go in chunks (a PUT of the first 500 triples, POSTs of the rest)."""
    url, _ = pushed
    push(quads, f"{url}/sparql-graph-crud-auth", "dba", "dba")
    assert count(url)[1] == len(quads)
    push(quads, f"{url}/sparql-graph-crud-auth", "dba", "dba", chunk_triples=500)
    assert count(url) == (len({q.graph_name for q in quads}), len(quads))


def test_wrong_password_is_a_clear_error(pushed, quads):
    url, _ = pushed
    with pytest.raises(PushError, match="401"):
        push(quads[:5], f"{url}/sparql-graph-crud-auth", "dba", "wrong")
