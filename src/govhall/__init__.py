"""govhall — China's government service-hall standards as executable, clause-cited rules.

The public API (``../shared/DESIGN.md``, "Python API") is importable from here; examples and docs
import only from ``govhall``::

    import govhall
    cal = govhall.calendar("CN")
    govhall.due_date("2025-09-26", "20个工作日", calendar=cal).due      # date(2025, 10, 30)
    report = govhall.audit(govhall.load_dataset("path/to/hall"))
    [s.id for s in govhall.standards()]

Names are resolved lazily, so ``import govhall`` stays cheap for the command line.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    # calendars and time limits
    "calendar": "govhall.calendars:calendar",
    "WorkingCalendar": "govhall.calendars:WorkingCalendar",
    "due_date": "govhall.timelimits:due_date",
    "parse_limit": "govhall.timelimits:parse_limit",
    "is_late": "govhall.timelimits:is_late",
    "Deadline": "govhall.timelimits:Deadline",
    "TimeLimit": "govhall.timelimits:TimeLimit",
    # data
    "load_dataset": "govhall.loaders:load_dataset",
    "Dataset": "govhall.models:Dataset",
    "json_schema": "govhall.schema:json_schema",
    "arrow_schema": "govhall.parquet:arrow_schema",
    "example_dir": "govhall.example.build:example_dir",
    "write_province": "govhall.example.province:write_province",
    # rules and reports
    "audit": "govhall.rules.runner:audit",
    "audit_many": "govhall.province:audit_many",
    "audit_hall": "govhall.province:audit_hall",
    "HallResult": "govhall.province:HallResult",
    "Report": "govhall.rules.report:Report",
    "Finding": "govhall.rules.core:Finding",
    "ClauseRef": "govhall.rules.core:ClauseRef",
    "render": "govhall.reports:render",
    # complaints
    "screen_complaint": "govhall.screening:screen_complaint",
    "Screening": "govhall.screening:Screening",
    # decisions for embedding
    "responsible_for_inquiry": "govhall.decisions:responsible_for_inquiry",
    "required_routing": "govhall.decisions:required_routing",
    "may_accept_rongque": "govhall.decisions:may_accept_rongque",
    "sanction_for": "govhall.decisions:sanction_for",
    "comprehensive_windows_needed": "govhall.sizing:comprehensive_windows_needed",
    "staff_needed": "govhall.sizing:staff_needed",
    "counted_visits": "govhall.visits:counted_visits",
}

__all__ = ["__version__", "standards", *_LAZY]


def __getattr__(name: str) -> Any:
    if name == "standards":  # the registry module is callable: govhall.standards() -> [Standard]
        return importlib.import_module("govhall.standards")
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'govhall' has no attribute {name!r}")
    module, attr = target.split(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
