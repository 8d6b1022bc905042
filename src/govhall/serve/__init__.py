"""``govhall serve``: the HTTP API for front ends in any language (DESIGN, "HTTP service").

Needs the ``serve`` extra (``pip install govhall[serve]``: FastAPI and uvicorn)::

    from govhall.serve import Settings, create_app
    app = create_app(Settings(tokens_file="tokens.txt"))      # an ASGI app; uvicorn runs it

The tokens file, the scopes and the problem types are described in ``docs/serve.md``,
:mod:`govhall.serve.tokens` and :mod:`govhall.serve.problems`. The token and settings modules do
not need the extra; :func:`create_app` raises :class:`~govhall.errors.ExtraMissingError` without it.
"""

from __future__ import annotations

from typing import Any

from govhall.errors import ExtraMissingError
from govhall.serve.settings import DEFAULT_MAX_BODY, Settings, is_loopback
from govhall.serve.tokens import SCOPES, Principal, TokenTable, hash_token, load_tokens, new_token, token_line

__all__ = [
    "DEFAULT_MAX_BODY",
    "INSTALL_HINT",
    "SCOPES",
    "Principal",
    "Settings",
    "TokenTable",
    "create_app",
    "extra_missing",
    "hash_token",
    "is_loopback",
    "load_tokens",
    "new_token",
    "token_line",
]

INSTALL_HINT = "govhall serve needs the serve extra: pip install govhall[serve]"


def extra_missing() -> str | None:
    """The name of the first missing module of the ``serve`` extra, or None when it is installed."""
    import importlib.util

    for name in ("fastapi", "uvicorn"):
        if importlib.util.find_spec(name) is None:
            return name
    return None


def create_app(settings: Settings | None = None) -> Any:
    """The FastAPI application (see :mod:`govhall.serve.app`)."""
    missing = extra_missing()
    if missing:
        raise ExtraMissingError(f"{INSTALL_HINT} ({missing} is not installed)", module=missing)
    from govhall.serve.app import create_app as _create

    return _create(settings)
