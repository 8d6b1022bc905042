"""The rating-integrity check two standards make of the same ratings, worked out once per run.

gdzw-0020-2019:5.9.2 and dongguan-hall-2023:5.2.10 both forbid interfering with, substituting,
watching or faking ratings, and both rules read :func:`govhall.decisions.evaluation_integrity`
with the same figures (``gdzw-0020-2019.rating_burst_*``). On a month where every rating is dated
after the gdzw standard took effect they ask it of the very same ratings: the second rule gets the
first one's answer (15k ratings of a 20k hall: ~20 ms, 2 % of its audit). Private to the standards
modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govhall.decisions import Breach, IntegrityParams, evaluation_integrity
from govhall.models import Dataset, Evaluation
from govhall.rules import Context
from govhall.rules.context import per_subject


@per_subject  # the dataset is the subject: one map per run and dataset, forgotten after its block
def _worked_out(
    ds: Dataset, ctx: Context
) -> dict[tuple[Any, ...], tuple[tuple[Evaluation, ...], list[Breach]]]:
    return {}


def integrity_breaches(
    ds: Dataset, ratings: Sequence[Evaluation], params: IntegrityParams, ctx: Context
) -> list[Breach]:
    """``evaluation_integrity(ratings, ds.staff_by_id, params)``, worked out once per run for the same
    ratings (the same records, in the same order) and figures. The list is shared: read it, do not
    change it."""
    # keyed by the records' identities, and the answer holds the records: while it is remembered none
    # of them is freed, so no other record can take one's address (id) and be taken for it (ratings
    # a caller made, asked about and dropped, then others made in their place with other data)
    records = tuple(ratings)
    key = (tuple(map(id, records)), params)
    answers = _worked_out(ds, ctx)
    found = answers.get(key)
    if found is None:
        found = answers[key] = (records, evaluation_integrity(records, ds.staff_by_id, params))
    return found[1]
