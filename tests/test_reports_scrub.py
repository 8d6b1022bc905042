"""scrub_text looks for the numbers it masks only in a text with seven digits in a row (what each of
them holds): the same text as applying the three patterns to every text, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.reports._common import (
    _ID_NUMBER_RE,
    _LANDLINE_RE,
    _MOBILE_RE,
    _scrub,
    _Scrubber,
    scrub_text,
)
from govhall.rules.report import mask_value


def _every_pattern(text: str) -> str:
    for pattern in (_ID_NUMBER_RE, _LANDLINE_RE, _MOBILE_RE):
        text = pattern.sub(lambda m: str(mask_value(m.group(0))), text)
    return text


#: runs of digits (ASCII, full-width, Arabic-Indic: all \\d) of every length around 7, 11 and 17, and
#: what sits around numbers in free text
NUMBERISH = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from("0123456789"), min_size=1, max_size=19),
        st.text(alphabet=st.sampled_from("13579１２٣"), min_size=5, max_size=12),
        st.sampled_from(["X", "x", "-", "(", ")", " ", "　", "电话", "张三", "\n", "0769-", "(020)", "1"]),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(NUMBERISH)
def test_the_quick_look_changes_nothing(text: str) -> None:
    assert scrub_text(text) == _every_pattern(text)


def test_numbers_by_hand() -> None:
    assert scrub_text("电话13812345678") == "电话138****5678"
    assert scrub_text("座机0769-22223333，编号123456") == _every_pattern("座机0769-22223333，编号123456")
    assert "22223333" not in scrub_text("座机0769-22223333")
    assert scrub_text("编号123456，无号码") == "编号123456，无号码"


#: personal values as evidence holds them: names, numbers, ids, values already masked (``*``), and
#: values that are parts of one another
VALUE = st.text(alphabet=st.sampled_from("张三丰李四1380*-S0 "), min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(VALUE, max_size=12),
    st.lists(st.one_of(VALUE, st.sampled_from(["，", "电话", "X"])), max_size=10),
)
def test_the_report_scrubber_is_scrub_text(values: list[str], pieces: list[str]) -> None:
    """A report's scrubber, which looks only for the values a text holds, masks every text as trying
    every value in turn (longest first) does."""
    known = {v: str(mask_value(v)) for v in values}
    text = "".join(pieces)
    assert _Scrubber(known)(text) == _scrub(text, known, sorted(known, key=len, reverse=True))


def test_the_report_scrubber_by_hand() -> None:
    known = {v: str(mask_value(v)) for v in ["张三丰", "张三", "13812345678", "S-0030"]}
    scrub = _Scrubber(known)
    assert scrub("张三丰和张三，S-0030 电话13812345678") == "张**和张*，S***** 电话138****5678"
    assert scrub("李四") == "李四"
