"""``govhall live replay EVENTS.jsonl``: run the live supervisor over recorded events in simulated time.

EVENTS.jsonl holds one event or record per line, as ``Supervisor.post`` takes them (records name their
table: ``{"table": "applications", ...}``; events carry ``application_id`` or ``complaint_id``). Each
is posted when the simulated clock reaches its time, and the supervisor ticks every ``--step``.
Prints each new finding with the tick that found it (黄牌/红牌 for supervision stages), or with
``--json`` one JSON document: ``start``, ``until``, ``step``, ``engine``, ``rules``, ``ticks``,
``posted``, ``not_posted``, ``findings`` (each with ``tick``), ``unknown_events``.
Exit 0, or 1 with findings at or above ``--fail-on`` (default ``never``); 2 for bad input, for a
state held by another writer, and for a replay needing more ticks than ``--max-ticks`` (default
``govhall.live.MAX_TICKS``; the message names the count it would need); 3 when a rule raised on
any tick (each listed on stderr and under ``rule_errors`` in JSON; ``--tolerate-rule-errors`` gives
the 0/1 of the findings instead), as ``govhall audit`` does.

``--state PATH`` names an SQLite database (created if missing) to continue from and commit to; an old
JSON state file at PATH is migrated once (a message on stderr says so; the JSON is kept beside it).
Its folder must exist (a mistyped folder is refused, exit 2, rather than starting an empty state), and
it may not be a folder or the events file itself.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, cast

import typer

from govhall._dupkeys import first_twice, loads_marking, twice_reason
from govhall.cli._common import (
    UsageError,
    check_state_path,
    emit_json,
    file_option_problem,
    one_line,
    terminal_safe,
)
from govhall.cli.audit_cmd import FailOn
from govhall.errors import ExtraMissingError, echoed_id

__all__ = ["register"]


class LiveEngine(str, Enum):
    """The rule engine of a replay (choices, so ``--help`` lists them and a typo is told as audit's is:
    ``--fail-on`` and these were plain texts, refused by hand in other words)."""

    durable = "durable"
    plain = "plain"


class LiveRules(str, Enum):
    """Which rules a replay runs (:func:`govhall.live.select_rules`)."""

    auto = "auto"
    live = "live"
    subjects = "subjects"


def _durable_installed() -> bool:
    """Whether the ``[live]`` extra is installed (whether it imports is the live adapter's business)."""
    import importlib.util

    try:
        return importlib.util.find_spec("durable") is not None
    except (ImportError, ValueError):
        return False


def _read_events(path: Path) -> tuple[list[Any], list[dict[str, Any]], list[int]]:
    """The stream's events, its lines that are not events (each with its line number and reason), and
    the line number of each event.

    A bad line never stops the replay (docs/live.md): it is reported, and the other lines are posted.
    Lines are decoded one by one (UTF-8, a BOM dropped on any line), so one corrupted line costs only
    itself; a line nested too deep or with a number too long for Python is refused like one not JSON.
    """
    if str(path) != "-" and (problem := file_option_problem(path, "EVENTS")):
        raise UsageError(problem)
    if str(path) == "-":
        raw = typer.get_binary_stream("stdin").read()
    else:
        raw = path.read_bytes()
    out: list[Any] = []
    bad: list[dict[str, Any]] = []
    lines: list[int] = []
    chunks = raw.splitlines()
    _refuse_not_text(raw, chunks, _stream_name(path))
    cut = bool(raw) and not raw.endswith((b"\n", b"\r"))  # the last line has no line end: cut off?
    for n, chunk in enumerate(chunks, 1):
        try:
            # a BOM starts the stream, or a stream appended to it (cat a.jsonl b.jsonl): the line of
            # the second was refused as "Unexpected UTF-8 BOM" (the loaders drop it on any line)
            line = chunk.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            bad.append({"line": n, "reason": f"not UTF-8 (byte {exc.start}: {exc.reason})"})
            continue
        if not line.strip():
            continue
        try:
            value, twice = loads_marking(line)
            if twice:  # {"id": "E1", …, "id": "E2"} would be event E2, silently
                where, key, _ = first_twice(value) or ((), "?", None)
                bad.append({"line": n, "reason": f"not readable ({twice_reason(where, key)})"})
                continue
            out.append(value)
            lines.append(n)
        except json.JSONDecodeError as exc:
            ends = (
                "; the stream ends in the middle of this line (cut off?)" if cut and n == len(chunks) else ""
            )
            bad.append({"line": n, "reason": f"not JSON ({exc.msg}){ends}"})
        except (RecursionError, ValueError) as exc:  # nesting too deep; an integer past Python's digit limit
            if isinstance(exc, RecursionError):
                reason = "nested too deep"
            elif "digits" in str(exc):  # it said "… use sys.set_int_max_str_digits() to increase the limit"
                limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
                reason = f"a JSON number of more digits than can be read (at most {limit} digits)"
            else:
                reason = " ".join(str(exc).split())
            bad.append({"line": n, "reason": f"not readable ({reason})"})
    for b in bad:  # name the event's application as the dataset loader names the record's id
        ids = _ids_in(chunks[b["line"] - 1])
        for key, values in list(ids.items()):
            if isinstance(values, list):  # two different ids: whose line it was is unknown, both are said
                del ids[key]
                shown = [repr(echoed_id(v)) for v in values[:5]]
                b["reason"] += f"; it names {key} {', '.join(shown[:-1])} and {shown[-1]}"
        b.update(ids)
    return out, bad, lines


def _stream_name(path: Path) -> str:
    return "EVENTS (standard input)" if str(path) == "-" else str(path)


def _refuse_not_text(raw: bytes, chunks: list[bytes], where: str) -> None:
    """Refuse a stream that is not text (UTF-16 or UTF-32, binary data) as the dataset loader refuses such
    a file: a UTF-16 EVENTS.jsonl had each line refused (a NUL byte in each) and was then told "no dated
    events: give --start and --until". A NUL in a line or two of a UTF-8 stream costs only those lines."""
    import codecs

    nul_at = raw.find(b"\x00")
    if nul_at < 0:
        return
    filled = [c for c in chunks if c.strip()]
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or 2 * sum(b"\x00" in c for c in filled) >= len(
        filled
    ):
        from govhall.errors import UndecodableInputError

        raise UndecodableInputError(
            f"{where}: not a text file: it holds a NUL byte at offset {nul_at} (UTF-16, or binary data?); "
            "save it as UTF-8",
            path=where,
        )


#: ``"application_id": "A1"`` / ``"complaint_id": …`` in the raw bytes of a line that does not decode or
#: is not JSON: the line is still told, with whose event it was, as far as its bytes say
_ID_IN_LINE = re.compile(rb'"(application_id|complaint_id)"\s*:\s*"((?:[^"\\\x00-\x1f]|\\.){1,200})"')


def _ids_in(chunk: bytes) -> dict[str, str | list[str]]:
    """The application (or complaint) id a rejected line names, if its bytes say it once plainly; the
    different ids it names, in order, as a list when it names more than one."""
    found: dict[str, list[str]] = {}
    for m in _ID_IN_LINE.finditer(chunk):
        key = m.group(1).decode("ascii")
        try:
            value = json.loads(b'"' + m.group(2) + b'"')
        except (ValueError, UnicodeDecodeError):
            continue
        if value and value not in found.setdefault(key, []):
            found[key].append(value)
    return {k: (v[0] if len(v) == 1 else v) for k, v in found.items() if v}


def _when(text: str | None, name: str) -> datetime | None:
    """``--start``/``--until`` as naive Asia/Shanghai time, as event times are read: one with an offset
    (``Z``, ``+08:00``) is converted (it was compared with the events' naive times: "internal error:
    TypeError: can't compare offset-naive and offset-aware datetimes")."""
    from govhall.calendars.core import parse_iso
    from govhall.errors import DateError
    from govhall.models import to_shanghai_naive

    if text is None:
        return None
    try:
        moment = parse_iso(text.strip())  # the schema's forms, alike on every Python
        if not isinstance(moment, datetime):
            moment = datetime(moment.year, moment.month, moment.day)
        return to_shanghai_naive(moment)
    except DateError as exc:
        raise UsageError(f"{name}: {exc}") from None
    except ValueError:
        from govhall.errors import no_such_day, time_text_fault

        fault = time_text_fault(text)  # T24:00, :60, nanoseconds, +14:30: said, not "not an ISO date"
        missing = no_such_day(text)  # 2025-02-29, 0000-01-01: which day is missing, as records are told
        if missing and not fault:
            fault = f"is not an ISO date: no such day ({missing})"
        raise UsageError(
            f"{name}: {echoed_id(text)!r} {fault}" if fault
            else f"{name}: {echoed_id(text)!r} is not an ISO date or date-time (YYYY-MM-DD[THH:MM])"
        ) from None  # fmt: skip


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (a link or another spelling of the path included)."""
    try:
        return a.samefile(b)
    except OSError:
        return False


def _day_after(last: datetime) -> datetime:
    """A day after the last event (the default ``--until``), or the last moment there is."""
    try:
        return last + timedelta(days=1)
    except OverflowError:  # an event in 9999-12-31: the replay's tick cap will speak for it
        return datetime.max


def replay_cmd(
    events_file: Path = typer.Argument(
        ..., metavar="EVENTS.jsonl", help="one event or record per line ('-' = stdin)"
    ),
    start: str | None = typer.Option(
        None, "--start", help="simulated start (default: the earliest event time)"
    ),
    until: str | None = typer.Option(
        None, "--until", help="simulated end (default: one day after the last event)"
    ),
    step: str = typer.Option("1h", "--step", help="tick interval: 1h, 30m, 1d, 1h30m …"),
    state: Path | None = typer.Option(
        None, "--state", help="state database (SQLite) to continue from and commit to; old JSON is migrated"
    ),
    max_ticks: int | None = typer.Option(
        None, "--max-ticks", help="allow this many ticks (default: govhall.live.MAX_TICKS, 10000)"
    ),
    engine: LiveEngine = typer.Option(LiveEngine.durable, "--engine", help="the rule engine"),
    rules: LiveRules = typer.Option(
        LiveRules.auto, "--rules", help="which rules run (see govhall.live.select_rules)"
    ),
    profile: Path | None = typer.Option(None, "--profile", help="hall profile (YAML)"),
    interpret: list[str] = typer.Option(
        [], "--interpret", metavar="NAME=VALUE", help="interpretation choice"
    ),
    fail_on: FailOn = typer.Option(
        FailOn.never, "--fail-on", help="exit 1 when a finding is at or above this severity"
    ),
    json_: bool = typer.Option(False, "--json", help="print one JSON document"),
    tolerate_rule_errors: bool = typer.Option(
        False, "--tolerate-rule-errors", help="exit 0/1 by the findings even when a rule raised (default: 3)"
    ),
) -> None:
    """Replay EVENTS.jsonl through the live supervisor in simulated time."""
    from govhall.errors import GovhallError
    from govhall.live import (
        MAX_TICKS,
        MemoryStore,
        SimulatedClock,
        SqliteStore,
        Supervisor,
        describe,
        event_time,
        parse_step,
        replay,
        span_time,
        ticks_needed,
    )
    from govhall.live.supervisor import RuleSelection
    from govhall.models import to_shanghai_naive
    from govhall.rules import SEVERITIES

    if engine is LiveEngine.durable and not _durable_installed():
        raise ExtraMissingError(
            "live supervision runs on durable_rules, which is not installed: pip install 'govhall[live]' "
            "(or --engine plain)"
        )
    try:
        delta = parse_step(step)
    except ValueError as exc:
        raise UsageError(f"--step: {exc}") from None
    if profile is not None and (problem := file_option_problem(profile, "--profile")):
        raise UsageError(problem)
    events, bad_lines, event_lines = _read_events(events_file)
    # the span of what a rule reads (an unknown kind's time is no one's), else of whatever is dated
    times = [t for t in map(span_time, events) if t is not None] or [
        t for t in map(event_time, events) if t is not None
    ]
    begin = _when(start, "--start") or (min(times) if times else None)
    end = _when(until, "--until") or (_day_after(max(times)) if times else None)
    if begin is None or end is None:
        if not events and bad_lines:  # every line refused: say which and why, not "no dated events"
            first = bad_lines[0]
            whose = "".join(f", {k} {first[k]!r}" for k in ("application_id", "complaint_id") if k in first)
            raise UsageError(
                f"{_stream_name(events_file)}: no line holds an event that could be read ({len(bad_lines)} "
                f"line{'s' if len(bad_lines) > 1 else ''} not read; line {first['line']}{whose}: {first['reason']})"
            )
        if not events:
            raise UsageError(f"{_stream_name(events_file)}: holds no event (expected one JSON object a line)")
        raise UsageError("no dated events: give --start and --until")
    if end < begin:
        raise UsageError(f"--until ({end}) is before --start ({begin})")
    if max_ticks is not None and max_ticks < 1:
        raise UsageError(f"--max-ticks: expected a positive number, not {max_ticks}")
    cap = MAX_TICKS if max_ticks is None else max_ticks
    clock = SimulatedClock(begin)
    needed = ticks_needed(clock(), to_shanghai_naive(end), delta)
    if needed > cap:
        raise UsageError(
            f"the replay from {clock():%Y-%m-%d %H:%M} to {to_shanghai_naive(end):%Y-%m-%d %H:%M} every {delta} needs {needed} "
            f"ticks, more than the cap of {cap}; allow it with --max-ticks {needed}"
        )
    if state is not None:
        check_state_path(state)
        if events_file != Path("-") and _same_file(state, events_file):
            raise UsageError(f"--state: {state} is the events file; the state needs a file of its own")
    try:
        store = SqliteStore(state) if state is not None else MemoryStore()
    except GovhallError as exc:
        raise UsageError(f"--state: {exc}") from None
    if isinstance(store, SqliteStore) and store.migrated_from is not None:
        typer.echo(
            f"govhall: migrated the JSON live state {state} to an SQLite database at the same path "
            f"(the JSON is kept as {store.migrated_from})",
            err=True,
        )
    try:
        sup = Supervisor(
            clock,
            store,
            engine=engine.value,
            rules=cast(RuleSelection, rules.value),
            profile=profile,
            interpretations=list(interpret),
        )
    except BaseException:
        store.close()
        raise
    try:
        result = replay(events, sup, clock, until=end, step=delta, max_ticks=cap)
        unknown = sup.unknown_events()
    finally:
        sup.close()
    #: the line of EVENTS.jsonl each thing this replay posted came from (earlier runs' have none)
    line_of = {seq: event_lines[i] for seq, i in result.sources.items()}
    if json_:
        emit_json(
            {
                "start": result.start,
                "until": result.until,
                "step": str(result.step),
                "engine": sup.engine_name,
                "rules": {"selection": sup.selection, "ids": [r.id for r in sup.rules]},
                "ticks": result.ticks,
                "posted": result.posted,
                "not_posted": result.not_posted,
                "findings": [{"tick": t, **f.model_dump(mode="json")} for t, f in result.findings],
                "unknown_events": [
                    {**u.model_dump(mode="json"), "line": line_of.get(u.seq)} for u in unknown
                ],
                "rejected_lines": bad_lines,
                "rule_errors": [
                    {"tick": t, "rule_id": n.rule_id, "message": n.message} for t, n in result.rule_errors
                ],
            }
        )
    else:
        # each line as one line, any control character from the stream shown as \xNN, never sent
        for t, f in result.findings:
            typer.echo(terminal_safe(f"{t:%Y-%m-%d %H:%M}  {describe(f)}"))
        for u in unknown:
            where = f"line {line_of[u.seq]}, " if u.seq in line_of else ""
            typer.echo(one_line(f"unknown event #{u.seq} ({where}{u.type}, {u.reason}): {u.detail}"))
        for b in bad_lines:
            whose = "".join(
                f", {k} {echoed_id(b[k])!r}" for k in ("application_id", "complaint_id") if k in b
            )
            typer.echo(one_line(f"line {b['line']}{whose} not posted: {b['reason']}"))
        stages = {s: sum(1 for _, f in result.findings if f.stage == s) for s in ("yellow", "red")}
        typer.echo(
            f"{result.ticks} ticks from {result.start:%Y-%m-%d %H:%M} to {result.until:%Y-%m-%d %H:%M} "
            f"every {result.step}; {result.posted} posted, {result.not_posted} after --until; "
            f"{len(result.findings)} findings (黄牌 {stages['yellow']}, 红牌 {stages['red']}); "
            f"{len(unknown)} unknown events; {len(bad_lines)} unreadable lines; {len(sup.rules)} rules ({sup.selection}), engine {sup.engine_name}"
        )
    for t, note in result.rule_errors:  # never silent, whatever the format
        typer.echo(
            one_line(f"govhall: rule error at {t:%Y-%m-%d %H:%M}: {note.rule_id}: {note.message}"),
            err=True,
        )
    if result.rule_errors and not tolerate_rule_errors:
        from govhall.cli import EXIT_RULE_ERROR

        raise typer.Exit(EXIT_RULE_ERROR)
    if fail_on is not FailOn.never:
        levels = SEVERITIES[: SEVERITIES.index(fail_on.value) + 1]  # type: ignore[arg-type,unused-ignore]
        if any(f.severity in levels for _, f in result.findings):
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``live replay`` to the ``govhall`` app."""
    live_app = typer.Typer(
        name="live",
        help="The live supervisor (电子监察): 黄牌/红牌 as events arrive and time passes.",
        no_args_is_help=True,
    )
    live_app.command("replay")(replay_cmd)
    app.add_typer(live_app, name="live")
