"""A short simulated hour against a real core: every acknowledged ticket is in the database,
closed, and the figures printed are the database's."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from queue_core.config import SAMPLE_SITE, load_site
from queue_core.domain import Ticket, estimate_minutes
from simulator import cli, report
from simulator.centre import clerk_names
from simulator.plan import make_plan
from simulator.replay import moments
from simulator.results import DayResult, TicketRecord, summarize
from simulator.runner import Clerk, run_day
from tests.support.server import running_core

SITE, SITE_TEXT = load_site(SAMPLE_SITE)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 11, 25).date()
SPEED = 600.0
PIN = "246810"


def _second(moment: datetime | None) -> datetime | None:
    """The contract gives times to the second; the database keeps microseconds."""
    return None if moment is None else moment.replace(microsecond=0)


def _as_record(ticket: Ticket) -> TicketRecord:
    """A ticket as the database has it, in the runner's terms."""
    issued_at = _second(ticket.issued_at)
    assert issued_at is not None
    return TicketRecord(
        id=ticket.id,
        number=ticket.number,
        service_id=ticket.issued_service_id,
        business_day=ticket.business_day,
        priority=ticket.priority,
        issued_at=issued_at,
        estimate_minutes=ticket.estimate_minutes or 0,
        first_called_at=_second(ticket.first_called_at),
        status=ticket.status.value,
    )


def test_a_simulated_hour_leaves_the_database_with_the_figures_printed(tmp_path: Path) -> None:
    plan = make_plan(SITE, DAY, seed=11, start=time(8), end=time(9), tickets=40)
    names = clerk_names(SITE)  # the sample site lists some counters' clerks
    staff = [(name, PIN, "clerk") for name in names]
    kinds: list[str] = []
    start = datetime(2026, 11, 25, 7, 50, tzinfo=TZ)
    with running_core(tmp_path, SITE_TEXT, staff=staff, clock=(start, SPEED)) as core:
        token = core.pair_device("kiosk")
        clerks = [
            Clerk(name, PIN, c.number, core.pair_device("counter-display", counter=c.number))
            for name, c in zip(names, SITE.counters, strict=True)
        ]
        result = asyncio.run(
            run_day(
                core.base_url,
                plan,
                speed=SPEED,
                kiosk_token=token,
                clerks=clerks,
                on_event=lambda e: kinds.append(e.kind),
            )
        )
        store = core.store()
        try:
            stored = {t.id: t for t in store.tickets()}
        finally:
            store.close()

    assert result.drained and not result.server_errors and not result.refused
    assert len(result.tickets) == len(plan.citizens) >= 25
    assert {"issued", "called", "finished", "rated"} <= set(kinds)
    for record in result.tickets:
        ticket = stored[record.id]
        assert ticket.status.value in ("done", "no_show", "cancelled")
        assert (ticket.number, ticket.issued_service_id) == (record.number, record.service_id)
        assert record.status == ticket.status.value
        assert record.first_called_at == _second(ticket.first_called_at)
        assert record.estimate_minutes == ticket.estimate_minutes
        # The core's simulated clock: the ticket was taken at its planned hour of that day.
        assert record.business_day == DAY
        assert time(8) <= ticket.issued_at.astimezone(TZ).time() < time(9, 5)
    assert set(stored) == {r.id for r in result.tickets}

    from_database = DayResult(plan, [_as_record(t) for t in stored.values()])
    printed = report.table(result, summarize(result.tickets, plan.targets, plan.names, TZ))
    expected = report.table(
        from_database, summarize(from_database.tickets, plan.targets, plan.names, TZ)
    )
    assert printed == expected


def test_luot_sim_runs_a_short_window_on_its_own_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "sim" / "luot.db"
    argv = ["--db", str(db), "--date", "2026-11-25", "--from", "09:00", "--to", "09:20"]
    assert cli.main([*argv, "--speed", "1200", "--scale", "0.5", "--json", "--quiet"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["drained"] and figures["server_errors"] == []
    # The range's figures, at the peak hour and over the day, beside the best interval's.
    peak, day = figures["range"]
    assert day["label"] == "whole day" and day["tickets"] == figures["overall"]["waited"]
    assert 0 <= day["coverage"] <= 1 and day["median_width"] >= 0
    assert peak["tickets"] <= day["tickets"] and day["best_width"] is not None
    # The replay of the day's log gives every printed estimate back: a recorded day scores
    # any estimator offline.
    seen = moments(db, SITE)
    assert len(seen) == figures["overall"]["issued"]
    assert [m.ticket["estimate_minutes"] for m in seen] == [
        estimate_minutes(m.ticket["service_id"], m.ahead(), m.averages, m.counters) for m in seen
    ]
    from queue_core.store import Store

    store = Store.open(db)
    try:
        tickets = store.tickets()
    finally:
        store.close()
    assert figures["overall"]["issued"] == len(tickets) > 0
    assert figures["overall"]["served"] == sum(1 for t in tickets if t.status.value == "done")
    assert {t.business_day.isoformat() for t in tickets} == {"2026-11-25"}
