"""The embedded example hall: reproducible, loadable, and a clean base checked independently of the rules.

* the committed files under ``src/govhall/data/example/`` are exactly what the seed regenerates;
* ``govhall.load_dataset`` reads them (and the clean base) without rejecting anything;
* the base month satisfies the standards' measurable clauses, checked here directly from the records
  with ``govhall.timelimits`` / the calendar (not through the rules, which are tested elsewhere);
* the deliberately broken folder yields exactly the rejections its README lists.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

import govhall
from govhall.example._content import FORBIDDEN_PHRASES
from govhall.example.base import DEFAULT_SEED, build_base
from govhall.example.build import (
    DOCS_BEGIN,
    DOCS_END,
    EXAMPLE_DIR,
    build_example,
    render_manifest_table,
    write_example,
)
from govhall.example.builder import CONFIRMATION_FIELDS, DIMENSIONS, RECORD_FIELDS, TOLD_ALL, ExampleBuilder
from govhall.models import Dataset
from govhall.timelimits import due_date, parse_limit

ROOT = Path(__file__).resolve().parents[1]
BROKEN_DIR = EXAMPLE_DIR.parent / "example_broken"
CAL = govhall.calendar("CN")
OFFICE = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))


# -- fixtures -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> ExampleBuilder:
    return build_base(DEFAULT_SEED)


@pytest.fixture(scope="module")
def ds(base: ExampleBuilder, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("base")
    write_example(base, folder)
    return govhall.load_dataset(folder)


def _due(start: date, limit: str) -> date:
    return due_date(start, limit, calendar=CAL).due


def _office(dt: datetime) -> bool:
    return CAL.is_working_day(dt.date()) and any(a <= dt.time() < b for a, b in OFFICE)


# -- reproducibility and loading --------------------------------------------------------------------------


def test_regenerating_reproduces_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    b = build_example(DEFAULT_SEED)
    write_example(b, tmp_path)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in EXAMPLE_DIR.iterdir())
    assert fresh == committed, "regenerate with: python examples/generate_example.py"
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (EXAMPLE_DIR / name).read_bytes(), (
            f"{name} differs from the seed's output; regenerate with: python examples/generate_example.py"
        )
    docs = (ROOT / "docs" / "example.md").read_text(encoding="utf-8")
    block = docs.split(DOCS_BEGIN, 1)[1].split(DOCS_END, 1)[0]
    assert block == "\n" + render_manifest_table(b.manifest()), "docs/example.md table is stale"


def test_same_seed_same_base_other_seed_other_base() -> None:
    a, b, c = build_base(7), build_base(7), build_base(8)
    assert a.tables == b.tables
    assert a.tables["applications"] != c.tables["applications"]


def test_committed_example_loads_without_rejections() -> None:
    b = build_example(DEFAULT_SEED)
    loaded = govhall.load_dataset(EXAMPLE_DIR)
    assert loaded.rejected == []
    assert loaded.as_of == date(2025, 10, 31)
    for table in (
        "items",
        "staff",
        "windows",
        "applications",
        "inquiries",
        "complaints",
        "evaluations",
        "appointments",
        "attendance",
        "transcripts",
    ):
        assert len(getattr(loaded, table)) == len(b.tables[table]), table
    assert loaded.hall is not None and loaded.hall.id == b.hall["id"]
    assert loaded.records == loaded.audited == sum(len(v) for v in b.tables.values())


def test_base_has_the_intended_sizes(ds: Dataset) -> None:
    assert ds.rejected == []
    assert 18 <= len(ds.items) <= 22
    assert len(ds.staff) == 32  # 30 staff and 2 volunteers
    assert len(ds.windows) == 12
    assert 1750 <= len(ds.applications) <= 1850  # the planters bring it to about 2,000
    assert len(ds.complaints) == 100
    assert len(ds.evaluations) == 1500
    assert len(ds.appointments) == 300
    assert 180 <= len(ds.inquiries) <= 220
    assert len(ds.transcripts) == 100
    days = [d for d in (date(2025, 9, 1) + timedelta(n) for n in range(61)) if CAL.is_working_day(d)]
    assert len(ds.attendance) >= 4 * len(ds.staff) * len(days)


def test_the_month_crosses_the_interesting_calendar_days(ds: Dataset) -> None:
    received = {a.received_at.date() for a in ds.applications}
    assert date(2025, 9, 28) in received  # 调休 Sunday
    acted = {e.at.date() for a in ds.applications for e in a.events}
    assert date(2025, 10, 11) in acted  # 调休 Saturday
    assert not any(date(2025, 10, 1) <= d <= date(2025, 10, 8) for d in acted)
    across = [
        a
        for a in ds.applications
        if a.first("decided")
        and a.first("decided").at.date() > date(2025, 10, 8)
        and a.received_at.date() < date(2025, 10, 1)
    ]
    assert len(across) > 50


# -- applications -------------------------------------------------------------------------------------------


def test_every_timestamp_is_in_office_hours_on_a_working_day(ds: Dataset) -> None:
    stamps: list[tuple[str, datetime]] = []
    for a in ds.applications:
        stamps.append((a.id, a.received_at))
        stamps += [(a.id, e.at) for e in a.events]
    for c in ds.complaints:
        stamps.append((c.id, c.received_at))
        stamps += [(c.id, e.at) for e in c.events]
    for e in ds.evaluations:
        stamps += [(e.id, t) for t in (e.at, e.return_visit_at, e.fixed_at) if t]
    for q in ds.inquiries:
        stamps += [(q.id, t) for t in (q.at, q.answered_at, q.referred_at) if t]
    for p in ds.appointments:
        stamps += [
            (p.id, t)
            for t in (
                p.booked_at,
                p.slot_start,
                p.confirmation_sent_at,
                p.reminder_sent_at,
                p.arrived_at,
                p.served_at,
            )
            if t
        ]
    stamps += [(t.id, t.at) for t in ds.transcripts]
    bad = [(i, t) for i, t in stamps if not _office(t) or t.date() > ds.as_of]
    assert not bad, bad[:10]


def test_decisions_within_promised_and_statutory_limits_from_receipt(ds: Dataset) -> None:
    items = ds.items_by_code
    late, open_due = [], []
    for a in ds.applications:
        item = items[a.item_code]
        start = a.received_at.date()
        promised = _due(start, item.promised_limit)
        statutory = _due(start, item.statutory_limit)
        assert promised <= statutory, (item.code, start)
        decided = a.first("decided")
        if decided is None:
            if a.first("not_accepted") is None:
                open_due.append((a.id, promised))
            continue
        if decided.at.date() > promised:
            late.append((a.id, decided.at.date(), promised))
        if parse_limit(item.promised_limit).unit == "on_the_spot":
            assert decided.at.date() == start, a.id
    assert not late, late[:10]
    assert 1 <= len(open_due) <= 10
    assert all(due >= CAL.add_working_days(ds.as_of, 5) for _, due in open_due), open_due


def test_events_are_ordered_and_decisions_follow_their_steps(ds: Dataset) -> None:
    for a in ds.applications:
        kinds = [e.kind.value for e in a.events]
        assert kinds[0] == "received" and a.events[0].at == a.received_at, a.id
        assert [e.at for e in a.events] == sorted(e.at for e in a.events), a.id
        decided = a.first("decided")
        if decided:
            for k in ("materials_supplemented", "resumed", "accepted"):
                assert all(e.at <= decided.at for e in a.events_of(k)), (a.id, k)
        if a.first("not_accepted"):
            assert decided is None and a.meets_conditions is False, a.id
            e = a.first("not_accepted")
            assert e.written and e.told_applicant and e.reason, a.id


def test_correction_notices_are_written_once_and_supplemented_in_time(ds: Dataset) -> None:
    seen = 0
    for a in ds.applications:
        notices = a.events_of("correction_notice")
        assert len(notices) <= 1, a.id
        for n in notices:
            seen += 1
            assert n.written and n.materials and n.requirements and n.deadline, a.id
            assert n.at.date() <= CAL.add_working_days(a.received_at.date(), 5), (
                a.id
            )  # admin-licensing-law:32
            sup = a.events_of("materials_supplemented")
            assert sup and sup[0].at.date() <= n.deadline and set(sup[0].materials) == set(n.materials), a.id
    assert seen > 100


def test_rongque_only_for_catalogue_items_with_main_materials(ds: Dataset) -> None:
    items = ds.items_by_code
    n = 0
    for a in ds.applications:
        if not a.rongque:
            continue
        n += 1
        item = items[a.item_code]
        assert item.rongque and a.basic_conditions_met, a.id
        assert set(item.main_materials) <= set(a.materials_submitted), a.id
        assert a.rongque_missing and not set(a.rongque_missing) & set(item.main_materials), a.id
        assert a.rongque_supplement_due <= _due(a.received_at.date(), item.rongque_supplement_limit), a.id
        sup = a.events_of("materials_supplemented")
        assert sup and sup[0].at.date() <= a.rongque_supplement_due, a.id
        assert a.rongque_blacklisted is False, a.id
    assert n > 30


def test_pauses_and_extensions_are_done_by_the_book(ds: Dataset) -> None:
    pauses = extensions = 0
    for a in ds.applications:
        promised = _due(a.received_at.date(), ds.items_by_code[a.item_code].promised_limit)
        for p in a.events_of("paused"):
            pauses += 1
            assert p.written and p.told_applicant and p.reason and p.procedure, a.id
            assert a.events_of("resumed") and a.events_of("resumed")[0].at > p.at, a.id
        for x in a.events_of("extended"):
            extensions += 1
            assert x.approved_by and x.told_applicant and x.reason and x.limit, a.id
            assert x.at.date() <= promised, a.id
    assert pauses > 10 and extensions >= 3


def test_certificates_handed_over_a_working_day_early_and_pickup_notified_next_day(ds: Dataset) -> None:
    seen = 0
    for a in ds.applications:
        promised = _due(a.received_at.date(), ds.items_by_code[a.item_code].promised_limit)
        for h in a.events_of("certificate_handed_over"):
            seen += 1
            assert h.at.date() <= CAL.subtract_working_days(promised, 1), a.id  # db23-hlj-2023:7.6.1.1
            notes = a.events_of("pickup_notified")
            assert notes and h.at <= notes[0].at, a.id
            assert notes[0].at.date() <= CAL.add_working_days(h.at.date(), 1), a.id  # db23-hlj-2023:7.6.2
            decided = a.first("decided").at.date()
            done = a.events_of("picked_up") + a.events_of("mailed")
            assert done and done[0].at.date() <= CAL.add_working_days(decided, 10), (
                a.id
            )  # admin-licensing-law:44
        for r in a.events_of("certificate_rejected"):
            fixed = a.events_of("certificate_corrected")
            assert fixed and fixed[0].at.date() <= CAL.add_working_days(r.at.date(), 1), a.id
    assert seen > 500


def test_visits_renewals_and_free_help(ds: Dataset) -> None:
    for a in ds.applications:
        visits = a.events_of("visit")
        assert sum(1 for v in visits if v.purpose.value == "submission") <= 1, a.id
        assert all(v.voluntary for v in visits if v.purpose.value == "pickup"), a.id
        if a.kind == "renewal":
            assert a.licence_expires_on >= a.received_at.date() + timedelta(days=30), a.id
            decided = a.first("decided")
            assert decided is None or decided.at.date() < a.licence_expires_on, a.id
        if a.help_service != "none":
            assert a.service_fee_charged == 0, a.id
        if a.window_id:
            assert a.window_id in ds.staff_by_id[a.staff_id].windows, a.id


# -- hall, windows, staff, items ----------------------------------------------------------------------------


def test_window_sizing_and_staff_ratio(ds: Dataset) -> None:
    per_day = Counter(a.received_at.date() for a in ds.applications)
    comp = [w for w in ds.windows if w.kind.value == "comprehensive"]
    assert len(comp) >= math.ceil(max(per_day.values()) / 30)  # dongguan-hall-2023:4.6
    assert len(comp) == math.ceil(sum(per_day.values()) / len(per_day) / 30)
    comp_staff = {s for w in comp for s in w.staff}
    assert len(comp_staff) >= 1.1 * len(comp)
    clerks = [s for s in ds.staff if s.role.value == "window_clerk"]
    assert len(clerks) >= 1.1 * len(ds.windows)
    per_window_day = Counter((a.window_id, a.received_at.date()) for a in ds.applications if a.window_id)
    assert max(per_window_day.values()) <= 30
    for w in ds.windows:
        assert w.counter_height_mm is not None and 600 <= w.counter_height_mm <= 800, w.id
        assert w.staff and w.signposted, w.id
        for s in w.staff:
            assert w.id in ds.staff_by_id[s].windows


def test_hall_zones_systems_cctv_and_chiefs(ds: Dataset) -> None:
    from govhall.models import HallSystem, Zone

    hall = ds.hall
    assert set(hall.zones) == set(Zone) and set(hall.systems) == set(HallSystem)
    assert hall.cctv.retention_days >= 30 and hall.cctv.records_audio
    kinds = {w.kind.value for w in ds.windows}
    assert {
        "cannot_handle",
        "complaint",
        "certificate",
        "consultation",
        "comprehensive",
        "green_channel",
    } <= kinds
    assert any(w.low_counter for w in ds.windows if w.kind.value in ("guide_desk", "consultation"))
    assert hall.complaint_desk_signposted and hall.complaint_acceptance_published and hall.service_slogan
    for d in hall.departments:
        chief = ds.staff_by_id[d.chief_representative]
        assert d.resident and chief.department == d.id and chief.chief_representative, d.id
    for s in ds.staff:
        assert s.registered and s.profile_filed and s.trained_on and s.trained_on <= s.on_duty_from, s.id
        assert s.role.value not in ("security",)


def test_items_carry_every_service_guide_element(ds: Dataset) -> None:
    for i in ds.items:
        assert i.name and i.legal_basis and i.acceptance_conditions and i.procedure, i.code
        assert i.materials and i.main_materials, i.code
        assert all(m.sample_provided for m in i.materials), i.code
        assert i.statutory_limit and i.promised_limit and i.fee and i.fee_basis and i.responsible_person, (
            i.code
        )
        assert i.guide_full and i.guide_simple and i.guide_full_access and i.flowchart, i.code
        assert i.in_hall and (not i.online or i.at_comprehensive_window), i.code
        if i.rongque:
            assert i.rongque_supplement_limit and len(i.materials) > len(i.main_materials), i.code
        for day in CAL.working_days_in(date(2025, 8, 31), date(2025, 10, 31)):
            assert _due(day, i.promised_limit) <= _due(day, i.statutory_limit), (i.code, day)
        if i.type.value == "administrative_licensing" and not i.joint_review:
            assert parse_limit(i.statutory_limit).amount <= 20, i.code  # admin-licensing-law:42


# -- ratings, appointments, inquiries, complaints, transcripts, attendance --------------------------------------


def test_evaluations_rated_by_applicants_once_per_visit_without_bursts(ds: Dataset) -> None:
    staff_ids = set(ds.staff_by_id)
    staff_phones = {s.phone for s in ds.staff}
    per_app = Counter(e.application_id for e in ds.evaluations)
    per_visit = Counter(e.visit_id for e in ds.evaluations if e.visit_id)
    assert max(per_app.values()) == 1 and max(per_visit.values()) == 1
    by_device: dict[str, list[datetime]] = defaultdict(list)
    bad = 0
    for e in ds.evaluations:
        assert e.rater_staff_id is None and e.rater_id not in staff_ids, e.id
        assert e.rater_phone not in staff_phones, e.id
        assert not e.interference_reported and set(e.dimensions) == set(DIMENSIONS), e.id
        app = ds.applications_by_id[e.application_id]
        if e.visit_id:
            assert any(v.id == e.visit_id for v in app.events_of("visit")), e.id
        if e.device_id:
            by_device[e.device_id].append(e.at)
        if e.level.grade == "bad":
            bad += 1
            assert e.rater_named and e.return_visit_at and e.fixed_at, e.id
            assert e.return_visit_at.date() <= CAL.add_working_days(e.at.date(), 1), e.id
            assert e.fixed_at.date() <= CAL.add_working_days(e.at.date(), 5), e.id
    for device, stamps in by_device.items():
        stamps.sort()
        gaps = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:], strict=False)]
        assert min(gaps) >= 5 * 60, device
    assert 10 <= bad <= 60


def test_appointments_confirmed_reminded_and_no_shows_not_served(ds: Dataset) -> None:
    by_app = {a.appointment_id: a for a in ds.applications if a.appointment_id}
    served = no_show = cancelled = 0
    for p in ds.appointments:
        assert set(p.confirmation_fields) == set(CONFIRMATION_FIELDS) and p.materials_told, p.id
        assert p.booked_at <= p.confirmation_sent_at <= p.booked_at + timedelta(minutes=5), p.id
        assert p.booked_at < p.reminder_sent_at <= p.slot_start - timedelta(hours=24), p.id
        if p.cancelled_by_hall:
            cancelled += 1
            assert p.hall_reason_given and p.rescheduled_to and p.served_at is None, p.id
        elif p.arrived_at is None:
            no_show += 1
            assert p.served_at is None and p.id not in by_app, p.id
        else:
            served += 1
            assert p.slot_start <= p.arrived_at <= p.slot_end and p.arrived_at <= p.served_at, p.id
            assert by_app[p.id].received_at == p.served_at, p.id
    assert served >= 250 and no_show >= 20 and cancelled >= 3


def test_inquiries_routed_with_the_first_asked_responsible(ds: Dataset) -> None:
    scopes = Counter()
    for q in ds.inquiries:
        scopes[q.scope.value] += 1
        assert q.responsible_staff == q.asked_staff[0], q.id
        if len(q.answered_by) > 1:
            ranks = sorted((ds.staff_by_id[s].rank for s in q.answered_by), reverse=True)
            assert ranks[0] > ranks[1] and ds.staff_by_id[q.responsible_staff].rank == ranks[0], q.id
        assert q.answered_on_spot and q.ledger_recorded and q.answered_at and q.answered_at >= q.at, q.id
        if q.scope.value == "a":
            assert q.info_provided and set(q.told) == set(TOLD_ALL), q.id
        elif q.scope.value == "b":
            item = ds.items_by_code[q.item_code]
            window = ds.windows_by_id[q.referred_window]
            assert window.kind.value in ("comprehensive", "specialist", "cross_region"), q.id
            assert window.kind.value != "specialist" or window.department == item.department, q.id
            assert q.referred_at - q.at <= timedelta(minutes=10), q.id
        else:
            assert q.guidance_given and q.item_code is None, q.id
    assert min(scopes.values()) >= 20
    assert sum(1 for q in ds.inquiries if len(q.answered_by) > 1) >= 5


def _earliest_due(c, cal) -> date:
    from govhall.screening import handling_deadline

    return min(
        handling_deadline(c, calendar=cal, day_unit=u, clock_start=s).due
        for u in ("calendar_days", "working_days")
        for s in ("worksheet", "received")
    )


def test_complaints_screened_and_answered_in_time(ds: Dataset) -> None:
    from govhall.models import REMOTE_WRITTEN_CHANNELS
    from govhall.screening import screen_complaint

    tiers = Counter()
    for c in ds.complaints:
        s = screen_complaint(c, calendar=CAL)
        assert s.accepted == c.accepted and s.category == c.category and s.referral == c.referral, c.id
        assert c.tier == s.tier, c.id
        assert set(c.recorded_fields) == set(RECORD_FIELDS) and c.handler_staff, c.id
        first = {e.kind.value: e for e in reversed(c.events)}
        if c.channel.value in ("onsite", "phone"):
            assert "identity_stated" in first, c.id
        if c.channel in REMOTE_WRITTEN_CHANNELS:
            assert first["responded"].at.date() <= CAL.add_working_days(c.received_at.date(), 1), c.id
        if not c.accepted:
            assert (
                c.refusal_reason and first["not_accepted"].told_applicant and first["not_accepted"].reason
            ), c.id
            continue
        assert "closed" in first and c.worksheet is not None, c.id
        assert all(v not in (None, "") for v in c.worksheet.model_dump().values()), c.id
        if c.referral:
            assert first["referred"].told_applicant, c.id
            continue
        tiers[c.tier.value] += 1
        due = _earliest_due(c, CAL)
        answered = first["answered"].at.date()
        assert answered <= due and c.worksheet.deadline <= due, c.id
        assert first["time_limit_told"].deadline == due, c.id
        if answered >= CAL.subtract_working_days(due, 1) and c.tier.value != "simple":
            assert "urged" in first and first["urged"].at < first["answered"].at, c.id
        if c.tier.value in ("multi_department", "major"):
            assert c.lead_department and c.co_departments, c.id
    assert set(tiers) == {"simple", "general", "multi_department", "major"}
    assert sum(1 for c in ds.complaints if not c.accepted) >= 14


def test_transcripts_are_polite(ds: Dataset) -> None:
    for t in ds.transcripts:
        for phrase in FORBIDDEN_PHRASES + ("这个", "那个", "随便", "必须", "不关我"):
            assert phrase not in t.text, (t.id, phrase)
        assert t.window_id is None or t.window_id in ds.staff_by_id[t.staff_id].windows, t.id


def test_attendance_every_staff_day_and_no_unexplained_gaps(ds: Dataset) -> None:
    days = [
        d
        for d in (ds.applications[0].received_at.date() + timedelta(n) for n in range(70))
        if d <= ds.as_of and CAL.is_working_day(d)
    ]
    signed = {(a.staff_id, a.at.date()) for a in ds.attendance if a.kind == "sign_in"}
    for s in ds.staff:
        for d in days:
            assert (s.id, d) in signed, (s.id, d)
    leaves = [a for a in ds.attendance if a.kind in ("leave", "return")]
    assert leaves and all(a.approved and a.pause_sign_shown and a.reason for a in leaves)
    away = defaultdict(list)
    for a in sorted(leaves, key=lambda a: a.at):
        if a.kind == "leave":
            away[a.staff_id].append([a.at, None])
        else:
            away[a.staff_id][-1][1] = a.at
    for a in ds.applications:
        for e in a.events:
            for start, end in away.get(e.staff_id or "", []):
                assert not (start <= e.at <= end), (a.id, e.staff_id)
    assert all(
        a.kind != "sign_in" or a.at.time() < time(9) or time(13) < a.at.time() < time(13, 30)
        for a in ds.attendance
    )


# -- the broken folder ----------------------------------------------------------------------------------------


def _readme_rejections() -> list[tuple[str, int]]:
    """(table, line) of every row of the README's table (line 0 for "—": a whole-file rejection)."""
    text = (BROKEN_DIR / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (\d+|—) \|", text, flags=re.M)
    return sorted((t, 0 if n == "—" else int(n)) for t, n in rows)


def test_broken_folder_yields_exactly_the_listed_rejections() -> None:
    loaded = govhall.load_dataset(BROKEN_DIR)
    got = sorted((r.table, r.line or 0) for r in loaded.rejected)
    listed = _readme_rejections()
    assert len(listed) == 16
    missing = sorted(set(listed) - set(got))
    extra = [
        f"{r.table} line {r.line}: {r.reason}"
        for r in loaded.rejected
        if (r.table, r.line or 0) not in listed
    ]
    assert got == listed, f"listed in README but not rejected: {missing}; rejected but not listed: {extra}"
    assert all(r.reason for r in loaded.rejected)
    assert (loaded.records, loaded.audited) == (27, 11)
    assert len(loaded.items) == 2 and len(loaded.applications) == 2 and len(loaded.staff) == 2
    assert [len(a.events) for a in loaded.applications] == [2, 0]
    assert loaded.as_of == date(2025, 10, 31)


def test_broken_encoding_is_refused_as_a_whole_file() -> None:
    with pytest.raises(ValueError, match="neither"):
        govhall.load_dataset(BROKEN_DIR / "bad_encoding")
