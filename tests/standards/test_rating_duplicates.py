"""haochaping-2019's one rating per visit / per case: the groups of one rating are skipped without
being sorted; the repeated ratings must be those the plain reading of every group finds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.models import Channel, Evaluation
from govhall.standards.haochaping_2019 import ONLINE_CHANNELS, ONSITE_CHANNELS, _duplicates


def _plain(evals: list[Evaluation], key: str, channels: frozenset[Channel]) -> Iterator[tuple]:  # type: ignore[type-arg]
    groups: dict[str, list[Evaluation]] = defaultdict(list)
    for ev in evals:
        gid = getattr(ev, key)
        if gid and ev.channel in channels:
            groups[gid].append(ev)
    for gid in sorted(groups):
        ordered = sorted(groups[gid], key=lambda e: (e.at, e.id))
        for later in ordered[1:]:
            yield gid, ordered[0], later


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "", "V-1", "V-2", "V-3", "V-10"]),
            st.sampled_from([Channel.onsite, Channel.device, Channel.online, Channel.app]),
            st.integers(0, 5),  # minutes: equal moments are ordered by id
        ),
        max_size=20,
    )
)
def test_the_repeated_ratings_are_those_every_group_read_gives(raw: list) -> None:  # type: ignore[type-arg]
    evals = [
        Evaluation(
            id=f"E-{i}",
            at=datetime(2025, 9, 1, 9, 0) + timedelta(minutes=m),
            level="满意",
            channel=channel,
            visit_id=gid,
            application_id=gid,
        )
        for i, (gid, channel, m) in enumerate(raw)
    ]
    for key, channels in (("visit_id", ONSITE_CHANNELS), ("application_id", ONLINE_CHANNELS)):
        assert list(_duplicates(evals, key, channels)) == list(_plain(evals, key, channels))
