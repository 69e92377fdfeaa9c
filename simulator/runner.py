"""The runner: a planned day played against a core over HTTP, at a speed, by asyncio actors.

The library entry point is ``run_day``::

    result = await run_day(
        "http://127.0.0.1:8470", plan, speed=60, kiosk_token=token,
        clerks=[Clerk("lan", "1234", 1), ...], on_event=print,
    )

Contract (the reliability drill relies on it):

- One kiosk (one CoreClient with ``kiosk_token``) issues each planned citizen's ticket at
  its simulated time; each clerk signs in at its counter with its own CoreClient, opens
  it, and calls, recalls, marks no-show, starts, transfers and finishes (and the counter's
  display, when the clerk has one, sends the citizen's rating) until every
  acknowledged ticket is closed (or ``DRAIN_LIMIT`` after the plan's end), then closes the
  counter and signs out.
- Simulated time is the core's: the clock is calibrated from the first time the core
  stamps (a counter opened or a ticket issued) and runs at ``speed`` from there. Start
  the core's clock (``luot-core --at START serve --speed N``) at or before the plan's
  first period, so the counters open before the doors. If the core is restarted, give it
  ``--at`` = the time its clock had reached, or its stamps will jump back (the run keeps
  its own schedule either way).
- The core may go away and come back (SIGKILL, restart on the same port): a connection
  error, a timeout, a 502/503/504 or any other 5xx is retried with backoff for up to
  ``link.GIVE_UP_AFTER`` wall seconds per request, after which ``run_day`` raises
  ``CoreUnavailable``. A retried issue may leave a ticket in the database whose 201 never
  arrived: only tickets whose 201 arrived are *acknowledged*, and the result lists exactly
  those (``DayResult.tickets``: id, service, number, business day, times, estimate, final
  status read back at the end). ``DayResult.server_errors`` lists every HTTP status >= 500
  answered (status, request, wall time); ``DayResult.unavailable`` counts the retried
  requests that got no answer. A clerk whose retried step is refused (it had gone
  through) re-reads its counter and carries on.
- ``on_event`` (optional) is called with a ``SimEvent`` for each step, in the event loop:
  keep it quick.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

from queue_core.client import Arrival, CoreClient, CoreRefused
from simulator.clerks import Clerk, Desk
from simulator.clock import SimClock
from simulator.hall import EventCallback, Hall, SimEvent
from simulator.link import Link
from simulator.plan import Citizen, DayPlan
from simulator.results import DayResult

__all__ = ["Clerk", "DayResult", "SimEvent", "run_day"]

CALIBRATION_WAIT = 10.0
"""Wall seconds the kiosk waits for a counter to open (and so give the core's time)."""
READ_BACK_CONCURRENCY = 16


async def run_day(
    core_url: str,
    plan: DayPlan,
    *,
    speed: float,
    kiosk_token: str,
    clerks: Sequence[Clerk],
    on_event: EventCallback | None = None,
) -> DayResult:
    """Play ``plan`` against the core at ``core_url``; see the module's docstring."""
    began = time.monotonic()
    clock = SimClock(speed)

    def trouble(what: str, status: int | None) -> None:
        hall.emit("core_away", status=status, detail=what)

    hall = Hall(plan, clock, Link(on_trouble=trouble), on_event)
    async with CoreClient(core_url, kiosk_token) as kiosk:
        desks = [CoreClient(core_url) for _ in clerks]
        displays = [None if c.display is None else CoreClient(core_url, c.display) for c in clerks]
        try:
            work = [
                asyncio.create_task(Desk(c, client, hall, display).work())
                for c, client, display in zip(clerks, desks, displays, strict=True)
            ]
            await asyncio.gather(_arrivals(hall, kiosk), *work)
        finally:
            for client in (*desks, *(d for d in displays if d is not None)):
                await client.aclose()
        await _read_back(hall, kiosk)
    return DayResult(
        plan=plan,
        tickets=sorted(hall.records.values(), key=lambda r: r.id),
        server_errors=list(hall.link.server_errors),
        unavailable=hall.link.unavailable,
        refused=dict(hall.refused),
        unknown_calls=hall.unknown_calls,
        arrivals=dict(hall.arrivals),
        drained=not hall.outstanding,
        wall_seconds=time.monotonic() - began,
    )


async def _arrivals(hall: Hall, kiosk: CoreClient) -> None:
    """Each citizen takes a ticket at the planned time, each in a task of its own (several
    kiosks): a slow or absent core delays that citizen, not the ones after."""
    # With no counter opened for us, the first ticket's time will calibrate the clock.
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(hall.clock.calibrated.wait(), CALIBRATION_WAIT)
    issuing: list[asyncio.Task[None]] = []
    for citizen in hall.plan.citizens:
        if citizen.never_comes:
            continue
        if hall.clock.calibrated.is_set():
            await hall.clock.sleep_until(citizen.at)
            issuing.append(asyncio.create_task(_issue(hall, kiosk, citizen)))
        else:
            await _issue(hall, kiosk, citizen)
    await asyncio.gather(*issuing)
    hall.arrivals_done = True
    hall.wake_all()


async def _check_in(hall: Hall, kiosk: CoreClient, citizen: Citizen, code: str) -> bool:
    """A booked holder at the kiosk: their ticket when on time; too early, they come back
    when told; too late, False (they take a walk-in's ticket)."""
    loop = asyncio.get_running_loop()
    came_back = False
    while True:
        sent = loop.time()
        answer = await hall.link.call("check in", lambda: kiosk.check_in(code, citizen.lang))
        if answer.ticket is not None:
            hall.clock.calibrate(answer.ticket.issued_at, sent, loop.time())
            kind = "came_back" if came_back else "on_time"
            hall.arrivals[kind] = hall.arrivals.get(kind, 0) + 1
            hall.acknowledged(answer.ticket, citizen)
            return True
        if answer.arrival is not Arrival.TOO_EARLY or answer.come_back_at is None or came_back:
            hall.arrivals["too_late"] = hall.arrivals.get("too_late", 0) + 1
            return False
        came_back = True
        await hall.clock.sleep_until(answer.come_back_at)


async def _issue(hall: Hall, kiosk: CoreClient, citizen: Citizen) -> None:
    if citizen.booking is not None:
        try:
            if await _check_in(hall, kiosk, citizen, citizen.booking):
                return
        except CoreRefused as refused:
            hall.refused[refused.code] = hall.refused.get(refused.code, 0) + 1
    loop = asyncio.get_running_loop()
    sent = loop.time()
    try:
        ticket = await hall.link.call(
            "issue",
            lambda: kiosk.issue_ticket(
                citizen.service_id,
                priority=citizen.priority,
                priority_kind=citizen.priority_kind,
                lang=citizen.lang,
            ),
        )
    except CoreRefused as refused:
        hall.refused[refused.code] = hall.refused.get(refused.code, 0) + 1
        hall.emit("refused", service=citizen.service_id, detail=refused.code)
        return
    hall.clock.calibrate(ticket.issued_at, sent, loop.time())
    hall.acknowledged(ticket, citizen)


async def _read_back(hall: Hall, kiosk: CoreClient) -> None:
    """Each acknowledged ticket's final status, as the core has it now."""
    gate = asyncio.Semaphore(READ_BACK_CONCURRENCY)

    async def one(ticket_id: int) -> None:
        async with gate:
            ticket = await hall.link.call("read back", lambda: kiosk.ticket(ticket_id))
        hall.records[ticket_id].status = ticket.status.value

    await asyncio.gather(*(one(t) for t in list(hall.records)))
