"""The README's "Add a source" tutorial, followed step by step on a copy of the project's data."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil

import yaml

from hengyang_kg.cli import main
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.suggest import entity_mentions

from .conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Add a source\n")[1].split("\n## ")[0]
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", SECTION, re.S)
SID = "enc_hengyang_en"


def _run(block: str, capsys) -> list[tuple[list[str], int, str]]:
    out = []
    for line in block.strip().splitlines():
        argv = shlex.split(line)
        assert argv[0] == "hengyang-kg"
        rc = main(argv[1:])
        out.append((argv, rc, capsys.readouterr().out))
    return out


def test_the_tutorial(tmp_path, monkeypatch, capsys):
    kinds = [k for k, _ in BLOCKS]
    assert kinds == ["sh", "text", "yaml", "sh", "yaml", "sh"], kinds
    (_, before_cmds), (_, text), (_, meta), (_, suggest_cmds), (_, reviewed), (_, build_cmds) = BLOCKS
    shutil.copytree(PROJECT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)

    # 0. the report before
    assert [rc for _, rc, _ in _run(before_cmds, capsys)] == [0]

    # 1. the text and its metadata; the hash in the README is the text's
    (tmp_path / "data" / "sources" / f"{SID}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "data" / "sources" / f"{SID}.yaml").write_text(meta, encoding="utf-8")
    assert yaml.safe_load(meta)["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()

    # 2. suggest writes drafts that contain every claim the review keeps
    for argv, rc, _ in _run(suggest_cmds, capsys):
        assert rc == 0, argv
    draft = yaml.safe_load((tmp_path / "data" / "claims" / f"{SID}.yaml").read_text(encoding="utf-8"))
    assert all(c["draft"] is True for c in draft["claims"])
    proposed = {(c["value"], c["subject"], c["property"], tuple(sorted((c.get("qualifiers") or {}).items())))
                for c in draft["claims"]}
    kept = yaml.safe_load(reviewed)["claims"]
    for c in kept:
        if c["property"] != "startDate":  # the first date's property is the reviewer's correction
            assert (c["value"], c["subject"], c["property"], tuple(sorted((c.get("qualifiers") or {}).items()))) \
                in proposed, c
    assert main(["validate"]) == 1 and "is a draft" in capsys.readouterr().err
    assert main(["report", "--out", "drafts"]) == 1 and not (tmp_path / "drafts").exists()
    capsys.readouterr()

    # 3. the reviewed file replaces the drafts
    (tmp_path / "data" / "claims" / f"{SID}.yaml").write_text(reviewed, encoding="utf-8")

    # 4. validate, coverage, build, report and diff all succeed
    results = _run(build_cmds, capsys)
    assert [rc for _, rc, _ in results] == [0] * len(results)
    diff_text = results[-1][2]
    assert diff_text.startswith("claims: 5 added, 0 removed, 0 changed")

    report = json.loads((tmp_path / "report" / "conflicts.json").read_text(encoding="utf-8"))
    facts = {f["id"]: f for f in report["facts"]}
    where = {c["id"]: (f["id"], p) for f in report["facts"] for p in f["positions"] for c in p["claims"]}
    fact_of = {cid: fid for cid, (fid, _) in where.items()}
    assert fact_of[f"{SID}-2"] == "defence_of_hengyang.strength.china"       # the garrison of about 16,000
    assert fact_of[f"{SID}-3"] == "defence_of_hengyang.casualties.japan.killed_and_wounded"
    assert fact_of[f"{SID}-4"] == "defence_of_hengyang.endDate"
    assert fact_of[f"{SID}-5"] == "defence_of_hengyang.duration"
    for cid in (f"{SID}-2", f"{SID}-3", f"{SID}-4", f"{SID}-5"):
        fid = fact_of[cid]
        assert any(c["source"] != SID for p in facts[fid]["positions"] for c in p["claims"]), fid
    _, end = where[f"{SID}-4"]
    assert any(c["source"] != SID for c in end["claims"]), "8 August 1944 agrees with the Chinese sources' date"
    assert end["edtf"] == "1944-08-08"
    _, garrison = where[f"{SID}-2"]
    assert garrison["lower"] is None or garrison["lower"] <= 16500
    assert "defence_of_hengyang.strength.china" in diff_text

    # English labels resolve to the same entities the Chinese names do
    corpus = load_corpus(tmp_path)
    named = {m.entity for m in entity_mentions(text, corpus.entities)}
    assert {"defence_of_hengyang", "fang_xianjue", "tenth_army"} <= named
    chinese_subjects = {c.claim.subject for c in corpus.claims if c.source != SID} | \
                       {c.claim.entity for c in corpus.claims if c.source != SID}
    assert {"defence_of_hengyang", "fang_xianjue", "tenth_army"} <= chinese_subjects
    assert (tmp_path / "out" / "hengyang.nq").read_text(encoding="utf-8").count(f"/claim/{SID}-") > 5
