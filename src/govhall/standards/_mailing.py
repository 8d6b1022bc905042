"""The mailing duty shared by gdzw-0020-2019:6.7.1, dongguan-hall-2023:5.3.7 and db23-hlj-2023:6.7.2."""

from __future__ import annotations

from collections.abc import Iterator

from govhall.models import Hall
from govhall.models.applications import EventKind
from govhall.rules import Context, Hit


def mailing_not_offered(hall: Hall, ctx: Context) -> Iterator[Hit]:
    """A hit when the hall profile records no mailing service (``mailing_service`` False) and no
    application of the dataset was mailed (a ``mailed`` event shows the service exists). Not recorded
    (None) is not judged: a month without mailings proves nothing."""
    if hall.mailing_service is not False:
        return
    mailed = sum(1 for a in ctx.dataset.applications if a.events_of(EventKind.mailed))
    if mailed:
        return
    yield Hit(
        message="未提供邮寄证件、文书服务",
        evidence={"mailing_service": False, "applications_mailed": 0},
    )
