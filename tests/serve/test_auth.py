"""Tokens, scopes and the read-only mode: no token, a wrong token, each scope; hashes only on disk."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import govhall.serve.tokens as tokens_module
from govhall.cli import app as cli_app
from govhall.errors import TokenFileError
from govhall.serve import TokenTable, hash_token, token_line

from .conftest import TOKENS, bearer, make_client, tokens_text

READ = "/v1/calendar/2025-10-11"
EVENT = {"table": "staff", "id": "S-1", "name": "李四", "role": "window_clerk", "phone": "13900001111"}


def test_no_token_and_wrong_token_are_401(client: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwYXNz"},
                    {"Authorization": f"Bearer {TOKENS['reader'][1]}x"}):  # fmt: skip
        r = client.get(READ, headers=headers)
        assert r.status_code == 401, headers
        assert r.json()["type"] == "/problems/unauthorized"
        assert r.headers["www-authenticate"].startswith("Bearer")
        r = client.post("/v1/live/events", json=EVENT, headers=headers)
        assert r.status_code == 401


def test_read_scope(client: Any) -> None:
    assert client.get(READ, headers=bearer("reader")).status_code == 200
    r = client.post("/v1/live/events", json=EVENT, headers=bearer("reader"))
    assert r.status_code == 403 and r.json()["type"] == "/problems/forbidden" and r.json()["scope"] == "write"


def test_write_scope(client: Any) -> None:
    r = client.post("/v1/live/events", json=EVENT, headers=bearer("writer"))
    assert r.status_code == 200 and r.json()["accepted"] == 1
    assert client.get(READ, headers=bearer("writer")).status_code == 200
    # write alone does not read
    assert client.post("/v1/live/events", json=EVENT, headers=bearer("writeonly")).status_code == 200
    assert client.get(READ, headers=bearer("writeonly")).status_code == 403


def test_screening_never_shows_phone_or_id_numbers_without_the_scope(client: Any) -> None:
    c = {"id": "C-3", "channel": "onsite", "received_at": "2025-09-30T10:00",
         "content": "请回电13912345678，身份证440102199001011234", "facts": {"staff_conduct": True}}  # fmt: skip
    masked = client.post("/v1/complaints/screen", json=c, headers=bearer("reader")).text
    clear = client.post("/v1/complaints/screen", json=c, headers=bearer("auditor"))
    # whatever the screening echoes, a phone or ID number only reaches a personal-data token
    assert "13912345678" not in masked and "440102199001011234" not in masked
    assert clear.status_code == 200 and clear.json()["id"] == "C-3"


def test_without_tokens_file_reads_only(open_client: Any) -> None:
    assert open_client.get("/health").json()["read_only"] is True
    assert open_client.get(READ).status_code == 200
    r = open_client.post("/v1/live/events", json=EVENT)
    assert r.status_code == 401 and "read-only" in r.json()["detail"]
    # a token sent to a service without a tokens file grants nothing more
    assert open_client.post("/v1/live/events", json=EVENT, headers=bearer("writer")).status_code == 401


def test_without_tokens_file_only_loopback() -> None:
    from govhall.errors import InputError
    from govhall.serve import Settings, create_app

    for host in ("127.0.0.1", "::1", "localhost"):
        create_app(Settings(host=host, tick_seconds=0))
    for host in ("0.0.0.0", "192.168.1.10", "::"):
        with pytest.raises(InputError, match="loopback"):
            create_app(Settings(host=host, tick_seconds=0))


def test_start_up_says_read_only(caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="govhall.serve"), make_client(False):
        pass
    assert "read-only" in caplog.text and "401" in caplog.text


def test_access_log_has_no_token_or_personal_data(client: Any, caplog: Any) -> None:
    with caplog.at_level(logging.INFO, logger="govhall.serve.access"):
        client.post("/v1/live/events", json=EVENT, headers=bearer("writer"))
        # a query parameter the route does not take is refused (docs/serve.md), and not logged either
        client.post("/v1/live/events?x=13900001111", json=EVENT, headers=bearer("writer"))
        client.get(READ, headers={"Authorization": "Bearer wrong-secret-token"})
    text = caplog.text
    assert "POST /v1/live/events 200" in text and "client=writer" in text
    assert "POST /v1/live/events 422" in text
    assert "GET /v1/calendar/{day} 401" in text
    for secret in (TOKENS["writer"][1], "wrong-secret-token", "13900001111", "李四"):
        assert secret not in text


# -- the tokens file ------------------------------------------------------------------------------------


def test_tokens_file_holds_hashes_only() -> None:
    text = tokens_text()
    for _, token in TOKENS.values():
        assert token not in text and hashlib.sha256(token.encode()).hexdigest() in text
    table = TokenTable.parse(text)
    who = table.verify(TOKENS["auditor"][1])
    assert who is not None and who.name == "auditor" and who.scopes == {"read", "personal-data"}
    assert table.verify("") is None and table.verify(TOKENS["auditor"][1].upper()) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a read sha256:" + "0" * 63, "64"),
        ("a read " + "f" * 64, "sha256:"),
        ("a read gh_plaintexttoken", "never tokens"),
        ("a admin sha256:" + "0" * 64, "unknown scope 'admin'"),
        ("a read sha256:" + "0" * 64 + "\na write sha256:" + "1" * 64, "already used on line 1"),
        ("a read sha256:" + "0" * 64 + "\nb write sha256:" + "0" * 64, "same token hash"),
        ("a read", "expected NAME SCOPES"),
        ("# only comments\n", "no tokens"),
    ],
)
def test_bad_tokens_files_name_the_line(text: str, words: str) -> None:
    with pytest.raises(TokenFileError, match="line|no tokens") as exc:
        TokenTable.parse(text, "tokens.txt")
    assert words in str(exc.value) and "tokens.txt" in str(exc.value)


GOOD_A = "a read sha256:" + "0" * 64
GOOD_B = "b read,write sha256:" + "1" * 64


@pytest.mark.parametrize("odd", ["\x0c", "\x0b", "\x1c", "\x1e", "\x85", "\u2028", "\u2029", "\r"])
def test_a_tokens_file_counts_lines_at_line_feeds_only(odd: str) -> None:
    """``str.splitlines`` ended a line at a form feed, U+2028 … too: inside a comment it made the rest of
    the comment a line of its own (refused as a token line), and every line after it was numbered one
    too far. Lines are what an editor counts; such a character outside a comment is named."""
    text = f"# tokens{odd}for the hall\n{GOOD_A}\n\na read\n"
    with pytest.raises(TokenFileError) as exc:
        TokenTable.parse(text, "tokens.txt")
    assert str(exc.value).startswith("tokens.txt line 4: expected NAME SCOPES"), str(exc.value)
    with pytest.raises(TokenFileError) as exc:
        TokenTable.parse(f"# tokens\n{GOOD_A}\nb{odd}read sha256:" + "1" * 64, "tokens.txt")
    assert str(exc.value).startswith(f"tokens.txt line 3: holds the character U+{ord(odd):04X}"), str(
        exc.value
    )
    # the comment holding it is still a comment, and the tokens around it are read
    table = TokenTable.parse(f"# tokens{odd}for the hall\n{GOOD_A}\n{GOOD_B}\n", "tokens.txt")
    assert [e.name for e in table.entries] == ["a", "b"]


def test_a_tokens_file_with_crlf_line_ends_reads_and_numbers_its_lines(tmp_path: Any) -> None:
    path = tmp_path / "tokens.txt"
    path.write_bytes(f"\ufeff# tokens\r\n{GOOD_A}\r\n{GOOD_B}\t\r\n".encode())
    table = tokens_module.load_tokens(path)
    assert [(e.name, sorted(e.scopes)) for e in table.entries] == [("a", ["read"]), ("b", ["read", "write"])]
    path.write_bytes(f"# tokens\r\n{GOOD_A}\r\nb read sha256:{'1' * 63}\r\n".encode())
    with pytest.raises(TokenFileError, match=r"tokens\.txt line 3: the hash must be"):
        tokens_module.load_tokens(path)


def test_every_entry_is_compared_in_constant_time(monkeypatch: Any) -> None:
    calls: list[int] = []
    real = hmac.compare_digest

    def counting(a: Any, b: Any) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(tokens_module.hmac, "compare_digest", counting)
    table = TokenTable.parse(tokens_text())
    for _, token in [*TOKENS.values(), ("", "not-a-token")]:
        calls.clear()
        table.verify(token)
        assert len(calls) == len(TOKENS)  # first match or none: every line is still compared


@settings(max_examples=50)
@given(st.text(min_size=1, max_size=80))
def test_only_the_exact_token_verifies(token: str) -> None:
    table = TokenTable.parse(token_line("x", ["read"], "the-one-right-token-0123456789"))
    assert (table.verify(token) is not None) == (token == "the-one-right-token-0123456789")


def test_hash_token_command_makes_a_usable_line(tmp_path: Any) -> None:
    runner = CliRunner()
    r = runner.invoke(cli_app, ["serve", "hash-token", "--name", "hall-1", "--scopes", "read,write"])
    assert r.exit_code == 0, r.output
    line = r.stdout.strip()
    token = r.stderr.strip().rsplit(" ", 1)[-1]
    assert token not in line and line.startswith("hall-1\tread,write\tsha256:")
    assert line.endswith(hash_token(token).split(":", 1)[1])
    who = TokenTable.parse(line).verify(token)
    assert who is not None and who.scopes == {"read", "write"}
    r = runner.invoke(cli_app, ["serve", "hash-token", "--name", "x", "--stdin"], input="short\n")
    assert r.exit_code == 2 and "at least" in r.stderr
    r = runner.invoke(cli_app, ["serve", "hash-token", "--name", "x", "--scopes", "root"])
    assert r.exit_code != 0


def test_serve_command_guards(tmp_path: Any, monkeypatch: Any) -> None:
    runner = CliRunner()
    r = runner.invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "loopback" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    bad = tmp_path / "tokens.txt"
    bad.write_text("a read nothash\n", encoding="utf-8")
    from govhall.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["serve", "--tokens", str(bad)])
    assert exc.value.code == 2
    import govhall.serve as serve_pkg

    monkeypatch.setattr(serve_pkg, "extra_missing", lambda: "fastapi")
    r = runner.invoke(cli_app, ["serve"])
    assert r.exit_code == 2 and "pip install govhall[serve]" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_tokens_file_from_settings_and_environment(tmp_path: Any, monkeypatch: Any, capsys: Any) -> None:
    from fastapi.testclient import TestClient

    from govhall.cli import main
    from govhall.serve import Settings, create_app

    good = tmp_path / "tokens.txt"
    good.write_text("# made by hash-token\n" + tokens_text(), encoding="utf-8")
    with TestClient(create_app(Settings(tokens_file=good, tick_seconds=0))) as c:
        assert c.get(READ).status_code == 401
        assert c.get(READ, headers=bearer("reader")).status_code == 200
    bad = tmp_path / "bad.txt"
    bad.write_text("dashboard read,admin sha256:" + "a" * 64 + "\n", encoding="utf-8")
    monkeypatch.setenv("GOVHALL_TOKENS_FILE", str(bad))
    with pytest.raises(SystemExit) as exc:
        main(["serve"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.txt line 1" in err[0] and "'admin'" in err[0]
