"""A dated claim's EDTF form and era-year conversions as provenance triples.

``hkg:edtf`` is typed with the Library of Congress EDTF datatype; each era year the
raw value converts is a node ``claim:<id>/era/<n>`` (``a hkg:EraYear``) with the
words as written, the era, the year in the era, the Gregorian year and the rule.
"""

from __future__ import annotations

import pyoxigraph as ox

from hengyang_kg.curation.calendars import claim_edtf, claim_era_years
from hengyang_kg.curation.claims import Located
from hengyang_kg.namespaces import RDFS, XSD
from hengyang_kg.rdf.terms import TERMS as T
from hengyang_kg.rdf.terms import N, hkg, integer_literal, lang_tag, literal
from hengyang_kg.text.edtf import EDTF_DATATYPE
from hengyang_kg.text.script_folding import script_of

JAPANESE_ERAS = ("昭和", "大正", "明治")


def calendar_triples(c: Located, C: ox.NamedNode) -> list[tuple]:
    """Triples (subject, predicate, object) for the provenance graph."""
    form = claim_edtf(c)
    out: list[tuple] = [] if form is None else [(C, hkg("edtf"), literal(form, EDTF_DATATYPE))]
    eras = claim_era_years(c)
    nodes = [N(f"{C.value}/era/{n}") for n in range(1, len(eras) + 1)]
    out += [(C, hkg("eraYear"), E) for E in nodes]
    for E, e in zip(nodes, eras):
        lang = "ja" if e.era in JAPANESE_ERAS else lang_tag(script_of(e.text))
        out += [
            (E, T["type"], hkg("EraYear")),
            (E, hkg("writtenAs"), literal(e.text, lang=lang)),
            (E, hkg("era"), literal(e.era, lang=lang)),
            (E, hkg("yearInEra"), integer_literal(e.year_in_era)),
            (E, hkg("gregorianYear"), literal(str(e.gregorian), XSD + "gYear")),
            (E, N(RDFS + "comment"), literal(e.rule, lang="en")),
        ]
    return out
