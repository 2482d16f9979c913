"""Benchmark: build and export, on the real corpus and on a synthetic 100k-claim corpus.

Figures are reported as ratios against a baseline measured in the same run: the
same quads built in an rdflib Dataset and serialised by rdflib.

    python bench/bench.py [--claims 100000] [--rdflib-serialise-claims 2000]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hengyang_kg.curation.loader import Corpus, load_corpus  # noqa: E402
from hengyang_kg.rdf.build import dataset_quads  # noqa: E402
from hengyang_kg.rdf.serialise import serialise_all, to_jsonld, to_trig  # noqa: E402
from hengyang_kg.reconcile import reconcile  # noqa: E402
from hengyang_kg.report.data import report_data, to_json, to_markdown  # noqa: E402
from hengyang_kg.report.html import to_html  # noqa: E402

BASE = "https://w3id.org/hengyang-kg/"


def timed(fn, *args):
    gc.collect()
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def synthetic(corpus: Corpus, n: int) -> Corpus:
    """n claims: the real ones repeated under new ids (same shapes, same sizes)."""
    real = corpus.claims
    claims = []
    for i in range(n):
        c = real[i % len(real)]
        cl = c.claim.model_copy(update={"id": f"c9{i // 10000:02d}-{i % 10000:04d}"})
        claims.append(type(c)(**{**c.__dict__, "claim": cl}))
    return Corpus(corpus.root, corpus.sources, corpus.entities, corpus.properties, claims, corpus.out_of_scope)


def rdflib_dataset(quads) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    for q in quads:
        g = ds.graph(rdflib.URIRef(q.graph_name.value))
        o = q.object
        if isinstance(o, ox.NamedNode):
            obj = rdflib.URIRef(o.value)
        elif o.language:
            obj = rdflib.Literal(o.value, lang=o.language)
        else:
            obj = rdflib.Literal(o.value, datatype=rdflib.URIRef(o.datatype.value))
        g.add((rdflib.URIRef(q.subject.value), rdflib.URIRef(q.predicate.value), obj))
    return ds


def report_all(corpus: Corpus) -> dict[str, str]:
    """What `hengyang-kg report` does after loading: reconcile, then the three files."""
    data = report_data(reconcile(corpus), corpus, BASE)
    return {"json": to_json(data), "md": to_markdown(data), "html": to_html(data, corpus)}


def measure(corpus: Corpus, label: str, rdflib_jsonld_limit: int) -> dict:
    n = len(corpus.claims)
    t_recon, _ = timed(reconcile, corpus)
    t_report, files_r = timed(report_all, corpus)
    t_quads, quads = timed(dataset_quads, corpus, BASE)
    t_store, store = timed(lambda q: (s := ox.Store(), s.bulk_extend(q), s)[2], quads)
    t_all, files = timed(serialise_all, quads, BASE)
    t_trig, _ = timed(to_trig, quads, BASE)
    t_jsonld, _ = timed(to_jsonld, quads, BASE)
    t_rdflib_build, ds = timed(rdflib_dataset, quads)
    row = {
        "corpus": label, "claims": n, "quads": len(quads),
        "ours": {"reconcile_s": t_recon, "report_s": t_report, "quads_s": t_quads, "store_s": t_store, "trig_s": t_trig,
                 "jsonld_s": t_jsonld, "all_four_exports_s": t_all},
        "rdflib": {"build_s": t_rdflib_build},
        "bytes": {**{k: len(v) for k, v in files.items()}, **{f"conflicts.{k}": len(v.encode()) for k, v in files_r.items()}},
    }
    row["ratios"] = {
        "build (rdflib Dataset ÷ pyoxigraph Store)": t_rdflib_build / t_store,
    }
    if n <= rdflib_jsonld_limit:
        t_rt, _ = timed(lambda d: d.serialize(format="trig"), ds)
        t_rj, _ = timed(lambda d: d.serialize(format="json-ld"), ds)
        row["rdflib"].update({"trig_s": t_rt, "jsonld_s": t_rj})
        row["ratios"]["TriG (rdflib ÷ ours)"] = t_rt / t_trig
        row["ratios"]["JSON-LD (rdflib ÷ ours)"] = t_rj / t_jsonld
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--rdflib-serialise-claims", type=int, default=2_000,
                    help="largest corpus on which rdflib's TriG and JSON-LD serialisers are timed "
                         "(they grow super-linearly with the number of named graphs)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.json"))
    args = ap.parse_args()
    t_load, corpus = timed(load_corpus, ROOT)
    rows = [measure(corpus, "bundled", args.rdflib_serialise_claims)]
    rows[0]["ours"]["load_and_validate_s"] = t_load
    for n in sorted({1_000, 2_000, args.claims}):
        rows.append(measure(synthetic(corpus, n), f"synthetic {n}", args.rdflib_serialise_claims))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    buf = io.StringIO()
    for r in rows:
        o, b = r["ours"], r["rdflib"]
        print(f"{r['corpus']}: {r['claims']} claims, {r['quads']} quads", file=buf)
        if "load_and_validate_s" in o:
            print(f"  load + validate (YAML, quotes, values): {o['load_and_validate_s']:.2f} s", file=buf)
        print(f"  report: reconcile {o['reconcile_s']:.2f} s; reconcile + conflicts.json/.md/.html {o['report_s']:.2f} s",
              file=buf)
        print(f"  ours:   quads {o['quads_s']:.2f} s, store {o['store_s']:.2f} s, TriG {o['trig_s']:.2f} s, "
              f"JSON-LD {o['jsonld_s']:.2f} s, all four exports {o['all_four_exports_s']:.2f} s", file=buf)
        print(f"  rdflib: Dataset build {b['build_s']:.2f} s"
              + (f", TriG {b['trig_s']:.2f} s, JSON-LD {b['jsonld_s']:.2f} s" if "trig_s" in b else
                 " (serialisers not timed at this size: super-linear)"), file=buf)
        for k, v in r["ratios"].items():
            print(f"  ratio {k}: {v:.1f}x", file=buf)
    print(buf.getvalue(), end="")


if __name__ == "__main__":
    main()
