"""The rule engine itself: registration guards, findings, parameters, interpretations, the runner."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from govhall.models import Dataset, Staff
from govhall.rules import (
    ClauseRef,
    Context,
    Finding,
    Hit,
    Report,
    Rule,
    Subject,
    interpretation,
    mask_tree,
    mask_value,
    parse_choices,
    rule,
    run_rules,
)
from govhall.rules.parameters import ParameterSet, load_parameter_file


def test_clause_ref_parses_and_rejects() -> None:
    ref = ClauseRef("gdzw-0020-2019:5.3.2")
    assert (ref.standard, ref.clause) == ("gdzw-0020-2019", "5.3.2")
    assert ClauseRef("yousu-jiban:不予受理事项.4").clause == "不予受理事项.4"
    with pytest.raises(ValueError, match="unknown standard"):
        ClauseRef("nowhere:1")
    with pytest.raises(ValueError, match="is not"):
        ClauseRef("gdzw-0020-2019")


def test_a_rule_without_a_clause_fails_at_import() -> None:
    with pytest.raises(TypeError, match="cite at least one clause"):
        rule("gdzw-0020-2019/x-test", clause=[], severity="error", subject="staff", title="x")


def test_a_rule_without_chinese_clause_text_fails() -> None:
    decorate = rule(
        "gdzw-0020-2019/x-test2", clause="gdzw-0020-2019:5.1.1", severity="error", subject="staff", title="x"
    )
    with pytest.raises(TypeError, match="clause text in Chinese"):

        @decorate
        def check(subject, ctx):  # type: ignore[no-untyped-def]
            """No Chinese here."""


def test_bad_severity_and_subject_fail() -> None:
    with pytest.raises(TypeError, match="severity"):
        rule("gdzw-0020-2019/x3", clause="gdzw-0020-2019:5.1.1", severity="fatal", subject="staff", title="x")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="subject"):
        rule("gdzw-0020-2019/x4", clause="gdzw-0020-2019:5.1.1", severity="error", subject="moon", title="x")


def _staff_rule(valid_from: date | None = None) -> Rule:
    def check(staff, ctx):  # type: ignore[no-untyped-def]
        """窗口人员应备案登记。"""
        if not staff.registered:
            yield Hit(message="未备案", evidence={"name": staff.name, "registered": staff.registered})
        if staff.id == "boom":
            raise RuntimeError("broken rule")

    return Rule(
        id="dongguan-hall-2023/test-registered",
        title="registered",
        clauses=(ClauseRef("dongguan-hall-2023:6.3.3"),),
        severity="error",
        subject="staff",
        check=check,
        clause_text="窗口人员应备案登记。",
        valid_from=valid_from,
    )


def _ctx(ds: Dataset, as_of: date = date(2025, 9, 30)) -> Context:
    return Context(ds, calendar=None, parameters=ParameterSet(), as_of=as_of)


def test_runner_turns_hits_into_findings_and_survives_a_broken_rule() -> None:
    ds = Dataset(
        staff=[
            Staff(id="s2", role="window_clerk", registered=False, name="张三"),
            Staff(id="s1", role="window_clerk", registered=True),
            Staff(id="boom", role="window_clerk", registered=True),
        ],
        records=3,
    )
    findings, notes = run_rules(ds, [_staff_rule()], _ctx(ds))
    assert [(f.subject.kind, f.subject.id) for f in findings] == [("staff", "s2")]
    f = findings[0]
    assert (
        f.clauses == ["dongguan-hall-2023:6.3.3"]
        and f.severity == "error"
        and f.standard == "dongguan-hall-2023"
    )
    assert [n.kind for n in notes] == ["rule_error"]


def test_rule_outside_its_validity_window_is_noted_not_silently_applied() -> None:
    ds = Dataset(staff=[Staff(id="s2", role="window_clerk", registered=False)], records=1)
    findings, notes = run_rules(ds, [_staff_rule(valid_from=date(2026, 1, 1))], _ctx(ds))
    assert findings == []
    assert notes and notes[0].kind == "outside_validity" and notes[0].count == 1


def test_interpretations_validate_names_and_values(monkeypatch) -> None:
    from govhall.rules import INTERPRETATIONS

    monkeypatch.setattr("govhall.rules.interpretations.INTERPRETATIONS", dict(INTERPRETATIONS))
    interpretation(
        "gdzw-0020-2019.test-switch",
        clause="gdzw-0020-2019:5.1.2",
        question="q?",
        default="a",
        alternatives={"a": "first", "b": "second"},
    )
    assert parse_choices(["gdzw-0020-2019.test-switch=b"]) == {"gdzw-0020-2019.test-switch": "b"}
    with pytest.raises(ValueError, match="not one of"):
        parse_choices({"gdzw-0020-2019.test-switch": "c"})
    with pytest.raises(ValueError, match="unknown interpretation"):
        parse_choices(["nope=1"])
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_choices(["gdzw-0020-2019.test-switch"])


def test_parameter_values_are_dated_cited_and_overridable(tmp_path) -> None:
    path = tmp_path / "dongguan-hall-2023.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "standard": "dongguan-hall-2023",
                "parameters": {
                    "cases": {
                        "clause": "dongguan-hall-2023:4.6",
                        "values": [
                            {"from": "2023-01-01", "value": 30, "citation": "日均办理业务30件"},
                            {"from": "2027-01-01", "value": 25, "citation": "hypothetical later value"},
                        ],
                    }
                },
            },
            allow_unicode=True,
        )
    )
    params = ParameterSet(load_parameter_file(path))
    assert params.get("dongguan-hall-2023.cases", date(2025, 5, 1)).value == 30
    assert params.get("dongguan-hall-2023.cases", date(2027, 5, 1)).value == 25
    with pytest.raises(LookupError):
        params.get("dongguan-hall-2023.cases", date(2020, 1, 1))
    local = params.with_overrides(
        {"dongguan-hall-2023.cases": {"value": 20, "citation": "本地细则"}}, "profile:x"
    )
    assert local.get("dongguan-hall-2023.cases", date(2025, 5, 1)).value == 20
    with pytest.raises(ValueError, match="unknown parameter"):
        params.with_overrides({"dongguan-hall-2023.nope": 1}, "profile:x")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "standard": "dongguan-hall-2023",
                "parameters": {"x": {"clause": "dongguan-hall-2023:4.6", "values": [{"value": 1}]}},
            }
        )
    )
    with pytest.raises(ValueError, match="no citation"):
        load_parameter_file(bad)


def test_masking_hides_personal_values_at_any_depth() -> None:
    evidence = {"complainant": {"name": "欧阳修远", "phone": "13812345678"}, "deadline": "2025-10-09"}
    masked = mask_tree(evidence)
    assert masked["complainant"]["name"] != "欧阳修远" and masked["complainant"]["name"].startswith("欧")
    assert "12345678" not in masked["complainant"]["phone"]
    assert masked["deadline"] == "2025-10-09"
    assert mask_value("张三") == "张*"
    listed = mask_tree({"phone": ["13812345678", "13900001111"]})
    assert all("345678" not in p and "000111" not in p for p in listed["phone"])


def test_report_exit_codes_follow_fail_on() -> None:
    from govhall.rules.report import Summary

    f = Finding(
        rule_id="gdzw-0020-2019/x",
        standard="gdzw-0020-2019",
        clauses=["gdzw-0020-2019:6.2"],
        severity="warning",
        subject=Subject(kind="hall", id="H"),
        title="t",
        message="m",
    )
    rep = Report(
        govhall_version="0",
        standards=[],
        findings=[f],
        summary=Summary(records=1, audited=1, rejected=0, findings={"error": 0, "warning": 1, "info": 0}),
    )
    assert rep.exit_code("error") == 0
    assert rep.exit_code("warning") == 1
    assert rep.exit_code("never") == 0


def test_every_form_a_rule_may_answer_in_becomes_the_same_findings() -> None:
    """A generator (yielding nothing, one or two hits, or failing after a hit), one Hit, a list (empty
    or not), a tuple or None: the findings are the hits, in order; a failure loses that subject's hits
    and is noted."""

    def answer(staff, ctx):  # type: ignore[no-untyped-def]
        n = int(staff.name or 0)
        one, two = Hit(message=f"{staff.id}-1"), Hit(message=f"{staff.id}-2")
        forms = {
            "gen0": lambda: (h for h in ()),
            "gen1": lambda: (h for h in (one,)),
            "gen2": lambda: (h for h in (one, two)),
            "hit": lambda: one,
            "list0": lambda: [],
            "list2": lambda: [one, two],
            "tuple1": lambda: (one,),
            "none": lambda: None,
        }
        if staff.id == "boom":
            return (h if i == 0 else 1 / 0 for i, h in enumerate((one, two)))
        return forms[staff.id]() if n == 0 else None

    ids = ["gen0", "gen1", "gen2", "hit", "list0", "list2", "tuple1", "none", "boom"]
    ds = Dataset(staff=[Staff(id=i, role="window_clerk") for i in ids], records=len(ids))
    r = Rule(
        id="dongguan-hall-2023/test-forms", title="forms", clauses=(ClauseRef("dongguan-hall-2023:6.3.3"),),
        severity="error", subject="staff", check=answer, clause_text="窗口人员应备案登记。",
    )  # fmt: skip
    findings, notes = run_rules(ds, [r], _ctx(ds))
    assert sorted(f.message for f in findings) == sorted(
        ["gen1-1", "gen2-1", "gen2-2", "hit-1", "list2-1", "list2-2", "tuple1-1"]
    )
    assert [(n.kind, n.count) for n in notes] == [("rule_error", 1)]
    assert "ZeroDivisionError" in notes[0].message


def test_an_audit_makes_no_reference_cycles_and_leaves_the_collector_as_it_was() -> None:
    """The runner switches the cyclic collector off while a run lasts, on the ground that a run makes
    no reference cycles (everything it frees, reference counting frees): a second audit of a dataset
    (the first one may still import modules and fill caches) leaves nothing for the collector."""
    import gc

    import govhall

    ds = govhall.load_dataset(govhall.example_dir())
    govhall.audit(ds)
    gc.collect()
    report = govhall.audit(ds)
    assert report.findings
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert gc.collect() == 0
    gc.disable()  # a caller's choice is kept
    try:
        govhall.audit(ds)
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Interrupted(BaseException):
    """Stands in for a KeyboardInterrupt inside a rule: not caught as a rule's error, so it ends the run."""


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
@pytest.mark.parametrize("caller_froze", [True, False], ids=["caller-froze", "nothing-frozen"])
@pytest.mark.parametrize(
    "rule_fails", [None, ValueError, _Interrupted], ids=["ok", "rule-error", "interrupted"]
)
def test_an_audit_leaves_the_collector_and_what_the_caller_froze_as_they_were(
    enabled: bool, caller_froze: bool, rule_fails: type[BaseException] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller may freeze its long-lived objects on purpose (CPython's advice for a server that forks
    its workers: ``gc.freeze()`` before the fork); an audit must not release them (``gc.unfreeze()``
    would), and it leaves the collector on or off as the caller had it, also when a rule raises (an
    error the run notes, or an interrupt that ends it). When nothing was frozen, nothing is left
    frozen, and what the run made is in the oldest generation."""
    import gc

    import govhall
    import govhall.standards._ratings as ratings

    ds = govhall.load_dataset(govhall.example_dir())
    if rule_fails is not None:

        def fail(*args: object, **kwargs: object) -> None:
            raise rule_fails("a rule's helper failed")

        monkeypatch.setattr(ratings, "evaluation_integrity", fail)  # the rating-integrity rules call it
    kept = [object()]  # a container: the collector tracks it
    assert gc.is_tracked(kept)
    if caller_froze:
        gc.freeze()
    if not enabled:
        gc.disable()
    try:
        if rule_fails is _Interrupted:
            with pytest.raises(_Interrupted):
                govhall.audit(ds)
        else:
            report = govhall.audit(ds)
            failed = {n.rule_id for n in report.notes if n.kind == "rule_error"}
            both = {"gdzw-0020-2019/evaluation-integrity", "dongguan-hall-2023/evaluation-integrity"}
            assert failed == (both if rule_fails else set())
        assert gc.isenabled() is enabled
        if caller_froze:
            assert gc.get_freeze_count() > 0
            assert not any(obj is kept for obj in gc.get_objects())  # still frozen: in no generation
        else:
            assert gc.get_freeze_count() == 0
            assert gc.get_count()[0] < gc.get_threshold()[0]  # the run's objects left the young generation
    finally:
        gc.enable()
        gc.unfreeze()
