"""POST /v1/audit sends its report in chunks as ``write_report`` writes it (issue #10): the same bytes as
``render``, the headers a whole ``Response`` of those bytes has (Content-Length too), and an error
still a problem+json answer."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.responses import Response

import govhall
from govhall.reports import render
from govhall.serve.app import _MEDIA, _EncodedPieces, _PiecesResponse

from .conftest import bearer, make_client


def test_audit_report_is_render_with_a_whole_response_headers(example_doc: dict[str, Any]) -> None:
    report = govhall.audit(govhall.load_dataset(example_doc))
    with make_client() as c:
        for fmt in ("text", "md", "html", "json"):  # (JUnit and SARIF carry the rules' run times)
            r = c.post(f"/v1/audit?format={fmt}", json=example_doc, headers=bearer("reader"))
            assert r.status_code == 200, r.text
            text = render(report, fmt)
            assert len(text) > 1 << 16  # more than one chunk
            whole = text.encode("utf-8")
            assert r.content == whole, fmt
            expected = Response(whole, media_type=_MEDIA[fmt]).headers
            assert [(k, v) for k, v in r.headers.items() if k in expected] == list(expected.items())
        r = c.post("/v1/audit?format=pdf", json=example_doc, headers=bearer("reader"))
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


def test_chunks_are_sent_one_body_message_each() -> None:
    body = _EncodedPieces()
    for piece in ["报告", "x" * (1 << 16), "尾\n"]:
        body.write(piece)
    chunks = body.done()
    assert [len(c) for c in chunks] == [6 + (1 << 16), 4] and b"".join(chunks).decode() == "报告" + "x" * (
        1 << 16
    ) + "尾\n"
    messages: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    async def receive() -> dict[str, Any]:  # (never called: nothing is read)
        raise AssertionError

    response = _PiecesResponse(chunks, "text/plain; charset=utf-8")
    asyncio.run(response({"type": "http"}, receive, send))
    start, *bodies = messages
    assert dict(start["headers"])[b"content-length"] == str(sum(map(len, chunks))).encode()
    assert [(m["body"], m["more_body"]) for m in bodies] == [(chunks[0], True), (chunks[1], False)]
    empty: list[dict[str, Any]] = []

    async def send_empty(message: dict[str, Any]) -> None:
        empty.append(message)

    asyncio.run(_PiecesResponse([], "text/plain; charset=utf-8")({"type": "http"}, receive, send_empty))
    assert [(m.get("body"), m.get("more_body")) for m in empty[1:]] == [(b"", False)]
    assert dict(empty[0]["headers"])[b"content-length"] == b"0"
