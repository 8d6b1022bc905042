"""Which sanction a 首问 finding names, and whom it names, worked by hand (round 7).

gdzw-0020-2019:5.1.4: 首问责任人和有关工作人员在咨询答复过程中违反了首问责任制…：b) 未及时将服务对象咨询的事项
移交给窗口人员的；… 根据核查情况，视情节轻重，给予谈话教育、通报批评、岗位调整等处理. The measure follows
``gdzw-0020-2019.sanction-ladder``: escalate (default) names the first, second, third measure for a
person's first, second, third-and-later breach, in the order the breaches happened; list_all names all
three. 5.1.2 第一位被询问的在岗政务服务人员为首问责任人 and 3.3 不包括保安、保洁类服务人员: a cleaner asked first
is passed over, so the clerk asked after the cleaner answers for the referral.

The hall's referral_within_minutes is 30, counted by the clock (referral-minutes = elapsed, the default).
S1's three late referrals, listed in reverse order of time:

* Q3, Sat 11 October 2025 (a 调休 working day) 10:00, referred 10:45: 45 minutes, late; S1 asked first.
* Q2, Thu 9 October 2025 10:00, referred 11:00: 60 minutes, late; the cleaner K1 asked first, then S1.
* Q1, Sun 28 September 2025 (a 调休 working day) 10:00, referred 10:31: 31 minutes, one over; S1 asked.

In time order Q1, Q2, Q3: 谈话教育, 通报批评, 岗位调整. S3's one late referral (Q4, Fri 10 October, 40
minutes) is S3's first: 谈话教育. Q5 (S1, Mon 13 October, referred at 10:30, the 30th minute) is in time
and names nothing.
"""

from __future__ import annotations

from datetime import date

from govhall.models import Dataset
from govhall.rules import Finding, audit

STAFF = [
    {"id": "S1", "role": "窗口人员", "department": "D1", "rank": 1},
    {"id": "S3", "role": "窗口人员", "department": "D2", "rank": 2},
    {"id": "K1", "role": "保洁人员", "department": "HALL", "rank": 5},
]


def q(qid: str, at: str, referred_at: str, asked: list[str]) -> dict:
    return {
        "id": qid,
        "at": at,
        "channel": "现场",
        "asked_staff": asked,
        "answered_by": [asked[-1]],
        "scope": "b",
        "referred_window": "W2",
        "referred_at": referred_at,
    }


INQUIRIES = [
    q("Q3", "2025-10-11T10:00", "2025-10-11T10:45", ["S1"]),
    q("Q2", "2025-10-09T10:00", "2025-10-09T11:00", ["K1", "S1"]),
    q("Q1", "2025-09-28T10:00", "2025-09-28T10:31", ["S1"]),
    q("Q4", "2025-10-10T10:00", "2025-10-10T10:40", ["S3"]),
    q("Q5", "2025-10-13T10:00", "2025-10-13T10:30", ["S1"]),
]


def run(interpretations: dict[str, str] | None = None) -> list[Finding]:
    ds = Dataset.model_validate({"staff": STAFF, "inquiries": INQUIRIES, "as_of": date(2025, 11, 28)})
    report = audit(ds, standards=["gdzw-0020-2019"], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == "gdzw-0020-2019/first-inquiry-routing"]


def test_the_ladder_follows_each_person_s_breaches_in_time_order() -> None:
    found = run()
    measures = {f.subject.id: (f.responsible, f.sanction.split(" ")[0]) for f in found}
    assert measures == {
        "Q1": ("S1", "谈话教育"),
        "Q2": ("S1", "通报批评"),
        "Q3": ("S1", "岗位调整"),
        "Q4": ("S3", "谈话教育"),
    }
    assert all(any(c.endswith("5.1.4.b") for c in f.clauses) for f in found)


def test_list_all_names_every_measure_for_the_person_deciding() -> None:
    found = run({"gdzw-0020-2019.sanction-ladder": "list_all"})
    assert {f.subject.id for f in found} == {"Q1", "Q2", "Q3", "Q4"}
    for f in found:
        assert all(m in f.sanction for m in ("谈话教育", "通报批评", "岗位调整"))
