"""Real-part stand-ins for printers: a device on a pseudo-terminal and a TCP listener.

Each captures what it receives and answers DLE EOT status queries like a printer:
``answers`` maps n (1, 2, 4) to the status byte, or is None to never answer.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import time
import tty

# DLE EOT answers of an Epson-like printer
READY = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_LOW = {1: 0x12, 2: 0x12, 4: 0x1E}
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}
CUT = b"\x1dV"


def _is_query(chunk: bytes) -> bool:
    return len(chunk) == 3 and chunk[:2] == b"\x10\x04"


class _Device:
    """Shared part: the captured bytes, the queries seen, and waiting for them."""

    def __init__(self, answers: dict[int, int] | None) -> None:
        self.answers = answers
        self.received = bytearray()
        self.queries: list[int] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _take(self, chunk: bytes) -> bytes | None:
        """Record ``chunk``; the status byte to answer, if it was a query we answer."""
        with self._lock:
            if _is_query(chunk):
                self.queries.append(chunk[2])
                if self.answers is not None:
                    return bytes((self.answers[chunk[2]],))
                return None
            self.received.extend(chunk)
        return None

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def wait_for(self, marker: bytes, seconds: float = 10.0, count: int = 1) -> bytes:
        """The received bytes once ``marker`` is among them ``count`` times (or after
        ``seconds``: the test's assertions then say what is missing)."""
        end = time.monotonic() + seconds
        while self.data().count(marker) < count and time.monotonic() < end:
            time.sleep(0.01)
        return self.data()


class PtyPrinter(_Device):
    """A serial printer at the far end of a pseudo-terminal; ``path`` is its port."""

    def __init__(self, answers: dict[int, int] | None = READY) -> None:
        super().__init__(answers)
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                continue  # EIO while no one has the port open
            answer = self._take(chunk)
            if answer is not None:
                os.write(self.master, answer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self.master)
        os.close(self.slave)


class TcpPrinter(_Device):
    """A network printer on 127.0.0.1 at a free port.

    ``reads`` False: accepts and never reads (with a small receive buffer), a printer
    that has stopped taking data. ``answers`` None: reads but never answers status.
    """

    def __init__(self, answers: dict[int, int] | None = READY, *, reads: bool = True) -> None:
        super().__init__(answers)
        self.reads = reads
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if not reads:
            self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                conn, _ = self.server.accept()
                self.connections.append(conn)
                if self.reads:
                    threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            answer = self._take(chunk)
            if answer is not None:
                conn.sendall(answer)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self.connections:
            conn.close()
        self.server.close()
