"""Every claims file as one spreadsheet (CSV, UTF-8 with BOM) and back, losslessly.

One row per claim and per out-of-scope passage, in file order (files sorted by source
id). Columns: ``source``, ``row_kind`` (``claim`` or ``out_of_scope``), every field of a
claim (qualifiers spread out as ``side``, ``measure``, ``item``, ``occasion``) and the
out-of-scope fields ``reason`` and ``all``; a source with deliberately no claims has a
``no_claims`` row whose ``reason`` says why. An empty cell is an absent field. The BOM
makes spreadsheet programs read the file as UTF-8, so the Chinese survives.

Importing checks every row against the models and reports each problem with its CSV
row and column; nothing is written unless every row is valid.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hengyang_kg.curation.ids import ALLOWED, is_slug
from hengyang_kg.curation.schema import Claim, ClaimsFile, OutOfScope
from hengyang_kg.curation.yaml_lines import load_yaml
from hengyang_kg.errors import DataError, DataErrors
from hengyang_kg.files import write_atomically

QUALIFIERS = ("side", "measure", "item", "occasion")
CLAIM_COLUMNS = ("id", "subject", "property", "value", "entity", "normalized", "unit", *QUALIFIERS, "quote",
                 "occurrence", "attributed_to", "follows", "note", "draft")
COLUMNS = ("source", "row_kind", *CLAIM_COLUMNS, "reason", "all")
INTS = {"occasion", "occurrence"}
BOOLS = {"draft", "all"}


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def export_csv(root: Path) -> bytes:
    """The claims of every ``data/claims/*.yaml`` under ``root`` as CSV bytes (UTF-8 with BOM)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for path in sorted((root / "data" / "claims").glob("*.yaml")):
        data = ClaimsFile.model_validate(load_yaml(path))
        for c in data.claims:
            d = c.model_dump(exclude_defaults=True)
            q = d.pop("qualifiers", {})
            row = {"source": data.source, "row_kind": "claim", **d, **q}
            w.writerow([_cell(row.get(col)) for col in COLUMNS])
        for o in data.out_of_scope:
            row = {"source": data.source, "row_kind": "out_of_scope", **o.model_dump(exclude_defaults=True)}
            w.writerow([_cell(row.get(col)) for col in COLUMNS])
        if data.no_claims is not None:
            w.writerow([_cell({"source": data.source, "row_kind": "no_claims", "reason": data.no_claims}.get(col))
                        for col in COLUMNS])
    return buf.getvalue().encode("utf-8-sig")


def _typed(col: str, text: str, err: Callable[[str, str, str], None]) -> Any:
    if col in INTS:
        if not text.strip().isdigit():
            err(col, f"{text!r} is not a whole number", "write a number such as 2, or leave the cell empty")
            return None
        return int(text)
    if col in BOOLS:
        if text.lower() not in ("true", "false"):
            err(col, f"{text!r} is not true or false", "write true or false, or leave the cell empty")
            return None
        return text.lower() == "true"
    return text


def _rows(raw: bytes, name: str, errors: list[DataError]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.append(DataError(name, 1, f"the file is not UTF-8 (byte {exc.start})",
                                "save the spreadsheet as 'CSV UTF-8'"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        missing = [c for c in COLUMNS if c not in (header or [])]
        extra = [c for c in (header or []) if c not in COLUMNS]
        errors.append(DataError(name, 1, f"the header is not the export's (missing: {', '.join(missing) or 'none'}; "
                                         f"unknown: {', '.join(extra) or 'none'}; or columns out of order)",
                                "keep the first row as 'claims export' wrote it: " + ",".join(COLUMNS)))
        return []
    out = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(COLUMNS):
            errors.append(DataError(name, n, f"row has {len(cells)} cells, not {len(COLUMNS)}",
                                    "keep every row as wide as the header (quote cells containing commas)"))
            continue
        out.append((n, dict(zip(COLUMNS, cells))))
    return out


def parse_csv(raw: bytes, name: str) -> dict[str, dict]:
    """Claims files (source id → file content) from CSV bytes; DataErrors name row and column."""
    errors: list[DataError] = []
    files: dict[str, dict] = {}
    for n, row in _rows(raw, name, errors):
        def err(col: str, msg: str, hint: str, n: int = n) -> None:
            errors.append(DataError(name, n, f"column {COLUMNS.index(col) + 1} ({col}): {msg}", hint))

        sid = row["source"].strip()
        if not is_slug(sid):
            err("source", f"{sid!r} is not a source id", f"a source id is {ALLOWED}")
            continue
        kind = row["row_kind"].strip()
        fields = {c: _typed(c, v, err) for c, v in row.items() if c not in ("source", "row_kind") and v != ""}
        entry = files.setdefault(sid, {"source": sid, "claims": [], "out_of_scope": []})
        if kind == "claim":
            bad = [c for c in ("reason", "all") if c in fields]
            for c in bad:
                err(c, "a claim row has no such field", "leave the cell empty, or set row_kind to out_of_scope")
            quals = {q: fields.pop(q) for q in QUALIFIERS if q in fields}
            item: dict[str, Any] = {k: fields[k] for k in CLAIM_COLUMNS if k in fields and k not in QUALIFIERS}
            model: type[Claim] | type[OutOfScope] = Claim
            if quals:
                item = {**{k: v for k, v in item.items() if k in ("id", "subject", "property", "value", "entity",
                                                                  "normalized", "unit")},
                        "qualifiers": quals, **{k: v for k, v in item.items() if k in (
                            "quote", "occurrence", "attributed_to", "follows", "note", "draft")}}
            target = entry["claims"]
        elif kind == "out_of_scope":
            item = {k: fields[k] for k in ("quote", "reason", "occurrence", "all") if k in fields}
            for col in fields:
                if col not in item:
                    err(col, "an out_of_scope row has no such field", "leave the cell empty, or set row_kind to claim")
            model, target = OutOfScope, entry["out_of_scope"]
        elif kind == "no_claims":
            entry["no_claims"] = fields.get("reason", "")
            continue
        else:
            err("row_kind", f"{kind!r} is not a row kind", "write claim, out_of_scope or no_claims")
            continue
        try:
            model.model_validate(item)
        except ValidationError as exc:
            for e in exc.errors():
                col = next((str(p) for p in reversed(e["loc"]) if str(p) in COLUMNS), "id")
                err(col, e["msg"], "correct the cell (see docs/curation.md for the fields)")
            continue
        target.append(item)
    for sid, entry in files.items():
        try:
            ClaimsFile.model_validate(entry)
        except ValidationError as exc:
            errors.append(DataError(name, 1, f"source {sid}: {exc.errors()[0]['msg']}",
                                    "a source with no claim rows needs a no_claims row with the reason in 'reason'"))
    if errors:
        raise DataErrors(errors)
    for entry in files.values():
        if not entry["out_of_scope"]:
            del entry["out_of_scope"]
    return files


def to_yaml(content: dict) -> str:
    """A claims file's text, in block style."""
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def import_csv(raw: bytes, name: str, root: Path) -> list[Path]:
    """Replace the claims files of every source in the CSV; all files or none are written."""
    files = parse_csv(raw, name)
    return write_atomically({f"{sid}.yaml": to_yaml(c).encode("utf-8") for sid, c in sorted(files.items())},
                            root / "data" / "claims")
