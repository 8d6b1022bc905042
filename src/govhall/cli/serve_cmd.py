"""``govhall serve``: run the HTTP API; ``govhall serve hash-token``: make a token for its tokens file.

Without the ``serve`` extra, ``govhall serve`` exits 2 with one line naming ``pip install
govhall[serve]``. Without a tokens file (``--tokens`` or ``GOVHALL_TOKENS_FILE``) the service listens on
loopback only, serves the read endpoints and answers every write with 401; it says so at start-up,
and refuses a non-loopback ``--host``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from govhall.cli._common import UsageError, check_state_path, die, file_option_problem

__all__ = ["register"]

#: shown under ``govhall serve --help`` (what it returns, checked by hand: SIGINT ends it with 0 after
#: uvicorn's graceful shutdown; SIGTERM after the same shutdown ends it by the signal, as uvicorn
#: re-raises it; every refusal before listening is die(), exit 2)
SERVE_EXIT_CODES = (
    "Exit codes: 0 stopped by Ctrl-C (SIGINT) after a graceful shutdown; 2 bad usage or a start it cannot "
    "make (the serve extra missing, a tokens file, --profile or --state not usable, an address or port it "
    "cannot listen on), with one line on stderr. Stopped by SIGTERM (a service manager's stop) it shuts "
    "down as gracefully, then ends by that signal (143 in a shell), as uvicorn does."
)

#: what ``--log-level`` takes (logging's and uvicorn's level names)
_LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def _serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (loopback unless --tokens)"),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0: one the system chooses)"),
    tokens: Optional[Path] = typer.Option(  # noqa: UP045 - typer reads the annotation at runtime
        None,
        "--tokens",
        envvar="GOVHALL_TOKENS_FILE",
        metavar="FILE",
        help="tokens file (hashes and scopes; see govhall serve hash-token); env GOVHALL_TOKENS_FILE",
    ),  # fmt: skip
    state: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--state", metavar="PATH", help="the live supervisor's state (kept in memory without it)"
    ),
    max_body: int = typer.Option(
        20 * 1024 * 1024,
        "--max-body",
        min=1,
        max=1 << 31,
        metavar="BYTES",
        help="larger request bodies get 413",
    ),
    cors_origin: list[str] = typer.Option(
        [],
        "--cors-origin",
        metavar="ORIGIN",
        help="allow browser calls from ORIGIN (repeatable; off by default)",
    ),
    profile: Optional[Path] = typer.Option(  # noqa: UP045
        None, "--profile", metavar="FILE", help="hall profile (YAML): calendar, parameters, readings"
    ),
    tick: float = typer.Option(
        60.0,
        "--tick",
        metavar="SECONDS",
        help="how often live supervision judges time: 1 to 86400, or 0 (never)",
    ),
    root_path: str = typer.Option("", "--root-path", help="path prefix when served behind a reverse proxy"),
    log_level: str = typer.Option("info", "--log-level", help="debug, info, warning, error or critical"),
) -> None:
    """Serve the HTTP API (FastAPI on uvicorn): /health, /docs, /openapi.json and /v1/…"""
    if ctx.invoked_subcommand is not None:
        return
    import logging

    from govhall.serve import INSTALL_HINT, Settings, create_app, extra_missing, is_loopback, load_tokens
    from govhall.serve.settings import settings_problem

    if root_path.endswith("/"):  # "/govhall/", as an nginx location is written; "/" is no prefix
        root_path = root_path.rstrip("/")
    problem = settings_problem(
        Settings(tick_seconds=tick, max_body=max_body, root_path=root_path, cors_origins=tuple(cors_origin))
    )
    if problem is not None:  # the option's name, not the setting's
        die(
            problem.replace("tick_seconds:", "--tick:")
            .replace("max_body:", "--max-body:")
            .replace("root_path:", "--root-path:")
            .replace("cors_origins:", "--cors-origin:")
        )
    if (
        log_level.strip().lower() not in _LOG_LEVELS
    ):  # it was logging's "Unknown level: 'BOGUS'", no option named
        die(f"--log-level: expected {', '.join(_LOG_LEVELS[:-1])} or {_LOG_LEVELS[-1]}, not {log_level!r}")
    log_level = log_level.strip()

    if extra_missing():
        die(INSTALL_HINT)
    if tokens is None and not is_loopback(host):
        die(f"--host {host}: without a tokens file (--tokens) govhall serve listens on loopback only")
    if profile is not None and (problem := file_option_problem(profile, "--profile")):
        die(problem)
    try:
        new_state = check_state_path(state) if state is not None else False
    except UsageError as exc:
        die(str(exc))
    table = load_tokens(tokens) if tokens is not None else None
    port = _check_listen(host, port)  # port 0: the one the system chose ("http://…:0" named no port)
    import uvicorn

    logging.basicConfig(level=log_level.upper(), stream=sys.stderr, format="%(asctime)s %(name)s %(message)s")
    settings = Settings(
        host=host, port=port, tokens=table, state=state, max_body=max_body, cors_origins=tuple(cors_origin),
        tick_seconds=tick, profile=profile, root_path=root_path,
    )  # fmt: skip
    from govhall.errors import GovhallError

    try:
        app = create_app(settings)
        app.state.live.get()  # open the live state now: a locked or broken state stops the start-up
    except GovhallError as exc:
        die(str(exc))
    mode = (
        f"{len(table)} tokens from {tokens}" if table is not None
        else "no tokens file: loopback only, read-only; writes get 401"
    )  # fmt: skip
    if new_state:  # said once, so a path that starts afresh by mistake is seen at once
        sys.stderr.write(f"govhall serve: a new live state at {state} (no state was there)\n")
    # an IPv6 address is bracketed in a URL (RFC 3986 3.2.2): "http://::1:8000" was no address to open
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    sys.stderr.write(f"govhall serve: http://{shown}:{port} ({mode})\n")
    sys.stderr.flush()
    from govhall.serve.protocol import ProblemH11Protocol

    uvicorn.run(
        app, host=host, port=port, access_log=False, server_header=False, log_level=log_level.lower(),
        log_config=None, http=ProblemH11Protocol, root_path=settings.root_path,
    )  # fmt: skip


def _check_listen(host: str, port: int) -> int:
    """The port to listen on (for ``port`` 0, a free one the system chose); exit 2 with one line if
    ``host:port`` cannot be listened on (uvicorn would log several lines and exit 3, the code of a rule
    that raised)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        die(
            f"--host {host}: not an address this machine can listen on ({getattr(exc, 'strerror', None) or exc})"
        )
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            sock.bind(address)
            chosen: int = sock.getsockname()[1]
    except OSError as exc:
        die(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    return chosen


def _hash_token(
    name: str = typer.Option(..., "--name", help="who uses the token (shown in the access log)"),
    scopes: str = typer.Option("read", "--scopes", help="comma-separated: read, write, personal-data"),
    from_stdin: bool = typer.Option(
        False, "--stdin", help="hash a token read from stdin instead of making a new one"
    ),
) -> None:
    """Make a token: the line for the tokens file on stdout, the token itself (shown once) on stderr."""
    from govhall.serve.tokens import MIN_TOKEN_LENGTH, new_token, token_line

    if from_stdin:
        token = sys.stdin.readline().strip()
        if len(token) < MIN_TOKEN_LENGTH:
            die(f"--stdin: a token needs at least {MIN_TOKEN_LENGTH} characters")
    else:
        token = new_token()
    line = token_line(name, scopes.split(","), token)
    if not from_stdin:
        sys.stderr.write(f"token for {name} (give it to the client; it is not stored anywhere): {token}\n")
    sys.stdout.write(line + "\n")


def register(app: typer.Typer) -> None:
    """Add ``serve`` (and ``serve hash-token``) to the ``govhall`` app."""
    group = typer.Typer(
        name="serve", help="The HTTP API for front ends in any language.", invoke_without_command=True,
        epilog=SERVE_EXIT_CODES,
    )  # fmt: skip
    group.callback()(_serve)
    group.command("hash-token")(_hash_token)
    app.add_typer(group, name="serve")
