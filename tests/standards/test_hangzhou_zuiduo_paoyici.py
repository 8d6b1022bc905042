"""hangzhou-zuiduo-paoyici rules: per clause, a case that fires and one that does not; hypothesis
properties of the forbidden-phrase search (附录B 禁止用语).

Figures from the seed: at most one counted visit (术语和定义 最多跑一次); six data units per item
(软件设置); four devices (硬件设置); at least two complaint channels (多种渠道, parameter).
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govhall.loaders import load_dataset
from govhall.phrases import find_forbidden, forbidden_phrases, normalise, polite_phrases
from govhall.rules import Finding, audit

H = "hangzhou-zuiduo-paoyici"
SYSTEMS = [
    "training",
    "evaluation",
    "post_responsibility",
    "service_commitment",
    "one_time_notice",
    "full_agency",
    "first_inquiry",
    "time_limited",
    "ab_post",
    "openness",
    "accountability",
]
HALL = {
    "id": "H1",
    "name": "某某镇便民服务中心",
    "level": "镇",
    "systems": SYSTEMS,
    "equipment": ["query_device", "ticket_machine", "caller", "display", "evaluation_device"],
    "complaint_channels": ["device", "comment_card", "phone", "sms", "website", "hotline_12345"],
    "complaint_result_lookup": True,
}
ITEM = {
    "code": "I1",
    "name": "某许可",
    "type": "行政许可",
    "department": "D1",
    "legal_basis": ["某法第X条"],
    "acceptance_conditions": ["具备条件"],
    "materials": [{"name": "身份证", "main": True}],
    "procedure": ["受理", "审查", "决定"],
    "promised_limit": "5个工作日",
    "guide_full": True,
    "guide_simple": True,
    "guide_full_access": "浙江政务服务网查询下载",
}
STAFF = [
    {
        "id": "S1",
        "role": "window_clerk",
        "department": "D1",
        "windows": ["W1"],
        "trained_on": "2025-02-20",
        "on_duty_from": "2025-03-01",
    }
]
WINDOWS = [{"id": "W1", "kind": "comprehensive", "staff": ["S1"]}]


def clean() -> dict[str, Any]:
    return copy.deepcopy(
        {"hall": HALL, "items": [ITEM], "staff": STAFF, "windows": WINDOWS, "as_of": "2025-11-30"}
    )


def run(doc: dict[str, Any], rule_id: str, interpretations: dict[str, str] | None = None) -> list[Finding]:
    ds = load_dataset(doc)
    assert not ds.rejected, [r.reason for r in ds.rejected]
    report = audit(ds, standards=[H], interpretations=interpretations)
    assert not [n for n in report.notes if n.kind == "rule_error"], report.notes
    return [f for f in report.findings if f.rule_id == rule_id]


def test_the_clean_centre_is_silent_on_every_rule() -> None:
    report = audit(load_dataset(clean()), standards=[H])
    assert report.findings == [] and not report.notes


# -- 最多跑一次 ---------------------------------------------------------------------------------------


def application(*visits: dict[str, Any], **kw: Any) -> dict[str, Any]:
    evs = [{"kind": "visit", **v} for v in visits]
    return {
        "id": "A1",
        "item_code": "I1",
        "received_at": "2025-11-03T09:00",
        "channel": "onsite",
        "events": evs,
        **kw,
    }


def test_最多跑一次_a_second_trip_to_supplement_materials_fires_when_counted_with_the_visits_in_evidence() -> (
    None
):
    doc = clean()
    doc["applications"] = [application({"at": "2025-11-05T10:00", "purpose": "supplement"})]
    [f] = run(doc, "hangzhou-zuiduo-paoyici/at-most-one-visit", {f"{H}.correction-supplements": "count"})
    assert f.evidence["counted_visits"] == 2
    assert [(v["purpose"], v["counted"]) for v in f.evidence["visits"]] == [
        ("submission", True),
        ("supplement", True),
    ]


def test_最多跑一次_1_to_4_the_four_exceptions_do_not_count() -> None:
    doc = clean()
    doc["applications"] = [
        application(
            {"at": "2025-10-30T10:00", "purpose": "consultation"},
            {"at": "2025-11-05T10:00", "purpose": "supplement", "voluntary": True},
            {"at": "2025-11-06T10:00", "purpose": "negative_result"},
            {"at": "2025-11-07T10:00", "purpose": "pickup", "voluntary": True},
            rongque=True,
            meets_conditions=False,
        )
    ]
    assert run(doc, "hangzhou-zuiduo-paoyici/at-most-one-visit") == []


def test_最多跑一次_ordinary_supplements_follow_the_interpretation() -> None:
    doc = clean()
    doc["applications"] = [application({"at": "2025-11-05T10:00", "purpose": "supplement"})]
    # default: a trip while the materials were incomplete is outside 在申请材料齐全、符合法定受理条件时
    assert run(doc, "hangzhou-zuiduo-paoyici/at-most-one-visit") == []
    (f,) = run(doc, "hangzhou-zuiduo-paoyici/at-most-one-visit", {f"{H}.correction-supplements": "count"})
    assert f.subject.id == "A1"


# -- 附录B 禁止用语 ----------------------------------------------------------------------------------


def transcript(text: str) -> dict[str, Any]:
    return {"id": "T1", "at": "2025-11-03T09:00", "staff_id": "S1", "text": text}


def test_禁止用语_5_forbidden_phrase_fires_with_the_item_clause_and_suggestions() -> None:
    doc = clean()
    doc["transcripts"] = [transcript("工作人员：您好。\n工作人员：不关我的事，你去问别人。")]
    [f] = run(doc, "hangzhou-zuiduo-paoyici/forbidden-phrases")
    assert f.clauses == [f"{H}:附录B.常用标准服务用语.禁止用语.5"] and f.evidence["line_no"] == 2
    texts = [a["text"] for a in f.evidence["suggested_alternatives"]]
    assert "您反映的问题不属于XX职责范围，根据有关规定，应由XX部门负责，建议您到XX部门反映" in texts


def test_人员要求_1_3_the_applicant_s_words_are_not_the_staff_s() -> None:
    doc = clean()
    doc["transcripts"] = [transcript("服务对象：那不是我的错！\n工作人员：没有关系，请您把材料给我看一下。")]
    assert run(doc, "hangzhou-zuiduo-paoyici/forbidden-phrases") == []
    assert (
        len(run(doc, "hangzhou-zuiduo-paoyici/forbidden-phrases", {f"{H}.transcript-speakers": "whole_text"}))
        == 1
    )


def test_禁止用语_1_qingxingdian_alone_depends_on_the_reading() -> None:
    doc = clean()
    doc["transcripts"] = [transcript("工作人员：你清醒点！")]
    assert run(doc, "hangzhou-zuiduo-paoyici/forbidden-phrases")[0].clauses == [
        f"{H}:附录B.常用标准服务用语.禁止用语.1"
    ]
    assert run(doc, "hangzhou-zuiduo-paoyici/forbidden-phrases", {f"{H}.phrase-parts": "whole_items"}) == []


def test_禁止用语_3_zhege_alone_is_an_ordinary_word() -> None:
    assert find_forbidden("工作人员：这个材料需要复印一份。") == []
    assert [h.phrase for h in find_forbidden("工作人员：这个，那个，你自己看。")] == ["这个，那个"]


PHRASES = [item["phrase"] for item in forbidden_phrases()]
POLITE = [p for group in polite_phrases().values() for p in group]
_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def _widen(text: str) -> str:
    return "".join(_FULLWIDTH.get(ch, ch) for ch in text)


@given(phrase=st.sampled_from(PHRASES), data=st.data())
def test_detection_survives_inserted_spaces_and_width_variants(phrase: str, data: st.DataObject) -> None:
    fillers = st.sampled_from([" ", "\u3000", "，", ",", "、", "…", "！", "!", "\t", ""])
    chars = [ch + data.draw(fillers) for ch in phrase]
    mangled = "".join(chars)
    if data.draw(st.booleans()):
        mangled = _widen(mangled)
    prefix = data.draw(st.sampled_from(["", "工作人员：", "工作人员: ", "请您注意，"]))
    hits = find_forbidden(prefix + mangled)
    assert phrase in [h.phrase for h in hits]


@given(st.lists(st.sampled_from(POLITE), min_size=1, max_size=8), st.sampled_from(["", "。", "\n", " ", "/"]))
def test_the_seed_s_own_polite_phrases_never_fire(phrases: list[str], sep: str) -> None:
    assert find_forbidden(sep.join(phrases)) == []


@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_drops_spaces_and_punctuation(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert all(unicodedata.category(ch)[0] in "LN" for ch in once)


@given(st.text(max_size=40))
def test_normalise_keeps_exactly_the_letters_and_numbers_of_the_nfkc_text(text: str) -> None:
    nfkc = unicodedata.normalize("NFKC", text)
    assert normalise(text) == "".join(ch for ch in nfkc if unicodedata.category(ch)[0] in "LN").lower()


def test_normalise_by_hand() -> None:
    assert normalise("你好！ 请 稍等，ＡＢＣ１２３…") == "你好请稍等abc123"  # full-width forms folded by NFKC


# -- 工作要求 ---------------------------------------------------------------------------------------


def test_人员要求_3_training_after_going_on_duty() -> None:
    doc = clean()
    doc["staff"][0]["trained_on"] = "2025-03-05"
    assert len(run(doc, "hangzhou-zuiduo-paoyici/pre-duty-training")) == 1


def test_现场标识_2_2_leaving_the_window_without_the_pause_sign() -> None:
    doc = clean()
    rows = [("sign_in", "08:50", {}), ("leave", "10:00", {"approved": True}), ("return", "10:05", {})]
    doc["attendance"] = [
        {"id": f"AT{i}", "staff_id": "S1", "window_id": "W1", "kind": k, "at": f"2025-11-03T{t}", **kw}
        for i, (k, t, kw) in enumerate(rows)
    ]
    [f] = run(doc, "hangzhou-zuiduo-paoyici/pause-sign")
    assert (f.subject.kind, f.subject.id, f.evidence["approved"]) == ("attendance", "AT1", True)
    doc["attendance"][1]["pause_sign_shown"] = True
    assert run(doc, "hangzhou-zuiduo-paoyici/pause-sign") == []


def test_现场标识_2_2_leaving_while_a_colleague_stays_needs_no_sign() -> None:
    doc = clean()
    doc["staff"].append({"id": "S2", "role": "window_clerk", "windows": ["W1"]})
    doc["attendance"] = [
        {"staff_id": "S1", "window_id": "W1", "kind": "sign_in", "at": "2025-11-03T08:50"},
        {"staff_id": "S2", "window_id": "W1", "kind": "sign_in", "at": "2025-11-03T08:52"},
        {"staff_id": "S1", "window_id": "W1", "kind": "leave", "at": "2025-11-03T10:00"},
    ]
    assert run(doc, "hangzhou-zuiduo-paoyici/pause-sign") == []


def test_现场标识_4_centre_name_for_a_township() -> None:
    doc = clean()
    doc["hall"]["name"] = "某某镇政务服务中心"
    [f] = run(doc, "hangzhou-zuiduo-paoyici/centre-name")
    assert f.severity == "warning"
    doc["hall"]["level"] = "county"  # a county hall is not a 便民服务中心
    assert run(doc, "hangzhou-zuiduo-paoyici/centre-name") == []


def test_窗口设置_1_no_comprehensive_window_is_a_warning() -> None:
    doc = clean()
    doc["windows"][0]["kind"] = "specialist"
    assert run(doc, "hangzhou-zuiduo-paoyici/comprehensive-windows")[0].severity == "warning"


def test_硬件设置_3_1_hardware() -> None:
    doc = clean()
    doc["hall"]["equipment"] = ["查询设备", "取号机", "叫号机"]
    assert run(doc, "hangzhou-zuiduo-paoyici/hardware")[0].evidence["missing_equipment"] == ["display"]


def test_软件设置_1_an_item_without_a_completion_time_limit() -> None:
    doc = clean()
    doc["items"][0]["promised_limit"] = None
    [f] = run(doc, "hangzhou-zuiduo-paoyici/guide-elements")
    assert f.subject.kind == "item" and f.evidence["missing_elements"] == ["time_limit"]
    doc["items"][0]["statutory_limit"] = "20个工作日"
    assert run(doc, "hangzhou-zuiduo-paoyici/guide-elements") == []
    assert len(run(doc, "hangzhou-zuiduo-paoyici/guide-elements", {f"{H}.completion-limit": "promised"})) == 1


def test_软件设置_1_every_missing_unit_is_listed() -> None:
    doc = clean()
    doc["items"][0].update({"legal_basis": [], "acceptance_conditions": [], "materials": [], "procedure": []})
    assert run(doc, "hangzhou-zuiduo-paoyici/guide-elements")[0].evidence["missing_elements"] == [
        "legal_basis",
        "acceptance_conditions",
        "materials",
        "procedure",
    ]


def test_服务功能_4_1_and_4_3_full_and_short_guides_and_where_to_find_the_full_one() -> None:
    doc = clean()
    doc["items"][0]["guide_simple"] = None
    assert len(run(doc, "hangzhou-zuiduo-paoyici/guide-full-and-short")) == 1
    doc = clean()
    doc["items"][0]["guide_full_access"] = "  "
    assert len(run(doc, "hangzhou-zuiduo-paoyici/guide-full-access")) == 1
    doc["items"][0]["guide_simple"] = False
    assert run(doc, "hangzhou-zuiduo-paoyici/guide-full-access") == []  # no short guide: nothing to annotate


def test_服务功能_4_3_the_finding_shows_the_access_note_as_recorded() -> None:
    """A note given blank is recorded as "" (the loader strips it), one left out as None: the evidence shows
    which (it showed None for both before 2026-12, misstating a record that gives the field)."""
    doc = clean()
    doc["items"][0]["guide_full_access"] = " \u3000"
    (f,) = run(doc, "hangzhou-zuiduo-paoyici/guide-full-access")
    assert f.evidence == {"guide_full_access": ""}
    del doc["items"][0]["guide_full_access"]
    (f,) = run(doc, "hangzhou-zuiduo-paoyici/guide-full-access")
    assert f.evidence == {"guide_full_access": None}


def test_事项办理要求_5_2_an_extension_told_after_the_limit_ran_out() -> None:
    doc = clean()
    # 5 working days from Mon 2025-11-03 fall due Mon 11-10
    ext = {"kind": "extended", "at": "2025-11-10T16:00", "told_applicant": True, "limit": "5个工作日"}
    doc["applications"] = [
        {"id": "A1", "item_code": "I1", "received_at": "2025-11-03T09:00", "events": [ext]}
    ]
    assert run(doc, "hangzhou-zuiduo-paoyici/extension-told-in-advance") == []
    ext["at"] = "2025-11-11T09:00"
    assert run(doc, "hangzhou-zuiduo-paoyici/extension-told-in-advance")[0].evidence["due"] == "2025-11-10"
    ext.update({"at": "2025-11-05T09:00", "told_applicant": False})
    assert (
        run(doc, "hangzhou-zuiduo-paoyici/extension-told-in-advance")[0].message
        == "延长办理时限未告知服务对象"
    )


# -- 制度建设, 服务质量监督, 评价 -------------------------------------------------------------------------


def test_制度建设_1_and_2_management_systems_error_and_recommended_ones_warning() -> None:
    doc = clean()
    doc["hall"]["systems"] = [s for s in SYSTEMS if s not in ("ab_post", "evaluation")]
    warnings = run(doc, "hangzhou-zuiduo-paoyici/recommended-systems")
    # 评价制度 is required (评价依据, 应) and reported by evaluation-system, not here
    assert [f.evidence["missing_system"] for f in warnings] == ["ab_post"] and warnings[
        0
    ].severity == "warning"
    assert run(doc, "hangzhou-zuiduo-paoyici/management-systems") == []
    assert len(run(doc, "hangzhou-zuiduo-paoyici/evaluation-system")) == 1
    doc["hall"]["systems"] = []
    assert (
        len(run(doc, "hangzhou-zuiduo-paoyici/management-systems")) == 1
        and run(doc, "hangzhou-zuiduo-paoyici/recommended-systems") == []
    )


def test_渠道_1_at_least_two_complaint_channels() -> None:
    doc = clean()
    doc["hall"]["complaint_channels"] = ["onsite"]
    assert len(run(doc, "hangzhou-zuiduo-paoyici/complaint-channels")) == 1
    doc["hall"]["complaint_channels"] = ["onsite", "hotline_12345"]
    assert run(doc, "hangzhou-zuiduo-paoyici/complaint-channels") == []


def test_渠道_3_rating_device_is_a_warning() -> None:
    doc = clean()
    doc["hall"]["equipment"].remove("evaluation_device")
    assert run(doc, "hangzhou-zuiduo-paoyici/rating-device")[0].severity == "warning"


def test_6_1_2_1_a_complaint_needs_a_handler_and_an_answer() -> None:
    doc = clean()
    c = {
        "id": "C1",
        "channel": "onsite",
        "received_at": "2025-11-03T09:00",
        "accepted": True,
        "events": [
            {"kind": "answered", "at": "2025-11-04T09:00"},
            {"kind": "closed", "at": "2025-11-04T10:00"},
        ],
    }
    doc["complaints"] = [c]
    # no complaint of the dataset names a handler: who follows it is not recorded, not judged
    assert run(doc, "hangzhou-zuiduo-paoyici/complaint-handled") == []
    c["handler_staff"] = None  # recorded: nobody
    assert run(doc, "hangzhou-zuiduo-paoyici/complaint-handled")[0].message == "投诉未明确专人跟踪处置"
    c["handler_staff"] = "S1"
    assert run(doc, "hangzhou-zuiduo-paoyici/complaint-handled") == []
    c["events"] = c["events"][1:]
    assert run(doc, "hangzhou-zuiduo-paoyici/complaint-handled")[0].evidence["answered"] is False


def test_6_1_2_2_result_lookup_by_complaint_number() -> None:
    doc = clean()
    doc["hall"]["complaint_result_lookup"] = False
    assert len(run(doc, "hangzhou-zuiduo-paoyici/complaint-result-lookup")) == 1
    doc["hall"]["complaint_result_lookup"] = None
    assert run(doc, "hangzhou-zuiduo-paoyici/complaint-result-lookup") == []


def test_评价依据_1_evaluation_system_accepts_the_haochaping_system() -> None:
    doc = clean()
    doc["hall"]["systems"] = ["haochaping"]
    assert run(doc, "hangzhou-zuiduo-paoyici/evaluation-system") == []
