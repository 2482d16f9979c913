"""diff: two reports or two builds of the fixture corpus before and after a curation change."""

from __future__ import annotations

import json

from hengyang_kg.cli import main


def _change(root):
    claims = root / "data" / "claims" / "900_0123456789abcdef.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("value: 19380人", "value: 19380").replace("value: 47天\n  quote: 歷時47天",
                                                                            "value: 47天\n  quote: 歷時47天。"),
                      encoding="utf-8")


def test_diff_of_two_reports_and_of_two_builds(mini_root, tmp_path, capsys):
    r = ["--root", str(mini_root)]
    assert main(r + ["report", "--out", str(tmp_path / "r1")]) == 0
    assert main(r + ["build", "--out", str(tmp_path / "b1")]) == 0
    _change(mini_root)
    claims = mini_root / "data" / "claims" / "900_0123456789abcdef.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "- id: c900-006", "- id: c900-007\n  subject: defence_of_hengyang\n  property: casualties\n"
        "  qualifiers: {side: japan, measure: killed_and_wounded}\n  value: 約6萬人\n  quote: 日軍傷亡約6萬人\n"
        "- id: c900-006", 1), encoding="utf-8")
    assert main(r + ["report", "--out", str(tmp_path / "r2")]) == 0
    assert main(r + ["build", "--out", str(tmp_path / "b2")]) == 0
    capsys.readouterr()
    for a, b in (("r1", "r2"), ("b1", "b2")):
        assert main(["diff", str(tmp_path / a), str(tmp_path / b), "--json"]) == 0
        d = json.loads(capsys.readouterr().out)
        assert d["claims"]["added"] == ["c900-007"] and d["claims"]["removed"] == []
        changed = {c["id"]: c["changes"] for c in d["claims"]["changed"]}
        assert changed["c900-006"]["raw"] == ["19380人", "19380"]
        assert changed["c900-002"]["quote"] == ["歷時47天", "歷時47天。"]
        facts = {f["id"]: f for f in d["facts"]["changed"]}
        cas = facts["defence_of_hengyang.casualties.japan.killed_and_wounded"]
        [support] = cas["support"]
        assert support["claims_added"] == ["c900-007"] and support["independent_support"] == [1, 1]
    assert main(["diff", str(tmp_path / "r1"), str(tmp_path / "r2")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("claims: 1 added, 0 removed, 2 changed") and "+ claim c900-007" in out


def test_diff_refuses_what_is_neither_a_report_nor_a_build(tmp_path, capsys):
    assert main(["diff", str(tmp_path), str(tmp_path)]) == 2
    assert "neither conflicts.json" in capsys.readouterr().err
