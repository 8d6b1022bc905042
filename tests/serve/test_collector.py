"""The service parses a request body with the cyclic collector off (``govhall.serve.app._parsed``):
the collector is on again after every request, refused ones included, and a process answering
audits one after another leaves no reference cycle for good (``govhall._collector``)."""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any

import pytest
from fastapi.testclient import TestClient

from govhall import _collector

from .conftest import bearer


@pytest.mark.parametrize(
    "body",
    [None, b'{"items": [], "items": []}', b'{"items": [', "\u4e00".encode("utf-16")],
    ids=["dataset", "key-twice", "not-json", "not-utf8"],
)
def test_the_collector_is_on_after_a_request_body_answered_or_refused(
    client: TestClient, example_doc: dict[str, Any], body: bytes | None
) -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    content = json.dumps(example_doc).encode() if body is None else body
    r = client.post(
        "/v1/audit", content=content, headers={**bearer("reader"), "content-type": "application/json"}
    )
    assert (r.status_code == 200) == (body is None), r.text
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_audits_one_after_another_leave_no_cycle_for_good(
    client: TestClient, example_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cycle in the oldest generation (where each request's parse, load and audit put what the
    young generations hold, zeroing the collector's counts) is freed by a later request's owed full
    collection, with nobody calling ``gc.collect()`` (the floor lowered so a few example requests owe
    one; a request of the example moves ~15k objects)."""
    monkeypatch.setattr(_collector, "OWED_FLOOR", 30_000)
    monkeypatch.setattr(_collector, "OWED_FACTOR", 0)

    class Node:
        other: object = None

    freed: list[bool] = []
    gc.disable()
    a, b = Node(), Node()
    a.other, b.other = b, a
    weakref.finalize(a, freed.append, True)
    del a, b
    _collector.to_oldest_generation()
    gc.enable()
    content = json.dumps(example_doc).encode()
    for _ in range(12):
        r = client.post(
            "/v1/audit", content=content, headers={**bearer("reader"), "content-type": "application/json"}
        )
        assert r.status_code == 200
        if freed:
            break
    assert freed == [True]
