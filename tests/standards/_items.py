"""Item records shared by the hand-worked deadline and contested-reading tests."""

from __future__ import annotations

from typing import Any

#: a licensing item (行政许可) complete enough for every catalogue rule; tests add its limit
LIC: dict[str, Any] = {
    "code": "L1",
    "name": "某行政许可",
    "type": "行政许可",
    "department": "D1",
    "legal_basis": ["某条例"],
    "acceptance_conditions": ["条件"],
    "procedure": ["受理", "决定"],
    "materials": [{"name": "申请书", "sample_provided": True}],
}
