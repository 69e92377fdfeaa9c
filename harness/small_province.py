"""A small province for the core's shipper's tests and bench: a real HTTP listener on 127.0.0.1
that takes a centre's event log by the shipping contract (docs/operations.md, "Shipping to the
province"), strictly, and does as it is told (answer 401/403, find batches too large, lose an
answer, fail, go away and come back on the same port). Not the province service
(``harness.province`` runs that, on PostgreSQL): this one holds the log in memory and needs
nothing but the standard library."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOPBACK = "127.0.0.1"
MAX_EVENTS = 2000
MAX_BYTES = 4 * 1024 * 1024


@dataclass
class Centre:
    """What the province holds of one centre: its events by seq, and how far in order."""

    token: str
    revoked: bool = False
    events: dict[int, dict[str, Any]] = field(default_factory=dict)
    acked: int = 0


@dataclass(frozen=True)
class Post:
    """One POST as it came: its events' seqs, its size before and after gzip, and the status it
    was answered with (None: none, the answer lost)."""

    seqs: tuple[int, ...]
    raw_bytes: int
    gzip_bytes: int
    status: int | None


class SmallProvince:
    """``with SmallProvince({"hcc": "token"}) as province:`` — ``province.url`` to ship to."""

    def __init__(self, tokens: dict[str, str], port: int = 0, keep: bool = True) -> None:
        self.centres = {centre: Centre(token) for centre, token in tokens.items()}
        self.port = port
        self.keep = keep
        """False: the events' seqs are read, the events not kept (for the bench's long logs)."""
        self.arrivals: dict[int, float] = {}
        """When each seq first arrived (``time.time()``), for a bench's latency."""
        self.lock = threading.Lock()
        self.posts: list[Post] = []
        self.states = 0
        self.max_events = MAX_EVENTS
        """More events in one batch are 413 (the contract's 2,000; lower it to test)."""
        self.lose_answers = 0
        """The next this many batches are stored, and the connection closed unanswered."""
        self.fail = 0
        """The next this many requests (a state, or a batch once read) are 503."""
        self.token_leaks: list[int] = []
        """Seqs of events that came with a ``public_token`` (there must be none)."""
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def __enter__(self) -> SmallProvince:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Listen (again, on the same port after ``close``)."""

        class Handler(_Handler):
            province = self

        self._server = ThreadingHTTPServer((LOOPBACK, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop listening: the link is down (connections refused)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def add_centre(self, centre: str, token: str) -> None:
        with self.lock:
            self.centres.setdefault(centre, Centre(token))

    def held(self, centre: str) -> list[dict[str, Any]]:
        """The centre's events the province holds, in seq order."""
        with self.lock:
            held = self.centres[centre].events
            return [held[seq] for seq in sorted(held)]

    def acked(self, centre: str) -> int:
        with self.lock:
            return self.centres[centre].acked

    # --- the contract -----------------------------------------------------------------------

    def centre_of(self, authorization: str | None) -> tuple[str | None, tuple[int, str] | None]:
        """The centre a request's token names, or the status and code refusing it."""
        token = (authorization or "").removeprefix("Bearer ")
        with self.lock:
            centres = list(self.centres.items())
        for name, centre in centres:
            if authorization and centre.token == token:
                if centre.revoked:
                    return None, (403, "centre_revoked")
                return name, None
        return None, (401, "unknown_centre")

    def ingest(self, name: str, raw: bytes) -> tuple[int, dict[str, Any]]:
        """A batch: 200 with the acked seq, or the contract's refusals; stored all or none."""
        try:
            text = gzip.decompress(raw)
            body = json.loads(text) if self.keep else _skimmed(text)
            events = body["events"]
            seqs = [event["seq"] for event in events]
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return _error(400, "invalid_batch", "not gzip JSON of events")
        with self.lock:
            self.posts.append(Post(tuple(seqs), len(text), len(raw), None))
            if self.fail > 0:
                self.fail -= 1
                return _error(503, "unavailable", "told to fail")
            if len(events) > self.max_events or len(text) > MAX_BYTES:
                return _error(413, "batch_too_large", f"{len(events)} events, {len(text)} bytes")
            if body.get("centre") != name:
                return _error(400, "invalid_batch", "the centre is not the token's")
            if not events or any(b != a + 1 for a, b in itertools.pairwise(seqs)):
                return _error(400, "invalid_batch", "events out of order, or a gap inside")
            centre = self.centres[name]
            first = events[0]
            restored = first.get("type") == "day.restored" and (
                first.get("detail", {}).get("backup_seq", centre.acked + 1) <= centre.acked
            )
            if seqs[0] > centre.acked + 1 and not restored:
                return _error(409, "gap", f"from {centre.acked + 1}", acked_seq=centre.acked)
            arrived = time.time()
            for event in events:
                if _has_key(event, "public_token"):
                    self.token_leaks.append(event["seq"])
                if self.keep:
                    centre.events.setdefault(event["seq"], event)
                self.arrivals.setdefault(event["seq"], arrived)
            centre.acked = max(centre.acked, seqs[-1])
            return 200, {"acked_seq": centre.acked}


def _skimmed(text: bytes) -> dict[str, Any]:
    """A batch as the bench's province reads it, without parsing it whole (so that its own work
    weighs little on the machine): the centre, each event's seq (each event's first key, as the
    core writes them), and whether a public token is there; a restore's batch is read whole."""
    if b'"type":"day.restored"' in text:
        return dict(json.loads(text))
    head, _, rest = text.partition(b',"events":[')
    centre = json.loads(head + b"}")["centre"]
    parts = rest.split(b'{"seq":')[1:]
    events: list[dict[str, Any]] = [{"seq": int(part[: part.index(b",")])} for part in parts]
    if events and b'"public_token"' in rest:
        events[0]["public_token"] = True
    return {"centre": centre, "events": events}


def _has_key(value: object, key: str) -> bool:
    if isinstance(value, dict):
        return key in value or any(_has_key(v, key) for v in value.values())
    if isinstance(value, list):
        return any(_has_key(v, key) for v in value)
    return False


def _error(status: int, code: str, message: str, **more: Any) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"code": code, "message": message, **more}}


class _Handler(BaseHTTPRequestHandler):
    province: SmallProvince
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refused(self) -> str | None:
        """The centre the token names, or None once the refusal is answered."""
        name, refused = self.province.centre_of(self.headers.get("Authorization"))
        if name is None and refused is not None:
            self._answer(*_error(*refused, "refused"))
        return name

    def do_GET(self) -> None:
        province = self.province
        if self.path != "/api/v1/ingest/state":
            self._answer(404, {"error": {"code": "not_found", "message": self.path}})
            return
        with province.lock:
            failing = province.fail > 0
            province.fail -= int(failing)
        if failing:
            self._answer(*_error(503, "unavailable", "told to fail"))
            return
        name = self._refused()
        if name is None:
            return
        with province.lock:
            province.states += 1
        self._answer(200, {"centre": name, "acked_seq": province.acked(name)})

    def do_POST(self) -> None:
        province = self.province
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/api/v1/ingest":
            self._answer(404, {"error": {"code": "not_found", "message": self.path}})
            return
        name = self._refused()
        if name is None:
            return
        if (
            self.headers.get("Content-Encoding") != "gzip"
            or self.headers.get("Content-Type") != "application/json"
        ):
            self._answer(*_error(400, "invalid_batch", "not gzip JSON"))
            return
        status, body = province.ingest(name, raw)
        with province.lock:
            lose = status == 200 and province.lose_answers > 0
            province.lose_answers -= int(lose)
            post = province.posts[-1] if province.posts else None
            if post is not None and post.status is None:
                answered = None if lose else status
                province.posts[-1] = Post(post.seqs, post.raw_bytes, post.gzip_bytes, answered)
        if lose:  # stored, and the answer lost on the way
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        self._answer(status, body)
