"""Bearer tokens for ``govhall serve``: a file of token *hashes* with their scopes.

The tokens file is UTF-8 text, one token per line, ``#`` starting a comment::

    # NAME          SCOPES                 HASH
    hall-system     read,write             sha256:5f0c…(64 hex digits)
    dashboard       read                   sha256:…
    auditor         read,personal-data     sha256:…

* ``NAME`` names the client in the access log (the token itself is never logged); names are unique.
* ``SCOPES`` is a comma-separated subset of :data:`SCOPES`: ``read`` (every ``GET`` and the
  computing ``POST`` endpoints: screen, deadlines, audit, catalogue check), ``write`` (``POST
  /v1/live/events``), ``personal-data`` (names, phone and ID numbers unmasked in responses).
* ``HASH`` is ``sha256:`` and the SHA-256 of the token's UTF-8 bytes, in hex. The file never holds a
  token: a stolen file lets nobody in.

``govhall serve hash-token --name NAME --scopes read,write`` makes a new random token (256 bits from
:mod:`secrets`), prints it once on stderr for the client, and prints the line for the file on stdout.
Because the tokens are random and long, a plain SHA-256 is enough (no dictionary to try); a slow
password hash would only slow every request down.

A presented token is hashed and compared with *every* line with :func:`hmac.compare_digest`, so the
time taken does not tell how close a guess was, nor which line matched.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govhall.errors import TokenFileError, UndecodableInputError, UnreadableInputError

__all__ = [
    "HASH_PREFIX",
    "MIN_TOKEN_LENGTH",
    "SCOPES",
    "Principal",
    "TokenEntry",
    "TokenFileError",
    "TokenTable",
    "hash_token",
    "load_tokens",
    "new_token",
    "token_line",
]

#: the scopes a token may carry
SCOPES: tuple[str, ...] = ("read", "write", "personal-data")
#: how a hash is written in the file
HASH_PREFIX = "sha256:"
#: shorter tokens are refused by ``hash-token --stdin`` (too easy to guess)
MIN_TOKEN_LENGTH = 24

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_HEX_RE = re.compile(r"^[0-9a-f]{64}$")
#: a space other than a space or a tab (\r, a form feed, U+2028, a no-break space …) or a control character
_ODD_SPACE = re.compile(r"[^\S \t]|[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class TokenEntry:
    """One line of the tokens file."""

    name: str
    scopes: frozenset[str]
    digest: str  # 64 hex digits


@dataclass(frozen=True)
class Principal:
    """Who is calling: a token's name and scopes, or ``anonymous`` (no tokens file: ``read`` only)."""

    name: str
    scopes: frozenset[str]
    authenticated: bool

    def has(self, scope: str) -> bool:
        """Whether the caller holds ``scope``."""
        return scope in self.scopes


def hash_token(token: str) -> str:
    """The file form of ``token``'s hash: ``sha256:`` + 64 hex digits."""
    return HASH_PREFIX + hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A new random token (``gh_`` + 43 URL-safe characters, 256 bits)."""
    return "gh_" + secrets.token_urlsafe(32)


def _check_scopes(scopes: Iterable[str], where: str) -> frozenset[str]:
    out = frozenset(s.strip() for s in scopes if s.strip())
    unknown = sorted(out - set(SCOPES))
    if unknown:
        raise TokenFileError(f"{where}: unknown scope {unknown[0]!r} (known: {', '.join(SCOPES)})")
    if not out:
        raise TokenFileError(f"{where}: no scopes (give some of {', '.join(SCOPES)})")
    return out


def token_line(name: str, scopes: Iterable[str], token: str) -> str:
    """The tokens-file line for ``token`` (checks the name and scopes)."""
    if not _NAME_RE.match(name):
        raise TokenFileError(f"name {name!r}: use letters, digits, '.', '_', '@' or '-' (at most 64)")
    chosen = _check_scopes(scopes, "scopes")
    ordered = ",".join(s for s in SCOPES if s in chosen)
    return f"{name}\t{ordered}\t{hash_token(token)}"


class TokenTable:
    """The tokens a service accepts; :meth:`verify` finds a presented token in constant time."""

    def __init__(self, entries: Iterable[TokenEntry], source: str = "<memory>") -> None:
        self.entries: tuple[TokenEntry, ...] = tuple(entries)
        self.source = source

    def __len__(self) -> int:
        return len(self.entries)

    def verify(self, token: str) -> Principal | None:
        """The principal holding ``token``, or None. Every entry is compared, whatever matches."""
        presented = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
        found: TokenEntry | None = None
        for entry in self.entries:
            if hmac.compare_digest(presented, entry.digest) and found is None:
                found = entry
        if found is None:
            return None
        return Principal(found.name, found.scopes, True)

    @classmethod
    def parse(cls, text: str, source: str = "<tokens>") -> TokenTable:
        """Read the file format of the module docstring; a bad line raises :class:`TokenFileError`."""
        entries: list[TokenEntry] = []
        names: dict[str, int] = {}
        digests: dict[str, int] = {}
        # lines end at \n (or \r\n) only, as editors and `wc -l` count them: str.splitlines also ends one
        # at a form feed, U+2028 … and shifted every line number after it
        for n, raw in enumerate(text.split("\n"), 1):
            line = raw.removesuffix("\r").split("#", 1)[0].strip(" \t")
            if not line:
                continue
            where = f"{source} line {n}"
            odd = _ODD_SPACE.search(line)
            if odd is not None:
                raise TokenFileError(
                    f"{where}: holds the character U+{ord(odd.group()):04X} (fields are separated by spaces "
                    "or tabs, and a line holds no other space or control character)"
                )
            parts = line.split()
            if len(parts) != 3:
                raise TokenFileError(f"{where}: expected NAME SCOPES sha256:HEX, got {len(parts)} fields")
            name, scopes, digest = parts
            if not _NAME_RE.match(name):
                raise TokenFileError(f"{where}: bad name {name!r}")
            if name in names:
                raise TokenFileError(f"{where}: name {name!r} already used on line {names[name]}")
            if not digest.startswith(HASH_PREFIX) or not _HEX_RE.match(digest[len(HASH_PREFIX) :]):
                raise TokenFileError(
                    f"{where}: the hash must be sha256: and 64 lowercase hex digits "
                    "(the file holds hashes, never tokens; make lines with govhall serve hash-token)"
                )
            hexd = digest[len(HASH_PREFIX) :]
            if hexd in digests:
                raise TokenFileError(f"{where}: the same token hash is on line {digests[hexd]}")
            names[name] = n
            digests[hexd] = n
            entries.append(TokenEntry(name, _check_scopes(scopes.split(","), where), hexd))
        if not entries:
            raise TokenFileError(f"{source}: no tokens in the file")
        return cls(entries, source)


def load_tokens(path: str | os.PathLike[str]) -> TokenTable:
    """Read a tokens file; a missing or unreadable file raises :class:`~govhall.errors.UnreadableInputError`."""
    p = Path(path)
    from govhall._paths import MISSING, not_a_file

    problem = not_a_file(p)
    if problem not in (None, MISSING):  # a pipe waited for ever (the service never started)
        raise UnreadableInputError(f"tokens file {p}: {problem}", path=str(p))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise UnreadableInputError(f"tokens file {p}: cannot read ({why})", path=str(p)) from None
    try:
        text = raw.decode("utf-8-sig")  # no newline translation: a lone \r ends no line
    except UnicodeDecodeError as exc:  # it said "('utf-8' codec can't decode byte 0xff in position 0 …)"
        utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:64]
        raise UndecodableInputError(
            f"tokens file {p}: not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} does not "
            f"decode{' (a UTF-16 file, as Notepad saves Unicode?)' if utf16 else ''}; save it as UTF-8",
            path=str(p),
            offset=exc.start,
        ) from None
    return TokenTable.parse(text, str(p))
