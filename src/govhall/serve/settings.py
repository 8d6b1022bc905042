"""How a ``govhall serve`` instance runs (no FastAPI import here, so the CLI can check it cheaply)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_MAX_BODY", "Settings", "is_loopback"]

#: request bodies over this many bytes get 413 (``--max-body``)
DEFAULT_MAX_BODY = 20 * 1024 * 1024


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
    supervisor's clock (default: the system clock; tests inject a simulated one).
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
