"""Plant inspection findings into the example hall (issue #16 item 1).

The base month inspects every clause a person must judge once and finds it met
(:func:`govhall.example.base._inspections`). Here: a mystery visit finds a clerk without a name badge
(db23-hlj-2023:5.2.4, error), a supervisor's round finds staff rude (gdzw-0020-2019:5.1.4.e, with the
sanction 5.1.4 lists), a recommendation not met (dongguan-hall-2023:4.2-s2, 宜: warning), and one clause
last inspected 120 days before ``as_of`` (hangzhou-zuiduo-paoyici, stale past the 92-day interval).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from govhall.example.builder import ExampleBuilder

__all__ = ["plant"]


def _inspection(b: ExampleBuilder, clause: str) -> dict[str, Any]:
    return next(i for i in b.tables["inspections"] if i["clause"] == clause)


def plant(b: ExampleBuilder) -> None:
    """Turn four of the base month's passing inspections into violations."""
    clerk = b.staff_ids(role="window_clerk")[0]
    ins = _inspection(b, "db23-hlj-2023:5.2.4")
    ins.update(
        result="fail", method="mystery_visit", staff_id=clerk, note="暗访发现窗口人员未佩戴工作标识、服务胸牌"
    )
    b.plant(
        "db23-hlj-2023/inspection-failed",
        "db23-hlj-2023:5.2.4",
        "inspection",
        ins["id"],
        "暗访：未佩戴工作胸牌",
    )

    ins = _inspection(b, "gdzw-0020-2019:5.1.4.e")
    ins.update(result="fail", method="recording_review", staff_id=clerk, evidence_ref="录音 W-01 某日 10:42")
    ins["note"] = "调阅录音：对服务对象态度冷漠，服务对象当场不满"
    b.plant(
        "gdzw-0020-2019/inspection-failed",
        "gdzw-0020-2019:5.1.4.e",
        "inspection",
        ins["id"],
        "录音审查：态度冷漠",
    )

    ins = _inspection(b, "dongguan-hall-2023:4.2-s2")
    ins.update(result="fail", note="现场检查：大厅位置偏僻、公共交通不便，不便于群众办事")
    b.plant(
        "dongguan-hall-2023/inspection-failed-recommended",
        "dongguan-hall-2023:4.2-s2",
        "inspection",
        ins["id"],
        "宜：大厅选址不便于群众办事",
    )

    stale = next(i for i in b.tables["inspections"] if i["clause"].startswith("hangzhou-zuiduo-paoyici:"))
    stale["date"] = (b.as_of - timedelta(days=120)).isoformat()
    b.plant(
        "hangzhou-zuiduo-paoyici/inspection-due",
        stale["clause"],
        "hall",
        b.hall["id"],
        "该条款上次检查已超过92天",
    )
