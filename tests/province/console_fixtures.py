"""The provincial console's fixtures: two centres' days shipped once into a database that each
test copies (``CREATE DATABASE … TEMPLATE``, milliseconds), the province served over the copy
with the console's clock held at ``NOW``, its staff, and a logged-in client.

Imported by the console's test modules as ``from … import name as name``; ``shipped``, of the
session, by the conftest (one definition, one database)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from harness.postgres import PostgresServer
from harness.province import migrated_database, serving_in_thread
from province import staff
from province.console import ConsoleSettings
from province.db import connect
from tests.province.console_days import NOW, CentrePlan, backup_stale, ship_centre

ADMIN = ("thu.nguyen", "Nguyễn Thị Thu", "mat-khau-cua-thu")
VIEWER = ("hung.pham", "Phạm Quốc Hùng", "mat-khau-cua-hung")
TINH = CentrePlan(
    "hcc-tinh",
    "Trung tâm PVHCC tỉnh",
    tickets=60,
    days=3,
    late=((9.7, "sxd-gpxd"),),  # no counter serves it today: 48 minutes at 10:30, target 30
    dossiers=True,
)
GIABINH = CentrePlan(
    "hcc-giabinh",
    "Trung tâm PVHCC huyện Gia Bình",
    tickets=30,
    days=3,
    seed=7,
    counters=(1, 3, 7, 10, 12),
    alerts=((9.9, backup_stale()),),
)
SHIPPED = "console_shipped"
_names = itertools.count()


class Clock:
    """The console's clock, held still and moved by the test."""

    def __init__(self, moment: datetime = NOW) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def move(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@dataclass(frozen=True)
class Shipped:
    """The database the two centres were shipped into, and their cores' databases."""

    template: str
    cores: dict[str, Path]


@pytest.fixture(scope="session")
def shipped(postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    folder = tmp_path_factory.mktemp("centres")
    dsn = migrated_database(postgres, SHIPPED)
    with connect(dsn) as conn:
        staff.add(conn, "cli:test", *ADMIN[:2], "admin", ADMIN[2])
        staff.add(conn, "cli:test", *VIEWER[:2], "viewer", VIEWER[2])
    with serving_in_thread(dsn) as url, httpx.Client(timeout=60, trust_env=False) as client:
        for plan in (TINH, GIABINH):
            ship_centre(dsn, url, client, plan, folder)
    with connect(dsn) as conn:  # as the province last heard from them, at the console's NOW
        conn.execute("UPDATE centres SET last_seen_at = %s", (NOW - timedelta(minutes=2),))
    return Shipped(SHIPPED, {p.code: folder / f"{p.code}.db" for p in (TINH, GIABINH)})


@dataclass
class Console:
    """The province over a copy of the shipped database, its console's clock, and a client."""

    dsn: str
    url: str
    clock: Clock
    settings: ConsoleSettings
    cores: dict[str, Path]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, trust_env=False)

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with connect(self.dsn) as conn:
            return [tuple(r) for r in conn.execute(sql, params or None).fetchall()]

    def run(self, sql: str, *params: object) -> None:
        with connect(self.dsn) as conn:
            conn.execute(sql, params or None)


@pytest.fixture
def console(postgres: PostgresServer, shipped: Shipped) -> Iterator[Console]:
    name = f"c{next(_names)}"
    dsn = postgres.create_database(name, shipped.template)
    clock = Clock()
    settings = ConsoleSettings(now=clock, refresh_seconds=1)
    try:
        with serving_in_thread(dsn, console=settings) as url:
            yield Console(dsn, url, clock, settings, shipped.cores)
    finally:
        postgres.drop_database(name)


def form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/province/login")
    assert page.status_code == 200
    return client.post(
        "/province/login",
        data={
            "username": username,
            "password": password,
            "csrf": form_csrf(page.text),
            "next": "/province",
        },
    )


@pytest.fixture
def admin(console: Console) -> Iterator[httpx.Client]:
    with console.client() as client:
        assert log_in(client, ADMIN[0], ADMIN[2]).status_code == 303
        yield client


@pytest.fixture
def viewer(console: Console) -> Iterator[httpx.Client]:
    with console.client() as client:
        assert log_in(client, VIEWER[0], VIEWER[2]).status_code == 303
        yield client


def csrf_of(client: httpx.Client, page: str = "/province") -> str:
    return form_csrf(client.get(page).text)
