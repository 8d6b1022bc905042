"""What a person checked: the ``inspections`` table (issue #16; DESIGN "Input data").

Clauses that need a person's judgement (dress, manner, whether a sign is legible, whether a recorded
conversation was courteous) are checked by supervisors' inspections, mystery visits (暗访) and reviews
of recordings. Each record says which clause was checked, when, by whom, how, and with what result.
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from govhall.models._base import BilingualEnum, GovModel, IsoDate, Personal, RecordId, bilingual

_REF = re.compile(r"^[a-z0-9][a-z0-9-]*:\S+$")


class InspectionMethod(BilingualEnum):
    """检查方式."""

    observation = "observation"
    interview = "interview"
    document_review = "document_review"
    recording_review = "recording_review"
    mystery_visit = "mystery_visit"


bilingual(
    InspectionMethod,
    {
        "现场观察": "observation",
        "现场检查": "observation",
        "询问": "interview",
        "访谈": "interview",
        "查阅资料": "document_review",
        "资料审查": "document_review",
        "调阅录音录像": "recording_review",
        "录音录像审查": "recording_review",
        "暗访": "mystery_visit",
        "神秘访客": "mystery_visit",
    },
)


class InspectionResult(BilingualEnum):
    """检查结果."""

    passed = "pass"
    failed = "fail"
    not_applicable = "not_applicable"


bilingual(
    InspectionResult,
    {"合格": "pass", "符合": "pass", "不合格": "fail", "不符合": "fail", "不适用": "not_applicable"},
)


class Inspection(GovModel):
    """One check of one clause by a person (supervisor, inspector, mystery visitor)."""

    id: RecordId
    clause: str = Field(description="the clause checked, e.g. 'db23-hlj-2023:5.2.1' (an inventory clause)")
    hall_id: str | None = None
    date: IsoDate
    inspector: str | None = Personal("who inspected (name or post)")
    method: InspectionMethod
    result: InspectionResult
    note: str | None = Field(None, description="what was seen; the reason for a fail")
    evidence_ref: str | None = Field(None, description="photo, recording or file reference")
    staff_id: str | None = Field(None, description="the person inspected, if one")
    window_id: str | None = Field(None, description="the window inspected, if one")

    @field_validator("clause")
    @classmethod
    def _clause_ref(cls, value: str) -> str:
        text = value.strip()
        if not _REF.match(text):
            raise ValueError(f"{value!r} is not a clause reference '<standard id>:<clause>'")
        from govhall.rules.inventory import known_clause_refs

        known = known_clause_refs()
        if known and text not in known:
            raise ValueError(f"{text!r} is not a clause of govhall's inventories")
        return text
