"""Scale-out: push the dataset into a real Virtuoso and get the cookbook's answers back.

The fixture starts Debian's virtuoso-t in the foreground with its own ini on loopback
and a scratch database (scripts/virtuoso.py), and stops it afterwards.
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


def test_push_keeps_every_named_graph(pushed, quads):
    url, report = pushed
    names = {q.graph_name.value for q in quads}
    assert report.graphs == len(names) and report.triples == len(quads)
    headers, rows = remote_select(f"{url}/sparql", f"""SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples)
        WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }}""", BASE)
    assert int(rows[0]["graphs"]["value"]) == len(names)
    assert int(rows[0]["triples"]["value"]) == len(quads)


@pytest.mark.parametrize("recipe", recipes(), ids=lambda r: r.name)
def test_cookbook_answers_match_the_embedded_store(pushed, store, recipe):
    url, _ = pushed
    local = json.loads(run(store, recipe.text, BASE, "json").body)
    variables = local["head"]["vars"]
    headers, remote = remote_select(f"{url}/sparql", recipe.text, BASE)
    assert "X-SPARQL-MaxRows" not in headers, "Virtuoso cut the result"
    assert normalise(remote, variables) == normalise(local["results"]["bindings"], variables)


def test_push_again_replaces_rather_than_duplicates(pushed, quads):
    url, _ = pushed
    push(quads, f"{url}/sparql-graph-crud-auth", "dba", "dba")
    _, rows = remote_select(f"{url}/sparql", f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?g), "{BASE}")) }}""", BASE)
    assert int(rows[0]["n"]["value"]) == len(quads)


def test_wrong_password_is_a_clear_error(pushed, quads):
    url, _ = pushed
    with pytest.raises(PushError, match="401"):
        push(quads[:5], f"{url}/sparql-graph-crud-auth", "dba", "wrong")
