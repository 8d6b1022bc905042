"""Calendar honesty at the year's end and between releases (issue #16 item 5).

* 29–31 December of the last published year (2026) are provisional: the next notice has moved such days
  before — the 2023 notice (国办发明电〔2022〕16号) put Sat 2022-12-31 into its 元旦 block.
* A notice published after the release can be loaded from a file (``--notices`` / the profile's
  ``calendar.notices``), validated against the notice record schema, and ``govhall calendar notices``
  lists what was loaded from where.

The 2027 notice below is TEST DATA, not the real notice (which is not published as this is written): a
劳动节 block Sat 2027-05-01 .. Wed 05-05 (5 days) with Sun 04-25 worked. 2027-01-01 is a Friday, so
05-01 is a Saturday and 04-25 a Sunday (worked out by hand). Without it the statutory rule
(放假办法 art. 2 劳动节 2 days, 5月1日、2日; art. 6 in-lieu days on the next weekdays) gives 05-01 and
05-02 (weekend) off with Mon 05-03 and Tue 05-04 in lieu, Wed 05-05 working, and Sun 04-25 off.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import govhall
from govhall.calendars import calendar, calendar_from_profile, calendar_with_notices
from govhall.cli import app, main
from govhall.errors import InputError

NOTICE_2027 = {
    "year": 2027,
    "id": "测试〔2026〕1号",
    "title": "（测试数据）国务院办公厅关于2027年部分节假日安排的通知",
    "date": "2026-11-30",
    "blocks": [
        {
            "item": "三",
            "name_zh": "劳动节",
            "name_en": "Labour Day",
            "first_day": "2027-05-01",
            "last_day": "2027-05-05",
            "days": 5,
            "makeup_workdays": ["2027-04-25"],
            "text": "劳动节：5月1日至5日放假调休，共5天。4月25日（周日）上班。（测试数据）",
        }
    ],
}


def write(tmp_path: Path, data: object, name: str = "notice-2027.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return p


# -- the year's end -----------------------------------------------------------------------------------


def test_29_to_31_december_of_the_last_published_year_are_provisional() -> None:
    cal = calendar("CN")
    assert cal.published_through == 2026 and cal.provisional_from == date(2026, 12, 29)
    assert not cal.is_provisional(date(2026, 12, 28)) and not cal.day_info(date(2026, 12, 28)).provisional
    for day in (29, 30, 31):
        assert cal.is_provisional(date(2026, 12, day)) and cal.day_info(date(2026, 12, day)).provisional
    # Thu 12-24: 2 working days → Mon 12-28 (Fri 12-25, Mon 12-28); 3 → Tue 12-29, provisional
    assert govhall.due_date("2026-12-24", "2个工作日").provisional is False
    d = govhall.due_date("2026-12-24", "3个工作日")
    assert d.due == date(2026, 12, 29) and d.provisional is True


def test_the_cli_says_so() -> None:
    out = CliRunner().invoke(app, ["calendar", "workday", "2026-12-30", "--json"])
    assert out.exit_code == 0 and json.loads(out.stdout)["provisional"] is True


# -- loading a newly published notice -------------------------------------------------------------------


def test_a_notice_from_a_file_replaces_the_statutory_guess(tmp_path: Path) -> None:
    base = calendar("CN")
    assert not base.is_working_day(date(2027, 4, 25)) and base.is_working_day(date(2027, 5, 5))
    assert not base.is_working_day(date(2027, 5, 3)) and base.is_provisional(date(2027, 5, 5))
    cal = calendar_with_notices(write(tmp_path, NOTICE_2027))
    assert cal.published_through == 2027
    assert (
        cal.is_working_day(date(2027, 4, 25)) and cal.day_info(date(2027, 4, 25)).reason == "makeup_workday"
    )
    assert (
        not cal.is_working_day(date(2027, 5, 5)) and cal.day_info(date(2027, 5, 5)).holiday_name == "劳动节"
    )
    assert not cal.is_provisional(date(2027, 5, 5))
    # Fri 04-23 + 1 working day: the 调休 Sunday 04-25 with the notice, Mon 04-26 without it
    assert cal.add_working_days(date(2027, 4, 23), 1) == date(2027, 4, 25)
    assert base.add_working_days(date(2027, 4, 23), 1) == date(2027, 4, 26)
    (loaded,) = [n for n in cal.notices if n.year == 2027]
    assert loaded.source.endswith("notice-2027.yaml") and loaded.id == "测试〔2026〕1号"
    assert {n.source for n in cal.notices if n.year < 2027} == {"govhall (cn_notices.yaml)"}


def test_the_profile_loads_it_relative_to_itself(tmp_path: Path) -> None:
    write(tmp_path, {"notices": [NOTICE_2027]})
    profile = write(
        tmp_path, {"calendar": {"notices": "notice-2027.yaml", "closed": ["2027-04-26"]}}, "hall.yaml"
    )
    cal = calendar_from_profile(profile)
    assert cal.is_working_day(date(2027, 4, 25)) and not cal.is_working_day(date(2027, 4, 26))
    assert any(n.year == 2027 for n in cal.notices)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"blocks": [{**NOTICE_2027["blocks"][0], "days": 4}]}, "is 5 days, the notice says 4"),
        (
            {"blocks": [{**NOTICE_2027["blocks"][0], "makeup_workdays": ["2027-04-26"]}]},
            "not a Saturday or Sunday",
        ),
        ({"year": 2028}, "must follow on from 2026"),
        ({"color": "red"}, "color"),
        ({"title": None}, "title"),
    ],
)
def test_a_bad_notice_is_refused_naming_file_record_and_field(
    tmp_path: Path, change: dict, message: str
) -> None:
    path = write(tmp_path, {**NOTICE_2027, **change})
    with pytest.raises(InputError) as err:
        calendar_with_notices(path)
    assert message in str(err.value) and "notice-2027.yaml" in str(err.value)


def test_a_packaged_year_cannot_be_changed_from_a_file(tmp_path: Path) -> None:
    book = govhall.calendars.load_notice_book()
    n2026 = book.notice(2026).model_dump(mode="json")
    assert calendar_with_notices(write(tmp_path, n2026)).published_through == 2026  # identical: accepted
    n2026["blocks"] = n2026["blocks"][1:]
    with pytest.raises(InputError, match="differs from the one govhall ships"):
        calendar_with_notices(write(tmp_path, n2026, "other.yaml"))


def test_calendar_notices_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["calendar", "notices", "--json"])
    doc = json.loads(out.stdout)
    assert doc["published_through"] == 2026 and doc["provisional_from"] == "2026-12-29"
    assert [n["year"] for n in doc["notices"]][-1] == 2026
    path = write(tmp_path, NOTICE_2027)
    doc = json.loads(runner.invoke(app, ["calendar", "notices", "--notices", str(path), "--json"]).stdout)
    assert doc["notices"][-1] == {
        "year": 2027,
        "id": "测试〔2026〕1号",
        "title": NOTICE_2027["title"],
        "source": str(path),
    }
    assert doc["provisional_from"] == "2027-12-29"
    day = json.loads(
        runner.invoke(app, ["calendar", "workday", "2027-04-25", "--notices", str(path), "--json"]).stdout
    )
    assert day["working_day"] is True and day["provisional"] is False
    bad = write(tmp_path, {**NOTICE_2027, "year": 2029}, "bad.yaml")
    with pytest.raises(SystemExit) as ex:
        main(["calendar", "notices", "--notices", str(bad)])
    err = capsys.readouterr().err
    assert ex.value.code == 2 and len(err.strip().splitlines()) == 1 and "bad.yaml" in err


def test_no_notice_ever_moved_a_december_day_before_the_provisional_line() -> None:
    """Dates from 29 December of the last published year are provisional because the next year's notice
    may move them. That line is honest only if no notice since 2004 moved an earlier December day: the
    earliest were the 2008 and 2019 notices, which made Saturday 29 December (2007, 2018) a working day
    (2018年12月29日（星期六）上班). Checked on the calendar's days, weekday rule against what was decided."""
    from govhall.calendars.core import YEAR_END_PROVISIONAL

    cal = calendar("CN")
    moved = [
        date(y, 12, d)
        for y in range(2004, cal.published_through)
        for d in range(1, 32)
        if cal.is_working_day(date(y, 12, d)) != (date(y, 12, d).weekday() < 5)
    ]
    assert date(2018, 12, 29) in moved and date(2007, 12, 29) in moved
    assert min((d.month, d.day) for d in moved) == YEAR_END_PROVISIONAL == (12, 29)
