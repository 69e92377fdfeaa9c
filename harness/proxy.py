"""A cable that can be pulled: a TCP relay on 127.0.0.1 to a core, whose connections the
tests and the drill cut with a reset (no WebSocket close), as a pulled cable, a dead
switch or dropped Wi-Fi would; it also notes every handshake the core answered with a
5xx, which a board only logs and retries."""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct

__all__ = ["CuttableProxy"]

_CHUNK = 65536


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with an RST: the peer sees a broken connection, never a polite close."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class _Link:
    """One relayed connection: subscriber side and core side."""

    def __init__(self, down: asyncio.StreamWriter, up: asyncio.StreamWriter) -> None:
        self.down = down
        self.up = up
        self.cut = False

    def reset(self) -> None:
        self.cut = True
        _reset(self.down)
        _reset(self.up)


class CuttableProxy:
    """Listens on ``port`` and relays each connection to the core at ``upstream_port``."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = 0
        self.cuts = 0
        self.server_errors: list[str] = []
        self._links: set[_Link] = set()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def live(self) -> int:
        """Connections relayed now."""
        return sum(1 for link in self._links if not link.cut)

    async def start(self) -> CuttableProxy:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def cut(self, count: int | None = None, rng: random.Random | None = None) -> None:
        """Reset every live connection, or ``count`` of them chosen at random by ``rng``."""
        live = sorted((link for link in self._links if not link.cut), key=id)
        chosen = live if count is None else (rng or random).sample(live, min(count, len(live)))
        for link in chosen:
            link.reset()
        self.cuts += len(chosen)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for link in list(self._links):
            link.reset()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            _reset(writer)  # the core is down: the subscriber retries, as it would on a LAN
            return
        link = _Link(writer, up_writer)
        self._links.add(link)
        pumps = [
            asyncio.ensure_future(self._pump(reader, up_writer)),
            asyncio.ensure_future(self._answer(up_reader, writer)),
        ]
        for pump in pumps:
            self._tasks.add(pump)
        try:
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        finally:
            link.reset()
            for pump in pumps:
                pump.cancel()
            await asyncio.gather(*pumps, return_exceptions=True)
            self._tasks.difference_update(pumps)
            self._links.discard(link)

    async def _answer(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        """The core's side: its first bytes are the handshake's status line."""
        with contextlib.suppress(OSError):
            first = await source.read(_CHUNK)
            if first.startswith(b"HTTP/1.1 5"):
                self.server_errors.append(first.split(b"\r\n", 1)[0].decode("latin-1"))
            sink.write(first)
            await sink.drain()
        await self._pump(source, sink)

    @staticmethod
    async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await source.read(_CHUNK):
                sink.write(chunk)
                await sink.drain()
