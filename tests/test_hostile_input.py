"""Hostile input at every entry point: each test here failed before the fix it names.

The contract (DESIGN, "Input data", "Command line", "HTTP service"): bad input gets a clear error
naming the field, record and line; bad records are reported, never dropped, never stop a batch; the
command line exits 2 with one line on stderr; nothing escapes as an internal error.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from govhall.cli import app
from govhall.loaders import load_dataset
from govhall.models import SHANGHAI, Complaint

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "govhall" / "data" / "example"


def one_line_error(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("govhall: error: "), err
    assert "Traceback" not in err and "internal error" not in err, err
    return err


def first_complaint() -> dict[str, Any]:
    return json.loads((EXAMPLE / "complaints.jsonl").read_text(encoding="utf-8").splitlines()[0])


# -- an aware timestamp whose Asia/Shanghai time is past year 1 or 9999 ------------------------------

# every offset a timestamp may carry (datetime allows up to ±23:59)
offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda m: timezone(timedelta(minutes=m))
)
edge_days = st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31)])
edge_times = st.builds(
    lambda day, minutes: day + timedelta(minutes=minutes), edge_days, st.integers(0, 24 * 60 - 1)
)


@settings(max_examples=60, deadline=None)
@given(when=edge_times, tz=offsets)
def test_an_aware_timestamp_at_the_ends_of_time_is_converted_or_refused_naming_the_field(
    when: datetime, tz: timezone
) -> None:
    """For every aware time in years 1 and 9999: either its Shanghai wall time, or a validation error
    on ``received_at`` — never an OverflowError (it was one: "date value out of range")."""
    aware = when.replace(tzinfo=tz)
    data = {**first_complaint(), "received_at": aware.isoformat()}
    try:
        shanghai = aware.astimezone(SHANGHAI).replace(tzinfo=None)
    except OverflowError:
        shanghai = None
    if shanghai is None:
        with pytest.raises(ValidationError) as info:
            Complaint.model_validate(data)
        assert [e["loc"] for e in info.value.errors()] == [("received_at",)]
        assert aware.isoformat() in str(info.value)
    else:
        assert Complaint.model_validate(data).received_at == shanghai


def test_screen_with_a_timestamp_past_year_1_in_shanghai_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({**first_complaint(), "received_at": "0001-01-01T00:00:00+14:00"}))
    err = one_line_error(runner.invoke(app, ["screen", str(path)]))
    assert "received_at" in err and "0001-01-01T00:00:00+14:00" in err


def test_a_record_with_such_a_timestamp_is_rejected_naming_record_field_and_line(tmp_path: Path) -> None:
    lines = (EXAMPLE / "applications.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    second = json.loads(lines[1])
    second["events"][0]["at"] = "9999-12-31T23:59:59-12:00"
    lines[1] = json.dumps(second, ensure_ascii=False)
    for name in ("items", "staff", "windows"):
        (tmp_path / f"{name}.jsonl").write_bytes((EXAMPLE / f"{name}.jsonl").read_bytes())
    (tmp_path / "applications.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    [rejected] = [r for r in ds.rejected if r.table == "applications"]
    assert (rejected.line, rejected.record_id, rejected.field) == (2, second["id"], "events.0.at")
    assert "9999-12-31T23:59:59-12:00" in rejected.reason and "OverflowError" not in rejected.reason
    assert len(ds.applications) == 2
