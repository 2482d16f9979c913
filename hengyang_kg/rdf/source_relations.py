"""Source-to-source relations in ``graph:provenance``, in CiTO and PROV-O.

- **Text reuse** (a passage two sources share, found by the reconciliation): when the
  sources' dates in their metadata say which is later, the later quotes the earlier —
  ``later cito:includesQuotationFrom earlier`` and ``later prov:wasQuotedFrom earlier``.
  When a date is missing, or the two dates overlap at their precision (``1990`` against
  ``1990-05``), the direction is not known and is not guessed: both sources get
  ``hkg:sharesTextWith`` the other (a symmetric property of the ontology).
- **Cited works**: ``source cito:citesAsDataSource work`` for each work entity (type
  ``Work``) that one of the source's claims is attributed to. People and organisations
  a claim is attributed to stay on the claim (``hkg:attributedTo``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.namespaces import CITO
from hengyang_kg.rdf.terms import TERMS as T
from hengyang_kg.rdf.terms import Iris, N, Quad, hkg
from hengyang_kg.reconcile.types import Reconciliation

QUOTES = N(CITO + "includesQuotationFrom")
CITES_AS_DATA_SOURCE = N(CITO + "citesAsDataSource")
SHARES_TEXT = hkg("sharesTextWith")


def date_span(text: str | None) -> tuple[date, date] | None:
    """The first and last day a metadata date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) can mean.

    >>> date_span("1990-02")
    (datetime.date(1990, 2, 1), datetime.date(1990, 2, 28))
    >>> date_span(None) is None
    True
    """
    if not text:
        return None
    parts = [int(x) for x in text.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, d
    if len(parts) == 2:
        y, m = parts
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def later_of(a: str, a_date: str | None, b: str, b_date: str | None) -> str | None:
    """Which of two sources is certainly the later by its date, or None when that is not known.

    >>> later_of("x", "2005", "y", "1998-07")
    'x'
    >>> later_of("x", "1998", "y", "1998-07") is None
    True
    """
    sa, sb = date_span(a_date), date_span(b_date)
    if sa is None or sb is None:
        return None
    if sa[0] > sb[1]:
        return a
    if sb[0] > sa[1]:
        return b
    return None


def reuse_relations(corpus: Corpus, recon: Reconciliation, iris: Iris, g: N) -> list[Quad]:
    """The text-reuse relations between sources, directed where the dates tell."""
    out: list[Quad] = []
    for r in recon.reuse:
        later = later_of(r.a, corpus.sources[r.a].meta.date, r.b, corpus.sources[r.b].meta.date)
        if later is None:
            A, B = iris.source(r.a), iris.source(r.b)
            out += [Quad(A, SHARES_TEXT, B, g), Quad(B, SHARES_TEXT, A, g)]
        else:
            L, E = iris.source(later), iris.source(r.b if later == r.a else r.a)
            out += [Quad(L, QUOTES, E, g), Quad(L, T["quotedFrom"], E, g)]
    return out


def citation_relations(corpus: Corpus, iris: Iris, g: N) -> list[Quad]:
    """Each source citing, as a data source, every work its claims are attributed to."""
    cited: dict[str, set[str]] = {}
    for c in corpus.claims:
        work = c.claim.attributed_to
        if work and corpus.entities[work].type == "Work":
            cited.setdefault(c.source, set()).add(work)
    return [Quad(iris.source(sid), CITES_AS_DATA_SOURCE, iris.entity(w), g)
            for sid in sorted(cited) for w in sorted(cited[sid])]


def with_relations(described: Iterable[Quad], relations: Iterable[Quad]) -> list[Quad]:
    """The sources' descriptions with each source's relations after its own quads (so a
    source is one block in TriG), the relations sorted by property and object."""
    by_subject: dict[N, list[Quad]] = {}
    for q in relations:
        if isinstance(q.subject, N):
            by_subject.setdefault(q.subject, []).append(q)
    out: list[Quad] = []
    quads = list(described)
    for i, q in enumerate(quads):
        out.append(q)
        last = i + 1 == len(quads) or quads[i + 1].subject != q.subject
        if last and isinstance(q.subject, N):
            out += sorted(set(by_subject.pop(q.subject, [])), key=lambda r: (r.predicate.value, str(r.object)))
    for rest in by_subject.values():  # relations of a source without a description: none in a loaded corpus
        out += rest
    return out


def source_relation_quads(corpus: Corpus, recon: Reconciliation | None, iris: Iris, g: N) -> list[Quad]:
    """Every relation between sources and to the works they cite (reuse only with a reconciliation)."""
    return (reuse_relations(corpus, recon, iris, g) if recon is not None else []) + citation_relations(corpus, iris, g)
