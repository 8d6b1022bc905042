"""A synthetic province: K halls with planted violations and their manifests, for testing at scale.

:func:`write_province` writes ``OUT/hall-001``, ``OUT/hall-002`` … (each an ordinary hall dataset
that :func:`govhall.load_dataset` reads) and ``OUT/planted.yaml``, the manifest of every planted
violation with its hall. ``govhall example --halls K --applications N --seed S OUT`` runs it.

How a hall is made: a month of the example county hall (:mod:`govhall.example.base`: about 2,000
applications, 12 windows, 32 staff, with ratings, complaints, inquiries, appointments, attendance
and transcripts) built from the hall's own seed, so every hall has its own people, applicants,
timings and records. A hall is one to five such **blocks** (12–60 windows, about 2,000–10,000
applications): block 2 onwards is the first block with every identity renamed (``A-0001`` →
``A-0001-B2``; staff, windows, devices and raters too), sharing the hall record and the item
catalogue, as a bigger hall in the same county would. With probability ``rate`` a hall is built
with every standard's planted violations (:func:`govhall.example.build.build_example`), else as the
clean month (:func:`govhall.example.base.build_base`, on which no rule fires).

``applications`` is the province's total, met in whole blocks (at least one per hall, at most five)
of the size a block has on average at the given ``rate`` (the issue's 1,000,000 gives 992,585: a
province of hundreds of halls comes within about 1 %, a small one within about half a block);
the blocks are spread over the halls at random (seeded). The output depends only on the arguments.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from govhall.example.base import DEFAULT_SEED, build_base
from govhall.example.build import build_example, write_example
from govhall.example.builder import ExampleBuilder

__all__ = ["BLOCK_APPLICATIONS", "MAX_BLOCKS", "build_hall", "write_province"]

#: about how many applications one block (one example month) holds
BLOCK_APPLICATIONS = 2_000
#: what a block holds on average, clean and with the planted violations (measured over the 500 halls
#: of ``write_province(halls=500, applications=1_000_000, seed=1, rate=0.5)``: 1,773–1,812 clean,
#: 2,087–2,103 planted); ``applications`` is met in blocks of the size the ``rate`` gives on average
CLEAN_BLOCK = 1_790
PLANTED_BLOCK = 2_090
#: blocks per hall at most (5 x 12 windows = 60 windows)
MAX_BLOCKS = 5
#: the most halls an example province may have: far more than any province's halls (a few thousand
#: with the township centres); a mistyped --halls 99999999999999999999 ran without end, building its
#: list of halls until memory ran out (govhall's sanity bound)
MAX_HALLS = 20_000
#: record fields holding an identity of the hall (renamed in each further block)
_ID_KEYS = ("id", "device_id", "rater_id")
#: tables all blocks of a hall share (one hall record, one item catalogue)
_SHARED = frozenset({"items", "hall"})
#: rules that judge the hall as a whole and name its first such window: found once, whatever the
#: number of blocks (so only block 1's row is in the manifest)
_HALL_WIDE = frozenset({"dongguan-hall-2023/cannot-handle-window"})


def collect_ids(obj: Any, out: set[str]) -> None:
    """Add to ``out`` every identity (``_ID_KEYS``) found anywhere in ``obj``."""
    if isinstance(obj, dict):
        for key in _ID_KEYS:
            value = obj.get(key)
            if isinstance(value, str):
                out.add(value)
        for value in obj.values():
            collect_ids(value, out)
    elif isinstance(obj, list):
        for value in obj:
            collect_ids(value, out)


def rename_ids(obj: Any, ids: set[str], suffix: str) -> Any:
    """``obj`` with every string that is one of ``ids`` suffixed by ``suffix`` (references follow)."""
    if isinstance(obj, dict):
        return {k: rename_ids(v, ids, suffix) for k, v in obj.items()}
    if isinstance(obj, list):
        return [rename_ids(v, ids, suffix) for v in obj]
    if isinstance(obj, str) and obj in ids:
        return obj + suffix
    return obj


def _grow(b: ExampleBuilder, blocks: int) -> None:
    """Add blocks 2..``blocks`` to ``b``: renamed copies of its records and of its manifest rows."""
    if blocks <= 1:
        return
    ids: set[str] = set()
    for table, rows in b.tables.items():
        if table not in _SHARED:
            collect_ids(rows, ids)
    first = {t: list(rows) for t, rows in b.tables.items()}
    planted = list(b.planted)
    for j in range(2, blocks + 1):
        suffix = f"-B{j}"
        for table, rows in first.items():
            if table not in _SHARED:
                b.tables[table].extend(rename_ids(r, ids, suffix) for r in rows)
        for row in planted:
            if row["rule_id"] in _HALL_WIDE:
                continue
            sid = row["subject_id"]
            b.planted.append({**row, "subject_id": sid + suffix if sid in ids else sid})
    # a row whose subject is shared by all blocks (the hall, an item) stays one row
    seen: set[tuple[tuple[str, str], ...]] = set()
    unique = []
    for row in b.planted:
        key = tuple(sorted(row.items()))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    b.planted[:] = unique


def _spread(halls: int, applications: int | None, rng: random.Random, rate: float = 1.0) -> list[int]:
    """Blocks per hall: 1..MAX_BLOCKS each, summing to the blocks ``applications`` asks for.

    A block's expected size depends on the share of halls with planted violations (``rate``), so
    that the province holds about ``applications`` (within about half a block, plus the chance of how
    many halls are drawn with the planted violations).
    """
    if applications is None:
        return [rng.randint(1, MAX_BLOCKS) for _ in range(halls)]
    block = CLEAN_BLOCK + rate * (PLANTED_BLOCK - CLEAN_BLOCK)
    total = max(halls, min(halls * MAX_BLOCKS, round(applications / block)))
    blocks = [1] * halls
    open_halls = _OpenHalls(halls)  # those with fewer than MAX_BLOCKS blocks, in their order
    for _ in range(total - halls):
        k = rng.choice(open_halls)
        blocks[k] += 1
        if blocks[k] == MAX_BLOCKS:
            open_halls.remove(k)
    return blocks


class _OpenHalls:
    """The halls ``0..n-1`` still open (all at first), in their order, as a sequence ``rng.choice``
    picks from exactly as from the list of them: the ``i``-th open hall and closing one cost
    O(log n) (a Fenwick tree of 1 per open hall), where listing the open halls again for each block
    made spreading a large province's blocks quadratic (20,000 halls: minutes)."""

    def __init__(self, n: int) -> None:
        self._n = n
        self._len = n
        tree = [0] * (n + 1)  # tree[i]: the open halls among the 1-based positions (i - lowbit(i), i]
        for i in range(1, n + 1):
            tree[i] += 1
            parent = i + (i & -i)
            if parent <= n:
                tree[parent] += tree[i]
        self._tree = tree
        self._top = 1 << (n.bit_length() - 1) if n else 0  # the largest power of two <= n

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> int:
        """The ``i``-th open hall (0-based, ``0 <= i < len``)."""
        if not 0 <= i < self._len:
            raise IndexError(i)
        tree, n = self._tree, self._n
        pos, step = 0, self._top
        while step:  # the last position with at most i open halls up to it: hall i comes right after
            nxt = pos + step
            if nxt <= n and tree[nxt] <= i:
                pos = nxt
                i -= tree[nxt]
            step >>= 1
        return pos  # the 1-based position pos + 1, i.e. hall pos

    def remove(self, k: int) -> None:
        """Close hall ``k`` (open until now)."""
        tree, n = self._tree, self._n
        i = k + 1
        while i <= n:
            tree[i] -= 1
            i += i & -i
        self._len -= 1


def write_province(
    out: str | Path,
    *,
    halls: int = 3,
    applications: int | None = None,
    seed: int = DEFAULT_SEED,
    rate: float = 1.0,
) -> list[Path]:
    """Write a province of ``halls`` halls under ``out`` (see the module docstring); the hall folders.

    ``applications``: about the province's total (in whole blocks of about 1,800 clean or 2,100
    planted applications; None: 1–5 blocks a hall at random). ``rate``: the share of halls built
    with the planted violations (0 gives a clean province, 1 plants in every hall). ``OUT/planted.yaml`` lists every planted violation with
    ``hall``; each hall folder has its own ``planted.yaml`` as the example does.
    """
    if not 1 <= halls <= MAX_HALLS:
        raise ValueError(
            f"halls must be from 1 to {MAX_HALLS} (govhall's bound for an example province), not {halls}"
        )
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0 and 1, not {rate}")
    if applications is not None and applications < 0:
        raise ValueError(f"applications must not be negative, not {applications}")
    if applications is not None and applications > halls * MAX_BLOCKS * PLANTED_BLOCK:
        # it was met by MAX_BLOCKS a hall without a word: 10**20 asked, about 20,000 written
        raise ValueError(
            f"applications must be at most {halls * MAX_BLOCKS * PLANTED_BLOCK:,} for {halls} hall(s) "
            f"({MAX_BLOCKS} blocks of about {PLANTED_BLOCK:,} a hall at most), not {applications:,}: "
            "give more halls"
        )
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"govhall-province:{seed}")
    blocks = _spread(halls, applications, rng, rate)
    width = max(3, len(str(halls)))
    folders: list[Path] = []
    manifest: list[dict[str, str]] = []
    for k in range(halls):
        hall_seed = rng.randrange(1, 2**31)
        planted = rng.random() < rate
        b = build_example(hall_seed) if planted else build_base(hall_seed)
        name = f"hall-{k + 1:0{width}d}"
        b.name = f"{b.name} ({name}, seed {hall_seed}, {blocks[k]} block(s))"
        _grow(b, blocks[k])
        folder = root / name
        write_example(b, folder)
        folders.append(folder)
        manifest.extend({"hall": name, **row} for row in b.manifest())
    (root / "planted.yaml").write_text(_manifest_yaml(manifest), encoding="utf-8")
    return folders


def build_hall(
    applications: int | None = None, *, seed: int = DEFAULT_SEED, rate: float = 1.0
) -> ExampleBuilder:
    """One hall, for ``govhall example [--applications N] [--rate R] OUT`` without ``--halls``.

    With the defaults it is the example month of ``seed`` with every planted violation
    (:func:`govhall.example.build.build_example`, byte for byte). ``rate`` is the chance that the hall
    has the planted violations (0: the clean month, on which no rule fires; 1: always), drawn from
    ``seed``. ``applications`` grows the hall as a province grows each of its halls: in whole blocks of
    about 1,800 (clean) or 2,100 (planted) applications, the nearest number of blocks, at least one and
    at most ``MAX_BLOCKS``; more is refused (a province of several halls holds it).
    """
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"rate must be between 0 and 1, not {rate}")
    if applications is not None and applications < 0:
        raise ValueError(f"applications must not be negative, not {applications}")
    planted = rate >= 1.0 or random.Random(f"govhall-hall:{seed}").random() < rate
    block = PLANTED_BLOCK if planted else CLEAN_BLOCK
    blocks = 1 if applications is None else max(1, round(applications / block))
    if blocks > MAX_BLOCKS:
        raise ValueError(
            f"applications must be at most {MAX_BLOCKS * block:,} for one hall ({MAX_BLOCKS} blocks of about "
            f"{block:,}), not {applications:,}: give --halls for a province of several halls"
        )
    b = build_example(seed) if planted else build_base(seed)
    _grow(b, blocks)
    return b


def _manifest_yaml(rows: Iterable[dict[str, str]]) -> str:
    header = (
        "# Violations planted in this synthetic province (govhall.example.province); one row per breach,\n"
        "# with the hall it was planted in. A province audit finds each (hall, rule id, subject) and\n"
        "# nothing else.\n"
    )
    rows = list(rows)
    return header + (yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=200) if rows else "[]\n")
