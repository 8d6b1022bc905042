"""govhall.visits: which trips count against "最多跑一次" (hangzhou-zuiduo-paoyici:术语和定义.最多跑一次).

Each case is read off the definition: submission counts; a voluntary pickup when courier delivery was
possible (.1), a consultation before applying (.2), fetching a negative result when the conditions
were not met (.3) and a voluntary visit to supplement 容缺 materials that could be sent (.4) do not.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.models import Application
from govhall.visits import classify_visits, counted_visit_count, counted_visits

DEF = "hangzhou-zuiduo-paoyici:术语和定义.最多跑一次"


def application(*events: dict[str, Any], **kw: Any) -> Application:
    data = {
        "id": "A1",
        "item_code": "I1",
        "received_at": "2025-11-03T09:00",
        "channel": "onsite",
        **kw,
        "events": [{"kind": "visit", **e} if "kind" not in e else e for e in events],
    }
    return Application.model_validate(data)


def test_an_onsite_submission_is_one_counted_visit() -> None:
    [v] = counted_visits(application())
    assert (v.purpose, v.source, v.clause) == ("submission", "received", DEF)


def test_an_online_application_picked_up_by_courier_has_no_visit() -> None:
    app = application({"kind": "mailed", "at": "2025-11-07T10:00", "delivery": "mail"}, channel="online")
    assert classify_visits(app) == []


def test_an_ordinary_supplement_trip_counts_under_the_alternative_reading() -> None:
    app = application({"at": "2025-11-05T10:00", "purpose": "supplement"})
    (exempt,) = [v for v in classify_visits(app) if v.source != "received"]
    (counted,) = [v for v in classify_visits(app, supplements="count") if v.source != "received"]
    assert (exempt.counted, counted.counted) == (False, True)


@pytest.mark.parametrize(
    ("visit", "kw", "counted", "item"),
    [
        ({"at": "2025-11-07T10:00", "purpose": "pickup", "voluntary": True}, {}, False, ".1"),
        ({"at": "2025-11-07T10:00", "purpose": "pickup"}, {}, True, ""),
        ({"at": "2025-10-30T10:00", "purpose": "consultation"}, {}, False, ".2"),
        ({"at": "2025-11-05T10:00", "purpose": "consultation"}, {}, True, ""),
        ({"at": "2025-11-06T10:00", "purpose": "negative_result"}, {"meets_conditions": False}, False, ".3"),
        ({"at": "2025-11-06T10:00", "purpose": "negative_result"}, {}, True, ""),
        (
            {"at": "2025-11-05T10:00", "purpose": "supplement", "voluntary": True},
            {"rongque": True},
            False,
            ".4",
        ),
        ({"at": "2025-11-05T10:00", "purpose": "supplement"}, {"rongque": True}, True, ""),
        # an ordinary application's supplement trip: made while the materials were incomplete, so outside
        # 在申请材料齐全、符合法定受理条件时 (default reading of hangzhou-zuiduo-paoyici.correction-supplements)
        ({"at": "2025-11-05T10:00", "purpose": "supplement", "voluntary": True}, {}, False, ""),
        ({"at": "2025-11-05T10:00", "purpose": "other"}, {}, True, ""),
    ],
)
def test_each_kind_of_visit(visit: dict[str, Any], kw: dict[str, Any], counted: bool, item: str) -> None:
    visits = classify_visits(application(visit, **kw))
    other = [v for v in visits if v.source != "received"]
    assert len(other) == 1 and other[0].counted is counted
    assert other[0].clause == DEF + item


def test_a_negative_decision_also_shows_the_conditions_were_not_met() -> None:
    app = application(
        {"kind": "decided", "at": "2025-11-06T09:00", "outcome": "denied"},
        {"at": "2025-11-06T10:00", "purpose": "negative_result"},
    )
    assert len(counted_visits(app)) == 1


def test_ordinary_supplement_visits_can_be_read_as_outside_the_promise() -> None:
    app = application({"at": "2025-11-05T10:00", "purpose": "supplement"})
    assert len(counted_visits(app)) == 1
    assert len(counted_visits(app, supplements="count")) == 2


def test_a_recorded_submission_visit_is_not_counted_twice() -> None:
    app = application({"at": "2025-11-03T09:00", "purpose": "submission"})
    assert [v.source for v in classify_visits(app)] == ["visit"]


def test_a_window_pickup_is_inferred_unless_recorded_or_asked_not_to() -> None:
    app = application({"kind": "picked_up", "at": "2025-11-07T10:00", "delivery": "window"})
    assert [(v.purpose, v.counted) for v in classify_visits(app)] == [("submission", True), ("pickup", True)]
    assert classify_visits(app, infer=False) == []
    voluntary = application(
        {"kind": "picked_up", "at": "2025-11-07T10:00", "delivery": "window", "voluntary": True}
    )
    assert len(counted_visits(voluntary)) == 1


def test_bad_supplements_reading_is_refused() -> None:
    with pytest.raises(ValueError):
        classify_visits(application(), supplements="maybe")  # type: ignore[arg-type]


purposes = st.sampled_from(["consultation", "submission", "supplement", "pickup", "negative_result", "other"])
visit_events = st.lists(
    st.fixed_dictionaries(
        {
            "at": st.sampled_from(
                ["2025-10-30T10:00", "2025-11-03T09:00", "2025-11-05T10:00", "2025-11-07T10:00"]
            ),
            "purpose": purposes,
            "voluntary": st.sampled_from([None, True, False]),
        }
    ),
    max_size=6,
)


@given(visit_events, st.booleans(), st.sampled_from([None, True, False]))
def test_counted_visits_are_a_time_ordered_subset(
    events: list[dict[str, Any]], rongque: bool, meets: bool | None
) -> None:
    app = application(*events, rongque=rongque, meets_conditions=meets)
    every = classify_visits(app)
    counted = counted_visits(app)
    assert counted == [v for v in every if v.counted]
    assert [v.at for v in every] == sorted(v.at for v in every)
    assert all(v.clause.startswith(DEF) for v in every)
    # the four exceptions only ever remove visits: the strict reading counts at least as many
    assert len(counted_visits(app, supplements="exempt")) <= len(counted)


@given(visit_events)
def test_a_recorded_submission_or_the_inferred_one_always_counts(events: list[dict[str, Any]]) -> None:
    app = application(*events)
    assert any(v.purpose == "submission" and v.counted for v in classify_visits(app))


def test_counted_visit_count_counts_recorded_and_inferred_visits_alike() -> None:
    # a consultation before applying (not counted: 办事前上门咨询), the on-site receipt, a window
    # pickup and a courier pickup (no trip): two counted trips, one when nothing is inferred
    app = application(
        {"at": "2025-10-30T10:00", "purpose": "consultation"},
        {"kind": "received", "at": "2025-11-03T09:00"},
        {"kind": "picked_up", "at": "2025-11-07T10:00", "delivery": "window"},
        {"kind": "picked_up", "at": "2025-11-08T10:00", "delivery": "mail"},
    )
    assert counted_visit_count(app) == 2
    assert counted_visit_count(app, infer=False) == 0
    assert counted_visit_count(application(channel="online")) == 0
    with pytest.raises(ValueError):
        counted_visit_count(app, supplements="maybe")  # type: ignore[arg-type]


history_events = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {
                "kind": st.just("visit"),
                "at": st.sampled_from(["2025-11-01T09:00", "2025-11-03T09:00", "2025-11-05T10:00"]),
                "voluntary": st.sampled_from([None, True, False]),
            },
            optional={"purpose": purposes},
        ),
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["received", "picked_up", "not_accepted", "decided"]),
                "at": st.sampled_from(["2025-11-03T09:00", "2025-11-06T10:00"]),
                "delivery": st.sampled_from([None, "window", "mail", "electronic"]),
                "voluntary": st.sampled_from([None, True, False]),
            }
        ),
    ),
    max_size=6,
)


@given(
    history_events,
    st.sampled_from(["onsite", "online"]),
    st.booleans(),
    st.sampled_from(["count", "exempt"]),
    st.booleans(),
)
def test_counted_visit_count_is_how_many_visits_count(
    events: list[dict[str, Any]], channel: str, infer: bool, supplements: str, rongque: bool
) -> None:
    app = application(*events, channel=channel, rongque=rongque)
    kw: dict[str, Any] = {"infer": infer, "supplements": supplements}
    assert counted_visit_count(app, **kw) == len(counted_visits(app, **kw))
