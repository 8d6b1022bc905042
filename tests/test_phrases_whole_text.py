"""find_forbidden first looks for the phrases in the whole text normalised at once and reads no line
when none is there; the hits must be those the reading line by line finds, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govhall.phrases import PhraseHit, _is_applicant_line, _pieces, find_forbidden, normalise

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
