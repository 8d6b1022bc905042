"""A dataset: one hall's tables, plus the records that could not be read."""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from govhall.errors import MAX_ECHOED_ID, DatasetError, echoed_id
from govhall.models.applications import Application, Event
from govhall.models.hall import Attendance, Hall, Staff, Window
from govhall.models.inspections import Inspection
from govhall.models.items import Item
from govhall.models.service import Appointment, Complaint, Evaluation, Inquiry, Transcript

#: table name -> model of one record (the ``events`` table is folded into applications/complaints).
TABLES: dict[str, type[BaseModel]] = {
    "hall": Hall,
    "items": Item,
    "staff": Staff,
    "windows": Window,
    "applications": Application,
    "events": Event,
    "inquiries": Inquiry,
    "complaints": Complaint,
    "evaluations": Evaluation,
    "appointments": Appointment,
    "attendance": Attendance,
    "transcripts": Transcript,
    "inspections": Inspection,
}


class RejectedRecord(BaseModel):
    """A record that could not be used, with where it was and why (it is reported, never dropped)."""

    table: str
    line: int | None = Field(None, description="1-based line (jsonl/csv) or record number (json array)")
    record_id: Annotated[str | None, AfterValidator(echoed_id)] = Field(
        None, description=f"the record's id, cut to {MAX_ECHOED_ID} characters (with …) when longer"
    )
    field: Annotated[str | None, AfterValidator(echoed_id)] = Field(
        None,
        description=f"dotted path of the offending field, when known (cut to {MAX_ECHOED_ID} characters)",
    )
    reason: str
    source: str | None = Field(None, description="file the record came from")
    hall: str | None = Field(
        None, description="the hall the record belongs to, in a province audit (absent for one hall)"
    )

    @model_serializer(mode="wrap")
    def _without_empty_hall(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # as a Finding: a one-hall report keeps its shape; a province's rejections say their hall, as
        # its findings do (they said only their file, the hall to be guessed from its path)
        data: dict[str, Any] = handler(self)
        if self.hall is None:
            data.pop("hall", None)
        return data

    @property
    def place(self) -> str:
        """Where the record stands, in words, as ``line`` means it (docs/data.md, "Bad records"): ``line
        2`` of a jsonl or CSV file, ``row 2`` of a Parquet file, ``element 2`` of a JSON array or a
        dataset document's table ("" when not known). Text reports said "items line 2" of a one-line
        JSON array's second element, on file line 1."""
        if self.line is None:
            return ""
        suffix = (self.source or "").lower().rsplit(".", 1)[-1] if self.source and "." in self.source else ""
        if suffix in ("jsonl", "ndjson", "csv"):
            return f"line {self.line}"
        if suffix == "parquet":
            return f"row {self.line}"
        return f"element {self.line}"


class Dataset(BaseModel):
    """Validated tables of one hall (or several), ready for the rules.

    ``records`` counts every record read; ``audited`` the ones that validated; ``rejected`` holds the
    others, so ``records == audited + len(rejected)`` always.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hall: Hall | None = None
    items: list[Item] = Field(default_factory=list)
    staff: list[Staff] = Field(default_factory=list)
    windows: list[Window] = Field(default_factory=list)
    applications: list[Application] = Field(default_factory=list)
    inquiries: list[Inquiry] = Field(default_factory=list)
    complaints: list[Complaint] = Field(default_factory=list)
    evaluations: list[Evaluation] = Field(default_factory=list)
    appointments: list[Appointment] = Field(default_factory=list)
    attendance: list[Attendance] = Field(default_factory=list)
    transcripts: list[Transcript] = Field(default_factory=list)
    inspections: list[Inspection] = Field(default_factory=list, description="what a person checked")
    rejected: list[RejectedRecord] = Field(default_factory=list)
    as_of: date | None = Field(None, description="the day the records run to; open cases are judged as of it")
    records: int = Field(0, description="records read from the source (valid and rejected)")
    source: str | None = None
    name: str | None = Field(
        None, description="the dataset's name (meta.json / dataset.yaml / the document's 'name')"
    )
    #: table -> where each accepted record was read (govhall.locations); filled by the loader
    _positions: dict[str, Any] = PrivateAttr(default_factory=dict)
    #: the earliest and the latest timestamp of any record, when the loader noted them (None: not
    #: known); lets the audit skip looking for records dated outside the calendar (rules.calendar_range)
    _moment_range: tuple[datetime, datetime] | None = PrivateAttr(default=None)

    @property
    def audited(self) -> int:
        """Records read and validated (``records - len(rejected)``)."""
        return self.records - len(self.rejected)

    @cached_property
    def items_by_code(self) -> dict[str, Item]:
        return {i.code: i for i in self.items}

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    @cached_property
    def windows_by_id(self) -> dict[str, Window]:
        return {w.id: w for w in self.windows}

    @cached_property
    def evaluations_by_application(self) -> dict[str, list[Evaluation]]:
        """Evaluations grouped by the application they rate (``application_id``)."""
        out: dict[str, list[Evaluation]] = {}
        for e in self.evaluations:
            if e.application_id:
                out.setdefault(e.application_id, []).append(e)
        return out

    @cached_property
    def complaints_by_application(self) -> dict[str, list[Complaint]]:
        """Complaints grouped by the application they are about (``application_id``)."""
        out: dict[str, list[Complaint]] = {}
        for c in self.complaints:
            if c.application_id:
                out.setdefault(c.application_id, []).append(c)
        return out

    @cached_property
    def applications_by_id(self) -> dict[str, Application]:
        return {a.id: a for a in self.applications}

    @cached_property
    def appointments_by_id(self) -> dict[str, Appointment]:
        return {a.id: a for a in self.appointments}

    def effective_as_of(self) -> date:
        """``as_of`` if given, else the latest date any record mentions (never the clock)."""
        if self.as_of is not None:
            return self.as_of
        latest: list[date] = []
        for a in self.applications:
            latest.append(a.received_at.date())
            latest.extend(e.at.date() for e in a.events)
        for c in self.complaints:
            latest.append(c.received_at.date())
            latest.extend(e.at.date() for e in c.events)
        latest.extend(e.at.date() for e in self.evaluations)
        latest.extend(a.slot_end.date() for a in self.appointments)
        latest.extend(i.at.date() for i in self.inquiries)
        latest.extend(a.at.date() for a in self.attendance)
        latest.extend(t.at.date() for t in self.transcripts)  # a recorded conversation is dated too
        latest.extend(i.date for i in self.inspections)  # as is a person's check of a clause
        if not latest:
            # a hall whose dated records were all rejected said only this: the rejected record, which
            # the user must fix, was named nowhere (the audit that would report it never ran)
            why = ""
            if self.rejected:
                r = self.rejected[0]
                n = len(self.rejected)
                said = "1 record was rejected" if n == 1 else f"{n} records were rejected, the first"
                where = f"{r.table} {r.place}" if r.place else r.table
                named = f" ({r.record_id})" if r.record_id else ""
                why = f"; {said}: {where}{named}: {r.reason}"
            raise DatasetError(
                f"the dataset has no dated records and no as_of: give as_of{why}", field="as_of"
            )
        return max(latest)


__all__ = ["TABLES", "Dataset", "Event", "RejectedRecord"]
