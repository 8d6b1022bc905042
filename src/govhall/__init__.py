"""govhall — China's government service-hall standards as executable, clause-cited rules.

The public API (``../shared/DESIGN.md``, "Python API") is importable from here; examples and docs
import only from ``govhall``::

    import govhall
    cal = govhall.calendar("CN")
    govhall.due_date("2025-09-26", "20个工作日", calendar=cal).due      # date(2025, 10, 30)
    report = govhall.audit(govhall.load_dataset("path/to/hall"))
    [s.id for s in govhall.standards()]

Names are resolved lazily at run time, so ``import govhall`` stays cheap for the command line; type
checkers see every name with its real type (the ``TYPE_CHECKING`` imports below mirror ``_LAZY``, and a
test keeps the two in step). The exceptions (:mod:`govhall.errors`) are imported eagerly: they cost
nothing and an embedder catches them by class.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from govhall.errors import AuthenticationError as AuthenticationError
from govhall.errors import BadRequestError as BadRequestError
from govhall.errors import CalendarRangeError as CalendarRangeError
from govhall.errors import CaseFileError as CaseFileError
from govhall.errors import ClusterError as ClusterError
from govhall.errors import DatasetError as DatasetError
from govhall.errors import DateError as DateError
from govhall.errors import DuplicateKeyError as DuplicateKeyError
from govhall.errors import ExtraMissingError as ExtraMissingError
from govhall.errors import GovhallError as GovhallError
from govhall.errors import InputError as InputError
from govhall.errors import InternalError as InternalError
from govhall.errors import LimitTextError as LimitTextError
from govhall.errors import MethodNotAllowedError as MethodNotAllowedError
from govhall.errors import MissingInputError as MissingInputError
from govhall.errors import PayloadTooLargeError as PayloadTooLargeError
from govhall.errors import ProfileError as ProfileError
from govhall.errors import ReplayTooLongError as ReplayTooLongError
from govhall.errors import RouteNotFoundError as RouteNotFoundError
from govhall.errors import ScopeError as ScopeError
from govhall.errors import StateFileError as StateFileError
from govhall.errors import StateLockedError as StateLockedError
from govhall.errors import StateUnwritableError as StateUnwritableError
from govhall.errors import TokenFileError as TokenFileError
from govhall.errors import UndecodableInputError as UndecodableInputError
from govhall.errors import UnknownCalendarError as UnknownCalendarError
from govhall.errors import UnknownClauseError as UnknownClauseError
from govhall.errors import UnknownInterpretationError as UnknownInterpretationError
from govhall.errors import UnknownNameError as UnknownNameError
from govhall.errors import UnknownParameterError as UnknownParameterError
from govhall.errors import UnknownQueryParameterError as UnknownQueryParameterError
from govhall.errors import UnknownRuleError as UnknownRuleError
from govhall.errors import UnknownStandardError as UnknownStandardError
from govhall.errors import UnreadableInputError as UnreadableInputError
from govhall.errors import UnsupportedCharsetError as UnsupportedCharsetError
from govhall.errors import UnsupportedMediaTypeError as UnsupportedMediaTypeError

if TYPE_CHECKING:
    from collections.abc import Callable

    from govhall.calendars import WorkingCalendar as WorkingCalendar
    from govhall.calendars import calendar as calendar
    from govhall.decisions import may_accept_rongque as may_accept_rongque
    from govhall.decisions import required_routing as required_routing
    from govhall.decisions import responsible_for_inquiry as responsible_for_inquiry
    from govhall.decisions import sanction_for as sanction_for
    from govhall.example.build import example_dir as example_dir
    from govhall.example.province import write_province as write_province
    from govhall.loaders import load_dataset as load_dataset
    from govhall.models import Dataset as Dataset
    from govhall.parquet import arrow_schema as arrow_schema
    from govhall.province import HallResult as HallResult
    from govhall.province import audit_hall as audit_hall
    from govhall.province import audit_many as audit_many
    from govhall.reports import render as render
    from govhall.rules.core import ClauseRef as ClauseRef
    from govhall.rules.core import Finding as Finding
    from govhall.rules.inventory import Standard as Standard
    from govhall.rules.report import Report as Report
    from govhall.rules.runner import audit as audit
    from govhall.schema import json_schema as json_schema
    from govhall.screening import Screening as Screening
    from govhall.screening import screen_complaint as screen_complaint
    from govhall.sizing import comprehensive_windows_needed as comprehensive_windows_needed
    from govhall.sizing import staff_needed as staff_needed
    from govhall.timelimits import Deadline as Deadline
    from govhall.timelimits import TimeLimit as TimeLimit
    from govhall.timelimits import due_date as due_date
    from govhall.timelimits import is_late as is_late
    from govhall.timelimits import parse_limit as parse_limit
    from govhall.visits import counted_visits as counted_visits

    #: ``govhall.standards()`` -> the loaded standards (at run time the callable registry module)
    standards: Callable[[], list[Standard]]

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
    "Standard": "govhall.rules.inventory:Standard",
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

_ERRORS: tuple[str, ...] = (
    "GovhallError", "InputError", "LimitTextError", "DateError", "CalendarRangeError", "UnknownNameError",
    "UnknownStandardError", "UnknownClauseError", "UnknownInterpretationError", "UnknownParameterError",
    "UnknownRuleError", "ProfileError", "DatasetError", "UnreadableInputError", "MissingInputError",
    "UndecodableInputError", "ExtraMissingError", "StateLockedError", "CaseFileError",
    # the HTTP service's (govhall serve)
    "AuthenticationError", "ScopeError", "PayloadTooLargeError", "RouteNotFoundError", "MethodNotAllowedError",
    "InternalError", "TokenFileError", "BadRequestError", "UnsupportedCharsetError",
    # the live store's (govhall.live)
    "StateFileError", "StateUnwritableError", "ReplayTooLongError",
    # the Dask engine's (govhall.province_dask)
    "ClusterError",
    # a key given twice in one JSON object or YAML mapping (govhall._dupkeys)
    "DuplicateKeyError",
    # a request body sent as something other than JSON (govhall serve)
    "UnsupportedMediaTypeError",
    # a calendar name govhall does not have; a query parameter an endpoint does not take (govhall serve)
    "UnknownCalendarError", "UnknownQueryParameterError",
)  # fmt: skip

__all__ = ["__version__", "standards", *_LAZY, *_ERRORS]


if not TYPE_CHECKING:  # a type checker resolves the names from the imports above, never through here

    def __getattr__(name: str) -> object:
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
