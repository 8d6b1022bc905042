"""Fixtures for the HTTP service: an app per test (TestClient), tokens of each scope, the example hall
as one dataset document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra is part of the test extra")

from fastapi.testclient import TestClient  # noqa: E402

from govhall.example.build import example_dir  # noqa: E402
from govhall.live import SimulatedClock  # noqa: E402
from govhall.serve import Settings, TokenTable, create_app, token_line  # noqa: E402

#: one token per scope combination the tests need (the service sees only their hashes)
TOKENS: dict[str, tuple[str, str]] = {
    "reader": ("read", "tok-reader-0123456789abcdef-0001"),
    "writer": ("read,write", "tok-writer-0123456789abcdef-0002"),
    "writeonly": ("write", "tok-writeonly-0123456789abcdef-03"),
    "auditor": ("read,personal-data", "tok-auditor-0123456789abcdef-0004"),
}


def bearer(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who][1]}"}


def tokens_text() -> str:
    return (
        "\n".join(token_line(name, scopes.split(","), tok) for name, (scopes, tok) in TOKENS.items()) + "\n"
    )


def example_document() -> dict[str, Any]:
    """The example hall's folder as one dataset document (what POST /v1/audit takes)."""
    folder = Path(example_dir())
    doc: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".jsonl":
            doc[path.stem] = [
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line
            ]
        elif path.name == "hall.json":
            doc["hall"] = json.loads(path.read_text(encoding="utf-8"))
        elif path.name == "meta.json":
            meta = json.loads(path.read_text(encoding="utf-8"))
            doc.update({k: meta[k] for k in ("as_of", "name") if k in meta})
    return doc


@pytest.fixture(scope="session")
def example_doc() -> dict[str, Any]:
    return example_document()


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(datetime(2025, 9, 1, 9, 0))


def make_client(tokens: bool = True, clock: Any = None, **kw: Any) -> TestClient:
    table = TokenTable.parse(tokens_text(), "test-tokens") if tokens else None
    settings = Settings(tokens=table, tick_seconds=0, live_engine="plain", clock=clock, **kw)
    # the root path as govhall serve sets it: the server's (uvicorn's root_path), not the app's
    return TestClient(create_app(settings), raise_server_exceptions=False, root_path=settings.root_path)


@pytest.fixture
def client(clock: SimulatedClock) -> Iterator[TestClient]:
    with make_client(True, clock) as c:
        yield c


@pytest.fixture
def open_client(clock: SimulatedClock) -> Iterator[TestClient]:
    """A service started without a tokens file (read-only)."""
    with make_client(False, clock) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: Any) -> Iterator[str]:
    """``govhall serve`` really running on 127.0.0.1 (a subprocess) with the test tokens."""
    from .server import running_server

    tokens = tmp_path_factory.mktemp("serve") / "tokens.txt"
    tokens.write_text(tokens_text(), encoding="utf-8")
    with running_server(tokens) as base:
        yield base
