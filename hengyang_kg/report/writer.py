"""``report``'s files written fact by fact, so that the report of a million claims fits in memory.

One pass over the facts, in the report's order: each fact's checked part is written into
``conflicts.json`` at once, read back as data (as the report holds it), its lines written into
``conflicts.md``, its ``<article>`` rendered into a spool file; what reads many facts is kept
small — a :class:`~hengyang_kg.report.html.Brief` of each fact for the contents of
``conflicts.html``, the facts the headline and the timeline draw, the place of each fact's
part in ``conflicts.json`` (:class:`~hengyang_kg.report.fact_spool.FactSpool`). Then
``conflicts.html`` is rendered piece by piece with the articles read back from the spool in
the order of its sections, and the entity and source pages are made from the facts read back
subject by subject. The files are byte for byte those of the report held whole in memory
(``tests/report_whole.py``: the test suite compares them, every file and page).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket
from markupsafe import Markup

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.types import Reconciliation
from hengyang_kg.report.assemble import FACTS_SLOT
from hengyang_kg.report.data import checked_part, ordered_facts, report_head
from hengyang_kg.report.fact_spool import FactSpool
from hengyang_kg.report.html import Brief, article, context, context_key, environment, report_chunks, toc
from hengyang_kg.report.markdown import MarkdownFacts, fact_lines, head_lines
from hengyang_kg.report.page_files import page_folder
from hengyang_kg.report.part_cache import FactTexts, PartCache, part_cache
from hengyang_kg.report.timeline import drawn

REPORTS = ("conflicts.json", "conflicts.md", "conflicts.html")
BUFFER = 1 << 20  # characters (or bytes) gathered before they are encoded, hashed and written


class HashedFile:
    """A file written from text, its SHA-256 taken on the way; :attr:`pos` is the bytes written so far
    (what is gathered included)."""

    def __init__(self, path: Path) -> None:
        self.fh: IO[bytes] = path.open("wb")
        self.sha = hashlib.sha256()
        self.pending: list[str] = []  # text not yet encoded
        self.size = 0  # its characters
        self.chunks: list[bytes] = []  # bytes gathered, not yet hashed and written
        self.held = 0  # their length
        self.pos = 0

    def write(self, text: str) -> None:
        self.pending.append(text)
        self.size += len(text)
        if self.size >= BUFFER:
            self.flush()

    def _encode(self) -> None:
        if self.pending:
            data = "".join(self.pending).encode("utf-8")
            self.pending, self.size = [], 0
            self.chunks.append(data)
            self.held += len(data)
            self.pos += len(data)

    def write_now(self, data: bytes) -> int:
        """Write ``data`` after what is pending; the offset it is written at."""
        self._encode()
        at = self.pos
        self.chunks.append(data)
        self.held += len(data)
        self.pos += len(data)
        if self.held >= BUFFER:
            self.flush()
        return at

    def lines(self, lines: Iterable[str]) -> None:
        """Each line with its end, in one write."""
        got = list(lines)
        if got:
            self.write("\n".join(got) + "\n")

    def flush(self) -> None:
        self._encode()
        if self.chunks:
            data = b"".join(self.chunks)
            self.chunks, self.held = [], 0
            self.sha.update(data)
            self.fh.write(data)

    def close(self) -> str:
        """Flush, sync and close; the file's hash."""
        self.flush()
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        return self.sha.hexdigest()


class TemplateCache(FileSystemBytecodeCache):
    """Jinja2's compiled templates kept in a directory of the cache; an entry that cannot be written or
    read only costs time."""

    def __init__(self, directory: Path) -> None:
        with contextlib.suppress(OSError):
            directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - an unreadable entry is compiled again, as a missing one
            bucket.reset()


class Articles:
    """The facts' ``<article>``s kept in a spool file, read back by fact id; with ``held``, kept as they
    are (the part cache holds every article of the run in memory already)."""

    def __init__(self, spool: IO[bytes], held: bool = False) -> None:
        self.spool = spool
        self.places: dict[str, tuple[int, int]] = {}
        self.held: dict[str, str] | None = {} if held else None

    def put(self, fid: str, text: str) -> None:
        if self.held is not None:
            self.held[fid] = text
            return
        data = text.encode("utf-8")
        self.places[fid] = (self.spool.tell(), len(data))
        self.spool.write(data)

    def __getitem__(self, fid: str) -> Markup:
        if self.held is not None:
            return Markup(self.held[fid])
        at, n = self.places[fid]
        self.spool.seek(at)
        return Markup(self.spool.read(n).decode("utf-8"))


class ReportWriter:
    """The report's files of one reconciliation: :meth:`makers` gives them to the output set."""

    def __init__(self, recon: Reconciliation, corpus: Corpus, base: str, build: str | None,
                 cache: PartCache | None) -> None:
        self.recon, self.corpus, self.base, self.cache = recon, corpus, base, cache
        self.head = report_head(recon, corpus, base, build)
        self.env = environment()
        if cache is not None:  # the templates compiled once (Jinja2 checks each template's source against its entry)
            self.env.bytecode_cache = TemplateCache(cache.store.dir / "templates")
        self.spool = FactSpool()
        self.hashes: dict[str, str] = {}

    def makers(self) -> dict[str, Callable[[Path], str | None]]:
        """A maker of each file and folder: the first called writes the three reports beside its
        path (in one pass), each gives its file's hash; the folders' pages read the facts back."""
        def report(name: str) -> Callable[[Path], str | None]:
            def make(path: Path) -> str | None:
                if not self.hashes:
                    self.write(path.parent)
                return self.hashes[name]
            return make

        def folder(name: str) -> Callable[[Path], str | None]:
            pages = page_folder(name, {**self.head, "facts": self.spool}, self.corpus, self.base, self.env, self.cache)

            def make(path: Path) -> str | None:
                if not self.hashes:
                    self.write(path.parent)
                digest = pages(path)
                if name == "sources":  # the last to read the facts back
                    self.spool.close()
                return digest
            return make

        return {**{name: report(name) for name in REPORTS}, "entities": folder("entities"),
                "sources": folder("sources")}

    def write(self, folder: Path) -> None:
        """Write ``conflicts.json``, ``conflicts.md`` and ``conflicts.html`` into ``folder``."""
        corpus, cache = self.corpus, self.cache
        ctx = context(self.head, corpus, self.base)
        shared = context_key(ctx) if cache is not None else ""
        tpl = self.env.get_template("fact.html.j2")
        event = corpus.main_event()
        family, roles = drawn(corpus, event) if event is not None else (set(), (None, None, None))
        dates = set(roles) - {None}
        briefs: list[Brief] = []
        frame = json.dumps(self.head, ensure_ascii=False, indent=1)
        assert frame.count(FACTS_SLOT) == 1
        before, after = frame.split(FACTS_SLOT)
        js, md = HashedFile(folder / "conflicts.json"), HashedFile(folder / "conflicts.md")
        with tempfile.TemporaryFile(dir=folder) as spool:
            texts = Articles(spool, held=cache is not None)
            js.write(before + ('\n "facts": [\n  ' if self.recon.facts else FACTS_SLOT))
            md.lines(head_lines(self.head))
            md_facts = MarkdownFacts()
            for i, f in enumerate(ordered_facts(self.recon)):
                part = checked_part(f, corpus, self.base, cache)
                if i:
                    js.write(",\n  ")
                data = part.encode("utf-8")
                self.spool.add(f, js.write_now(data), len(data))
                del data
                drawn_here = f.subject == event or (f.subject in family and f.property in dates)
                got = cache.texts(f.id, shared) if cache is not None else None  # an unchanged fact is not read
                fd = json.loads(part) if got is None or drawn_here else None
                if got is None:
                    assert fd is not None
                    got = FactTexts(tuple(fact_lines(fd)), fd["subject"]["label"],
                                    article(fd, ctx, tpl, shared, part if cache is not None else None,
                                            None if cache is None or f.id in cache.facts else cache))
                    if cache is not None:
                        cache.keep_texts(f.id, shared, got)
                md.lines(md_facts.opening(f.status) + list(got.markdown))
                texts.put(f.id, got.article)
                briefs.append(Brief(f.id, f.status, f.subject, got.label))
                if drawn_here and fd is not None:
                    self.spool.drawn.append(fd)
            js.write(("\n ]" if self.recon.facts else "") + after + "\n")
            md.lines(md_facts.end())
            self.hashes["conflicts.json"], self.hashes["conflicts.md"] = js.close(), md.close()
            self.spool.path = folder / "conflicts.json"
            html = HashedFile(folder / "conflicts.html")
            for chunk in report_chunks(self.head, corpus, self.base, self.env, ctx, toc(briefs), texts, self.spool.drawn,
                                       self.spool.subjects()):
                html.write(chunk)
            self.hashes["conflicts.html"] = html.close()
        if cache is not None:
            cache.save()


def report_files(recon: Reconciliation, corpus: Corpus, base: str,
                 build: str | None = None) -> dict[str, Callable[[Path], str | None]]:
    """The report files by name, each a maker of its file or folder (an artefact of the output set):
    ``conflicts.json``, ``conflicts.md`` and ``conflicts.html`` written in one pass over the facts,
    then the entity and source pages, one at a time (:class:`ReportWriter`). ``build``:
    the id of the build they belong to (by default, that of the corpus's files now). When the corpus
    was loaded with the cache, the parts of unchanged facts and pages are taken from the report's
    part cache (:mod:`~hengyang_kg.report.part_cache`) and joined."""
    return ReportWriter(recon, corpus, base, build, part_cache(corpus, base, recon.position_keys)).makers()
