"""Beyond the embedded store: Oxigraph server (the `oxigraph` package's binary), loaded by
its own bulk loader and by `push` (Graph Store Protocol), answers the cookbook as the
embedded store does. The harness (scripts/oxigraph_server.py) serves on loopback only."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from hengyang_kg.sparql.cookbook import recipes
from hengyang_kg.sparql.push import push
from hengyang_kg.sparql.query import run
from hengyang_kg.sparql.remote import normalise, remote_select

from .conftest import BASE, PROJECT

pytestmark = pytest.mark.system

spec = importlib.util.spec_from_file_location("oxigraph_harness", PROJECT / "scripts" / "oxigraph_server.py")
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)

COUNT = f"""SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples)
    WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}")) }}"""


@pytest.fixture(scope="module", autouse=True)
def binary():
    """CI installs the test extra (make test); a checkout whose environment predates it is told how."""
    try:
        return harness.binary()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{exc}: run pip install -e '.[test]'")


@pytest.fixture(scope="module")
def bulk_loaded(exports, tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph") / "bulk"
    harness.load(location, exports["hengyang.nq"])
    with harness.oxigraph(location, read_only=True) as url:
        yield url


@pytest.fixture(scope="module")
def pushed(quads, tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph") / "pushed"
    with harness.oxigraph(location, read_only=False) as url:
        report = push(quads, f"{url}/store")
        yield url, report


@pytest.fixture(scope="module")
def pushed_dataset(quads, tmp_path_factory):
    """The whole dataset in one streamed PUT to /store (Oxigraph's bulk loader: ?no_transaction)."""
    location = tmp_path_factory.mktemp("oxigraph") / "dataset"
    with harness.oxigraph(location, read_only=False) as url:
        report = push(quads, f"{url}/store?no_transaction", whole_dataset=True)
        yield url, report


@pytest.fixture(scope="module")
def pushed_in_chunks(quads, tmp_path_factory):
    """Graph by graph, a graph of more than 100 triples as a PUT of 100 and POSTs of the rest."""
    location = tmp_path_factory.mktemp("oxigraph") / "chunks"
    with harness.oxigraph(location, read_only=False) as url:
        report = push(quads, f"{url}/store", chunk_triples=100)
        yield url, report


LOADINGS = ["bulk_loaded", "pushed", "pushed_dataset", "pushed_in_chunks"]


@pytest.mark.parametrize("loading", LOADINGS)
def test_every_named_graph_and_triple_arrives(loading, request, quads):
    got = request.getfixturevalue(loading)
    url = got if isinstance(got, str) else got[0]
    _, rows = remote_select(f"{url}/query", COUNT, BASE)
    assert int(rows[0]["graphs"]["value"]) == len({q.graph_name for q in quads})
    assert int(rows[0]["triples"]["value"]) == len(quads)


@pytest.mark.parametrize("loading", LOADINGS)
@pytest.mark.parametrize("recipe", recipes(), ids=lambda r: r.name)
def test_cookbook_answers_match_the_embedded_store(loading, recipe, request, store):
    got = request.getfixturevalue(loading)
    url = got if isinstance(got, str) else got[0]
    local = json.loads(run(store, recipe.text, BASE, "json").body)
    variables = local["head"]["vars"]
    _, remote = remote_select(f"{url}/query", recipe.text, BASE)
    assert normalise(remote, variables) == normalise(local["results"]["bindings"], variables)


def test_read_only_server_refuses_updates(bulk_loaded):
    import urllib.error
    import urllib.request

    req = urllib.request.Request(f"{bulk_loaded}/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(req, timeout=10)


@pytest.mark.parametrize("loading", ["pushed", "pushed_dataset", "pushed_in_chunks"])
def test_push_reports_every_graph_and_triple(loading, request, quads):
    _, report = request.getfixturevalue(loading)
    assert (report.graphs, report.triples) == (len({q.graph_name for q in quads}), len(quads))


def test_whole_dataset_push_replaces_the_store_content(pushed_dataset, quads):
    """Pushed again after a stray graph was added: the stray graph is gone, nothing is doubled."""
    import urllib.request

    url, _ = pushed_dataset
    stray = urllib.request.Request(f"{url}/store?graph={BASE}graph/stray", data=b"<urn:a> <urn:b> <urn:c> .\n",
                                   method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(stray, timeout=10).read()
    assert int(remote_select(f"{url}/query", COUNT, BASE)[1][0]["triples"]["value"]) == len(quads) + 1
    push(quads, f"{url}/store", whole_dataset=True)
    _, rows = remote_select(f"{url}/query", COUNT, BASE)
    assert (int(rows[0]["graphs"]["value"]), int(rows[0]["triples"]["value"])) == (
        len({q.graph_name for q in quads}), len(quads))
