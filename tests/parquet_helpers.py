"""Writing test halls as Parquet: JSON records converted by the Arrow schema govhall publishes.

The conversion is what a data platform's export does: ISO texts become Arrow dates, times and
timestamps (naive, Asia/Shanghai wall clock), objects become structs or maps, lists lists. It is
written against pyarrow directly, independently of govhall's reader, so a test comparing the two
formats compares two independent paths.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq

from govhall.parquet import arrow_schema

SHANGHAI = ZoneInfo("Asia/Shanghai")


def to_arrow_value(value: Any, arrow_type: pa.DataType) -> Any:
    """One JSON value as the Python value pyarrow stores in a column of ``arrow_type``."""
    if value is None:
        return None
    if pa.types.is_struct(arrow_type):
        return {f.name: to_arrow_value(value.get(f.name), f.type) for f in arrow_type}
    if pa.types.is_map(arrow_type):
        return [(k, to_arrow_value(v, arrow_type.item_type)) for k, v in value.items()]
    if pa.types.is_list(arrow_type):
        return [to_arrow_value(v, arrow_type.value_type) for v in value]
    if pa.types.is_timestamp(arrow_type):
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is not None:
            moment = moment.astimezone(SHANGHAI).replace(tzinfo=None)
        return moment
    if pa.types.is_date(arrow_type):
        return date.fromisoformat(value)
    if pa.types.is_time(arrow_type):
        return time.fromisoformat(value)
    if pa.types.is_decimal(arrow_type):
        return Decimal(str(value))
    return value


def records_to_parquet(records: list[dict[str, Any]], table: str, path: Path) -> None:
    """Write JSON ``records`` of ``table`` to ``path`` with govhall's published Arrow schema."""
    schema = arrow_schema(table)
    unknown = {k for r in records for k in r} - set(schema.names)
    assert not unknown, f"{table}: fields outside the schema {unknown}"  # from_pylist would drop them
    rows = [{f.name: to_arrow_value(r.get(f.name), f.type) for f in schema} for r in records]
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def folder_to_parquet(src: Path, out: Path) -> Path:
    """Copy a JSONL/JSON hall folder to ``out`` with every table as ``.parquet`` (meta.json kept)."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.iterdir()):
        if path.name == "meta.json":
            (out / path.name).write_bytes(path.read_bytes())
        elif path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            records_to_parquet(
                [json.loads(x) for x in lines if x.strip()], path.stem, out / f"{path.stem}.parquet"
            )
        elif path.suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            records_to_parquet(
                doc if isinstance(doc, list) else [doc], path.stem, out / f"{path.stem}.parquet"
            )
    return out
