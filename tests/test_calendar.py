"""The working-day calendar, checked against the State Council notices' own words.

Every expected value below was worked out by hand from the notice texts quoted in
``src/govhall/calendars/cn_notices.yaml`` (国办发明电〔2023〕7号 for 2024, 〔2024〕12号 for 2025,
〔2025〕7号 for 2026), not from what the code prints.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.calendars import (
    DayInfo,
    OverrideDay,
    calendar,
    calendar_from_profile,
    load_notice_book,
    load_overrides,
)
from govhall.calendars.china import build_china_table, package_days
from govhall.calendars.notices import NoticeBook

CN = calendar("CN")
D = date


def days(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# -- the notices, by hand ----------------------------------------------------------------------------


def test_spring_festival_2025() -> None:
    # 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    #     1月26日（周日）、2月8日（周六）上班。
    for d in days(D(2025, 1, 28), D(2025, 2, 4)):
        info = CN.day_info(d)
        assert not info.working_day and info.reason == "holiday" and info.holiday_name == "春节", d
        assert info.notice and "国办发明电〔2024〕12号" in info.notice
    for d in (D(2025, 1, 26), D(2025, 2, 8)):
        info = CN.day_info(d)
        assert info.working_day and info.reason == "makeup_workday" and d.weekday() >= 5
    assert CN.day_info(D(2025, 1, 27)).reason == "weekday"  # the Monday between makeup Sunday and the eve
    assert CN.is_working_day(D(2025, 2, 5))
    assert CN.day_info(D(2025, 2, 9)).reason == "weekend"  # the Sunday after the makeup Saturday
    # 8 days off, of which Feb 1-2 are a weekend inside the block
    assert CN.day_info(D(2025, 2, 1)).holiday_name == "春节"


def test_spring_festival_2026() -> None:
    # 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    #     2月14日（周六）、2月28日（周六）上班。
    for d in days(D(2026, 2, 15), D(2026, 2, 23)):
        assert CN.day_info(d).reason == "holiday" and CN.day_info(d).holiday_name == "春节", d
    assert CN.day_info(D(2026, 2, 14)).reason == "makeup_workday"
    assert CN.day_info(D(2026, 2, 28)).reason == "makeup_workday"
    assert CN.is_working_day(D(2026, 2, 13)) and CN.is_working_day(D(2026, 2, 24))
    # Fri Feb 13 -> next working day is the makeup Saturday Feb 14, then Tue Feb 24
    assert CN.next_working_day(D(2026, 2, 13)) == D(2026, 2, 14)
    assert CN.next_working_day(D(2026, 2, 14)) == D(2026, 2, 24)
    assert CN.previous_working_day(D(2026, 2, 24)) == D(2026, 2, 14)
    # Feb 14 .. Feb 28: working days are Feb 14, 24, 25, 26, 27, 28 -> (Feb 13, Feb 28] holds 6
    assert CN.working_days_between(D(2026, 2, 13), D(2026, 2, 28)) == 6


def test_national_day_and_mid_autumn_2025() -> None:
    # 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
    for d in days(D(2025, 10, 1), D(2025, 10, 8)):
        assert not CN.is_working_day(d), d
    info = CN.day_info(D(2025, 10, 4))  # a Saturday inside the block
    assert info.reason == "holiday"
    assert info.holiday_name == "国庆节、中秋节"
    assert info.clause == "state-council-holidays:2025.六"
    assert not info.provisional
    assert CN.day_info(D(2025, 9, 28)).reason == "makeup_workday"
    assert CN.day_info(D(2025, 10, 11)).reason == "makeup_workday"
    assert CN.day_info(D(2025, 10, 12)).reason == "weekend"
    assert CN.day_info(D(2025, 9, 27)).reason == "weekend"


def test_new_year_2026_boundary() -> None:
    # 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    assert CN.day_info(D(2025, 12, 31)).reason == "weekday"
    for d in (D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)):
        assert CN.day_info(d).reason == "holiday" and CN.day_info(d).holiday_name == "元旦"
    assert CN.day_info(D(2026, 1, 4)).reason == "makeup_workday"
    assert CN.next_working_day(D(2025, 12, 31)) == D(2026, 1, 4)
    # (2025-12-31, 2026-01-05]: Jan 4 (makeup Sunday) and Jan 5 (Monday)
    assert CN.working_days_between(D(2025, 12, 31), D(2026, 1, 5)) == 2
    # DESIGN "Time": working days in (a, b]; (2026-01-05, 2025-12-31] is empty
    assert CN.working_days_between(D(2026, 1, 5), D(2025, 12, 31)) == 0


def test_twenty_working_days_across_october_2025() -> None:
    # Received Fri 2025-09-26 (not counted).  Counting working days after it:
    #   Sep 27 Sat off; Sep 28 Sun makeup = 1; Sep 29 = 2; Sep 30 = 3;
    #   Oct 1-8 off (国庆节、中秋节); Oct 9 = 4; Oct 10 = 5; Oct 11 Sat makeup = 6; Oct 12 Sun off;
    #   Oct 13-17 = 7..11; Oct 20-24 = 12..16; Oct 27 = 17, 28 = 18, 29 = 19, 30 = 20.
    assert CN.add_working_days(D(2025, 9, 26), 20) == D(2025, 10, 30)
    assert CN.working_days_between(D(2025, 9, 26), D(2025, 10, 30)) == 20
    assert CN.subtract_working_days(D(2025, 10, 30), 20) == D(2025, 9, 26)


def test_2024_notice_weekends_joined_are_not_part_of_the_block() -> None:
    # 一、元旦：1月1日放假，与周末连休。 -> only Jan 1 is the holiday; Dec 30-31 2023 stay weekend.
    assert CN.day_info(D(2024, 1, 1)).reason == "holiday"
    assert CN.day_info(D(2023, 12, 31)).reason == "weekend"
    # 二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
    assert CN.day_info(D(2024, 2, 4)).reason == "makeup_workday"
    assert CN.day_info(D(2024, 2, 18)).reason == "makeup_workday"
    assert CN.day_info(D(2024, 2, 9)).reason == "weekday"  # 除夕: only "encouraged" as a day off


def test_makeup_days_named_after_their_holiday_and_cited() -> None:
    info = CN.day_info(D(2025, 9, 28))
    assert info.holiday_name == "国庆节、中秋节"
    assert info.notice and info.notice.endswith("六、国庆节、中秋节")
    assert CN.day_info(D(2025, 3, 4)).notice is None  # an ordinary Tuesday


# -- the holidays package, checked and corrected -----------------------------------------------------


def test_package_weekends_inside_blocks_are_reported_as_corrections() -> None:
    by_date = {c.date: c for c in CN.corrections}
    assert by_date[D(2025, 10, 4)].kind == "block_membership"
    assert by_date[D(2026, 2, 15)].kind == "block_membership"
    # the package agrees with the notices on which days are worked in 2023-2026
    assert not [c for c in CN.corrections if c.kind == "working_status"]


def test_notice_wins_over_a_wrong_package_entry() -> None:
    pkg_days, pkg_work = package_days(range(2004, 2027))
    wrong_days = dict(pkg_days)
    del wrong_days[D(2025, 10, 8)]  # package "forgets" the last day of National Day 2025
    wrong_days[D(2025, 3, 3)] = "劳动节"  # and invents a holiday
    wrong_work = set(pkg_work) - {D(2025, 10, 11)}  # and drops a makeup Saturday
    table = build_china_table(package=(wrong_days, wrong_work))
    fixed = {c.date: c for c in table.corrections if c.kind == "working_status"}
    assert set(fixed) == {D(2025, 10, 8), D(2025, 3, 3), D(2025, 10, 11)}
    i = lambda d: (d - table.first).days  # noqa: E731
    assert not table.working[i(D(2025, 10, 8))]
    assert table.working[i(D(2025, 3, 3))]
    assert table.working[i(D(2025, 10, 11))]


def test_the_package_china_loaded_alone_gives_the_packages_own_data() -> None:
    """package_days loads only the holidays package's China module (not its ~250 other countries):
    its days, names and weekend working days are those of the package's own entry point."""
    import holidays

    years = list(range(2004, 2037))
    expected = holidays.country_holidays("CN", years=years, language="zh_CN")
    pkg_days, pkg_work = package_days(years)
    assert pkg_days == {d: str(name) for d, name in expected.items()}
    assert pkg_days[D(2025, 1, 29)].startswith("春节")  # 农历正月初一, 2025
    assert pkg_work == {d for d in expected.weekend_workdays if d.year in years}
    assert D(2025, 1, 26) in pkg_work  # 1月26日（周日）上班


_FRESH_PROCESS = """
import sys, threading
from datetime import date
from govhall.calendars import calendar
from govhall.calendars.china import package_days

barrier, failed = threading.Barrier(8), []

def build():  # a server's threads building calendars at once get China's class whole
    barrier.wait()
    try:
        days, _ = package_days(range(2004, 2027))
        assert days[date(2010, 2, 14)].startswith("春节")
    except Exception as exc:
        failed.append(repr(exc))

threads = [threading.Thread(target=build) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
assert not failed, failed
assert calendar("CN").is_working_day(date(2010, 1, 4))
print(sorted(m for m in sys.modules if m.startswith("holidays.countries")))
"""


def test_building_the_calendar_imports_no_other_country_and_is_thread_safe() -> None:
    out = subprocess.run([sys.executable, "-c", _FRESH_PROCESS], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_package_years_agree_with_chinese_calendar() -> None:
    """Independent check of 2004-2026 against the chinesecalendar package.

    The one disagreement is chinesecalendar's: 国办发明电〔2005〕35号 (2006 notice), 一、元旦:
    "12月31日（星期六）上班" — 2005-12-31 was a working Saturday.
    """
    chinese_calendar = pytest.importorskip("chinese_calendar")
    disagree = [
        d
        for d in days(D(2004, 1, 1), D(2026, 12, 31))
        if chinese_calendar.is_workday(d) != CN.is_working_day(d)
    ]
    assert disagree == [D(2005, 12, 31)]
    assert CN.day_info(D(2005, 12, 31)).reason == "makeup_workday"


def test_notice_records_are_validated() -> None:
    book = load_notice_book()
    data = book.model_dump()
    data["notices"][0]["blocks"][0]["days"] = 4  # 元旦 2023 is 3 days
    with pytest.raises(ValueError, match="notice says 4"):
        NoticeBook.model_validate(data)
    data = book.model_dump()
    data["notices"][2]["blocks"][1]["makeup_workdays"] = [D(2025, 1, 27)]  # a Monday
    with pytest.raises(ValueError, match="not a Saturday or Sunday"):
        NoticeBook.model_validate(data)


# -- provisional horizon and range -----------------------------------------------------------------


def test_published_through_and_provisional() -> None:
    pt = CN.published_through
    assert pt == 2026  # 2027 notice not found on 2026-12-02
    assert not CN.is_provisional(D(pt, 12, 28))
    assert CN.is_provisional(D(pt, 12, 29))  # the next notice may move 29-31 Dec (issue #16 item 5)
    assert CN.is_provisional(D(pt + 1, 1, 1))
    info = CN.day_info(D(pt + 1, 3, 1))
    assert info.provisional and info.source in ("weekday-rule", "statutory-rule")


def test_provisional_years_follow_the_statutory_rule_without_tiaoxiu() -> None:
    # 2027: 元旦 Fri Jan 1; 春节 = 除夕 Fri Feb 5 + 初一-初三 Sat 6 - Mon 8, Sat/Sun -> in lieu Tue 9, Wed 10;
    # 劳动节 Sat May 1 + Sun May 2 -> in lieu Mon May 3, Tue May 4; 国庆节 Fri Oct 1 - Sun Oct 3 -> Mon 4, Tue 5.
    off = [D(2027, 1, 1), *days(D(2027, 2, 5), D(2027, 2, 10)), *days(D(2027, 5, 1), D(2027, 5, 4))]
    off += days(D(2027, 10, 1), D(2027, 10, 5))
    for d in off:
        info = CN.day_info(d)
        assert not info.working_day and info.reason == "holiday" and info.provisional, d
    assert CN.is_working_day(D(2027, 2, 11)) and CN.is_working_day(D(2027, 5, 5))
    # no 调休: no weekend is ever a working day in a provisional year
    for d in days(D(2027, 1, 1), D(2036, 12, 31)):
        if d.weekday() >= 5:
            assert not CN.is_working_day(d), d
    assert CN.day_info(D(2027, 5, 3)).clause == "state-council-holidays:放假办法.6"


def test_qingming_dates_used_for_provisional_years_match_the_solar_term() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    for year in range(2027, 2037):
        terms = chinese_calendar.get_solar_terms(D(year, 4, 1), D(year, 4, 7))
        qingming = [d for d, name in terms if "Qing" in str(name) or "清明" in str(name)]
        assert qingming, year
        assert CN.day_info(qingming[0]).holiday_name == "清明节", year


@pytest.mark.parametrize("bad", [D(2003, 12, 31), D(2037, 1, 1), D(1999, 5, 1)])
def test_out_of_range_is_a_clear_error(bad: date) -> None:
    with pytest.raises(ValueError, match=bad.isoformat()) as exc:
        CN.is_working_day(bad)
    assert "2004-01-01" in str(exc.value) and "2036-12-31" in str(exc.value)
    with pytest.raises(ValueError, match="supported range"):
        CN.day_info(bad)


def test_counting_past_the_range_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="supported range"):
        CN.add_working_days(D(2036, 12, 1), 100)
    with pytest.raises(ValueError, match="supported range"):
        CN.subtract_working_days(D(2004, 1, 5), 10)
    with pytest.raises(ValueError, match="subtract_working_days"):
        CN.add_working_days(D(2025, 1, 1), -1)


# -- API details -----------------------------------------------------------------------------------


def test_zero_and_datetimes() -> None:
    sat = D(2025, 10, 4)
    assert CN.add_working_days(sat, 0) == sat
    assert CN.subtract_working_days(sat, 0) == sat
    # naive datetimes are Asia/Shanghai; aware ones are converted first
    assert CN.day_info(datetime(2025, 9, 30, 23, 30)).date == D(2025, 9, 30)
    utc_evening = datetime(2025, 9, 30, 16, 30, tzinfo=timezone.utc)  # = 2025-10-01 00:30 in Shanghai
    assert CN.day_info(utc_evening).date == D(2025, 10, 1)
    assert not CN.is_working_day(utc_evening)
    assert CN.add_working_days("2025-09-26", 20) == D(2025, 10, 30)
    assert isinstance(CN.day_info(D(2025, 1, 1)), DayInfo)
    assert calendar("cn") is CN


def test_previous_and_next() -> None:
    assert CN.next_working_day(D(2025, 9, 30)) == D(2025, 10, 9)
    assert CN.previous_working_day(D(2025, 10, 9)) == D(2025, 9, 30)
    assert CN.previous_working_day(D(2025, 10, 13)) == D(2025, 10, 11)  # makeup Saturday
    assert CN.subtract_working_days(D(2025, 10, 4), 1) == D(2025, 9, 30)


def test_batch_versions() -> None:
    ds = np.array(["2025-09-26", "2025-12-31", "2026-02-13", "2025-10-04"], dtype="datetime64[D]")
    ns = np.array([20, 1, 1, 0])
    out = CN.add_working_days_many(ds, ns)
    assert out.dtype == np.dtype("datetime64[D]")
    assert [str(x) for x in out] == ["2025-10-30", "2026-01-04", "2026-02-14", "2025-10-04"]
    as_int = CN.add_working_days_many(ds.astype(np.int64), ns)
    assert np.array_equal(as_int, out.astype(np.int64))
    assert CN.is_working_day_many(ds).tolist() == [True, True, True, False]
    assert CN.working_days_between_many(ds[:1], out[:1]).tolist() == [20]
    with pytest.raises(ValueError):
        CN.add_working_days_many(ds, -ns - 1)
    with pytest.raises(ValueError, match="2037-01-01"):
        CN.is_working_day_many(np.array(["2037-01-01"], dtype="datetime64[D]"))


# -- overrides -------------------------------------------------------------------------------------


def test_overrides_stack_on_the_national_calendar() -> None:
    hall = CN.with_overrides(
        closed=[(D(2025, 3, 3), "系统升级闭厅"), D(2025, 10, 9)],
        open=[
            {"date": "2025-03-08", "reason": "周六延时服务"},
            OverrideDay(date=D(2025, 10, 4), reason="国庆值班"),
        ],
        name="某区政务服务中心",
    )
    info = hall.day_info(D(2025, 3, 3))
    assert not info.working_day and info.reason == "override" and info.override_reason == "系统升级闭厅"
    assert hall.day_info(D(2025, 3, 8)).working_day
    holiday_open = hall.day_info(D(2025, 10, 4))
    assert holiday_open.working_day and holiday_open.holiday_name == "国庆节、中秋节"
    assert hall.add_working_days(D(2025, 2, 28), 1) == D(2025, 3, 4)
    assert hall.add_working_days(D(2025, 3, 7), 1) == D(2025, 3, 8)
    assert hall.next_working_day(D(2025, 9, 30)) == D(2025, 10, 4)
    assert hall.next_working_day(D(2025, 10, 4)) == D(2025, 10, 10)
    # the national calendar is untouched
    assert CN.is_working_day(D(2025, 3, 3)) and not CN.is_working_day(D(2025, 3, 8))
    assert hall.name == "某区政务服务中心"
    with pytest.raises(ValueError, match="both closed and opened"):
        CN.with_overrides(closed=[D(2025, 3, 3)], open=[D(2025, 3, 3)])
    with pytest.raises(ValueError, match="supported range"):
        CN.with_overrides(closed=[D(2040, 1, 1)])


def test_overrides_from_a_profile(tmp_path) -> None:
    profile = tmp_path / "hall.yaml"
    profile.write_text(
        "calendar:\n"
        "  closed: [{date: 2025-03-03, reason: 系统升级闭厅}]\n"
        "  open: [{date: 2025-03-08, reason: 周六延时服务}]\n",
        encoding="utf-8",
    )
    closed, opened = load_overrides(profile)
    assert closed == [OverrideDay(date=D(2025, 3, 3), reason="系统升级闭厅")]
    assert opened[0].date == D(2025, 3, 8)
    hall = calendar_from_profile(profile)
    assert not hall.is_working_day(D(2025, 3, 3)) and hall.is_working_day(D(2025, 3, 8))
    same = calendar_from_profile({"calendar": {"closed": [{"date": D(2025, 3, 3), "reason": "x"}]}})
    assert not same.is_working_day(D(2025, 3, 3))
    assert calendar_from_profile(None) is CN
    bad = tmp_path / "bad.yaml"
    bad.write_text("calendar:\n  closed: [{reason: no date}]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no date"):
        calendar_from_profile(bad)


# -- properties ------------------------------------------------------------------------------------

dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2034, 12, 31))
counts = st.integers(min_value=0, max_value=400)


@settings(max_examples=300, deadline=None)
@given(dates, counts)
def test_count_inverts_add(d: date, n: int) -> None:
    r = CN.add_working_days(d, n)
    assert CN.working_days_between(d, r) == n
    if n > 0:
        assert r > d and CN.is_working_day(r)
        assert CN.previous_working_day(r) == CN.add_working_days(d, n - 1) or n == 1
    if CN.is_working_day(d) and d >= D(2006, 1, 1):  # 400 working days back stays in range
        assert CN.add_working_days(CN.subtract_working_days(d, n), n) == d


@settings(max_examples=200, deadline=None)
@given(dates, dates, counts, counts)
def test_add_is_monotonic(d1: date, d2: date, n1: int, n2: int) -> None:
    if d1 > d2:
        d1, d2 = d2, d1
    if n1 > n2:
        n1, n2 = n2, n1
    assert CN.add_working_days(d1, n1) <= CN.add_working_days(d2, n1)
    assert CN.add_working_days(d1, n1) <= CN.add_working_days(d1, n2)
    assert CN.working_days_between(d1, d2) >= 0 and CN.working_days_between(d2, d1) == 0  # (d2, d1] is empty


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2036, 12, 31)))
def test_working_day_exactly_when(d: date) -> None:
    info = CN.day_info(d)
    weekday = d.weekday() < 5
    assert info.working_day == ((weekday and info.reason != "holiday") or info.reason == "makeup_workday")
    if info.reason == "makeup_workday":
        assert not weekday
    if info.reason == "weekday":
        assert weekday and info.working_day
    if info.reason == "weekend":
        assert not weekday and not info.working_day
    # 29-31 Dec of the last published year are provisional too (the 2023 notice moved Sat 2022-12-31)
    assert info.provisional == (d.year > CN.published_through or d >= D(CN.published_through, 12, 29))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(dates, counts), min_size=1, max_size=50))
def test_batch_equals_scalar(pairs: list[tuple[date, int]]) -> None:
    ds = np.array([d.isoformat() for d, _ in pairs], dtype="datetime64[D]")
    ns = np.array([n for _, n in pairs])
    out = CN.add_working_days_many(ds, ns)
    assert [date.fromisoformat(str(x)) for x in out] == [CN.add_working_days(d, n) for d, n in pairs]
    assert CN.is_working_day_many(ds).tolist() == [CN.is_working_day(d) for d, _ in pairs]
    back = CN.working_days_between_many(ds, out)
    assert back.tolist() == ns.tolist()
