"""The ``hengyang-kg`` command: a thin layer over the library.

Exit codes: 0 ok, 1 data errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hengyang_kg.cli_curation import add_commands as add_curation_commands
from hengyang_kg.errors import DataErrors
from hengyang_kg.outputs import OutputError

EPILOG = {
    "validate": "example: hengyang-kg validate --root .",
    "coverage": "example: hengyang-kg coverage 001 --open",
    "build": "example: hengyang-kg build --out out/",
    "schema": "example: hengyang-kg schema > schema/claims.schema.json; hengyang-kg schema --report > schema/report.schema.json",
    "report": "example: hengyang-kg report --out report/",
    "query": "example: hengyang-kg query 01_japanese_casualties --format csv",
    "serve": "example: hengyang-kg serve --port 8000",
    "synth": "example: hengyang-kg synth --claims 10000 --sources 100 --seed 1 --out /tmp/synth10k",
    "push": "example: hengyang-kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password dba",
}


def command(sub, name: str, **kwargs) -> argparse.ArgumentParser:
    """A sub-command with its example and its handler ``cmd_<name>``."""
    p = sub.add_parser(name, epilog=EPILOG[name], **kwargs)
    p.set_defaults(func=globals()[f"cmd_{name}"])
    return p


def dataset_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", default="out/hengyang.nq",
                   help="an exported dataset (.nq or .trig); when it does not exist the dataset is built from data/; "
                        "when it was built from other data it is refused")
    p.add_argument("--rebuild", action="store_true", help="rebuild a stale dataset instead of refusing it")
    p.add_argument("--base", default=None,
                   help="base IRI of the data (default: $HENGYANG_KG_BASE, else the one the dataset was built with); "
                        "a dataset built with another base is refused (or rebuilt with --rebuild)")


def shrink_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-shrink", action="store_true",
                   help="replace outputs even when a source's claims would drop (and say which)")


def base_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--base", default=None,
                   help="base IRI of the data (default: $HENGYANG_KG_BASE or https://w3id.org/hengyang-kg/)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hengyang-kg",
        description="Source-reconciliation knowledge graph of the 1944 defence of Hengyang.",
        epilog="Run 'hengyang-kg COMMAND --help' for a command's options.",
    )
    p.add_argument("--root", default=".", help="project directory holding data/ (default: .)")
    p.add_argument("--quiet", action="store_true", help="no progress bars (they show only on a terminal anyway)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    drafts_option(command(sub, "validate", help="check every source, entity and claim; report all errors",
                description="Check sources (hashes), entities, claims (ids, properties, values, quotes)."))
    c = command(sub, "coverage", help="numeral and date mentions of a source, and what accounts for each",
                description="List every numeral/date mention and whether a claim or an out_of_scope entry accounts for it.")
    c.add_argument("source", nargs="?", help="source id or its prefix (000 … 004); all sources when omitted")
    c.add_argument("--open", action="store_true", help="list only the mentions nothing accounts for")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.add_argument("--min", type=float, default=None, help="exit 1 when a source accounts for less than this percentage")
    b = command(sub, "build", help="build the dataset and write TriG, N-Quads, Turtle, JSON-LD and RDF 1.2 TriG",
                description="Build the RDF dataset from the curated data and write the five exports atomically.")
    b.add_argument("--out", default="out", help="output directory (default: out)")
    base_option(b)
    shrink_option(b)
    drafts_option(b)
    r = command(sub, "report", help="reconcile the claims and write conflicts.json, conflicts.md and conflicts.html",
                description="Group claims into facts, find positions, independence, explanations and "
                            "consistency checks, and write the conflict report atomically.")
    r.add_argument("--out", default="report", help="output directory (default: report)")
    base_option(r)
    shrink_option(r)
    drafts_option(r)
    q = command(sub, "query", help="run a SPARQL query (inline or a .rq file) against the built dataset",
                description="Run SPARQL against the dataset: the project's prefixes are predeclared and the "
                            "default graph is the union of all graphs. SELECT/ASK results as a table, CSV, TSV, "
                            "SPARQL JSON or XML; CONSTRUCT/DESCRIBE as Turtle, TriG, JSON-LD or N-Triples.")
    q.add_argument("query", help="a SPARQL query, the path of a .rq file, or a cookbook query's name or number "
                                 "(01_japanese_casualties, 01)")
    q.add_argument("--format", default="table",
                   choices=["table", "csv", "tsv", "json", "xml", "turtle", "trig", "jsonld", "ntriples"],
                   help="result format (default: table)")
    dataset_option(q)
    q.add_argument("--limit", type=int, default=None, help="stop after this many rows (and say so)")
    v = command(sub, "serve", help="a read-only SPARQL 1.1 endpoint with a web page",
                description="Serve the dataset over the SPARQL 1.1 Protocol (GET, form POST, "
                            "application/sparql-query POST), with a service description, VoID, CORS and a web "
                            "page. Read-only and bounded (time, rows, request size). Loopback by default.")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    v.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    dataset_option(v)
    v.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default: 10)")
    v.add_argument("--max-rows", type=int, default=10_000, help="rows a result may have (default: 10000)")
    v.add_argument("--max-request", type=int, default=65_536, help="bytes a request may have (default: 65536)")
    v.add_argument("--workers", type=int, default=3,
                   help="query worker processes, one of them kept for cheap queries (default: 3)")
    v.add_argument("--memory", type=int, default=1024, help="MiB of address space per query worker (default: 1024)")
    v.add_argument("--max-bytes", type=int, default=16 << 20, help="bytes a response may have (default: 16 MiB)")
    v.add_argument("--max-connections", type=int, default=64, help="connections served at once (default: 64)")
    v.add_argument("--socket-timeout", type=float, default=10.0,
                   help="seconds a client may stay silent mid-request (default: 10)")
    v.add_argument("--request-deadline", type=float, default=30.0,
                   help="seconds from a request's first byte until all of it must be read (default: 30)")
    v.add_argument("--report", default=None,
                   help="a report directory (hengyang-kg report --out DIR) to serve read-only under /report/ "
                        "(default: the dataset's directory, when it holds a report)")
    u = command(sub, "push", help="load the dataset into an existing SPARQL store (Graph Store Protocol)",
                description="PUT every named graph of the dataset to a SPARQL 1.1 Graph Store HTTP Protocol "
                            "endpoint (each PUT replaces that graph). Digest or basic authentication.")
    u.add_argument("--endpoint", required=True, help="the store's Graph Store Protocol URL")
    u.add_argument("--user", default=None, help="user name, if the store asks for one")
    u.add_argument("--password", default=None, help="password (or set HENGYANG_KG_PASSWORD)")
    u.add_argument("--graph-param", default="graph", help="the query parameter naming the graph (default: graph)")
    u.add_argument("--whole-dataset", action="store_true", help="one PUT of all graphs as N-Quads to --endpoint "
                   "itself, replacing the store's whole content (Oxigraph server's /store; fast at scale)")
    dataset_option(u)
    y = command(sub, "synth", help="write a synthetic project directory (sources, entities, claims) for benchmarks",
                description="Generate a project directory with the shape of the real corpus (both scripts, "
                            "approximations and ranges, dates and durations, attributions, about 40%% of facts in "
                            "conflict, sources reusing passages), deterministic for a seed. Read it with --root DIR.")
    y.add_argument("--claims", type=int, required=True, help="number of claims")
    y.add_argument("--sources", type=int, required=True, help="number of sources")
    y.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    y.add_argument("--reuse", type=float, default=0.1, help="fraction of sources copying passages (default: 0.1)")
    y.add_argument("--conflict", type=float, default=0.4, help="fraction of facts in conflict (default: 0.4)")
    y.add_argument("--out", required=True, help="the project directory to write (its data/ is replaced)")
    sch = command(sub, "schema", help="print the JSON Schema of the claims file format (or of the report)",
                description="Print the JSON Schema of data/claims/*.yaml, derived from the pydantic models.")
    sch.add_argument("--report", action="store_true", help="the schema of conflicts.json instead (schema/report.schema.json)")
    add_curation_commands(sub)
    return p


def drafts_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--include-drafts", action="store_true",
                   help="accept claims marked draft: true (proposed by suggest, not yet reviewed)")


def _load(args):
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.progress import Progress

    bar = Progress("reading claims files", quiet=args.quiet)
    try:
        return load_corpus(Path(args.root), progress=bar.update, include_drafts=getattr(args, "include_drafts", False))
    finally:
        bar.done()


def _report_errors(exc: DataErrors) -> int:
    for e in exc.errors:
        print(e, file=sys.stderr)
    print(f"{len(exc.errors)} error(s); nothing written.", file=sys.stderr)
    return 1


def claims_per_source(corpus) -> dict[str, int]:
    counts = dict.fromkeys(corpus.sources, 0)
    for c in corpus.claims:
        counts[c.source] += 1
    return counts


def cmd_validate(args) -> int:
    corpus = _load(args)
    n_src = len(corpus.sources)
    print(f"ok: {len(corpus.claims)} claims from {n_src} sources, {len(corpus.entities)} entities")
    counts = claims_per_source(corpus)
    for sid in corpus.sources:
        said = f" (no claims: {corpus.no_claims[sid]})" if sid in corpus.no_claims else ""
        print(f"  {sid}: {counts.get(sid, 0)} claims{said}")
    return 0


def cmd_coverage(args) -> int:
    from hengyang_kg.curation.coverage import coverage, summary
    from hengyang_kg.curation.loader import load_corpus

    corpus = load_corpus(Path(args.root), strict=False)
    if corpus.errors:
        print(f"warning: {len(corpus.errors)} data error(s) ignored here; run 'hengyang-kg validate'", file=sys.stderr)
    if args.source:
        try:
            ids = [corpus.source(args.source).id]
        except KeyError:
            print(f"hengyang-kg: unknown source {args.source!r}; known: {', '.join(corpus.sources)}", file=sys.stderr)
            return 2
    else:
        ids = list(corpus.sources)
    report: dict[str, dict] = {}
    worst = 100.0
    for sid in ids:
        ms = coverage(corpus, sid)
        sm = summary(ms)
        worst = min(worst, sm["accounted"])
        report[sid] = {"summary": sm, "mentions": [m.__dict__ for m in ms]}
        if args.json:
            continue
        for m in ms:
            if args.open and m.status != "open":
                continue
            print(f"{sid}:{m.line}: {m.text}\t{m.status}\t{m.by}")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for sid in ids:
            sm = report[sid]["summary"]
            print(f"{sid}: {sm['accounted']}% accounted for ({sm['covered']} covered by claims, "
                  f"{sm['out_of_scope']} out of scope, {sm['open']} open, of {sm['mentions']} mentions)")
    if args.min is not None and worst < args.min:
        return 1
    return 0


def cmd_build(args) -> int:
    from hengyang_kg.datasets import build_set
    from hengyang_kg.namespaces import DEFAULT_BASE, requested_base

    for p in build_set(Path(args.root), Path(args.out), requested_base(args.base) or DEFAULT_BASE, args.allow_shrink):
        print(p)
    return 0


def cmd_report(args) -> int:
    from hengyang_kg.builds import input_hashes
    from hengyang_kg.datasets import inputs_of, write
    from hengyang_kg.namespaces import DEFAULT_BASE, requested_base
    from hengyang_kg.reconcile import reconcile
    from hengyang_kg.report.writer import report_files

    base = requested_base(args.base) or DEFAULT_BASE
    hashes = input_hashes(Path(args.root))
    corpus = _load(args)
    inputs = inputs_of(hashes, corpus, base)
    for p in write(Path(args.out), "report", dict(report_files(reconcile(corpus), corpus, base, inputs.build_id)), inputs,
                   args.allow_shrink):
        print(p if p.is_file() else f"{p}/ ({sum(1 for _ in p.iterdir())} pages)")
    print(f"report of build {inputs.build_id} (see {Path(args.out) / 'manifest.json'})", file=sys.stderr)
    return 0


def open_dataset(args):
    """The store to query and its base IRI: the built dataset if it belongs to today's data,
    else built from the data; the base asked for (--base, $HENGYANG_KG_BASE) or the dataset's."""
    from hengyang_kg.datasets import open_dataset as open_checked
    from hengyang_kg.namespaces import requested_base

    return open_checked(Path(args.root), Path(args.dataset), requested_base(args.base), args.rebuild)


def cmd_query(args) -> int:
    from hengyang_kg.sparql.cookbook import recipe
    from hengyang_kg.sparql.query import QueryError, run, table

    text = args.query
    if (found := recipe(text)) is not None and not Path(text).is_file():
        text = found.text
    elif text.endswith(".rq") or (len(text) < 300 and Path(text).is_file()):
        try:
            text = Path(text).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"hengyang-kg: cannot read {args.query}: {exc.strerror}", file=sys.stderr)
            return 2
    store, base = open_dataset(args)
    try:
        if args.format == "table":
            sys.stdout.write(table(store, text, base, args.limit))
        else:
            res = run(store, text, base, args.format, args.limit)
            sys.stdout.buffer.write(res.body)
            if res.truncated:
                print(f"hengyang-kg: result cut at {args.limit} rows", file=sys.stderr)
    except QueryError as exc:
        print(f"hengyang-kg: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_serve(args) -> int:
    from hengyang_kg.datasets import open_opened
    from hengyang_kg.disk_store import release
    from hengyang_kg.namespaces import requested_base

    opened, base = open_opened(Path(args.root), Path(args.dataset), requested_base(args.base), args.rebuild,
                               snapshot=True)
    try:
        return _serve(args, opened.store, base, opened.path or None)
    finally:
        release(opened)


def _serve(args, store, base: str, store_path: str | None) -> int:
    from hengyang_kg.datasets import open_report
    from hengyang_kg.sparql.server import Limits, make_server, serve_until_stopped

    report = open_report(Path(args.root), args.report, Path(args.dataset).parent, base, args.rebuild)
    limits = Limits(args.timeout, args.max_rows, args.max_request, args.workers, args.memory, args.max_bytes,
                    max_connections=args.max_connections, socket_timeout=args.socket_timeout,
                    request_deadline=args.request_deadline)
    try:
        server = make_server(store, base, args.host, args.port, limits, report, store_path)
    except OSError as exc:
        print(f"hengyang-kg: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}; "
              "fix: stop the program using it, or pick another port with --port (0 picks a free one)",
              file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    print(f"serving http://{host}:{port}/ (SPARQL at /sparql; {limits.workers} workers of {limits.memory_mb} MiB, "
          f"{limits.timeout:g} s a query{f'; the report in {report.directory} at /report/' if report else ''}); "
          "Ctrl-C stops", file=sys.stderr, flush=True)
    serve_until_stopped(server)
    return 0


def cmd_push(args) -> int:
    import os

    from hengyang_kg.progress import Progress
    from hengyang_kg.sparql.push import EndpointError, PushError, check_endpoint, push

    try:
        check_endpoint(args.endpoint)
    except EndpointError as exc:
        print(f"hengyang-kg: {exc}", file=sys.stderr)
        return 2
    store, _base = open_dataset(args)
    password = args.password if args.password is not None else os.environ.get("HENGYANG_KG_PASSWORD")
    bar = Progress("pushing quads" if args.whole_dataset else "pushing graphs", quiet=args.quiet)
    try:
        report = push(store, args.endpoint, args.user, password, args.graph_param, bar.update,
                      whole_dataset=args.whole_dataset)
    except PushError as exc:
        bar.done()
        print(f"hengyang-kg: {exc}", file=sys.stderr)
        return 1
    bar.done()
    print(f"pushed {report.graphs} graphs, {report.triples} triples to {args.endpoint}")
    return 0


def cmd_synth(args) -> int:
    from hengyang_kg.progress import Progress
    from hengyang_kg.synth import Plan, write_project

    plan = Plan(args.claims, args.sources, args.seed, args.reuse, args.conflict)
    if problem := plan.problem():
        print(f"hengyang-kg synth: {problem}", file=sys.stderr)
        return 2
    bar = Progress("writing sources", quiet=args.quiet)
    summary = write_project(plan, Path(args.out), bar.update)
    bar.done()
    print(f"wrote {args.out}/data: {summary['claims']} claims, {summary['facts']} facts, "
          f"{len(summary['copies'])} copied passages, {summary['entities']} entities")
    return 0


def cmd_schema(args) -> int:
    from hengyang_kg.curation.properties import declared_units, ontology_file
    from hengyang_kg.curation.units import claims_schema
    from hengyang_kg.report.contract import report_schema

    schema = report_schema() if args.report else claims_schema(declared_units(ontology_file(args.root, "hengyang.ttl")))
    print(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
    return 0


def main(argv: list[str] | None = None) -> int:
    from hengyang_kg.collector import paused

    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with paused(getattr(args, "func", None) in (cmd_validate, cmd_build, cmd_report)):
            return args.func(args)
    except DataErrors as exc:
        return _report_errors(exc)
    except OutputError as exc:
        print(f"hengyang-kg: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
