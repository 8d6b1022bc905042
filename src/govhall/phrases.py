"""Forbidden service phrases (hangzhou-zuiduo-paoyici 附录B 禁止用语) found in what staff said.

The seed's list::

    禁止用语
    清醒点，理智点。  那不是我的错。  这个，那个。  随便你。  不关我的事。  你必须这么做。

:func:`find_forbidden` looks for them in a transcript, robust to layout: both the text and the
phrases are normalised (:func:`normalise`: Unicode NFKC, so full-width letters and punctuation become
half-width, then every space, punctuation mark and symbol is dropped), so "清 醒 点", "清醒点！" and
"那不是我的错" written with full-width spaces all match. Each hit carries polite alternatives quoted
from the seed's own 常用标准服务用语 (``data/phrases/hangzhou-zuiduo-paoyici.yaml``, which cites the
附录B line each comes from). The pairing of an alternative with a forbidden phrase is govhall's
suggestion, not the standard's: the seed pairs none.

Two readings are arguments (the audit takes them from interpretations):

* ``split_imperatives`` (``hangzhou-zuiduo-paoyici.phrase-parts``): "清醒点，理智点" is two
  imperatives, each forbidden alone (default); "这个，那个" is looked for only as the pair, because
  "这个" alone is an ordinary word.
* ``skip_applicant_lines`` (``hangzhou-zuiduo-paoyici.transcript-speakers``): a line labelled as the
  applicant's ("服务对象：", "群众：", "办事人：", "来电人：", "来访人：", "申请人：") is not the staff's
  speech and is skipped (default); unlabelled lines count as the staff's.

>>> [h.phrase for h in find_forbidden("工作人员：这 不 关 我 的 事，你去别处问。")]
['不关我的事']
>>> find_forbidden("服务对象：那不是我的错！")   # the applicant said it
[]
>>> find_forbidden("工作人员：请问您是要办理营业执照吗？请稍等。")
[]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from govhall._yamlio import load_packaged

__all__ = [
    "APPLICANT_LABELS",
    "PhraseHit",
    "find_forbidden",
    "forbidden_phrases",
    "normalise",
    "polite_phrases",
]

#: speaker labels that mark a transcript line as the applicant's
APPLICANT_LABELS = ("服务对象", "群众", "办事人", "来电人", "来访人", "申请人", "applicant")
_LABEL = re.compile(r"^\s*([^:：]{1,12})[:：]")


class _LettersAndNumbers(dict[int, "str | None"]):
    """``str.translate``'s table keeping letters and numbers and dropping every other character; each
    character's Unicode category is looked up the first time it is met (a transcript's lines repeat
    the same few thousand characters) and remembered, up to :data:`_TABLE_MAX` characters (a hostile
    text cannot grow it without bound)."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        kept = ch if unicodedata.category(ch)[0] in "LN" else None
        if len(self) < _TABLE_MAX:
            self[code] = kept
        return kept


_TABLE_MAX = 20_000


_KEEP_LN = _LettersAndNumbers()


#: the characters of Chinese text that NFKC changes (the full-width forms of ASCII, U+FF01-U+FF5E:
#: ，：？！…; the ideographic space; the ellipsis …), each with its compatibility decomposition
_WIDE = {chr(c): unicodedata.normalize("NFKD", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000, 0x2026)}
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000\u2026]")


def _decomposed(match: re.Match[str]) -> str:
    return _WIDE[match.group()]


def normalise(text: str) -> str:
    """``text`` in NFKC with every space, punctuation mark and symbol removed (letters lower-cased).

    The full-width punctuation of Chinese text is replaced by its compatibility decomposition first
    (:data:`_WIDE`). That changes nothing of the NFKC form (NFKC decomposes every character so before
    it composes), and what is left of a transcript line is then already in NFKC, which
    ``unicodedata.normalize`` tells in one quick pass instead of decomposing and composing the whole
    text again (the forbidden-phrase rule normalises every transcript of a hall).
    """
    return unicodedata.normalize("NFKC", _WIDE_RE.sub(_decomposed, text)).translate(_KEEP_LN).lower()


@dataclass(frozen=True)
class PhraseHit:
    """One forbidden phrase found: the list item (clause), the piece matched, the line, suggestions."""

    clause: str
    phrase: str
    matched: str
    line: str
    line_no: int
    alternatives: tuple[dict[str, str], ...] = field(default_factory=tuple)
    why: str = ""

    def evidence(self) -> dict[str, Any]:
        """A plain dict for a finding's evidence."""
        return {
            "phrase": self.phrase,
            "matched": self.matched,
            "line": self.line,
            "line_no": self.line_no,
            "suggested_alternatives": [dict(a) for a in self.alternatives],
            "suggestion_note": "govhall's suggestion from 附录B 常用标准服务用语; the standard pairs no alternative",
        }


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = (
        resources.files("govhall")
        .joinpath("data/phrases/hangzhou-zuiduo-paoyici.yaml")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = load_packaged(text)  # govhall's own file: the C loader when there is one
    return data


def forbidden_phrases() -> list[dict[str, Any]]:
    """The six forbidden list items with their clause, parts, reason and suggested alternatives."""
    return [dict(x) for x in _data()["forbidden"]]


def polite_phrases() -> dict[str, list[str]]:
    """The seed's 常用标准服务用语 by kind (问候语 … 指示语), split at "/"."""
    return {k: list(v) for k, v in _data()["polite"].items()}


def _is_applicant_line(line: str) -> bool:
    m = _LABEL.match(line)
    return m is not None and m.group(1).strip().lower() in APPLICANT_LABELS


@lru_cache(maxsize=2)
def _pieces(split_imperatives: bool) -> list[tuple[dict[str, Any], list[tuple[str, str]]]]:
    """The list items with the pieces looked for and their normalised forms, worked out once per reading
    (an audit asks for every transcript; the list does not change)."""
    items = []
    for item in _data()["forbidden"]:
        pieces = item["parts"] if split_imperatives else [item["phrase"]]
        items.append((item, [(p, normalise(p)) for p in pieces]))
    return items


def find_forbidden(
    text: str, *, split_imperatives: bool = True, skip_applicant_lines: bool = True
) -> list[PhraseHit]:
    """The forbidden phrases in ``text``, one hit per list item per line, in line order.

    See the module documentation for the normalisation and the two readings.
    """
    items = _pieces(split_imperatives)
    hits: list[PhraseHit] = []
    # the whole text normalised at once holds each line's normalised text (a line break is dropped, and
    # NFKC composes nothing across one), so a text in which no piece occurs has no line in which one
    # does: most transcripts have none, and are normalised once instead of line by line. A piece met
    # across two lines only sends the text on to the reading line by line, which decides
    whole = normalise(text)
    if not any(norm and norm in whole for _item, pieces in items for _piece, norm in pieces):
        return hits
    for no, line in enumerate(text.splitlines() or [text], start=1):
        if skip_applicant_lines and _is_applicant_line(line):
            continue
        flat = normalise(line)
        if not flat:
            continue
        for item, pieces in items:
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
