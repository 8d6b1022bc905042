"""The rating-integrity check shared by gdzw-0020-2019:5.9.2 and dongguan-hall-2023:5.2.10 is worked
out once per run for the same ratings, and the shared answer is the one each rule would get alone."""

from __future__ import annotations

import govhall
from govhall.calendars import calendar
from govhall.decisions import IntegrityParams, evaluation_integrity
from govhall.rules import Context, default_parameters
from govhall.rules.core import REGISTRY
from govhall.rules.runner import run_rules
from govhall.standards import load_all
from govhall.standards._ratings import integrity_breaches

load_all()


def _ctx(ds: govhall.Dataset) -> Context:
    return Context(ds, calendar=calendar("CN"), parameters=default_parameters())


def test_the_same_ratings_get_the_first_answer_and_other_ratings_their_own() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    ctx = _ctx(ds)
    p = IntegrityParams(2, 60)  # a small burst over an hour, so that bursts are found too
    first = integrity_breaches(ds, ds.evaluations, p, ctx)
    assert first == evaluation_integrity(ds.evaluations, ds.staff_by_id, p)
    assert {b.evidence["kind"] for b in first} >= {"device_burst", "duplicate"}
    assert integrity_breaches(ds, list(ds.evaluations), p, ctx) is first  # same records, same order
    half = ds.evaluations[: len(ds.evaluations) // 2]
    assert integrity_breaches(ds, half, p, ctx) == evaluation_integrity(half, ds.staff_by_id, p)
    other = IntegrityParams(5, 10)
    assert integrity_breaches(ds, ds.evaluations, other, ctx) == evaluation_integrity(
        ds.evaluations, ds.staff_by_id, other
    )
    ctx.forget_subjects()  # the runner's end of a block: nothing is kept past it
    again = integrity_breaches(ds, ds.evaluations, p, ctx)
    assert again is not first and again == first


def _integrity_rules() -> list:
    return [r for r in REGISTRY if r.id.endswith("/evaluation-integrity")]


def test_both_rules_find_what_each_finds_alone_also_when_some_ratings_predate_gdzw() -> None:
    ds = govhall.load_dataset(govhall.example_dir())
    early = [
        e.model_copy(update={"at": e.at.replace(year=2018)}) for e in ds.evaluations[:40]
    ]  # before gdzw-0020-2019 took effect: only dongguan's rule (and no sharing) sees them
    for evaluations in (ds.evaluations, early + ds.evaluations[40:]):
        data = ds.model_copy(update={"evaluations": evaluations})
        rules = _integrity_rules()
        assert len(rules) == 2
        together, _ = run_rules(data, rules, _ctx(data))
        alone = [f for r in rules for f in run_rules(data, [r], _ctx(data))[0]]
        key = lambda f: (f.rule_id, f.subject.id, f.message, str(f.evidence))  # noqa: E731
        assert sorted(together, key=key) == sorted(alone, key=key)
        assert {f.rule_id for f in together} == {r.id for r in rules}


def test_other_ratings_made_after_the_first_were_dropped_get_their_own_answer() -> None:
    """The answer is remembered by the identity of the ratings; ratings asked about, dropped, and
    replaced by others with other data are not taken for them, even where the new records reuse the
    dropped ones' memory (CPython hands a freed object's address to the next one of its size: an
    answer keyed by bare addresses would be the dropped ratings' answer). Each run (a Context) and
    each dataset has its own map, so other halls and other runs do not meet these answers at all."""
    ds = govhall.load_dataset(govhall.example_dir())
    ctx = _ctx(ds)  # one run: nothing forgotten in between
    p = IntegrityParams(5, 10)
    base = ds.evaluations[0]
    for n in range(20):
        by_staff = n % 2 == 0  # entered by a staff account (替代), or by the citizen: nothing to find
        ratings = [
            base.model_copy(
                update={"rater_staff_id": "S-STAFF" if by_staff else None, "interference_reported": False}
            )
        ]
        found = integrity_breaches(ds, ratings, p, ctx)
        assert [b.evidence["kind"] for b in found] == (["staff_rated"] if by_staff else [])
        del ratings, found
