"""haochaping-2019 (国办发〔2019〕51号) rules: a firing and a silent case per rule.

Deadlines are worked by hand from the 2025 holiday notice (1–8 October off; Saturday 11 October
worked). A rating on Tue 2025-09-30 10:00:

* return visit, 3 working days (local default): Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 (3) -> 2025-10-11;
* fix, 5 working days (local default): 10-09, 10-10, 10-11, Mon 10-13, Tue 10-14 -> 2025-10-14.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.models import Dataset, Evaluation, RatingLevel
from govhall.rules import Finding, audit, default_parameters
from govhall.standards import get

STD = "haochaping-2019"


def rating(eid: str = "E1", **kw: Any) -> Evaluation:
    """A rating whose record keeps its return visit and fix: given null, they were not made (left out in
    a dataset recording none, they are not judged: haochaping-2019.unrecorded-follow-up)."""
    base: dict[str, Any] = {
        "return_visit_at": None,
        "fixed_at": None,
        "id": eid,
        "at": "2025-09-30T10:00",
        "level": "非常不满意",
        "channel": "device",
        "staff_id": "S1",
        "rater_named": True,
        "rater_phone": "13912345678",
    }
    base.update(kw)
    return Evaluation(**base)


def findings(
    rule_id: str,
    *evals: Evaluation,
    as_of: date,
    interpretations: dict | None = None,
    profile: dict | None = None,
) -> list[Finding]:
    ds = Dataset(evaluations=list(evals), records=len(evals), as_of=as_of)
    report = audit(ds, standards=[STD], interpretations=interpretations, profile=profile)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def test_five_levels_and_their_grades() -> None:
    grades = {lvl.zh: lvl.grade for lvl in RatingLevel}
    assert grades == {
        "非常满意": "good",
        "满意": "good",
        "基本满意": "neutral",
        "不满意": "bad",
        "非常不满意": "bad",
    }


def test_inventory_marks_paraphrases_and_the_fix_deadline_is_a_cited_local_parameter() -> None:
    std = get(STD)
    path = Path(__file__).resolve().parents[2] / "src/govhall/standards/clauses/haochaping-2019.yaml"
    header = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "paraphrase" in header["text_source"]
    assert all("〔概括〕" in c.text for c in std.clauses)  # nothing passes for a verified quotation
    for name in ("haochaping-2019.fix_deadline", "haochaping-2019.return_visit_deadline"):
        pv = default_parameters().get(name)
        assert pv.citation.startswith("local default")


# -- 一次一评 / 一事一评 -----------------------------------------------------------------------------


def test_yicyiping_one_rating_per_visit() -> None:
    a = rating("E1", level="满意", visit_id="V1")
    b = rating("E2", level="非常满意", visit_id="V1", at="2025-09-30T10:05")
    [f] = findings("haochaping-2019/one-rating-per-visit", a, b, as_of=date(2025, 9, 30))
    assert (f.subject.kind, f.subject.id, f.evidence["first_evaluation"]) == ("evaluation", "E2", "E1")
    other_visit = rating("E3", level="满意", visit_id="V2")
    assert not findings("haochaping-2019/one-rating-per-visit", a, other_visit, as_of=date(2025, 9, 30))
    online = rating("E4", level="满意", visit_id="V1", channel="website")  # not an on-site rating
    assert not findings("haochaping-2019/one-rating-per-visit", a, online, as_of=date(2025, 9, 30))


def test_yishiyiping_one_rating_per_case() -> None:
    a = rating("E1", level="满意", channel="website", application_id="A1")
    b = rating("E2", level="满意", channel="app", application_id="A1", at="2025-10-09T09:00")
    [f] = findings("haochaping-2019/one-rating-per-case", a, b, as_of=date(2025, 10, 9))
    assert f.subject.id == "E2"
    assert not findings("haochaping-2019/one-rating-per-case", a, as_of=date(2025, 10, 9))
    onsite = rating("E3", level="满意", channel="device", application_id="A1")
    assert not findings("haochaping-2019/one-rating-per-case", a, onsite, as_of=date(2025, 10, 9))


# -- 差评回访 / 差评整改 ---------------------------------------------------------------------------------


def test_chaping_huifang_bad_rating_return_visit() -> None:
    assert not findings(
        "haochaping-2019/bad-rating-return-visit",
        rating(return_visit_at="2025-10-11T17:00"),
        as_of=date(2025, 10, 31),
    )
    [f] = findings(
        "haochaping-2019/bad-rating-return-visit",
        rating(return_visit_at="2025-10-13T09:00"),
        as_of=date(2025, 10, 31),
    )
    assert f.evidence["due"] == "2025-10-11" and f.clauses == ["haochaping-2019:差评回访"]
    assert not findings("haochaping-2019/bad-rating-return-visit", rating(), as_of=date(2025, 10, 11))
    assert findings("haochaping-2019/bad-rating-return-visit", rating(), as_of=date(2025, 10, 13))
    # anonymous or not bad: no return visit required
    assert not findings(
        "haochaping-2019/bad-rating-return-visit", rating(rater_named=False), as_of=date(2025, 12, 1)
    )
    assert not findings(
        "haochaping-2019/bad-rating-return-visit", rating(level="基本满意"), as_of=date(2025, 12, 1)
    )


def test_chaping_zhenggai_bad_rating_fixed() -> None:
    assert not findings(
        "haochaping-2019/bad-rating-fixed",
        rating(level="不满意", fixed_at="2025-10-14T17:00"),
        as_of=date(2025, 10, 31),
    )
    [f] = findings(
        "haochaping-2019/bad-rating-fixed",
        rating(level="不满意", fixed_at="2025-10-15T09:00"),
        as_of=date(2025, 10, 31),
    )
    assert f.evidence["due"] == "2025-10-14" and f.clauses == ["haochaping-2019:差评整改"]
    assert findings("haochaping-2019/bad-rating-fixed", rating(), as_of=date(2025, 10, 15))
    assert not findings("haochaping-2019/bad-rating-fixed", rating(), as_of=date(2025, 10, 14))


def test_fix_scope_interpretation() -> None:
    anon = rating(rater_named=False)
    assert not findings("haochaping-2019/bad-rating-fixed", anon, as_of=date(2025, 12, 1))
    assert findings(
        "haochaping-2019/bad-rating-fixed",
        anon,
        as_of=date(2025, 12, 1),
        interpretations={"haochaping-2019.fix-scope": "all"},
    )


def test_fix_deadline_profile_override() -> None:
    # 15 working days after Tue 09-30: Oct 9,10,11,13,14,15,16,17,20,21,22,23,24,27,28 -> 2025-10-28.
    profile = {
        "parameters": {"haochaping-2019.fix_deadline": {"value": "15个工作日", "citation": "本省细则"}}
    }
    late = rating(fixed_at="2025-10-29T09:00")
    [f] = findings("haochaping-2019/bad-rating-fixed", late, as_of=date(2025, 11, 30), profile=profile)
    assert f.evidence["due"] == "2025-10-28"
    assert not findings(
        "haochaping-2019/bad-rating-fixed",
        rating(fixed_at="2025-10-28T09:00"),
        as_of=date(2025, 11, 30),
        profile=profile,
    )


def test_rater_phone_is_masked_in_reports() -> None:
    ds = Dataset(evaluations=[rating()], records=1, as_of=date(2025, 12, 1))
    report = audit(ds, standards=[STD])
    assert any(f.rule_id == "haochaping-2019/bad-rating-return-visit" for f in report.findings)
    assert "13912345678" not in report.masked().model_dump_json()


@pytest.mark.parametrize("level", list(RatingLevel))
def test_only_bad_grades_need_a_fix(level: RatingLevel) -> None:
    fired = findings("haochaping-2019/bad-rating-fixed", rating(level=level.value), as_of=date(2025, 12, 1))
    assert bool(fired) == (level.grade == "bad")


# -- a dataset whose ratings record no return visit (fix) at all ------------------------------------------


def test_unrecorded_follow_up_is_not_judged_by_default() -> None:
    """haochaping-2019.unrecorded-follow-up. Rated Tue 2025-09-30 10:00, return visit due Sat 10-11 (3 working
    days: 10-09, 10-10, 10-11), fix due Tue 10-14 (5: … 10-13, 10-14); judged 2025-12-01, both late."""
    bare = Evaluation(id="E1", at="2025-09-30T10:00", level="非常不满意", staff_id="S1", rater_named=True)
    for rule_id in ("haochaping-2019/bad-rating-return-visit", "haochaping-2019/bad-rating-fixed"):
        assert not findings(rule_id, bare, as_of=date(2025, 12, 1))
        choice = {"haochaping-2019.unrecorded-follow-up": "not_done"}
        [f] = findings(rule_id, bare, as_of=date(2025, 12, 1), interpretations=choice)
        assert f.evidence["due"] == ("2025-10-11" if "return" in rule_id else "2025-10-14")
    # the other ratings record the steps: the bare one had none (both fire), the report does not ask
    kept = rating("E2", return_visit_at="2025-10-09T10:00", fixed_at="2025-10-10T10:00")
    ds = Dataset(evaluations=[bare, kept], records=2, as_of=date(2025, 12, 1))
    report = audit(ds, standards=[STD])
    fired = sorted((f.rule_id, f.subject.id) for f in report.findings)
    assert fired == [
        ("haochaping-2019/bad-rating-fixed", "E1"),
        ("haochaping-2019/bad-rating-return-visit", "E1"),
    ]
    assert "haochaping-2019.unrecorded-follow-up" not in {u.name for u in report.interpretations}
    # alone, the report names the reading that kept it silent, as the default
    alone = audit(Dataset(evaluations=[bare], records=1, as_of=date(2025, 12, 1)), standards=[STD])
    used = {u.name: (u.value, u.is_default) for u in alone.interpretations}
    assert used["haochaping-2019.unrecorded-follow-up"] == ("not_judged", True)


@settings(max_examples=20, deadline=None)
@given(
    level=st.sampled_from(list(RatingLevel)),
    named=st.booleans(),
    rated=st.integers(0, 40),
    judged=st.integers(0, 30),
)
def test_a_follow_up_left_out_is_never_worse_than_one_given_null(
    level: RatingLevel, named: bool, rated: int, judged: int
) -> None:
    """For any rating (a month across National Day 2025): left out, in a dataset recording no return
    visit or fix, its findings are a subset of those with both given null (recorded as not done), and
    none of them is a missing step; read as ``not_done`` they are the same."""
    at = datetime(2025, 9, 22, 10) + timedelta(days=rated)
    as_of = at.date() + timedelta(days=judged)
    bare = Evaluation(id="E1", at=at, level=level, staff_id="S1", rater_named=named)
    null = Evaluation(
        id="E1", at=at, level=level, staff_id="S1", rater_named=named, return_visit_at=None, fixed_at=None
    )
    rules = ("haochaping-2019/bad-rating-return-visit", "haochaping-2019/bad-rating-fixed")

    def keys(ev: Evaluation, reading: str | None = None) -> set[tuple[str, str]]:
        choice = {"haochaping-2019.unrecorded-follow-up": reading} if reading else None
        return {
            (f.rule_id, f.message)
            for r in rules
            for f in findings(r, ev, as_of=as_of, interpretations=choice)
        }

    left_out, given_null = keys(bare), keys(null)
    assert left_out <= given_null and not left_out
    assert keys(bare, "not_done") == given_null
