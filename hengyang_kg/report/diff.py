"""What a curation change did: two reports (``conflicts.json``) or two builds (``hengyang.nq``) compared.

Both sides are read into the same shape — claims by id (source, subject, property,
qualifiers, raw value, normalised value, bounds, quote, attribution) and facts by id
(status and positions: value, bounds, claims, independent support) — and compared:
claims added, removed and changed (field by field); facts added and removed; facts
whose status changed, whose positions changed (a value or interval held before and not
now, or the reverse), or whose support changed (a position's claims or independent
support).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from hengyang_kg.namespaces import HKG, OA, PROV, RDF

CLAIM_FIELDS = ("source", "subject", "property", "qualifiers", "raw", "value", "lower", "upper", "quote", "attributed_to")


class DiffInputError(Exception):
    """A side that is neither a report nor a build; the message says what is expected."""


def _s(x: object) -> str | None:
    return None if x is None else str(x)


def _from_report(data: dict) -> dict:
    claims, facts = {}, {}
    for f in data["facts"]:
        quals = ",".join(f"{k}={v}" for k, v in sorted(f.get("qualifiers", {}).items()))
        positions = []
        for p in f["positions"]:
            ids = sorted(c["id"] for c in p["claims"])
            positions.append({"value": _s(p["value"]), "lower": _s(p["lower"]), "upper": _s(p["upper"]),
                              "claims": ids, "independent_support": p["independent_support"]})
            for c in p["claims"]:
                claims[c["id"]] = {"source": c["source"], "subject": f["subject"]["id"], "property": f["property"]["id"],
                                   "qualifiers": quals, "raw": c["raw"], "value": _s(c["value"]),
                                   "lower": _s(c["lower"]), "upper": _s(c["upper"]), "quote": c["quote"],
                                   "attributed_to": c.get("attributed_to")}
        facts[f["id"]] = {"status": f["status"], "positions": positions}
    return {"claims": claims, "facts": facts}


def _tail(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(getattr(term, "value", term)).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _from_build(path: Path) -> dict:
    store = ox.Store()
    try:
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG)
    except (SyntaxError, ValueError, OSError) as exc:
        raise DiffInputError(f"{path} is not a readable dataset: {exc}") from None
    claims = {}
    rows = store.query(f"""SELECT ?id ?src ?s ?p ?raw ?norm ?lo ?hi ?exact ?attr
        (GROUP_CONCAT(?qv; separator=",") AS ?quals) WHERE {{
      ?c <{HKG}claimId> ?id ; <{PROV}wasDerivedFrom> ?src ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ;
         <{HKG}rawValue> ?raw ; <{HKG}normalizedValue> ?norm ; <{HKG}quote> ?q .
      ?q <{OA}hasSelector> ?sel . ?sel <{OA}exact> ?exact .
      OPTIONAL {{ ?c <{HKG}lowerBound> ?lo }} OPTIONAL {{ ?c <{HKG}upperBound> ?hi }}
      OPTIONAL {{ ?c <{HKG}attributedTo> ?attr }}
      OPTIONAL {{ VALUES ?qp {{ <{HKG}side> <{HKG}measure> <{HKG}item> }} ?c ?qp ?qo .
                  BIND(CONCAT(REPLACE(STR(?qp), "^.*#", ""), "=", REPLACE(STR(?qo), "^.*#", "")) AS ?qv) }}
    }} GROUP BY ?id ?src ?s ?p ?raw ?norm ?lo ?hi ?exact ?attr""", use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    for r in rows:
        claims[r["id"].value] = {
            "source": _tail(r["src"]), "subject": _tail(r["s"]), "property": _tail(r["p"]),
            "qualifiers": ",".join(sorted(x for x in r["quals"].value.split(",") if x)) if r["quals"] else "",
            "raw": r["raw"].value, "value": r["norm"].value,
            "lower": r["lo"].value if r["lo"] else None, "upper": r["hi"].value if r["hi"] else None,
            "quote": r["exact"].value, "attributed_to": _tail(r["attr"]) if r["attr"] else None}
    facts: dict[str, dict] = {}
    rows = store.query(f"""SELECT ?fid ?status ?pos ?val ?lo ?hi ?support ?cid WHERE {{
      ?f <{HKG}factId> ?fid ; <{HKG}status> ?status ; <{HKG}hasPosition> ?pos .
      ?pos <{HKG}positionValue> ?val ; <{HKG}independentSupport> ?support ; <{HKG}supportedBy> ?c .
      ?c <{HKG}claimId> ?cid .
      OPTIONAL {{ ?pos <{HKG}lowerBound> ?lo }} OPTIONAL {{ ?pos <{HKG}upperBound> ?hi }}
    }}""", use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    positions: dict[tuple[str, str], dict] = {}
    for r in rows:
        fid = r["fid"].value
        fact = facts.setdefault(fid, {"status": _tail(r["status"]), "positions": []})
        key = (fid, r["pos"].value)
        if key not in positions:
            positions[key] = {"value": r["val"].value, "lower": r["lo"].value if r["lo"] else None,
                              "upper": r["hi"].value if r["hi"] else None, "claims": [],
                              "independent_support": int(r["support"].value)}
            fact["positions"].append(positions[key])
        positions[key]["claims"].append(r["cid"].value)
    for (fid, _), p in sorted(positions.items()):
        p["claims"].sort()
    for fact in facts.values():
        fact["positions"].sort(key=lambda p: p["claims"])
    return {"claims": claims, "facts": facts}


def load_side(path: Path) -> dict:
    """A report directory or conflicts.json, or a build directory or its hengyang.nq / .trig."""
    if path.is_dir():
        for name in ("conflicts.json", "hengyang.nq", "hengyang.trig"):
            if (path / name).exists():
                path = path / name
                break
        else:
            raise DiffInputError(f"{path} holds neither conflicts.json (a report) nor hengyang.nq (a build)")
    if not path.exists():
        raise DiffInputError(f"{path} does not exist")
    if path.suffix == ".json":
        try:
            return _from_report(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            raise DiffInputError(f"{path} is not a conflicts.json report ({exc})") from None
    if path.suffix in (".nq", ".trig"):
        return _from_build(path)
    raise DiffInputError(f"{path}: give a report (conflicts.json) or a build (hengyang.nq or hengyang.trig)")


def _pos_key(p: dict) -> str:
    return f"{p['value']} [{p['lower']}, {p['upper']}]" if p["lower"] is not None else str(p["value"])


def diff(old: dict, new: dict) -> dict:
    """Claims added, removed and changed; facts added, removed and changed, all sorted by id."""
    oc, nc = old["claims"], new["claims"]
    changed_claims = []
    for cid in sorted(set(oc) & set(nc)):
        fields = {k: [oc[cid].get(k), nc[cid].get(k)] for k in CLAIM_FIELDS if oc[cid].get(k) != nc[cid].get(k)}
        if fields:
            changed_claims.append({"id": cid, "changes": fields})
    of, nf = old["facts"], new["facts"]
    changed_facts = []
    for fid in sorted(set(of) & set(nf)):
        a, b = of[fid], nf[fid]
        entry: dict = {"id": fid}
        if a["status"] != b["status"]:
            entry["status"] = [a["status"], b["status"]]
        pa = {_pos_key(p): p for p in a["positions"]}
        pb = {_pos_key(p): p for p in b["positions"]}
        if set(pa) != set(pb):
            entry["positions_removed"] = sorted(set(pa) - set(pb))
            entry["positions_added"] = sorted(set(pb) - set(pa))
        support = []
        for key in sorted(set(pa) & set(pb)):
            x, y = pa[key], pb[key]
            if x["claims"] != y["claims"] or x["independent_support"] != y["independent_support"]:
                support.append({"position": key, "independent_support": [x["independent_support"], y["independent_support"]],
                                "claims_added": sorted(set(y["claims"]) - set(x["claims"])),
                                "claims_removed": sorted(set(x["claims"]) - set(y["claims"]))})
        if support:
            entry["support"] = support
        if len(entry) > 1:
            changed_facts.append(entry)
    return {
        "claims": {"added": sorted(set(nc) - set(oc)), "removed": sorted(set(oc) - set(nc)), "changed": changed_claims},
        "facts": {"added": sorted(set(nf) - set(of)), "removed": sorted(set(of) - set(nf)), "changed": changed_facts},
    }


def to_text(d: dict) -> str:
    """The diff for reading: one line per claim or fact, details indented."""
    c, f = d["claims"], d["facts"]
    out = [f"claims: {len(c['added'])} added, {len(c['removed'])} removed, {len(c['changed'])} changed; "
           f"facts: {len(f['added'])} added, {len(f['removed'])} removed, {len(f['changed'])} changed"]
    out += [f"+ claim {cid}" for cid in c["added"]] + [f"- claim {cid}" for cid in c["removed"]]
    for ch in c["changed"]:
        out.append(f"~ claim {ch['id']}")
        out += [f"    {k}: {a!r} -> {b!r}" for k, (a, b) in ch["changes"].items()]
    out += [f"+ fact {fid}" for fid in f["added"]] + [f"- fact {fid}" for fid in f["removed"]]
    for ch in f["changed"]:
        out.append(f"~ fact {ch['id']}")
        if "status" in ch:
            out.append(f"    status: {ch['status'][0]} -> {ch['status'][1]}")
        out += [f"    position removed: {p}" for p in ch.get("positions_removed", [])]
        out += [f"    position added: {p}" for p in ch.get("positions_added", [])]
        for s in ch.get("support", []):
            moved = "".join([f" +{x}" for x in s["claims_added"]] + [f" -{x}" for x in s["claims_removed"]])
            out.append(f"    support of {s['position']}: {s['independent_support'][0]} -> {s['independent_support'][1]}"
                       f" independent;{moved or ' same claims'}")
    return "\n".join(out) + "\n"
