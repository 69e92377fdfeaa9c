"""The drill's network printer: a TCP listener on 127.0.0.1 that answers status like a
ready Epson, fingerprints every job it receives, and can be switched off and on at one port."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import threading

__all__ = ["DrillPrinter", "fingerprint"]

_QUERY = b"\x10\x04"  # DLE EOT n: the printer code asks status before each job
_READY = {1: 0x12, 2: 0x12, 4: 0x12}
_POLL = 0.05


def fingerprint(data: bytes) -> str:
    """What identifies one job's bytes: the drill compares these, not megabytes."""
    return hashlib.sha256(data).hexdigest()


class DrillPrinter:
    """A raw-port printer whose jobs are ``jobs`` (fingerprints, in arrival order).

    ``offline()`` closes the listener and resets every open connection, as a printer
    switched off does; ``online()`` listens again on the same port.
    """

    def __init__(self) -> None:
        self.jobs: list[str] = []
        self.offline_count = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._connections: set[socket.socket] = set()
        self._serving: list[threading.Thread] = []
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.online()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}?width=576"

    @property
    def is_online(self) -> bool:
        return self._server is not None

    def online(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(8)
        server.settimeout(_POLL)
        self.port = server.getsockname()[1]
        self._server = server
        self._stop.clear()
        self._thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        self._thread.start()

    def offline(self) -> None:
        """Switched off: new connections are refused, open ones reset mid-job."""
        if self._server is not None:
            self.offline_count += 1
            self._shut()

    def close(self) -> None:
        """Stop listening, and wait until every job received so far is in ``jobs``."""
        if self._server is not None:
            self._shut()
        for thread in self._serving:
            thread.join(timeout=5)

    def _shut(self) -> None:
        assert self._server is not None
        self._stop.set()
        assert self._thread is not None
        self._thread.join(timeout=5)
        self._server.close()
        self._server = None
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(OSError):
                    # linger 0: the kiosk sees a reset, not a polite end of stream
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    conn.shutdown(socket.SHUT_RDWR)

    def _accept(self, server: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self._connections.add(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._serving.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        pending = b""
        job = bytearray()
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                if job:
                    job.extend(chunk)
                    continue
                pending += chunk
                pending = self._answer_queries(conn, pending)
                if pending and not pending.startswith(_QUERY[: len(pending)]):
                    job.extend(pending)  # the first byte that is no question starts the job
                    pending = b""
        except OSError:
            pass  # reset by offline(): what arrived so far is still recorded
        finally:
            with self._lock:
                self._connections.discard(conn)
                if job:
                    self.jobs.append(fingerprint(bytes(job)))
            conn.close()

    @staticmethod
    def _answer_queries(conn: socket.socket, pending: bytes) -> bytes:
        while len(pending) >= 3 and pending[:2] == _QUERY and pending[2] in _READY:
            conn.sendall(bytes((_READY[pending[2]],)))
            pending = pending[3:]
        return pending
