"""Fuzz targets: each takes the fuzzer's bytes and asserts govhall's contract on them.

A target returns normally for any input it handles as documented — including a documented refusal
(a whole file that is not text, a time-limit text govhall does not read) — and raises (a crash) for
anything else: an exception escaping the library, a broken accounting identity, markup or personal
data leaking into a report. The same functions run under atheris (coverage-guided, ``run.py``) and
under hypothesis in the suite (``test_fuzz.py``), and every crash ever found is kept in
``corpus/<target>/`` and replayed.

The bytes are read through :class:`Input`, which never runs out (past the end it returns zeros), so
any byte string is a valid input and the fuzzer's mutations map to small changes of the case.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from fuzz.contracts import check_dataset, check_rendered

__all__ = ["TARGETS", "Input"]

# fragments that exercise parsers and escapers; the fuzzer recombines them with raw bytes
TOKENS = (
    "[x](javascript:alert(1))", "![i](x)", "<script>", "</td>", "<img onerror=a>", "*", "_", "`", "|", "\\", "&amp;",
    "&#106;", "]]>", "<!--", "\x00", "\x1b[31m", "\ud800", "\n", "\r\n", '"', "'", "{", "}", "[", "]", ",", ":",
    "1" * 120, "-1e999", "NaN", "null", "true", "个工作日", "天", "个月", "小时", "当场", "二十", "２０", "内", "以内",
    "working days", "张三", "13800138000", "110101199003077777", "现场", "补正告知", "行政许可", "A1", "I1",
    "2025-11-03T09:00", "2025-02-30", "9999-12-31", " ", "\u3000", "\ufeff", "é", "王五", "9", "99999999",
)  # fmt: skip


class Input:
    """Reads typed values from fuzzer bytes (an atheris FuzzedDataProvider that needs no atheris)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        b = self.data[self.pos]
        self.pos += 1
        return b

    def int(self, lo: int, hi: int) -> int:
        span = hi - lo + 1
        value = 0
        for _ in range((span.bit_length() + 7) // 8):
            value = (value << 8) | self.byte()
        return lo + value % span

    def bool(self) -> bool:
        return bool(self.byte() & 1)

    def pick(self, seq: Any) -> Any:
        seq = list(seq)
        return seq[self.int(0, len(seq) - 1)]

    def text(self, max_parts: int = 6) -> str:
        parts = []
        for _ in range(self.int(0, max_parts)):
            if self.bool():
                parts.append(self.pick(TOKENS))
            else:
                n = self.int(0, 8)
                parts.append(self.raw(n).decode("utf-8", errors="replace"))
        return "".join(parts)

    def raw(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk

    def rest(self) -> bytes:
        return self.raw(len(self.data))

    def day(self) -> date:
        return date(2019, 1, 1) + timedelta(days=self.int(0, 365 * 9))


ITEM = {"code": "I1", "name": "食品经营许可", "type": "行政许可", "department": "市场监管局",
        "promised_limit": "10个工作日"}  # fmt: skip
APP = {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "channel": "现场",
       "applicant": {"name": "张三", "phone": "13800138000"}}  # fmt: skip


def _documented_refusal(exc: BaseException, path: str) -> bool:
    """A whole-file refusal is part of the contract when it is a govhall error naming the file."""
    from govhall.errors import GovhallError

    return isinstance(exc, GovhallError) and path in str(exc)


def _load_files(files: dict[str, bytes]) -> None:
    from govhall.loaders import load_dataset

    folder = Path(tempfile.mkdtemp(prefix="govhall-fuzz-"))
    try:
        for name, content in files.items():
            (folder / name).write_bytes(content)
        try:
            ds = load_dataset(folder)
        except Exception as exc:
            if not any(_documented_refusal(exc, str(folder / n)) for n in files):
                raise
            return
        check_dataset(ds)
        _audit_and_render(ds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _audit_and_render(ds: Any) -> None:
    """The loaded records go through the real audit and every report format."""
    from govhall.reports import FORMATS, render
    from govhall.rules import audit

    if not ds.items and not ds.applications:
        return
    report = audit(ds, as_of=date(2025, 11, 30))
    assert report.summary.records == report.summary.audited + report.summary.rejected
    for fmt in FORMATS:
        check_rendered(fmt, render(report, fmt), no_mobile_numbers=True)


def _line(inp: Input, base: dict[str, Any] = APP) -> bytes:
    """One jsonl line: a known good record mutated, a token soup, or raw bytes."""
    how = inp.int(0, 3)
    if how == 0:
        return inp.raw(inp.int(0, 64))
    record: dict[str, Any] = dict(base)
    if "id" in base:
        record["id"] = f"{base['id'][0]}{inp.int(0, 20)}"
    for _ in range(inp.int(0, 3)):
        key = inp.pick(
            [*base, "events", "materials_submitted", "rongque", "application_id", "at", inp.text(1)]
        )
        record[key] = inp.pick([inp.text(), inp.int(-(10**6), 10**6), None, [inp.text()], {"at": inp.text()}])
    text = json.dumps(record, ensure_ascii=inp.bool()).encode("utf-8", errors="surrogatepass")
    if how == 2 and text:  # cut or splice raw bytes in
        cut = inp.int(0, len(text))
        text = text[:cut] + inp.raw(inp.int(0, 6)) + text[cut:]
    if how == 3:
        depth = inp.int(0, 200)
        text = b'{"id": "A9", "x": ' + b"[" * depth + b"]" * depth + b"}"
    return text


EVENT = {"application_id": "A1", "kind": "correction_notice", "at": "2025-11-03T11:00"}
COMPLAINT = {"id": "C1", "channel": "phone", "received_at": "2025-11-03T09:00", "content": "窗口人员态度差"}
STAFF = {"id": "S1", "name": "王五", "department": "市场监管局", "role": "window_clerk"}
_TABLE_BASES = {"applications": APP, "events": EVENT, "complaints": COMPLAINT, "staff": STAFF}


def fuzz_jsonl(data: bytes) -> None:
    """A jsonl table (applications, events, complaints or staff, beside a good applications table)
    of mutated records, raw bytes, deep nesting, in UTF-8/GB18030/BOM."""
    inp = Input(data)
    table = inp.pick(sorted(_TABLE_BASES))
    base = _TABLE_BASES[table]
    lines = [_line(inp, base) for _ in range(inp.int(1, 6))]
    body = b"\n".join(lines) + (b"\n" if inp.bool() else b"")
    if inp.int(0, 3) == 0:
        try:
            body = body.decode("utf-8").encode("gb18030")
        except (UnicodeDecodeError, UnicodeEncodeError):
            pass
    if inp.int(0, 3) == 0:
        body = b"\xef\xbb\xbf" + body
    files = {"items.jsonl": json.dumps(ITEM).encode() + b"\n", f"{table}.jsonl": body}
    if table != "applications":
        files["applications.jsonl"] = json.dumps(APP, ensure_ascii=False).encode() + b"\n"
    _load_files(files)


def fuzz_csv(data: bytes) -> None:
    """applications.csv: a header (known, dotted or mangled) and rows of cells from tokens and bytes."""
    inp = Input(data)
    header = inp.pick([
        "id,item_code,received_at", "id,item_code,received_at,applicant.name,materials_submitted,rongque",
        "id,item_code,item_code", "id,,received_at", inp.text(2),
    ])  # fmt: skip
    rows = [header.encode("utf-8", errors="surrogatepass")]
    for _ in range(inp.int(0, 5)):
        cells = [inp.pick(["A1", "A2", "I1", "2025-11-03T09:00", '"[""x""]"', "是", inp.text(2)])
                 for _ in range(inp.int(0, 6))]  # fmt: skip
        row = ",".join(cells).encode("utf-8", errors="surrogatepass")
        if inp.int(0, 4) == 0:
            row += inp.raw(inp.int(0, 4))
        rows.append(row)
    sep = inp.pick([b"\n", b"\r\n"])
    _load_files({"items.jsonl": json.dumps(ITEM).encode() + b"\n", "applications.csv": sep.join(rows) + sep})


def fuzz_json_document(data: bytes) -> None:
    """A whole dataset document (.json) and the same as an in-memory dict, mutated."""
    from govhall.loaders import load_dataset

    inp = Input(data)
    doc: dict[str, Any] = {"as_of": inp.pick(["2025-11-30", inp.text(1), None]), "items": [ITEM],
                           "applications": [APP]}  # fmt: skip
    for _ in range(inp.int(0, 4)):
        table = inp.pick(["items", "applications", "events", "staff", "complaints", inp.text(1)])
        doc.setdefault(table, [])
        value = inp.pick(
            [{"id": inp.text(1)}, inp.text(), inp.int(-5, 5), [inp.text()], {"kind": inp.text()}]
        )
        if isinstance(doc[table], list):
            doc[table].append(value)
        else:
            doc[table] = value
    if inp.bool():
        try:
            ds = load_dataset(doc)
        except ValueError as exc:  # a document-level problem (not an object, a bad as_of) is documented
            assert "the document" in str(exc) or "as_of" in str(exc), exc
        else:
            check_dataset(ds)
    text = json.dumps(doc, ensure_ascii=inp.bool()).encode("utf-8", errors="surrogatepass")
    if inp.bool() and text:
        cut = inp.int(0, len(text))
        text = text[:cut] + inp.raw(inp.int(0, 8)) + text[cut + inp.int(0, 4) :]
    folder = Path(tempfile.mkdtemp(prefix="govhall-fuzz-"))
    try:
        path = folder / "dataset.json"
        path.write_bytes(text)
        try:
            ds = load_dataset(path)
        except ValueError as exc:  # documents are read whole: a broken one is refused, naming the file
            assert str(path) in str(exc), exc
            return
        check_dataset(ds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_UNITS = ("个工作日", "工作日", "天", "日", "自然日", "个月", "月", "年", "周", "小时", "h", " working days",
          " calendar days", " months", "")  # fmt: skip
_NUMERALS = ("", "二十", "十五", "三", "两", "０", "２０", "1e3", "-1", "0")


def _limit_text(inp: Input) -> str:
    """A time-limit text: raw bytes (0), token soup (1), or amount + unit + suffix (2)."""
    how = inp.int(0, 2)
    if how == 0:
        return inp.rest().decode("utf-8", errors="replace")
    if how == 1:
        return inp.text(4)
    amount = str(inp.int(0, 400)) if inp.bool() else inp.pick(_NUMERALS)
    return f"{inp.pick(['', ' '])}{amount}{inp.pick(_UNITS)}{inp.pick(['', '内', '以内', '内办结', inp.text(1)])}"


def fuzz_time_limit(data: bytes) -> None:
    """parse_limit on any text; due_date from any start, with pauses and an extension; the counting
    laws where they apply."""
    from govhall.calendars import calendar
    from govhall.timelimits import due_date, parse_limit

    inp = Input(data)
    text = _limit_text(inp)
    try:
        limit = parse_limit(text)
    except ValueError:
        return  # documented: a text govhall does not read is a ValueError (LimitTextError) naming it
    assert limit.amount >= 0
    start = inp.day()
    pauses = []
    for _ in range(inp.int(0, 2)):
        a = start + timedelta(days=inp.int(-5, 60))
        pauses.append((a, a + timedelta(days=inp.int(-2, 20))))
    extensions = [_limit_text(inp)] if inp.int(0, 3) == 0 else []
    cal = calendar("CN")
    try:
        deadline = due_date(start, limit, pauses=pauses, extensions=extensions, calendar=cal)
    except ValueError as exc:  # documented: a bad pause or extension, a date outside the calendar
        assert str(exc), exc
        return
    assert deadline.due >= start
    if limit.unit == "working_day" and limit.amount > 0 and not pauses and not extensions:
        assert cal.is_working_day(deadline.due)
        assert cal.working_days_between(start, deadline.due) == limit.amount


def fuzz_screening(data: bytes) -> None:
    """screen_complaint over any combination of facts, channel, text and date."""
    from pydantic import ValidationError

    from govhall.models import Complaint
    from govhall.models.service import ComplaintFacts
    from govhall.screening import screen_complaint

    inp = Input(data)
    facts: dict[str, Any] = {}
    for name, info in ComplaintFacts.model_fields.items():
        if info.annotation is bool:
            facts[name] = inp.int(0, 5) == 0
        elif inp.int(0, 3) == 0:
            facts[name] = [inp.text(1)] if "list" in str(info.annotation) else inp.text(1)
    raw = {"id": inp.text(1) or "C1", "channel": inp.pick(["现场", "phone", "website", inp.text(1)]),
           "received_at": f"{inp.day().isoformat()}T{inp.int(0, 23):02d}:00", "content": inp.text(),
           "facts": facts}  # fmt: skip
    try:
        complaint = Complaint.model_validate(raw)
    except ValidationError:
        return
    s = screen_complaint(complaint)
    assert s.accepted == (s.category is None), s
    if not s.accepted:
        assert s.reason, s


def fuzz_live_post(data: bytes) -> None:
    """Supervisor.post never raises: every event or record is taken, held for its subject, or
    recorded as unknown with a reason."""
    from govhall.live import Supervisor
    from govhall.live.clock import SimulatedClock
    from govhall.live.store import MemoryStore

    inp = Input(data)
    sup = Supervisor(SimulatedClock(datetime(2025, 11, 3, 9)), MemoryStore(), engine="plain")
    try:
        sup.post({"table": "items", **ITEM})
        for _ in range(inp.int(1, 6)):
            how = inp.int(0, 3)
            if how == 0:
                body: Any = {"table": inp.pick(["applications", "application", "hall", "x", inp.text(1)]),
                             **APP, inp.pick(["id", "item_code", "received_at", "events"]): inp.text()}  # fmt: skip
            elif how == 1:
                body = {"kind": inp.pick(["received", "correction_notice", "decided", inp.text(1)]),
                        "application_id": inp.pick(["A1", inp.text(1)]), "at": inp.pick(["2025-11-03T10:00", inp.text(1)])}  # fmt: skip
            elif how == 2:
                try:
                    body = json.loads(inp.raw(inp.int(0, 40)).decode("utf-8", errors="replace"))
                except ValueError:
                    body = inp.text()
            else:
                body = inp.pick([None, 3, [], inp.text()])
            before = len(sup.unknown_events())
            posted = sup.post(body)
            assert isinstance(posted.accepted, bool)
            if not posted.accepted and posted.reason == "held":  # kept for a subject not posted yet
                assert posted.subject is not None, posted
            elif not posted.accepted:  # anything else is recorded as an unknown event, with its reason
                assert len(sup.unknown_events()) == before + 1 and posted.reason, posted
            if inp.bool():
                sup.clock.advance(timedelta(hours=inp.int(1, 72)))  # type: ignore[attr-defined]
                sup.tick()
    finally:
        sup.close()


def fuzz_reports(data: bytes) -> None:
    """Every report format from a report whose free text is fuzzed; personal values never leak."""
    from govhall.models import RejectedRecord
    from govhall.reports import FORMATS, render
    from govhall.rules import Finding, Note, Report, Subject, Summary

    inp = Input(data)
    # personal values from an alphabet the fuzzed text never uses, so a leak cannot be a coincidence
    name = "".join(inp.pick("甲乙丙丁戊己庚辛") for _ in range(inp.int(2, 4)))
    phone = "1" + str(inp.int(3, 9)) + "".join(str(inp.int(0, 9)) for _ in range(9))
    findings = [
        Finding(rule_id=f"gdzw-0020-2019/{inp.text(1)}", standard="gdzw-0020-2019",
                clauses=[f"gdzw-0020-2019:{inp.text(1)}"], severity=inp.pick(["error", "warning", "info"]),
                subject=Subject(kind=inp.pick(["application", "item", "window"]), id=inp.text(2)),
                title=inp.text(), message=f"{inp.text()}{name if inp.bool() else ''}",
                evidence={inp.text(1): inp.text(), "applicant_name": name, "phone": phone,
                          "nested": [inp.text(1), {"applicant": {"name": name}}]},
                responsible=inp.text(1) or None, sanction=inp.text(1) or None,
                stage=inp.pick([None, "yellow", "red"]))
        for _ in range(inp.int(0, 3))
    ]  # fmt: skip
    report = Report(
        kind="audit", govhall_version="0", source=inp.text(1) or None, standards=["gdzw-0020-2019"],
        summary=Summary(records=2, audited=1, rejected=1, findings={"error": 0, "warning": 0, "info": 0}),
        findings=findings,
        rejected=[RejectedRecord(table=inp.text(1), line=inp.int(0, 9), record_id=inp.text(1), field=inp.text(1),
                                 reason=f"{inp.text()} {phone}", source=inp.text(1))],
        notes=[Note(rule_id=inp.text(1), kind=inp.pick(["rule_error", "info"]), message=f"{inp.text()} {phone}")],
    )  # fmt: skip
    for fmt in FORMATS:
        check_rendered(fmt, render(report, fmt), personal=[name, phone])


def fuzz_cli(data: bytes) -> None:
    """The command line with fuzzed arguments: exit 0/1/2 only, and an error is one line on stderr."""
    from typer.testing import CliRunner

    from govhall.cli import app

    inp = Input(data)
    command = inp.pick([
        ["calendar", "workday"], ["calendar", "add"], ["calendar", "count"], ["deadline"], ["standards"],
        ["standards", "show"], ["schema"], ["audit"], ["check"], [],
    ])  # fmt: skip
    args = list(command)
    for _ in range(inp.int(0, 4)):
        args.append(inp.pick([
            inp.text(1), "2025-10-01", "2025-02-30", "20个工作日", "-5个工作日", "--json", "--pause",
            "2025-10-01:2025-10-08", "--extend", "--format", "md", "--fail-on", "bogus", "--profile", "nope.yaml",
            "gdzw-0020-2019", "Application", "-", "--as-of", str(inp.int(-3, 99999)),
        ]))  # fmt: skip
    stdin = inp.text().encode("utf-8", errors="surrogatepass")  # bytes: a lone surrogate is a byte sequence
    result = CliRunner().invoke(app, args, input=stdin)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stderr and "╭" not in result.stderr, (args, result.stderr)
    if result.exit_code == 2 and result.stderr:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("govhall: error: "), (
            args,
            result.stderr,
        )


TARGETS: dict[str, Callable[[bytes], None]] = {
    "cli": fuzz_cli,
    "jsonl": fuzz_jsonl,
    "csv": fuzz_csv,
    "json_document": fuzz_json_document,
    "time_limit": fuzz_time_limit,
    "screening": fuzz_screening,
    "live_post": fuzz_live_post,
    "reports": fuzz_reports,
}


def _parquet_available() -> bool:
    try:
        import pyarrow  # noqa: F401

        from govhall.loaders import DATA_SUFFIXES
    except ImportError:
        return False
    return ".parquet" in DATA_SUFFIXES


def _utf8(text: str) -> str:
    """``text`` as UTF-8 can carry it: each lone surrogate's bytes read as U+FFFD."""
    return text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")


def fuzz_parquet(data: bytes) -> None:
    """applications.parquet: fuzzed string columns written by pyarrow, or raw (corrupt) bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    inp = Input(data)
    folder = Path(tempfile.mkdtemp(prefix="govhall-fuzz-"))
    try:
        path = folder / "applications.parquet"
        if inp.int(0, 3) == 0:
            path.write_bytes(inp.rest())
        else:
            n = inp.int(0, 4)
            columns = {c: [inp.pick([APP.get(c) or "x", inp.text(1), None]) for _ in range(n)]
                       for c in ("id", "item_code", "received_at", "channel")}  # fmt: skip
            if inp.bool():
                columns[inp.text(1) or "extra"] = [inp.text(1) for _ in range(n)]
            # Parquet strings are UTF-8 and pyarrow refuses to write a lone surrogate (the harness itself
            # failed there, before govhall was called): a writer would put U+FFFD in its place
            pq.write_table(pa.table({_utf8(k): pa.array([None if x is None else _utf8(x) for x in v],
                                                        type=pa.string()) for k, v in columns.items()}), path)  # fmt: skip
        (folder / "items.jsonl").write_bytes(json.dumps(ITEM).encode() + b"\n")
        from govhall.loaders import load_dataset

        try:
            ds = load_dataset(folder)
        except Exception as exc:
            if not _documented_refusal(exc, str(path)):
                raise
            return
        check_dataset(ds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if _parquet_available():  # pragma: no cover - when the [parquet] extra and its loader are present
    TARGETS["parquet"] = fuzz_parquet


def fuzz_all(data: bytes) -> None:
    """One coverage-guided run over every target: the first byte chooses the target."""
    names = sorted(TARGETS)
    if not data:
        return
    TARGETS[names[data[0] % len(names)]](data[1:])
