"""Planted violations of haochaping-2019 (国办发〔2019〕51号, 好差评) in the example hall.

Each starts from NEW exemplary ratings (``ExampleBuilder.clean_evaluation``) and breaks one aspect; the
manifest gets a row for every haochaping-2019 rule that fires on the broken record.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from govhall.example.builder import ExampleBuilder, iso, parse_dt

__all__ = ["plant"]

H = "haochaping-2019"


def plant(b: ExampleBuilder) -> None:
    """Plant one violation of every haochaping-2019 rule into ``b``."""
    rng = b.rng(f"plant.{H}")

    # 一次一评: an on-site visit rated twice on the window's device (the second rating 2 minutes later).
    first = b.clean_evaluation(rng=rng, level="satisfied")
    again = b.clean_evaluation(
        application=b.get("applications", first["application_id"]), rng=rng, level="very_satisfied"
    )
    b.plant(f"{H}/one-rating-per-visit", f"{H}:一次一评", "evaluation", again["id"], "同一次现场服务评价两次")
    # gdzw-0020-2019 5.9.2 (不可虚假评价) also reads a repeated rating of one visit as a breach.
    b.plant(
        "gdzw-0020-2019/evaluation-integrity",
        "gdzw-0020-2019:5.9.2",
        "evaluation",
        again["id"],
        "同一次现场服务重复评价",
    )

    # 一事一评: an online case rated twice.
    app = b.clean_application(channel="online", rng=rng)
    first = b.clean_evaluation(application=app, rng=rng, level="satisfied")
    again = b.clean_evaluation(
        application=app, rng=rng, level="satisfied", at=iso(parse_dt(first["at"]) + timedelta(minutes=30))
    )
    b.plant(f"{H}/one-rating-per-case", f"{H}:一事一评", "evaluation", again["id"], "同一网上办件评价两次")
    b.plant(
        "gdzw-0020-2019/evaluation-integrity",
        "gdzw-0020-2019:5.9.2",
        "evaluation",
        again["id"],
        "同一办件重复评价",
    )

    # 差评回访: a named 非常不满意 rating never visited back (it was fixed in time).
    ev = b.clean_evaluation(rng=rng, level="very_dissatisfied")
    ev.pop("return_visit_at", None)
    b.plant(f"{H}/bad-rating-return-visit", f"{H}:差评回访", "evaluation", ev["id"], "实名差评未回访核实")

    # 差评整改: a named 不满意 rating fixed 8 working days later (the local default is 5).
    ev = b.clean_evaluation(rng=rng, level="dissatisfied")
    at = parse_dt(ev["at"])
    ev["fixed_at"] = iso(datetime.combine(b.add_wd(at.date(), 8), time(10, 0)))
    b.plant(f"{H}/bad-rating-fixed", f"{H}:差评整改", "evaluation", ev["id"], "差评超过整改期限才整改")
