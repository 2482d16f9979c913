"""coverage sees English and era-date mentions of a new source, and what is still unclaimed."""

from __future__ import annotations

import json

from hengyang_kg.cli import main
from hengyang_kg.curation.coverage import coverage, summary
from hengyang_kg.curation.loader import load_corpus

from .test_ids import add_source

TEXT = ("The 10th Army held Hengyang from 23 June to 8 August 1944, forty-seven days, with about 16,000 men.\n"
        "民国三十三年八月八日，衡阳失守。日方记为昭和19年8月8日。\n")
CLAIMS = """- id: forms-1
  subject: defence_of_hengyang
  property: strength
  qualifiers: {side: china}
  value: about 16,000 men
  quote: with about 16,000 men
- id: forms-2
  subject: defence_of_hengyang
  property: endDate
  value: 民国三十三年八月八日
  quote: 民国三十三年八月八日，衡阳失守
"""


def test_english_and_era_mentions_are_counted_and_accounted(mini_root, capsys):
    add_source(mini_root, "forms", CLAIMS, TEXT)
    corpus = load_corpus(mini_root)
    ms = {m.text: m for m in coverage(corpus, "forms")}
    assert set(ms) == {"23 June", "8 August 1944", "forty-seven", "16,000", "民国三十三年八月八日", "昭和19年8月8日"}
    assert "10" not in ms, "an English ordinal names a unit"
    assert ms["8 August 1944"].kind == "english_date" and ms["forty-seven"].kind == "english_figure"
    assert ms["民国三十三年八月八日"].kind == ms["昭和19年8月8日"].kind == "era_date"
    assert (ms["16,000"].status, ms["16,000"].by) == ("covered", "forms-1")
    assert (ms["民国三十三年八月八日"].status, ms["民国三十三年八月八日"].by) == ("covered", "forms-2")
    assert {t for t, m in ms.items() if m.status == "open"} == {"23 June", "8 August 1944", "forty-seven", "昭和19年8月8日"}
    s = summary(list(ms.values()))
    assert (s["mentions"], s["covered"], s["open"], s["english"], s["era_dates"]) == (6, 2, 4, 3, 2)
    assert main(["--root", str(mini_root), "coverage", "forms", "--open", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {m["text"]: m["kind"] for m in out["forms"]["mentions"]}["昭和19年8月8日"] == "era_date"
