"""A real PostgreSQL for the whole session (``harness.postgres``: initdb and pg_ctl in a temporary
folder), a database of its own for each test (a copy of one migrated once), the province served
on a thread over it, and events built as the core stores them."""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from harness.postgres import PostgresServer, running_postgres
from harness.province import add_centre, migrated_database, post_batch, serving_in_thread
from province.db import connect

TEMPLATE = "province_template"
MORNING = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
"""08:00 in Hà Nội on a Wednesday."""
DAY = date(2026, 11, 25)
_names = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as pg:
        yield pg


@pytest.fixture(scope="session")
def template(postgres: PostgresServer) -> str:
    migrated_database(postgres, TEMPLATE)
    return TEMPLATE


@pytest.fixture
def dsn(postgres: PostgresServer, template: str) -> Iterator[str]:
    """A migrated database of this test's own."""
    name = f"t{next(_names)}"
    yield postgres.create_database(name, template)
    postgres.drop_database(name)


@pytest.fixture
def empty_dsn(postgres: PostgresServer) -> Iterator[str]:
    """An empty database of this test's own."""
    name = f"e{next(_names)}"
    yield postgres.create_database(name)
    postgres.drop_database(name)


@dataclass
class Province:
    """The province served on a thread over the test's database, and a client for it."""

    dsn: str
    url: str
    client: httpx.Client

    def add(self, code: str = "hcc-tinh", site: Path | None = None) -> str:
        return add_centre(self.dsn, code, f"Trung tâm {code}", site)

    def post(
        self, token: str, events: Sequence[dict[str, Any]], centre: str = "hcc-tinh"
    ) -> httpx.Response:
        return post_batch(self.client, self.url, token, centre, events)

    def post_raw(self, token: str | None, body: bytes, **headers: str) -> httpx.Response:
        sent = {"Content-Type": "application/json", "Content-Encoding": "gzip", **headers}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        return self.client.post(
            self.url + "/api/v1/ingest", content=body, headers={k: v for k, v in sent.items() if v}
        )

    def state(self, token: str | None) -> httpx.Response:
        headers = {} if token is None else {"Authorization": f"Bearer {token}"}
        return self.client.get(self.url + "/api/v1/ingest/state", headers=headers)

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with connect(self.dsn) as conn:
            return [tuple(row) for row in conn.execute(sql, params or None).fetchall()]

    def one(self, sql: str, *params: Any) -> Any:
        return self.rows(sql, *params)[0][0]

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table the ingest writes, whole, in a fixed order."""
        return {
            table: self.rows(f"SELECT * FROM {table} ORDER BY 1, 2, 3")
            for table in ("events", "tickets", "day_figures", "live_services", "live_counters")
        } | {
            "centres": self.rows(
                "SELECT code, acked_seq, last_event_at, current_day FROM centres ORDER BY code"
            )
        }


@pytest.fixture
def province(dsn: str) -> Iterator[Province]:
    with serving_in_thread(dsn) as url, httpx.Client(timeout=30, trust_env=False) as client:
        yield Province(dsn, url, client)


def gz(data: Any) -> bytes:
    return gzip.compress(data if isinstance(data, bytes) else orjson.dumps(data))


def utc(moment: datetime) -> str:
    """A time as the core stores it: UTC, microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def ticket(
    ticket_id: int,
    service: str = "stp-lltp",
    status: str = "waiting",
    issued: datetime = MORNING,
    called: datetime | None = None,
    started: datetime | None = None,
    finished: datetime | None = None,
    counter: int | None = None,
    rating: int | None = None,
    day: date = DAY,
    **more: Any,
) -> dict[str, Any]:
    """A ticket row as ``queue_core.store``'s records.ticket_to_row writes it."""
    return {
        "id": ticket_id,
        "number": f"{1000 + ticket_id}",
        "service_id": service,
        "agency_id": service.split("-")[0],
        "issued_service_id": service,
        "business_day": day.isoformat(),
        "issued_at": utc(issued),
        "queue_at": utc(issued),
        "status": status,
        "priority": 0,
        "priority_kind": None,
        "channel": "kiosk",
        "lang": "vi",
        "front": 0,
        "target_counter": None,
        "counter": counter,
        "staff": None,
        "called_at": None if called is None else utc(called),
        "first_called_at": None if called is None else utc(called),
        "started_at": None if started is None else utc(started),
        "finished_at": None if finished is None else utc(finished),
        "recalls": 0,
        "transfers": 0,
        "transferred_from": None,
        "estimate_minutes": 5,
        "ahead_at_issue": 0,
        "rating": rating,
        "rating_reason": None,
        **more,
    }


def event(
    seq: int,
    kind: str,
    at: datetime,
    ticket_row: dict[str, Any] | None = None,
    counter: int | None = None,
    **detail: Any,
) -> dict[str, Any]:
    """An event body as the core stores it (``records.event_to_json``), with its seq."""
    body: dict[str, Any] = {
        "seq": seq,
        "type": kind,
        "at": utc(at),
        "ticket": ticket_row,
        "counter": counter,
    }
    if detail:
        body["detail"] = detail
    return body


def issues(first_seq: int, count: int, first_id: int = 1, **ticket_args: Any) -> list[dict]:
    """``count`` tickets issued a minute apart from MORNING, as seqs from ``first_seq``."""
    out = []
    for i in range(count):
        at = MORNING + timedelta(minutes=i)
        out.append(
            event(
                first_seq + i, "ticket.issued", at, ticket(first_id + i, issued=at, **ticket_args)
            )
        )
    return out


# The provincial console's two centres, shipped once for the session (tests/province/test_console*).
from tests.province.console_fixtures import shipped as shipped  # noqa: E402
