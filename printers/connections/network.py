"""The network connection (raw TCP, "JetDirect" port 9100): tcp://192.168.1.50:9100."""

from __future__ import annotations

import contextlib
import socket

from printers.connections.base import (
    Connection,
    Deadline,
    PrintJob,
    send_failed,
    timed_out,
    unreachable,
)

__all__ = ["DEFAULT_PORT", "TcpConnection"]

DEFAULT_PORT = 9100
_CHUNK = 16384
# A modest send buffer: "sent" then means "the printer took it", not "queued in our kernel".
_SEND_BUFFER = 32768


class TcpConnection(Connection):
    """A printer on the LAN that takes raw ESC/POS on a TCP port."""

    def __init__(self, host: str, port: int = DEFAULT_PORT, *, can_ask: bool = True) -> None:
        self.host = host
        self.port = port
        self.can_ask = can_ask
        self._sock: socket.socket | None = None

    def describe(self) -> str:
        return f"tcp {self.host}:{self.port}"

    def open(self, deadline: Deadline) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=deadline.left())
        except TimeoutError as e:
            raise deadline.expired() from e
        except OSError as e:  # refused, no route, unknown host name
            raise unreachable(e) from e
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass  # a platform that refuses these still prints
        self._sock = sock

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise RuntimeError("TcpConnection used before open()")
        return self._sock

    def send(self, job: PrintJob, stall_timeout: float) -> None:
        sock = self._socket()
        view = memoryview(job.data)
        sent = 0
        sock.settimeout(stall_timeout)  # per send(): no progress for this long is a timeout
        try:
            while sent < len(view):
                sent += sock.send(view[sent : sent + _CHUNK])
        except TimeoutError as e:
            raise timed_out("err_send_timeout", stall_timeout) from e
        except OSError as e:
            raise send_failed(e) from e

    def ask(self, request: bytes, deadline: Deadline) -> int:
        sock = self._socket()
        self._discard_input(sock)
        try:
            sock.settimeout(deadline.left())
            sock.sendall(request)
            sock.settimeout(deadline.left())
            answer = sock.recv(1)
        except TimeoutError as e:
            raise deadline.expired() from e
        except OSError as e:
            raise unreachable(e) from e
        if not answer:
            raise unreachable("connection closed by the printer")
        return answer[0]

    @staticmethod
    def _discard_input(sock: socket.socket) -> None:
        """Drop bytes the printer sent unasked (automatic status), without waiting."""
        try:
            sock.setblocking(False)
            while sock.recv(4096):
                pass
        except OSError:
            pass
        finally:
            sock.setblocking(True)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)  # data first, then the end: the printer gets it all
        # unread input at close would reset the connection and could drop queued data
        self._discard_input(sock)
        sock.close()
