"""The HTTP/1.1 protocol ``govhall serve`` runs uvicorn with: uvicorn's own h11 protocol, except that a
request h11 cannot parse (a Content-Length that is no byte count, two different ones, a malformed
request line or header, headers too large) is answered with a ``400`` **problem+json** document, like
every other error of the service, instead of uvicorn's ``text/plain`` "Invalid HTTP request
received.". Such a request never reaches the application (h11 refuses it while reading the head),
so no middleware can answer it: the protocol must.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from govhall.errors import BadRequestError
from govhall.serve.problems import PROBLEM_MEDIA_TYPE, problem_body

__all__ = ["ProblemH11Protocol"]

#: the one answer to a request that cannot be parsed (never anything taken from the request)
_BODY = json.dumps(
    problem_body(BadRequestError("malformed HTTP request (request line, headers or Content-Length)")),
    ensure_ascii=True,
).encode("ascii")


class ProblemH11Protocol(H11Protocol):
    """uvicorn's h11 protocol answering an unparsable request with a 400 problem+json document."""

    def send_400_response(self, msg: str) -> None:  # noqa: D102 - see the class docstring
        headers = [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode("ascii")),
            (b"content-length", str(len(_BODY)).encode("ascii")),
            (b"connection", b"close"),
        ]
        try:
            self.transport.write(
                self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request"))
            )
            self.transport.write(self.conn.send(h11.Data(data=_BODY)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:  # h11 is past the point where it can send a response
            pass
        self.transport.close()
