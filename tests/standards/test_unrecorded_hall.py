"""A hall record that leaves a list out has not recorded it: no finding may come of that.

Every rule judging the hall profile (its systems, zones, equipment, channels, published catalogues) must
tell a list left out (not recorded: nothing to judge) from an empty list given (``systems: []``: the hall
says it has none). Worked from the clauses: 应建立 X is broken by a hall that records no X, not by a
record that is silent about it.
"""

from __future__ import annotations

from datetime import date

from govhall.loaders import load_dataset
from govhall.rules import audit

AS_OF = date(2025, 11, 30)
LISTS = (
    "systems", "zones", "equipment", "consultation_channels", "complaint_channels", "disclosure_channels",
    "appointment_channels", "published_catalogues",
)  # fmt: skip


def hall_findings(hall: dict[str, object]) -> list[str]:
    ds = load_dataset({"hall": hall, "as_of": AS_OF.isoformat()})
    assert not ds.rejected
    report = audit(ds, as_of=AS_OF)
    return sorted(
        f"{f.rule_id}: {f.message}" for f in report.findings if f.subject.kind in ("hall", "dataset")
    )


def test_a_hall_record_with_only_its_name_gives_no_finding() -> None:
    assert hall_findings({"id": "H1", "name": "某县政务服务中心"}) == []


def test_empty_lists_given_are_findings() -> None:
    got = hall_findings({"id": "H1", "name": "某县政务服务中心", **{k: [] for k in LISTS}})
    rules = {g.split(":", 1)[0] for g in got}
    # the hall says it has no systems, zones, equipment, channels or catalogues: every 应 about them fires
    for rule_id in (
        "gdzw-0020-2019/mechanisms-established",
        "gdzw-0020-2019/consultation-channels",
        "gdzw-0020-2019/self-service",
        "gdzw-0020-2019/appointment-and-ticketing",
        "dongguan-hall-2023/standing-zones",
        "dongguan-hall-2023/mechanisms-in-force",
        "dongguan-hall-2023/complaint-channels",
        "hangzhou-zuiduo-paoyici/hardware",
        "hangzhou-zuiduo-paoyici/management-systems",
        "hangzhou-zuiduo-paoyici/evaluation-system",
        "db23-hlj-2023/haochaping-system",
    ):
        assert rule_id in rules, rule_id


def test_one_list_given_is_judged_alone() -> None:
    # systems recorded (first inquiry only), nothing else: only the systems rules speak
    got = hall_findings({"id": "H1", "name": "某县政务服务中心", "systems": ["first_inquiry"]})
    assert got and all("制" in g or "机制" in g for g in got), got
    assert not any(g.startswith("hangzhou-zuiduo-paoyici/management-systems") for g in got)
