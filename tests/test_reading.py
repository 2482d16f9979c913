"""Reading text: markup removed by the documented rules, every clean character mapped to its raw offset."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hengyang_kg.text.reading import MARKUP, RULES, dropped_spans, has_markup, reading_text

from .conftest import BASE
from .report_whole import report_data

EXAMPLES = {
    "markdown link": ('見[方先覺](../Page/方先覺.md "wikilink")軍長', "見方先覺軍長"),
    "markdown image": ("甲![圖](a.png)乙", "甲乙"),
    "wiki picture": ('[缩略图](https://zh.wikipedia.org/wiki/File:a.jpg "fig:缩略图")照片', "照片"),
    "wiki closing brackets": ("照片\\]\\]\n", "照片\n"),
    "wiki template": ("甲{{-}}乙", "甲乙"),
    "wiki category line": ("甲\nCategory:1944年 Category:衡阳\n乙", "甲\n乙"),
    "html tag": ('<li>第3師，師長<a href="../Page/周慶祥.md" title="wikilink">周慶祥</a></li>', "第3師，師長周慶祥"),
    "footnote marker": ("傷亡19,380人\\[40\\]。又[21]", "傷亡19,380人。又"),
    "emphasis": ("**衡陽保衛戰**是", "衡陽保衛戰是"),
    "heading or block quote": ("## 背景\n> 引文", "背景\n引文"),
    "escaped character": ("第152\\~158頁 \\*", "第152\\~158頁 *"),
    "boilerplate line": ("甲\n打开网易新闻 查看精彩图片\n乙\n> 本文内容由[衡阳](https://x)转换而来。\n丙", "甲\n乙\n丙"),
    "empty list item": ("甲\n107.\n108.\n乙", "甲\n乙"),
}


def test_every_rule_has_an_example():
    assert {name for name, _, _ in RULES} == set(EXAMPLES)


@pytest.mark.parametrize("rule", sorted(EXAMPLES))
def test_rule(rule):
    raw, clean = EXAMPLES[rule]
    r = reading_text(raw)
    assert r.text == clean
    assert all(raw[o] == ch for o, ch in zip(r.offsets, r.text))


def test_blank_lines_collapse():
    assert reading_text("甲\n\n\n\n乙").text == "甲\n\n乙"


@given(st.text(alphabet="[]()<>/\\*#>!{}-:甲乙a1 \n\"", max_size=60))
def test_offsets_are_increasing_and_point_at_the_same_characters(raw):
    r = reading_text(raw)
    assert list(r.offsets) == sorted(set(r.offsets))
    assert "".join(raw[o] for o in r.offsets) == r.text
    for a in range(0, len(raw) + 1, 7):
        ra, rb = r.span(a, len(raw))
        if ra < rb:
            x, y = r.raw_span(ra, rb)
            assert a <= x < y <= len(raw)


def dropped(raw: str) -> list[bool]:
    """For each raw character, whether a rule drops it."""
    drop = [False] * len(raw)
    for a, b in dropped_spans(raw):
        drop[a:b] = [True] * (b - a)
    return drop


def _reading_char_by_char(raw: str) -> tuple[str, list[int]]:
    """The reading by its definition, one character at a time: every character no rule drops, but
    a newline after two kept newlines."""
    drop = dropped(raw)
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(raw):
        if drop[i] or (ch == "\n" and chars[-2:] == ["\n", "\n"]):
            continue
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


@given(st.lists(st.sampled_from(["\n", "\n\n\n\n", "**", '[方先覺](../Page/方先覺.md "wikilink")', "![圖](a.png)",
                                 "{{-}}", "Category:1944年\n", "<td><p>", "\\[40\\]", "[40]", "[註 3]", "## ", "> ",
                                 "\\*", "打开网易新闻 查看精彩图片\n", "107.\n", "衡陽", "a", " ", "[x](", ")", "\\]\\]"]),
                max_size=40).map("".join))
def test_the_reading_is_that_of_its_definition_character_by_character(raw):
    r = reading_text(raw)  # built span by span
    assert (r.text, list(r.offsets)) == _reading_char_by_char(raw)


@pytest.fixture(scope="module")
def claims(recon, corpus):
    data = report_data(recon, corpus, BASE)
    return [c for f in data["facts"] for p in f["positions"] for c in p["claims"]]


def test_no_displayed_quote_carries_markup(claims):
    assert len(claims) > 900
    bad = [(c["id"], t) for c in claims
           for t in (c["quote_text"], c["context"]["prefix_text"], c["context"]["suffix_text"]) if has_markup(t)]
    assert bad == []
    marked = [c for c in claims if MARKUP.search(c["quote"])]
    assert len(marked) >= 80  # the wiki source's quotes really carried markup


def test_every_clean_quote_maps_back_to_its_exact_raw_span(claims, corpus):
    for c in claims:
        src = corpus.sources[c["source"]]
        r = src.reading
        assert src.text[c["start"]:c["end"]] == c["quote"]
        qa, qb = r.span(c["start"], c["end"])
        assert r.text[qa:qb] == c["quote_text"], c["id"]
        x, y = r.raw_span(qa, qb)
        assert c["start"] <= x < y <= c["end"], c["id"]
        # what lies between is exactly the markup the rules drop
        drop = dropped(src.text)
        kept = "".join(ch for i, ch in enumerate(src.text[c["start"]:c["end"]], c["start"]) if not drop[i])
        assert kept.replace("\n\n\n", "\n\n") == c["quote_text"] or "\n\n\n" in kept, c["id"]
        va, vb = c["value_in_quote_text"]
        assert 0 <= va <= vb <= len(c["quote_text"])


def test_the_value_is_marked_inside_the_clean_quote(claims):
    from hengyang_kg.text.script_folding import fold

    misses = [c["id"] for c in claims
              if fold(c["raw"]) not in fold(c["quote"]) or
              (not has_markup(c["raw"]) and
               fold(c["quote_text"][slice(*c["value_in_quote_text"])]) != fold(c["raw"]))]
    assert misses == []
