"""find_forbidden first looks for the phrases in the whole text normalised at once and reads no line
when none is there; the hits must be those the reading line by line finds, whatever the text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.phrases import _KEEP_LN, PhraseHit, _is_applicant_line, _pieces, find_forbidden, normalise

FRAGMENTS = [
    "清醒点",
    "理智点",
    "那不是我的错",
    "这个，那个",
    "随便你",
    "不关我的事",
    "你必须这么做",
    "清 醒 点！",
    "不关我",
    "的事",
    "这个",
    "那个",
    "ｎａ",
    "请稍等",
    "工作人员：",
    "服务对象：",
    "群众:",
    "Σ",
    "é",
    "\u0301",
    " ",
    "，",
    "\n",
    "\r\n",
    "\u2028",
    "\x85",
    "\x0c",
]


def _by_line(text: str, split: bool, skip: bool) -> list[PhraseHit]:
    """find_forbidden as it read every line (no look at the whole text first)."""
    hits = []
    for no, line in enumerate(text.splitlines() or [text], start=1):
        if skip and _is_applicant_line(line):
            continue
        flat = normalise(line)
        if not flat:
            continue
        for item, pieces in _pieces(split):
            for piece, norm in pieces:
                if norm and norm in flat:
                    alts = tuple(
                        {"text": a["text"], "from": f"hangzhou-zuiduo-paoyici:{a['from']}"}
                        for a in item.get("alternatives", [])
                    )
                    hits.append(
                        PhraseHit(
                            f"hangzhou-zuiduo-paoyici:{item['clause']}",
                            item["phrase"],
                            piece,
                            line.strip(),
                            no,
                            alts,
                            item.get("why", ""),
                        )
                    )
                    break
    return hits


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14), st.booleans(), st.booleans())
def test_the_hits_are_those_found_line_by_line(parts: list[str], split: bool, skip: bool) -> None:
    text = "".join(parts)
    assert find_forbidden(text, split_imperatives=split, skip_applicant_lines=skip) == _by_line(
        text, split, skip
    )


#: what normalise must give: NFKC of the text as written, then letters and numbers only, lower-cased
def _plain_normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_KEEP_LN).lower()


WIDE_AND_COMBINING = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            "，：？！（）；“”…　．０９ＡＺａｚ＿～。、é\u0301\u0338\u0308\u3099ﾊﾟｶ가\u1100\u1161Å"
        ),
        st.characters(min_codepoint=0xFF00, max_codepoint=0xFF65),
        st.characters(max_codepoint=0x2FFFF, exclude_categories=("Cs",)),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(WIDE_AND_COMBINING)
def test_normalise_is_nfkc_then_letters_and_numbers(text: str) -> None:
    """Full-width forms replaced by their decomposition before NFKC: the same as NFKC of the text as
    written, also where a combining mark or a voicing mark follows one (it composes with nothing)."""
    assert normalise(text) == _plain_normalise(text)


def test_normalise_by_hand() -> None:
    assert normalise("清 醒 点！") == "清醒点"
    assert normalise("ＡＢＣ，ａｂｃ１２３…") == "abcabc123"
    assert normalise("Ｅ\u0301") == "é"  # a full-width E and a combining acute compose, as NFKC does
