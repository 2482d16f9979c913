"""The endpoint's SPARQL 1.1 Service Description and the dataset's VoID description,
built as triples and serialised by pyoxigraph (never from strings: a crafted ``Host``
header cannot break the Turtle), and a claim's quote in context for the web page (the
claim bound with ``substitutions=``, never spliced into the query text)."""

from __future__ import annotations

import re
import threading

import pyoxigraph as ox

from hengyang_kg.namespaces import HKG, prefixes

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
           "Turtle", "JSON-LD", "N-Triples", "TriG")
HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$")
OUT_PREFIXES = {"sd": SD, "void": VOID, "dcterms": DCT}


def endpoint_iri(host_header: str | None, fallback: str) -> str:
    """The endpoint's IRI from the request's ``Host``, when it is a plain host[:port].

    >>> endpoint_iri("127.0.0.1:8000", "localhost:1")
    'http://127.0.0.1:8000/sparql'
    >>> endpoint_iri('x> . <y', "localhost:1")
    'http://localhost:1/sparql'
    """
    host = host_header if host_header and HOST.match(host_header) else fallback
    return f"http://{host}/sparql"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def service_description(endpoint: str, base: str) -> bytes:
    ep = _n(endpoint)
    svc, ds, dg = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    t = [ox.Triple(svc, RDF_TYPE, _n(SD + "Service")), ox.Triple(svc, _n(SD + "endpoint"), ep),
         ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
         ox.Triple(svc, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
         ox.Triple(svc, _n(SD + "defaultDataset"), ds), ox.Triple(ds, RDF_TYPE, _n(SD + "Dataset")),
         ox.Triple(ds, _n(SD + "defaultGraph"), dg), ox.Triple(dg, RDF_TYPE, _n(SD + "Graph")),
         ox.Triple(svc, _n(VOID + "dataset"), _n(base + "dataset"))]
    t += [ox.Triple(svc, _n(SD + "resultFormat"), _n("http://www.w3.org/ns/formats/" + f)) for f in FORMATS]
    return ox.serialize(t, format=ox.RdfFormat.TURTLE, prefixes=OUT_PREFIXES) or b""


def _solutions(res: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> ox.QuerySolutions:
    """The rows of a SELECT (the queries here are all SELECTs)."""
    if not isinstance(res, ox.QuerySolutions):
        raise TypeError("expected the solutions of a SELECT query")
    return res


def graph_counts(store: ox.Store) -> list[tuple[str, int]]:
    """Triples per named graph, by graph IRI."""
    rows = _solutions(store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
    return sorted((r["g"].value, int(r["n"].value)) for r in rows)


class GraphCounts:
    """:func:`graph_counts` of a store, counted in a thread of its own from the start: it scans
    the whole store (seconds at 100,000 claims), so the endpoint answers queries at once
    instead of after it; :meth:`get` waits until it is done."""

    def __init__(self, store: ox.Store) -> None:
        self.done = threading.Event()
        self.counts: list[tuple[str, int]] = []
        self.error: Exception | None = None
        threading.Thread(target=self.count, args=(store,), daemon=True, name="graph-counts").start()

    def count(self, store: ox.Store) -> None:
        try:
            self.counts = graph_counts(store)
        except Exception as exc:  # noqa: BLE001 - raised again to whoever asks for the counts
            self.error = exc
        finally:
            self.done.set()

    def get(self) -> list[tuple[str, int]]:
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.counts


def void_description(counts: list[tuple[str, int]], base: str, endpoint: str) -> bytes:
    ds = _n(base + "dataset")
    claim_graphs = [g for g, _ in counts if g.startswith(base + "claim/")]
    xsd_int = _n("http://www.w3.org/2001/XMLSchema#integer")
    t = [ox.Triple(ds, RDF_TYPE, _n(VOID + "Dataset")),
         ox.Triple(ds, _n(DCT + "title"),
                   ox.Literal("hengyang-kg: claims of five sources on the 1944 defence of Hengyang", language="en")),
         ox.Triple(ds, _n(VOID + "sparqlEndpoint"), _n(endpoint)),
         ox.Triple(ds, _n(VOID + "triples"), ox.Literal(str(sum(n for _, n in counts)), datatype=xsd_int)),
         ox.Triple(ds, _n(VOID + "uriSpace"), ox.Literal(base))]
    t += [ox.Triple(ds, _n(VOID + "vocabulary"), _n(v))
          for v in (HKG, "http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#")]
    for g, n in counts:
        if g in claim_graphs:
            continue
        sub = ox.BlankNode(f"graph{len(t)}")
        t += [ox.Triple(ds, _n(VOID + "subset"), sub), ox.Triple(sub, RDF_TYPE, _n(VOID + "Dataset")),
              ox.Triple(sub, _n(VOID + "triples"), ox.Literal(str(n), datatype=xsd_int)),
              ox.Triple(sub, _n(SD + "name"), _n(g))]
    claims = ox.BlankNode("claims")
    t += [ox.Triple(ds, _n(VOID + "subset"), claims), ox.Triple(claims, RDF_TYPE, _n(VOID + "Dataset")),
          ox.Triple(claims, _n(DCT + "description"), ox.Literal("one named graph per claim", language="en")),
          ox.Triple(claims, _n(VOID + "entities"), ox.Literal(str(len(claim_graphs)), datatype=xsd_int))]
    return ox.serialize(t, format=ox.RdfFormat.TURTLE, prefixes=OUT_PREFIXES) or b""


CLAIM_QUERY = """SELECT ?claim ?source ?raw ?exact ?prefix ?suffix ?start ?end ?s ?p ?o WHERE { GRAPH graph:provenance {
  ?claim prov:wasDerivedFrom ?source ; hkg:rawValue ?raw ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
         hkg:quote ?q . ?q oa:hasSelector ?t , ?pos .
  ?t a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end . } }"""


def claim_context(store: ox.Store, base: str, cid: str) -> dict | None:
    """A claim with its quote in context, for the web page."""
    try:
        claim = ox.NamedNode(base + "claim/" + cid)
    except ValueError:
        return None
    rows = list(_solutions(store.query(CLAIM_QUERY, prefixes=prefixes(base),
                                       substitutions={ox.Variable("claim"): claim})))
    if not rows:
        return None
    r = rows[0]
    return {k: r[k].value for k in ("source", "raw", "exact", "prefix", "suffix", "start", "end", "s", "p", "o")} | {
        "id": cid}
