"""Round 4 of the law worked by hand: the words that stand for a head's approval (admin-licensing-law:42).

``head_approval_stated`` reads an extension's reason only under admin-licensing-law.approval-in-reason =
stated_in_reason; a reason that says the approval was not given, or is still to be sought, must never be
read as one (the hostile direction: a finding lost to a boilerplate sentence).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govhall.standards._limits import head_approval_stated

GIVEN = [
    "需现场核查的内容较多，经本行政机关负责人批准延长十个工作日，已告知申请人延长期限的理由",
    "报经局负责人同意，延长10日",
    "经本级人民政府负责人批准延长十五日",
]
NOT_GIVEN = [
    "未经本行政机关负责人批准",
    "需经负责人批准",
    "须经本行政机关负责人批准后方可延长",
    "拟报经负责人批准延长十日",
    "待报经负责人批准",
    "经负责人批准前暂停办理",
    "经审查，负责人不同意延长",
    "经局长批准",  # not the words of Art 42 (负责人): left to approved_by
    "",
    None,
]


@pytest.mark.parametrize("reason", GIVEN)
def test_stated(reason: str) -> None:
    assert head_approval_stated(reason)


@pytest.mark.parametrize("reason", NOT_GIVEN)
def test_not_stated(reason: str | None) -> None:
    assert not head_approval_stated(reason)


@given(st.text(max_size=30), st.sampled_from(["未", "不", "没", "需", "须", "拟", "待", "拟报", "待报"]))
def test_a_word_that_leaves_it_undone_is_never_an_approval(head: str, negation: str) -> None:
    """Whatever comes before, 未经/需经/拟报经 … 负责人批准 alone in its clause is no approval."""
    tail = head.replace("经", "").replace("报", "")
    assert not head_approval_stated(f"{tail}，{negation}经本行政机关负责人批准")
