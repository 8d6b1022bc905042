"""How a ``govhall serve`` instance runs (no FastAPI import here, so the CLI can check it cheaply)."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_MAX_BODY", "MAX_MAX_BODY", "MAX_TICK_SECONDS", "MIN_TICK_SECONDS", "Settings", "is_loopback",
    "settings_problem",
]  # fmt: skip

#: request bodies over this many bytes get 413 (``--max-body``)
DEFAULT_MAX_BODY = 20 * 1024 * 1024
#: the largest ``--max-body`` (2 GiB): a body is held in memory while it is read
MAX_MAX_BODY = 1 << 31
#: ``--tick``: 0 (time is judged only when a caller asks, as tests do), else from a second to a day; a
#: shorter tick only spins (the time-driven rules count minutes at the finest), a longer one misses 黄牌
MIN_TICK_SECONDS = 1.0
MAX_TICK_SECONDS = 86_400.0
#: a CORS origin as a browser sends it (RFC 6454): scheme://host[:port], lower case
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://(?:[a-z0-9._~-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?\Z")
#: a root path: one / before each segment; no space, control character, ? or # (an IRI's path: /政务 too)
_ROOT_PATH = re.compile(r"(?:/[^\s/?#\x00-\x1f\x7f-\x9f]+)+\Z")


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    """Everything :func:`govhall.serve.create_app` needs.

    ``tokens_file`` (or ``tokens``, an already loaded :class:`~govhall.serve.tokens.TokenTable`):
    without either the service is read-only and must listen on loopback (``host``). ``state``: the
    live supervisor's saved state (kept in memory without it). ``tick_seconds``: how often the
    supervisor judges the time-driven rules (0 = only when told, for tests). ``clock``: the live
    supervisor's clock (default: the system clock; tests inject a simulated one). ``root_path``: the
    path prefix a reverse proxy serves the API under; ``govhall serve`` gives it to uvicorn (its
    ``root_path``), which is how FastAPI wants it set (its own ``root_path`` argument is deprecated).
    Serving :func:`~govhall.serve.create_app`'s app with another server, set that server's root path
    (``TestClient(app, root_path=settings.root_path)`` in a test).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    tokens_file: Path | None = None
    tokens: Any = None
    state: Path | None = None
    max_body: int = DEFAULT_MAX_BODY
    cors_origins: tuple[str, ...] = ()
    tick_seconds: float = 60.0
    live_engine: str = "durable"
    profile: Path | None = None
    clock: Callable[[], datetime] | None = None
    root_path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def settings_problem(settings: Settings) -> str | None:
    """What makes ``settings`` unusable, naming the setting (None when nothing does): a tick that is not
    a number, infinite, negative or out of range (a NaN or negative tick silently turned live
    supervision off, an infinite one ticked once), or a body limit out of range."""
    tick = settings.tick_seconds
    if isinstance(tick, bool) or not isinstance(tick, (int, float)):
        return f"tick_seconds: expected a number of seconds, not {tick!r}"
    if math.isnan(tick):
        return "tick_seconds: NaN is not a number"
    if tick != 0 and not MIN_TICK_SECONDS <= tick <= MAX_TICK_SECONDS:
        return (
            f"tick_seconds: expected 0 (judge time only when asked) or from {MIN_TICK_SECONDS:g} to "
            f"{MAX_TICK_SECONDS:g} seconds (a day), not {tick:g}"
        )
    body = settings.max_body
    if isinstance(body, bool) or not isinstance(body, int) or not 1 <= body <= MAX_MAX_BODY:
        return f"max_body: expected a number of bytes from 1 to {MAX_MAX_BODY} (2 GiB), not {body!r}"
    for origin in settings.cors_origins if isinstance(settings.cors_origins, (tuple, list)) else [None]:
        if origin != "*" and not (isinstance(origin, str) and _ORIGIN.match(origin)):
            # a browser sends its Origin as scheme://host[:port] in lower case: "https://x.example/" or
            # "x.example" matched no request, and CORS stayed off without a word
            return (
                "cors_origins: expected an origin such as https://hall.example.gov.cn (scheme://host[:port], "
                f"lower case, no path, not even a / at the end) or *, not {origin!r}"
            )
    root = settings.root_path
    if not isinstance(root, str) or (root and not _ROOT_PATH.match(root)):
        # "govhall" made the contract's servers a relative URL, "//x" one on the host x, "/a b" or a
        # line end a URL no client can use
        return (
            "root_path: expected a path prefix such as /govhall (a / before each segment; no space, "
            f"control character, ?, #, // or / at the end), not {root!r}"
        )
    return None
