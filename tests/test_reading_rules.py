"""Rules a careful reading of the five texts asked for: fates in the order they happened, parser
readings (过半, 几, hours, calendar-approximate durations), positions that merely touch, labels
within their range, precision of small counts.  Each rule with a positive and a negative case
(the rules are listed in docs/curation.md)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from hengyang_kg.curation.claims import FactKey
from hengyang_kg.reconcile.fate_order import in_course, order_fates
from hengyang_kg.reconcile.types import ClaimGroup, Position

from .conftest import PROJECT, ROOT

bundled = pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")


def _pos(value, lower=None):
    return Position(value, lower, lower, (SimpleNamespace(claim=SimpleNamespace(id=f"c-{value}", follows=None)),), ())


def _values(ps):
    return [str(p.value) for p in ps]


# --- fates in the order they happened -----------------------------------------------------


def test_fates_are_listed_by_their_dates():
    ps = [_pos("surrendered"), _pos("escaped"), _pos("captured"), _pos("attempted_suicide")]
    assert _values(in_course("x", ps, {})) == ["attempted_suicide", "surrendered", "captured", "escaped"]
    # an escape the source dates before the capture is listed first: the date wins over the course
    dates = {("x", "dateEscaped"): dt.date(1944, 7, 1), ("x", "dateCaptured"): dt.date(1944, 8, 8)}
    assert _values(in_course("x", ps, dates)) == ["escaped", "attempted_suicide", "surrendered", "captured"]


def test_only_fate_facts_are_reordered():
    fate = ClaimGroup("x.fate", FactKey("x", "fate"), "text", (), (_pos("escaped"), _pos("captured")), "compatible")
    role = ClaimGroup("x.role", FactKey("x", "role"), "text", (), (_pos("军长"), _pos("参谋长")), "compatible")
    when = ClaimGroup("x.dateEscaped", FactKey("x", "dateEscaped"), "date", (),
                      (_pos("1944-07", dt.date(1944, 6, 16)),), "agreement")
    fate2, role2, _ = order_fates([fate, role, when])
    assert _values(fate2.positions) == ["captured", "escaped"]  # the undated capture comes before the escape
    assert _values(role2.positions) == ["军长", "参谋长"]  # not a fate: untouched


@bundled
def test_fang_fates_in_the_order_they_happened(recon):
    assert _values(recon.fact("fang_xianjue.fate").positions) == [
        "attempted_suicide", "surrendered", "captured", "escaped", "released"]
    assert _values(recon.fact("ge_xiancai.fate").positions) == ["captured", "escaped"]
