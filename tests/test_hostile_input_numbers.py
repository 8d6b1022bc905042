"""Every number the command line takes: NaN, infinities, negatives and values too large are a usage
error (exit 2, one line naming the option and saying what is wrong), never a run with a silently
wrong value. ``govhall serve --tick 1e400`` (and ``nan``, ``-1``) started a service whose live
supervision never ticked; ``--rate nan`` was refused as "should be less than or equal to 1"."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govhall.cli import app
from govhall.errors import InputError
from govhall.serve.settings import MAX_MAX_BODY, Settings, settings_problem
from test_hostile_input import EXAMPLE, cli_parameters, one_line_error

runner = CliRunner()

#: every numeric option of every command, and the values beyond its range that are still accepted, with why
NUMERIC: dict[tuple[str, str], tuple[str, ...]] = {
    ("audit", "--jobs"): (),
    ("example", "--halls"): (),
    ("example", "--applications"): (),
    ("example", "--seed"): ("-1", "1" + "0" * 30),  # any whole number is a seed (its own data)
    ("example", "--rate"): (),
    ("live replay", "--max-ticks"): ("1" + "0" * 30,),  # a cap: the ticks run are what the dates need
    ("serve", "--port"): (),
    ("serve", "--max-body"): (),
    ("serve", "--tick"): (),
}


def _numeric_options() -> dict[tuple[str, str], type]:
    found: dict[tuple[str, str], type] = {}
    for words, param in cli_parameters():
        annotation = param.type_descriptor.annotation
        kinds = {annotation, *getattr(annotation, "__args__", ())} & {int, float}
        if kinds:
            found[(" ".join(words), param.opts[0])] = kinds.pop()
    return found


OPTIONS = _numeric_options()


def test_the_walk_finds_every_numeric_option_and_each_is_in_the_table() -> None:
    """A numeric option added later fails here until its out-of-range values are thought about."""
    assert set(OPTIONS) == set(NUMERIC), sorted(OPTIONS)


def _args(words: str, tmp_path: Path) -> list[str]:
    if words == "audit":
        return ["audit", str(EXAMPLE)]
    if words == "example":
        return ["example", str(tmp_path / "out")]
    if words == "live replay":
        events = tmp_path / "events.jsonl"
        item = json.loads((EXAMPLE / "items.jsonl").read_text(encoding="utf-8").splitlines()[0])
        events.write_text(json.dumps({"table": "items", **item}, ensure_ascii=False) + "\n", encoding="utf-8")
        return ["live", "replay", str(events), "--start", "2025-01-02", "--until", "2025-01-03"]
    return words.split()


BAD = ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1", "1" + "0" * 30]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize(("words", "option"), sorted(NUMERIC), ids=[f"{w} {o}" for w, o in sorted(NUMERIC)])
def test_a_value_no_number_option_can_take_is_one_line_naming_the_option(
    tmp_path: Path, words: str, option: str, value: str
) -> None:
    if value in NUMERIC[(words, option)]:
        return  # accepted on purpose (see NUMERIC)
    err = one_line_error(runner.invoke(app, [*_args(words, tmp_path), f"{option}={value}"]))
    assert option.lstrip("-") in err, err  # "--halls …", or the API's own "halls must be from 1 to 20000"
    if value.lower() == "nan":
        assert "is not a number" in err and "≤" not in err and "less than" not in err, err
    elif OPTIONS[(words, option)] is float and math.isinf(float(value)):
        assert "not a finite number" in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["0.5", "86401", "1e300", "-0.5"])
def test_a_tick_neither_0_nor_from_a_second_to_a_day_names_the_range(value: str) -> None:
    err = one_line_error(runner.invoke(app, ["serve", "--tick", value]))
    assert "--tick: expected 0 (judge time only when asked) or from 1 to 86400 seconds" in err, err


def test_port_0_is_announced_as_the_port_it_listens_on() -> None:
    """``serve --port 0`` said it listened on http://127.0.0.1:0 (the system chose a port later)."""
    import subprocess
    import sys
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-m", "govhall", "serve", "--port", "0", "--tick", "0", "--log-level", "warning"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        # the announcement, after any warning printed before it (on Python 3.13 durable_rules does not
        # import, and the live supervisor says so first)
        line = proc.stderr.readline()
        while line and "http://" not in line:
            line = proc.stderr.readline()
        url = next(word for word in line.split() if word.startswith("http://"))
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":0"), line
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/health", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                __import__("time").sleep(0.1)
        else:
            raise AssertionError(f"nothing listens on {url}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize("tick", [math.nan, math.inf, -math.inf, -1.0, 0.5, 86_401.0, 1e300, "60", True])
def test_settings_refuse_a_tick_that_would_silently_stop_live_supervision(tick: Any) -> None:
    """Settings(tick_seconds=nan) or -1 made create_app start no ticker (``nan > 0`` is false); inf
    ticked once and slept for ever."""
    problem = settings_problem(Settings(tick_seconds=tick))
    assert problem is not None and problem.startswith("tick_seconds: "), problem
    from govhall.serve import create_app

    with pytest.raises(InputError, match="tick_seconds"):
        create_app(Settings(tick_seconds=tick))


@pytest.mark.parametrize("tick", [0, 0.0, 1, 60.0, 86_400])
def test_settings_take_0_and_every_tick_from_a_second_to_a_day(tick: float) -> None:
    assert settings_problem(Settings(tick_seconds=tick)) is None


@pytest.mark.parametrize("body", [0, -1, MAX_MAX_BODY + 1, 1.5, True])
def test_settings_refuse_a_body_limit_out_of_range(body: Any) -> None:
    problem = settings_problem(Settings(max_body=body, tick_seconds=0))
    assert problem is not None and problem.startswith("max_body: "), problem


def test_a_number_of_more_digits_than_python_converts_is_named_as_too_large(tmp_path: Path) -> None:
    """``calendar add DATE 999…`` (5000 digits) said "is not a whole number"; ``--step 999…h`` said
    "Exceeds the limit (4300 digits) … use sys.set_int_max_str_digits()"."""
    digits = "9" * 5000
    err = one_line_error(runner.invoke(app, ["calendar", "add", "2025-01-02", digits]))
    assert "N: a number of 5000 digits is far too large" in err, err
    err = one_line_error(runner.invoke(app, [*_args("live replay", tmp_path), "--step", digits + "h"]))
    assert "--step" in err and "is too long" in err and "set_int_max_str_digits" not in err, err


def test_more_applications_than_the_halls_can_hold_is_refused_not_met_by_a_smaller_province(
    tmp_path: Path,
) -> None:
    """--halls 2 --applications 10**20 wrote about 20,000 applications without a word."""
    from govhall.example.province import MAX_BLOCKS, PLANTED_BLOCK, write_province

    most = 2 * MAX_BLOCKS * PLANTED_BLOCK
    err = one_line_error(
        runner.invoke(app, ["example", str(tmp_path / "out"), "--halls", "2", "--applications", str(10**20)])
    )
    assert f"applications must be at most {most:,} for 2 hall(s)" in err, err
    with pytest.raises(ValueError, match="give more halls"):
        write_province(tmp_path / "p", halls=1, applications=most // 2 + 1)
    assert not (tmp_path / "out").exists() and not (tmp_path / "p").exists()


def test_dask_starts_no_more_local_workers_than_halls(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--engine dask --jobs N`` started N LocalCluster workers whatever the halls (run_local already
    stopped at the number of halls); now both stop there."""
    import contextlib

    import govhall.province_dask as pd

    asked: list[int | None] = []

    @contextlib.contextmanager
    def client(distributed: Any, address: Any, client: Any, workers: int | None, timeout: float) -> Any:
        asked.append(workers)
        raise RuntimeError("stop here")
        yield  # pragma: no cover

    monkeypatch.setattr(pd, "_client", client)
    monkeypatch.setattr(pd, "require_dask", lambda: None)
    halls = [("a", Path("a")), ("b", Path("b"))]
    for workers in (1000, 1, None):
        with pytest.raises(RuntimeError, match="stop here"):
            pd.run_dask(halls, None, workers=workers)  # type: ignore[arg-type]
    assert asked[:2] == [2, 1] and asked[2] is not None and 1 <= asked[2] <= 2
    with pytest.raises(InputError, match="workers must be at least 1"):
        pd.run_dask(halls, None, workers=0)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", ["bogus", "", "verbose"])
def test_serve_names_a_log_level_it_does_not_know(level: str) -> None:
    """It said "Unknown level: 'BOGUS'" (logging's words, no option named)."""
    err = one_line_error(runner.invoke(app, ["serve", "--log-level", level]))
    assert f"--log-level: expected debug, info, warning, error or critical, not {level!r}" in err, err
