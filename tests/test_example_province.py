"""``govhall example --halls K``: a synthetic province whose manifest a province audit matches exactly."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govhall
from govhall.cli import app
from govhall.example import province as province_module
from govhall.example.province import (
    CLEAN_BLOCK,
    MAX_BLOCKS,
    PLANTED_BLOCK,
    _OpenHalls,
    _spread,
    write_province,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic")
    res = runner.invoke(
        app, ["example", "--halls", "2", "--applications", "6000", "--seed", "7", "--rate", "0.5", str(out)]
    )
    assert res.exit_code == 0, res.output
    return out


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_halls_have_their_own_records_and_12_to_60_windows(province: Path) -> None:
    halls = sorted(p for p in province.iterdir() if p.is_dir())
    assert [p.name for p in halls] == ["hall-001", "hall-002"]
    apps = 0
    for hall in halls:
        windows = _lines(hall / "windows.jsonl")
        assert 12 <= len(windows) <= 12 * MAX_BLOCKS and len(windows) % 12 == 0
        staff_ids = [s["id"] for s in _lines(hall / "staff.jsonl")]
        assert len(staff_ids) == len(set(staff_ids))
        apps += len(_lines(hall / "applications.jsonl"))
    # 6,000 applications asked for: three blocks of one example month (~1,800-2,100 each)
    assert 3 * 1_700 <= apps <= 3 * 2_200
    names = {h.name: json.loads((h / "meta.json").read_text(encoding="utf-8"))["name"] for h in halls}
    assert len(set(names.values())) == 2  # each hall from its own seed


def test_a_province_audit_finds_exactly_what_was_planted(province: Path) -> None:
    manifest = yaml.safe_load((province / "planted.yaml").read_text(encoding="utf-8"))
    planted = {(r["hall"], r["rule_id"], r["subject_kind"], r["subject_id"]) for r in manifest}
    report = govhall.audit_many(province, jobs=1)
    found = {(f.hall, f.rule_id, f.subject.kind, f.subject.id) for f in report.findings}
    assert planted, "rate 0.5 over 2 halls with this seed plants somewhere"
    assert sorted(planted - found) == []  # recall
    assert sorted(found - planted) == []  # precision
    # a hall built clean has no finding at all; each hall's manifest is the province manifest's part
    for hall, summary in (report.summary.halls or {}).items():
        rows = yaml.safe_load((province / hall / "planted.yaml").read_text(encoding="utf-8"))
        assert len(rows) == sum(1 for r in manifest if r["hall"] == hall)
        if not rows:
            assert sum(summary.findings.values()) == 0


def test_the_province_holds_about_the_applications_asked_for(tmp_path: Path) -> None:
    # clean blocks hold about 1,800 applications: 9,000 asked for is 5 blocks (not 4.5 rounded to 4
    # or 5 by a 2,000-application block); the total is within half a block of what was asked
    folders = write_province(tmp_path, halls=2, applications=9_000, seed=5, rate=0.0)
    total = sum(
        sum(1 for line in (f / "applications.jsonl").open(encoding="utf-8") if line.strip()) for f in folders
    )
    assert abs(total - 9_000) < 1_790 / 2, total


def test_same_seed_same_bytes_and_bad_arguments(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_province(a, halls=1, applications=2000, seed=3, rate=0.0)
    write_province(b, halls=1, applications=2000, seed=3, rate=0.0)
    for f in sorted((a / "hall-001").iterdir()):
        assert f.read_bytes() == (b / "hall-001" / f.name).read_bytes(), f.name
    assert yaml.safe_load((a / "planted.yaml").read_text(encoding="utf-8")) == []
    with pytest.raises(ValueError, match="rate"):
        write_province(tmp_path / "c", halls=1, rate=1.5)
    # one hall holds at most MAX_BLOCKS blocks; more needs a province (govhall example without --halls)
    res = runner.invoke(app, ["example", "--applications", "100000", str(tmp_path / "d")])
    assert res.exit_code == 2 and "--halls" in res.stderr and not (tmp_path / "d").exists()


@pytest.mark.parametrize(
    "seed",
    [
        # hall 41 of the issue's 500-hall, 1,000,000-application province (seed 1): the first 20
        # applications drawn for admin-licensing-law's late correction notice left no working day
        # between a notice on the 6th working day and the decision, and the planter gave up
        57262555,
        # hall 411 of the same province: its month has no rated 代办 case for db23-hlj-2023 6.6.3.4
        1284032004,
    ],
)
def test_hall_seeds_that_stopped_the_issues_province_build_and_are_audited_exactly(
    seed: int, tmp_path: Path
) -> None:
    """Each raised (AssertionError, StopIteration) and the whole province could not be written. They
    build now, and an audit of each finds exactly what its manifest says was planted."""
    from govhall.example.build import build_example, write_example

    b = build_example(seed)
    planted = {(r["rule_id"], r["subject_kind"], r["subject_id"]) for r in b.manifest()}
    write_example(b, tmp_path / "hall")
    report = govhall.audit(govhall.load_dataset(tmp_path / "hall"))
    found = {(f.rule_id, f.subject.kind, f.subject.id) for f in report.findings}
    assert planted and found == planted
    assert any(rule == "admin-licensing-law/correction-notice-in-time" for rule, _, _ in planted)


@pytest.mark.parametrize(
    "seed",
    [
        # a 7.4.2 return planted on a joint licence whose item gives its own limit (3个工作日): the planter
        # counted the joint 45 days (Art 42.2), found them not run out, and left the decision-within-limit
        # finding out of the manifest; the rule counts the item's limit (42.1's 另有规定), run out by 19 Sep
        2174670518,
        # the same return on an application accepted on 29 Sep with a promise of 20个工作日 (due 3 Nov,
        # after the audit day of 31 Oct): planted as past its promise, it is on its yellow card
        1830721264,
        # the 代办 rating removed from the first rated agent case, which was never accepted (no decision,
        # nothing to rate: db23 6.6.3.4 asks after 办结); the rule is silent and the plant was missed
        1594240994,
    ],
)
def test_hall_seeds_whose_manifest_disagreed_with_the_audit(seed: int, tmp_path: Path) -> None:
    """Found on 2 Dec by auditing 60 random hall seeds: 15 had a finding the manifest did not list or a
    listed one not found. The manifest is now what the rules find for each."""
    from govhall.example.build import build_example, write_example

    b = build_example(seed)
    planted = {(r["rule_id"], r["subject_kind"], r["subject_id"]) for r in b.manifest()}
    write_example(b, tmp_path / "hall")
    report = govhall.audit(govhall.load_dataset(tmp_path / "hall"))
    found = {(f.rule_id, f.subject.kind, f.subject.id) for f in report.findings}
    assert planted and found == planted, (sorted(planted - found), sorted(found - planted))


def _spread_by_listing(halls: int, applications: int | None, rng: random.Random, rate: float) -> list[int]:
    """``_spread`` read plainly: each further block goes to a hall drawn from the list of those open."""
    if applications is None:
        return [rng.randint(1, MAX_BLOCKS) for _ in range(halls)]
    block = CLEAN_BLOCK + rate * (PLANTED_BLOCK - CLEAN_BLOCK)
    total = max(halls, min(halls * MAX_BLOCKS, round(applications / block)))
    blocks = [1] * halls
    for _ in range(total - halls):
        open_halls = [k for k in range(halls) if blocks[k] < MAX_BLOCKS]
        blocks[rng.choice(open_halls)] += 1
    return blocks


@settings(max_examples=300, deadline=None)
@given(
    halls=st.integers(1, 70),
    applications=st.none() | st.integers(0, 80 * MAX_BLOCKS * PLANTED_BLOCK),
    seed=st.integers(0, 2**32),
    rate=st.floats(0.0, 1.0),
)
def test_property_blocks_are_spread_as_drawn_from_the_list_of_open_halls(
    halls: int, applications: int | None, seed: int, rate: float
) -> None:
    """The same blocks per hall, and the generator left in the same state (the halls' seeds are drawn
    from it next), as drawing each block's hall from the list of halls still open."""
    fast, plain = random.Random(seed), random.Random(seed)
    assert _spread(halls, applications, fast, rate) == _spread_by_listing(halls, applications, plain, rate)
    assert fast.getstate() == plain.getstate()


def test_the_open_halls_are_those_not_yet_closed_in_their_order() -> None:
    rng = random.Random(11)
    for n in (1, 2, 7, 64, 100):
        halls = _OpenHalls(n)
        left = list(range(n))
        while left:
            assert len(halls) == len(left) and [halls[i] for i in range(len(left))] == left
            with pytest.raises(IndexError):
                halls[len(left)]
            k = left.pop(rng.randrange(len(left)))
            halls.remove(k)
        assert len(halls) == 0


def test_a_small_province_is_the_same_bytes_as_with_the_listing_spread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_province(tmp_path / "a", halls=3, applications=11_000, seed=9, rate=0.5)
    monkeypatch.setattr(province_module, "_spread", _spread_by_listing)
    write_province(tmp_path / "b", halls=3, applications=11_000, seed=9, rate=0.5)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) > 3 * 10
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
