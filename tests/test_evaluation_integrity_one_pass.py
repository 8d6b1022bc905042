"""evaluation_integrity reads the ratings in one pass (what each says alone, its device, its visit); the
breaches must be those of the three passes it made before, in the same order, whatever the ratings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.decisions import STD, Breach, IntegrityParams, evaluation_integrity
from govhall.models import ONSITE_RATING_CHANNELS, Evaluation, Staff

_AT_ID = lambda e: (e.at, e.id)  # noqa: E731
STAFF = {"S1": SimpleNamespace(id="S1"), "S2": SimpleNamespace(id="S2")}


def _three_passes(
    evaluations: Iterable[Evaluation],
    staff_by_id: Mapping[str, Staff],
    params: IntegrityParams | Mapping[str, int] | None = None,
) -> list[Breach]:
    """evaluation_integrity as it was, in three passes over the ratings."""
    if params is None:
        p = IntegrityParams()
    elif isinstance(params, IntegrityParams):
        p = params
    else:
        p = IntegrityParams(int(params.get("burst_count", 5)), int(params.get("burst_minutes", 10)))
    if p.burst_count < 2 or p.burst_minutes < 0:
        raise ValueError("burst_count must be >= 2 and burst_minutes >= 0")
    evs = sorted(evaluations, key=_AT_ID)  # (at, id), read in C
    out: list[Breach] = []
    clause = f"{STD}:5.9.2"

    def add(e: Evaluation, kind: str, message: str, evidence: dict[str, Any], who: str | None) -> None:
        out.append(Breach(clause, message, "evaluation", e.id, {"kind": kind, **evidence}, who, e.at.date()))

    for e in evs:
        rater_staff = e.rater_staff_id or (e.rater_id if e.rater_id in staff_by_id else None)
        if rater_staff:
            own = rater_staff == e.staff_id
            add(
                e,
                "self_rated" if own else "staff_rated",
                "被评价人员本人代替服务对象评价" if own else "工作人员账号代替服务对象评价",
                {"rater_staff_id": rater_staff, "staff_id": e.staff_id},
                rater_staff,
            )
        if e.interference_reported:
            add(
                e,
                "interference",
                "服务对象反映评价受到干涉或监视",
                {"interference_reported": True, "staff_id": e.staff_id},
                e.staff_id,
            )

    by_device: dict[str, list[Evaluation]] = defaultdict(list)
    for e in evs:
        if e.device_id:
            by_device[e.device_id].append(e)
    window = timedelta(minutes=p.burst_minutes)
    for device, seq in by_device.items():
        flagged: set[str] = set()
        lo = 0
        for hi in range(len(seq)):
            while seq[hi].at - seq[lo].at > window:
                lo += 1
            if hi - lo + 1 >= p.burst_count:
                flagged.update(x.id for x in seq[lo : hi + 1])
        for e in seq:
            if e.id in flagged:
                add(
                    e,
                    "device_burst",
                    f"同一评价设备{p.burst_minutes}分钟内产生{p.burst_count}条及以上评价",
                    {
                        "device_id": device,
                        "burst_count": p.burst_count,
                        "burst_minutes": p.burst_minutes,
                        "staff_id": e.staff_id,
                    },
                    e.staff_id,
                )

    seen: dict[tuple[str, str], Evaluation] = {}
    for e in evs:
        key = (
            ("visit_id", e.visit_id)
            if e.visit_id
            else ("application_id", e.application_id)
            if e.application_id and e.channel not in ONSITE_RATING_CHANNELS  # on site: one visit's of several
            else None
        )
        if key is None:
            continue
        first = seen.get(key)
        if first is None:
            seen[key] = e
            continue
        add(
            e,
            "duplicate",
            "同一次服务被重复评价",
            {key[0]: key[1], "first_evaluation": first.id, "staff_id": e.staff_id},
            e.staff_id,
        )
    out.sort(key=lambda b: (b.on or date.min, b.subject_id, b.evidence.get("kind", "")))
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 40),  # minutes
            st.sampled_from([None, "D1", "D2"]),  # device
            st.sampled_from([None, "V1", "V2", "V3"]),  # visit
            st.sampled_from([None, "A1", "A2"]),  # application
            st.sampled_from([None, "S1", "S2", "R9"]),  # rater id (a staff id or not)
            st.sampled_from([None, "S1"]),  # rater staff account
            st.booleans(),  # interference reported
            st.sampled_from(["device", "qr_code", "website", "app"]),  # channel: on site, online
        ),
        max_size=16,
    ),
    st.sampled_from([IntegrityParams(2, 5), IntegrityParams(3, 10), IntegrityParams()]),
)
def test_one_pass_finds_what_three_passes_found(raw: list, params: IntegrityParams) -> None:  # type: ignore[type-arg]
    evals = [
        Evaluation(
            id=f"E-{i % 7}",  # ids may repeat
            at=datetime(2025, 9, 1, 9, 0) + timedelta(minutes=m),
            level="满意",
            staff_id="S2",
            device_id=device,
            visit_id=visit,
            application_id=app,
            rater_id=rater,
            rater_staff_id=account,
            interference_reported=interfered,
            channel=channel,
        )
        for i, (m, device, visit, app, rater, account, interfered, channel) in enumerate(raw)
    ]
    assert evaluation_integrity(evals, STAFF, params) == _three_passes(evals, STAFF, params)
