"""Regenerate the README's screenshots from a freshly built report, in Chromium.

    python scripts/screenshots.py            # writes docs/img/{report-opening,entity-page,web-page}.png

The report is built from data/ into a temporary directory (nothing in out/ is touched),
opened offline at 1280 × 900 px: the opening of conflicts.html, the entity page of 方先觉;
then the endpoint is started on loopback with that report and the web page is shot with a
cookbook question answered and a claim's popup open. Each picture is reduced to a
32-colour palette (text and the report's few colours survive it) and written with PNG
optimisation, so it stays small.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
WIDTH, HEIGHT = 1280, 900
ENTITY = "fang_xianjue"
QUESTION = "Every position on Japanese casualties of the siege"
CLAIM = "c002-201"


def small_png(png: bytes) -> bytes:
    """The picture in a 32-colour palette, PNG-optimised."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    pal = img.quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    pal.save(out, format="PNG", optimize=True)
    return out.getvalue()


def build_report(root: Path, out: Path) -> None:
    from hengyang_kg.datasets import report_set
    from hengyang_kg.namespaces import base_iri

    report_set(root, out, base_iri())


def shoot(root: Path, report: Path, img: Path) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.datasets import open_report
    from hengyang_kg.namespaces import base_iri
    from hengyang_kg.rdf.build import build_dataset
    from hengyang_kg.reconcile import reconcile
    from hengyang_kg.sparql.server import Limits, make_server

    written = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, offline=True)
        page = ctx.new_page()
        for name, path in (("report-opening", report / "conflicts.html"),
                           ("entity-page", report / "entities" / f"{ENTITY}.html")):
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            written[name] = _save(img / f"{name}.png", page.screenshot(full_page=False))
        ctx.close()
        corpus = load_corpus(root)
        store = build_dataset(corpus, base_iri(), reconcile(corpus))
        site = open_report(root, str(report), report, base_iri())
        server = make_server(store, base_iri(), "127.0.0.1", 0, Limits(workers=1), site)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            page.wait_for_function("document.querySelectorAll('#examples option').length > 12")
            page.select_option("#examples", label=QUESTION)
            page.locator(f'#results a.claim[data-claim="{CLAIM}"]').first.click()
            page.wait_for_selector("#context:not([hidden]) mark")
            written["web-page"] = _save(img / "web-page.png", page.screenshot(full_page=False))
        finally:
            server.shutdown()
            server.server_close()
        browser.close()
    return written


def _save(path: Path, png: bytes) -> int:
    data = small_png(png)
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Regenerate the README's screenshots from a freshly built report.")
    ap.add_argument("--root", default=str(HERE), help="project directory holding data/ (default: this checkout)")
    ap.add_argument("--img", default=str(HERE / "docs" / "img"), help="where to write the PNGs (default: docs/img)")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"screenshots: {CHROMIUM} is missing: run scripts/setup-system.sh", file=sys.stderr)
        return 2
    img = Path(args.img)
    img.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report"
        build_report(Path(args.root), report)
        for name, size in shoot(Path(args.root), report, img).items():
            print(f"{img / name}.png: {size:,} bytes")
    return 0


if __name__ == "__main__":
    from hengyang_kg.errors import DataErrors
    from hengyang_kg.outputs import OutputError

    try:
        sys.exit(main())
    except DataErrors as exc:
        for err in exc.errors:
            print(err, file=sys.stderr)
        print("screenshots: the data does not validate: fix the errors above ('hengyang-kg validate')", file=sys.stderr)
        sys.exit(1)
    except OutputError as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        sys.exit(1)
