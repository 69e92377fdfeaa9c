"""What one connection may cost the core before its request reaches the app: the size and the
number of a request's header fields, and the time the request takes to arrive."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, ClassVar

import httptools
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from queue_core.api.errors import STATUS_BY_CODE, error_body
from queue_core.api.headers import HEADERS

MAX_HEAD_BYTES = 16 * 1024
"""A request's line and header fields together (h11's default): the core's own clients send
well under 2 KiB. httptools sets no limit of its own, and kept a 40 MB header in memory."""
MAX_HEADER_FIELDS = 100
"""Header fields in one request (Apache's and gunicorn's default); a browser sends about 15."""
REQUEST_SECONDS = 10.0
"""How long a request may take to arrive whole, head and body (at most 64 KiB), from the
connection or, on a kept connection, from its first byte: a client on the LAN sends one in
milliseconds. A connection that sends nothing at all is closed after as long."""
MAX_WS_MESSAGE_BYTES = 4096
"""A WebSocket message a subscriber sends: it is ignored anyway (only control frames matter)."""


@dataclass(frozen=True)
class RequestLimits:
    head_bytes: int = MAX_HEAD_BYTES
    header_fields: int = MAX_HEADER_FIELDS
    seconds: float = REQUEST_SECONDS


DEFAULT_LIMITS = RequestLimits()


class _OverLimit(Exception):
    """Raised from the parser's callback: it stops parsing there (httptools then raises
    HttpParserCallbackError from ``feed_data``)."""


class LimitedHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol, which holds a request's head to ``limits`` and the whole
    request to its deadline.

    A head over its size or its count of fields is answered 431 (``headers_too_large``) and the
    connection closed as soon as it is seen: httptools keeps a header's bytes until the header
    ends, so they are counted as they come, each read at once, not when the parser hands the
    header over. A request not whole by its deadline is answered 408 (``request_timeout``) while
    its head was still coming, or its connection closed (the app sees a disconnect) while its
    body was; a connection that sent nothing is closed without a word.
    """

    limits: ClassVar[RequestLimits] = RequestLimits()

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._began = False
        """A request has begun to arrive and is not yet whole."""
        self._in_head = False
        self._began_in_read = False
        """The request began in the read being parsed: that read's earlier bytes were another's."""
        self._head_read = 0
        """Bytes of the head in the reads before this one, which all belonged to it."""
        self._head_parsed = 0
        """Bytes of the head the parser has handed over (the line and each field once whole)."""
        self._fields = 0
        self._refusal: tuple[str, str] | None = None
        """Why the head is refused (code, message), set where the parser found it."""
        self._closed = False
        self._deadline: asyncio.TimerHandle | None = None

    # --- the connection -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()  # the first request is due from now: a silent connection is closed too

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """uvicorn's, with the head counted and a limit's refusal answered as such."""
        if self._closed:
            return  # refused or timed out: what the client still sends is dropped
        self._unset_keepalive_if_required()
        self._began_in_read = False
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            if self._refusal is not None:
                self._answer(*self._refusal)
                return
            self._closed = True
            msg = "Invalid HTTP request received."
            self.logger.warning(msg)
            self.send_400_response(msg)
            return
        if self._began and self._in_head:
            # The head goes on in the next read, and its bytes are still held by httptools: the
            # whole read counts (but for the bytes of a request before it, in the read where
            # this one began: there only what was handed over counts).
            if self._began_in_read:
                self._head_read = self._head_parsed
            else:
                self._head_read += len(data)
            if self._head_read > self.limits.head_bytes:
                self._answer(*self._too_large())

    def handle_websocket_upgrade(self) -> None:
        self._disarm()  # the WebSocket protocol takes the connection: its pings watch it
        self._began = False
        super().handle_websocket_upgrade()

    # --- the parser's callbacks -----------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._began = self._in_head = self._began_in_read = True
        self._head_read = self._head_parsed = self._fields = 0
        if self._deadline is None:  # a kept connection's next request
            self._arm()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._fields += 1
        if self._fields > self.limits.header_fields:
            self._refusal = (
                "headers_too_large",
                f"A request has at most {self.limits.header_fields} header fields.",
            )
            raise _OverLimit
        self._count(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._began = False
        self._disarm()  # the next request's time starts at its first byte

    def _count(self, size: int) -> None:
        """A field handed over whole may have begun in an earlier read, counted there too: the
        head is at least the larger of the two counts, and so held to the limit."""
        self._head_parsed += size
        if max(self._head_parsed, self._head_read) > self.limits.head_bytes:
            self._refusal = self._too_large()
            raise _OverLimit

    def _too_large(self) -> tuple[str, str]:
        return (
            "headers_too_large",
            f"A request's line and header fields are at most {self.limits.head_bytes} bytes.",
        )

    # --- the deadline ---------------------------------------------------------------------

    def _arm(self) -> None:
        self._deadline = self.loop.call_later(self.limits.seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self._closed or self.transport.is_closing():
            return
        if self._began and self._in_head:
            self._answer(
                "request_timeout",
                f"The request did not arrive within {self.limits.seconds:g} seconds.",
            )
            return
        self._closed = True
        self.transport.close()  # nothing came, or a body is late: the app hears a disconnect

    def _answer(self, code: str, message: str) -> None:
        """The contract's error, with the headers every answer carries; then the end."""
        self._closed = True
        self._disarm()
        status = STATUS_BY_CODE[code]
        body = json.dumps(error_body(code, message)).encode()
        head = [STATUS_LINE[status]]
        fields = [
            *self.server_state.default_headers,
            *HEADERS,
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        head += [name + b": " + value + b"\r\n" for name, value in fields]
        self.transport.write(b"".join([*head, b"\r\n", body]))
        self.transport.close()


def limited_http(limits: RequestLimits) -> type[LimitedHttp]:
    """The protocol class for uvicorn's ``http``, holding requests to ``limits``."""

    class Limited(LimitedHttp):
        pass

    Limited.limits = limits
    return Limited
