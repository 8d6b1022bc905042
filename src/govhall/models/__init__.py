"""govhall's input models (pydantic v2). Their JSON Schema is what ``govhall schema`` prints.

Conventions: identifiers are strings; timestamps are Asia/Shanghai wall-clock time; enum values are
English identifiers with the standards' Chinese terms accepted as aliases; fields with personal data
are marked ``x-personal`` in the schema and masked in reports.
"""

from __future__ import annotations

from pydantic import BaseModel

from govhall.models._base import SHANGHAI, GovModel, LocalDateTime, personal_fields, to_shanghai_naive
from govhall.models.applications import Applicant, Application, Event, EventKind, VisitPurpose
from govhall.models.dataset import TABLES, Dataset, RejectedRecord
from govhall.models.enums import (
    OFFLINE_BOOKING_CHANNELS,
    ONLINE_PLATFORM_CHANNELS,
    ONSITE_RATING_CHANNELS,
    REMOTE_WRITTEN_CHANNELS,
    Channel,
    ComplaintTier,
    HallSystem,
    InquiryScope,
    ItemType,
    RatingLevel,
    RefusalCategory,
    StaffRole,
    WindowKind,
    Zone,
)
from govhall.models.hall import Attendance, Cctv, Department, Hall, ServicePeriod, Staff, Window
from govhall.models.inspections import Inspection, InspectionMethod, InspectionResult
from govhall.models.items import Item, Material
from govhall.models.service import (
    Appointment,
    Complainant,
    Complaint,
    ComplaintFacts,
    Evaluation,
    Inquiry,
    Transcript,
    Worksheet,
)

#: Every model a user may validate against, by name (``govhall schema NAME``).
MODELS: dict[str, type[BaseModel]] = {
    m.__name__: m
    for m in (
        Item,
        Material,
        Hall,
        Department,
        Window,
        Staff,
        Attendance,
        Application,
        Applicant,
        Event,
        Inquiry,
        Complaint,
        ComplaintFacts,
        Complainant,
        Worksheet,
        Evaluation,
        Appointment,
        Transcript,
        Inspection,
    )
}


def _all_personal_fields() -> frozenset[str]:
    names: set[str] = set()
    for model in MODELS.values():
        names |= personal_fields(model)
    return frozenset(names)


#: Field names that hold personal data anywhere in the models; reports mask evidence under these keys.
PERSONAL_FIELDS: frozenset[str] = _all_personal_fields()

__all__ = [
    "MODELS",
    "PERSONAL_FIELDS",
    "OFFLINE_BOOKING_CHANNELS",
    "ONLINE_PLATFORM_CHANNELS",
    "ONSITE_RATING_CHANNELS",
    "REMOTE_WRITTEN_CHANNELS",
    "SHANGHAI",
    "TABLES",
    "Applicant",
    "Application",
    "Appointment",
    "Attendance",
    "Cctv",
    "Channel",
    "Complainant",
    "Complaint",
    "ComplaintFacts",
    "ComplaintTier",
    "Dataset",
    "Department",
    "Evaluation",
    "Event",
    "EventKind",
    "GovModel",
    "Hall",
    "HallSystem",
    "Inquiry",
    "InquiryScope",
    "Inspection",
    "InspectionMethod",
    "InspectionResult",
    "Item",
    "ItemType",
    "LocalDateTime",
    "Material",
    "RatingLevel",
    "RefusalCategory",
    "RejectedRecord",
    "ServicePeriod",
    "Staff",
    "StaffRole",
    "Transcript",
    "VisitPurpose",
    "Window",
    "WindowKind",
    "Worksheet",
    "Zone",
    "personal_fields",
    "to_shanghai_naive",
]
