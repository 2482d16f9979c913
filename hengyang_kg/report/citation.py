"""Citations: a source as CSL-JSON and as plain text. A claim's citation (the source's, the
passage and the claim's IRI) is made from these in the page, by ``assets/report.js``.

Only what the metadata records is used: an unknown author, date or revision stays
out of the citation, never guessed.
"""

from __future__ import annotations

from hengyang_kg.curation.schema import SourceMeta

CSL_TYPE = {"encyclopedia_entry": "entry-encyclopedia", "news_article": "article-newspaper",
            "wiki_article": "entry-encyclopedia", "book_excerpt": "chapter", "blog_post": "post-weblog"}
UNKNOWN_PUBLISHERS = ("unknown", "unknown blog")


def _date_parts(iso: str) -> dict:
    return {"date-parts": [[int(x) for x in iso.split("-")]]}


def source_meta(meta: SourceMeta) -> dict:
    """What the report says about a source: metadata as recorded, and its CSL-JSON."""
    return {"id": meta.id, "title": meta.title, "title_en": meta.title_en, "kind": meta.kind,
            "script": meta.script, "publisher": meta.publisher, "author": meta.author, "editor": meta.editor,
            "date": meta.date, "retrieved": meta.retrieved, "url": meta.url, "revision": meta.revision,
            "csl": source_csl(meta)}


def source_csl(meta: SourceMeta) -> dict:
    """CSL-JSON of a source (fields only where the metadata knows them)."""
    csl: dict = {"id": meta.id, "type": CSL_TYPE.get(meta.kind, "document"), "title": meta.title,
                 "language": meta.script if meta.script != "mixed" else meta.language}
    if meta.publisher and meta.publisher not in UNKNOWN_PUBLISHERS:
        csl["container-title" if meta.kind in ("news_article", "wiki_article", "encyclopedia_entry") else "publisher"] = meta.publisher
    if meta.author and not meta.author.startswith("the author"):
        csl["author"] = [{"literal": meta.author}]
    if meta.editor:
        csl["editor"] = [{"literal": meta.editor}]
    if meta.date:
        csl["issued"] = _date_parts(meta.date)
    if meta.retrieved:
        csl["accessed"] = _date_parts(meta.retrieved)
    if meta.url:
        csl["URL"] = meta.url
    if meta.revision:
        csl["version"] = meta.revision
    return csl


def plain_citation(source: dict) -> str:
    """A source in one line: author, 《title》, publisher, date, revision, URL, retrieved.

    >>> plain_citation({"title": "衡阳保卫战", "publisher": "中文维基百科", "author": None, "editor": None,
    ...                 "date": None, "revision": None, "url": "https://zh.wikipedia.org/wiki/衡阳保卫战",
    ...                 "retrieved": None})
    '《衡阳保卫战》. 中文维基百科. https://zh.wikipedia.org/wiki/衡阳保卫战.'
    """
    parts = []
    if source.get("author") and not source["author"].startswith("the author"):
        parts.append(source["author"])
    if source.get("editor"):
        parts.append(f"{source['editor']} (ed.)")
    parts.append(f"《{source['title']}》")
    if source.get("publisher") and source["publisher"] not in UNKNOWN_PUBLISHERS:
        parts.append(source["publisher"])
    if source.get("date"):
        parts.append(source["date"])
    if source.get("revision"):
        parts.append(f"revision {source['revision']}")
    if source.get("url"):
        parts.append(source["url"])
    if source.get("retrieved"):
        parts.append(f"retrieved {source['retrieved']}")
    return ". ".join(parts) + "."
