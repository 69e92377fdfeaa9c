"""Each command, run inside the store's transaction: load state, apply the domain, write back."""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from typing import Any

import sqlite_utils

from queue_core import clock
from queue_core.domain import (
    Alert,
    ApplyNoticeSchedule,
    Audited,
    CallingPolicy,
    CallNext,
    CallTicket,
    CancelTicket,
    ChangeCounterServices,
    Command,
    Conflict,
    CounterState,
    CounterStatus,
    DayNumbering,
    DomainError,
    Event,
    EventType,
    FinishService,
    IssueTicket,
    Lane,
    MarkNoShow,
    NotFound,
    OpenCounter,
    RateTicket,
    Recall,
    ResetDay,
    ScheduleNotice,
    SetCounterState,
    SetNotices,
    SetServiceClosed,
    Site,
    StartService,
    SyncAlerts,
    Ticket,
    TicketStatus,
    Transfer,
    WithdrawNotice,
    estimate_minutes,
    lane,
    next_number,
    pool,
    service_availability,
    settled_averages,
    updated_average,
    waits_for,
)
from queue_core.domain import tickets as moves
from queue_core.store import audit
from queue_core.store.lanes import QUEUE_ORDER, called_before, in_lane
from queue_core.store.records import (
    TICKET_COLUMNS,
    from_db_time,
    row_to_ticket,
    ticket_to_row,
    to_db_time,
)
from queue_core.store.results import TicketView

_INSERT_TICKET = (
    f"INSERT INTO tickets({', '.join(TICKET_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in TICKET_COLUMNS)})"
)
_UPDATE_TICKET = (
    "UPDATE tickets SET "
    + ", ".join(f"{c} = :{c}" for c in TICKET_COLUMNS if c != "id")
    + " WHERE id = :id"
)
_ESTIMATE_STATE = """
  (SELECT json_group_object(service_id, n) FROM (SELECT service_id, sum(n) AS n
     FROM waiting_counts WHERE business_day = :d AND lane <= :lane GROUP BY service_id)),
  (SELECT json_group_object(service_id, json_array(average_minutes, samples))
     FROM service_times),
  (SELECT json_group_array(json_array(c.number, t.service_id, t.called_at))
     FROM counter_status c LEFT JOIN tickets t ON t.id = c.ticket_id WHERE c.state = 'open')
"""
"""What every estimate reads, in three small seeks: waiting per service in the lanes up to
``:lane`` (those called before a ticket new in that lane), the average minutes and visits
timed per service, and each open counter with its ticket."""
_ISSUE_STATE = (
    """
SELECT
  (SELECT last_value FROM numbering WHERE service_id = :s AND business_day = :d),
  (SELECT issued FROM numbering WHERE service_id = :s AND business_day = :d),
  (SELECT reason FROM service_closures WHERE service_id = :s AND business_day = :d),
  (SELECT coalesce(max(id), 0) + 1 FROM tickets),
"""
    + _ESTIMATE_STATE
)
_NEW_TICKET_STATE = "SELECT " + _ESTIMATE_STATE


@dataclass
class Context:
    """What one command sees: the open connection, the site, the policy, the time, its events."""

    conn: sqlite3.Connection
    site: Site
    policy: CallingPolicy
    now: datetime
    events: list[Event] = field(default_factory=list)

    @cached_property
    def day(self) -> str:
        return self.site.business_day(self.now).isoformat()

    def emit(
        self,
        type_: EventType,
        ticket: Ticket | None = None,
        counter: int | None = None,
        **detail: Any,
    ) -> None:
        self.events.append(Event(type_, self.now, ticket, counter, detail))


# --- loading and saving -------------------------------------------------------------


def _select_tickets(conn: sqlite3.Connection, sql: str, params: Any) -> list[Ticket]:
    conn.row_factory = sqlite3.Row
    try:
        return [row_to_ticket(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.row_factory = None


def load_ticket(conn: sqlite3.Connection, ticket_id: int) -> Ticket:
    found = _select_tickets(conn, "SELECT * FROM tickets WHERE id = ?", (ticket_id,))
    if not found:
        raise NotFound("unknown_ticket", f"There is no ticket {ticket_id}.", field="ticket")
    return found[0]


def save_ticket(conn: sqlite3.Connection, ticket: Ticket) -> None:
    conn.execute(_UPDATE_TICKET, ticket_to_row(ticket))


def load_counter(conn: sqlite3.Connection, number: int) -> CounterStatus:
    row = conn.execute(
        "SELECT number, state, ticket_id, staff, priority_streak, since FROM counter_status "
        "WHERE number = ?",
        (number,),
    ).fetchone()
    if row is None:
        raise NotFound("unknown_counter", f"There is no counter {number}.", field="counter")
    return _counter_from_row(row)


def load_counters(conn: sqlite3.Connection) -> list[CounterStatus]:
    rows = conn.execute(
        "SELECT number, state, ticket_id, staff, priority_streak, since FROM counter_status "
        "ORDER BY number"
    ).fetchall()
    return [_counter_from_row(r) for r in rows]


def _counter_from_row(row: tuple[Any, ...]) -> CounterStatus:
    number, state, ticket_id, staff, streak, since = row
    return CounterStatus(
        number=number,
        state=CounterState(state),
        ticket_id=ticket_id,
        staff=staff,
        priority_streak=streak or 0,
        since=None if since is None else datetime.fromisoformat(since),
    )


def save_counter(conn: sqlite3.Connection, status: CounterStatus) -> None:
    conn.execute(
        "UPDATE counter_status SET state = ?, ticket_id = ?, staff = ?, priority_streak = ?, "
        "since = ? WHERE number = ?",
        (
            status.state.value,
            status.ticket_id,
            status.staff,
            status.priority_streak,
            None if status.since is None else to_db_time(status.since),
            status.number,
        ),
    )


def average_minutes(conn: sqlite3.Connection, site: Site, service_id: str) -> float:
    row = conn.execute(
        "SELECT average_minutes FROM service_times WHERE service_id = ?", (service_id,)
    ).fetchone()
    if row is not None:
        return float(row[0])
    return _configured_minutes(site, service_id)


def _configured_minutes(site: Site, service_id: str) -> float:
    service = site.service(service_id)
    return service.average_service_minutes if service else 8.0


@dataclass(frozen=True)
class EstimateState:
    """What the estimate reads of the queue now (see ``estimate.wait_minutes``)."""

    waiting: dict[str, int]
    averages: dict[str, float]
    counters: list[OpenCounter]

    def minutes(self, service_id: str, ahead: dict[str, int] | None = None) -> int:
        return estimate_minutes(
            service_id, self.waiting if ahead is None else ahead, self.averages, self.counters
        )


def _estimate_state(
    site: Site, now: datetime, waiting: str | None, averages: str | None, counters: str | None
) -> EstimateState:
    """The estimate's inputs from ``_ESTIMATE_STATE``'s three JSON answers."""
    configured = {s.id: float(s.average_service_minutes) for s in site.services}
    learned = {
        k: (float(average), int(samples or 0))
        for k, (average, samples) in json.loads(averages or "{}").items()
    }
    known = settled_averages(configured, learned)
    open_counters = []
    for number, service_id, called_at in json.loads(counters or "[]"):
        counter = site.counter(number)
        if counter is None:
            continue
        busy = 0.0
        if called_at is not None:
            busy = max((now - from_db_time(called_at)).total_seconds() / 60, 0.0)
        open_counters.append(OpenCounter(number, counter.services, service_id, busy))
    return EstimateState(
        {k: int(v) for k, v in json.loads(waiting or "{}").items()}, known, open_counters
    )


def estimate_state(conn: sqlite3.Connection, site: Site, day: str, now: datetime) -> EstimateState:
    """The inputs of the estimate for a new normal ticket, on business day ``day``."""
    row = conn.execute(_NEW_TICKET_STATE, {"d": day, "lane": Lane.issued(False)}).fetchone()
    return _estimate_state(site, now, *row)


def live_figures(conn: sqlite3.Connection, site: Site, ticket: Ticket) -> tuple[int, int]:
    """People ahead of a waiting ticket in its lane order, and the minutes that makes."""
    if ticket.status is not TicketStatus.WAITING:
        return 0, 0
    state = estimate_state(conn, site, ticket.business_day.isoformat(), clock.now())
    if ticket.target_counter is not None:
        ahead = conn.execute(
            "SELECT count(*) FROM tickets WHERE status = 'waiting' AND target_counter = ? "
            "AND (queue_at < ? OR (queue_at = ? AND id < ?))",
            (
                ticket.target_counter,
                to_db_time(ticket.queue_at),
                to_db_time(ticket.queue_at),
                ticket.id,
            ),
        ).fetchone()[0]
        # Its counter takes it before anything else: only that counter's work counts.
        mine = [
            replace(c, services=(ticket.service_id,))
            for c in state.counters
            if c.number == ticket.target_counter
        ]
        minutes = estimate_minutes(
            ticket.service_id, {ticket.service_id: ahead}, state.averages, mine
        )
        return int(ahead), minutes
    by_service = _ahead_by_service(conn, ticket, pool(ticket.service_id, state.counters)[0])
    return by_service.get(ticket.service_id, 0), state.minutes(ticket.service_id, by_service)


def _ahead_by_service(
    conn: sqlite3.Connection, ticket: Ticket, services: set[str]
) -> dict[str, int]:
    """Waiting tickets called before this one, per service of its pool (lane, then age)."""
    queue_at = to_db_time(ticket.queue_at)
    listed = sorted(services | {ticket.service_id})
    names = {f"s{i}": service for i, service in enumerate(listed)}
    rows = conn.execute(
        f"SELECT service_id, count(*) FROM tickets WHERE status = 'waiting' "
        f"AND service_id IN ({', '.join(':' + n for n in names)}) "
        f"AND business_day = :day AND id != :id AND {called_before()} GROUP BY service_id",
        {
            **names,
            "day": ticket.business_day.isoformat(),
            "id": ticket.id,
            "lane": lane(ticket),
            "queue_at": queue_at,
        },
    ).fetchall()
    return {service_id: int(n) for service_id, n in rows}


# --- the site -----------------------------------------------------------------------


def write_site(db: sqlite_utils.Database, site: Site, toml_text: str, now: str) -> None:
    conn = db.conn
    previous = conn.execute("SELECT toml FROM site_source WHERE id = 1").fetchone()
    if previous is not None and previous[0] == toml_text:
        return
    db.table("site_source").upsert({"id": 1, "toml": toml_text, "imported_at": now}, pk="id")
    db.table("agencies").delete_where()
    db.table("agencies").insert_all(
        {"id": a.id, "name": a.name, "name_en": a.name_en, "ord": a.order} for a in site.agencies
    )
    db.table("services").delete_where()
    db.table("services").insert_all(
        {
            "id": s.id,
            "agency_id": s.agency_id,
            "name": s.name,
            "name_en": s.name_en,
            "target_wait_minutes": s.target_wait_minutes,
        }
        for s in site.services
    )
    db.table("counters").delete_where()
    db.table("counters").insert_all(
        {"number": c.number, "name": c.name, "services": json.dumps(c.services), "zone": c.zone}
        for c in site.counters
    )
    for counter in site.counters:
        conn.execute(
            "INSERT OR IGNORE INTO counter_status(number, state, priority_streak) "
            "VALUES (?, 'closed', 0)",
            (counter.number,),
        )
    for person in site.staff:
        conn.execute(
            "INSERT INTO staff(username, display_name, role, title, active, failed_pins) "
            "VALUES (?, ?, ?, ?, 1, 0) ON CONFLICT(username) DO UPDATE SET "
            "display_name = excluded.display_name, role = excluded.role, title = excluded.title",
            (person.username, person.display_name, person.role.value, person.title),
        )
    version = conn.execute("SELECT value FROM meta WHERE key = 'site_version'").fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('site_version', ?)",
        (str(int(version[0]) + 1 if version else 1),),
    )


# --- the day ------------------------------------------------------------------------


def roll_day_if_needed(ctx: Context) -> None:
    """The first command of a new business day ends the previous one, with its events."""
    row = ctx.conn.execute("SELECT value FROM meta WHERE key = 'business_day'").fetchone()
    if row is not None and row[0] >= ctx.day:
        return
    if row is not None:
        _end_day(ctx, "day end", previous_day=row[0])
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('business_day', ?)", (ctx.day,)
    )


_CLOSING_EVENTS = {
    TicketStatus.CANCELLED: EventType.TICKET_CANCELLED,
    TicketStatus.NO_SHOW: EventType.TICKET_NO_SHOW,
    TicketStatus.DONE: EventType.TICKET_FINISHED,
}


def _end_day(ctx: Context, reason: str, previous_day: str) -> int:
    live = _select_tickets(
        ctx.conn,
        "SELECT * FROM tickets WHERE status IN ('waiting', 'called', 'serving') ORDER BY id",
        (),
    )
    for ticket in live:
        closed = moves.close_at_day_end(ticket, ctx.now)
        save_ticket(ctx.conn, closed)
        ctx.emit(_CLOSING_EVENTS[closed.status], closed, closed.counter, reason=reason)
    for status in load_counters(ctx.conn):
        if status.state is not CounterState.CLOSED:
            closed_counter = replace(
                status,
                state=CounterState.CLOSED,
                ticket_id=None,
                staff=None,
                priority_streak=0,
                since=ctx.now,
            )
            save_counter(ctx.conn, closed_counter)
            ctx.emit(EventType.COUNTER_CLOSED, counter=status.number, reason=reason)
    ctx.emit(EventType.DAY_RESET, business_day=previous_day, reason=reason, closed=len(live))
    return len(live)


# --- commands -----------------------------------------------------------------------


def run(ctx: Context, command: Command) -> Any:
    handler = _HANDLERS.get(type(command))
    if handler is None:
        raise TypeError(f"no handler for {type(command).__name__}")
    return handler(ctx, command)


def _issue(ctx: Context, cmd: IssueTicket) -> TicketView:
    service = ctx.site.service(cmd.service_id)
    if service is None:
        raise NotFound(
            "unknown_service", f"There is no service {cmd.service_id!r}.", field="service"
        )
    conn, day = ctx.conn, ctx.day
    # One round trip for everything an issue reads: it is the hottest command.
    last_value, issued, closed_reason, ticket_id, *estimating = conn.execute(
        _ISSUE_STATE, {"s": service.id, "d": day, "lane": Lane.issued(cmd.priority)}
    ).fetchone()
    today = DayNumbering(last_value, issued or 0)
    service_availability(service, ctx.site.local(ctx.now), today.issued, closed_reason).require()
    number, after = next_number(service, today)
    state = _estimate_state(ctx.site, ctx.now, *estimating)
    ahead = state.waiting.get(service.id, 0)
    minutes = state.minutes(service.id)
    ticket = Ticket(
        id=ticket_id,
        number=number,
        service_id=service.id,
        agency_id=service.agency_id,
        issued_service_id=service.id,
        business_day=date.fromisoformat(day),
        issued_at=ctx.now,
        queue_at=ctx.now,
        public_token=secrets.token_urlsafe(12),
        priority=cmd.priority,
        priority_kind=cmd.priority_kind if cmd.priority else None,
        channel=cmd.channel,
        lang=cmd.lang,
        estimate_minutes=minutes,
        ahead_at_issue=ahead,
    )
    conn.execute(_INSERT_TICKET, ticket_to_row(ticket))
    conn.execute(
        "INSERT OR REPLACE INTO numbering(service_id, business_day, last_value, issued) "
        "VALUES (?, ?, ?, ?)",
        (service.id, day, after.last_value, after.issued),
    )
    ctx.emit(EventType.TICKET_ISSUED, ticket)
    return TicketView(ticket, ahead, minutes)


def _require_counter(ctx: Context, number: int) -> CounterStatus:
    if ctx.site.counter(number) is None:
        raise NotFound("unknown_counter", f"There is no counter {number}.", field="counter")
    return load_counter(ctx.conn, number)


def _current(ctx: Context, status: CounterStatus) -> Ticket:
    if status.ticket_id is None:
        raise Conflict(
            "no_current_ticket",
            f"Counter {status.number} has no ticket now; call the next one first.",
        )
    return load_ticket(ctx.conn, status.ticket_id)


def _clear_for_call(ctx: Context, status: CounterStatus) -> CounterStatus:
    """Before a call: a ticket being served is finished; a called one must be dealt with."""
    status.require_open()
    if status.ticket_id is None:
        return status
    current = load_ticket(ctx.conn, status.ticket_id)
    if current.status is TicketStatus.CALLED:
        raise Conflict(
            "ticket_in_progress",
            f"Ticket {current.number} was called but not started: press Start if the citizen "
            "is here, or Recall / No-show.",
        )
    _finish(ctx, current, status.number)
    return replace(status, ticket_id=None)


_HEAD = (
    "SELECT * FROM (SELECT * FROM tickets WHERE status = 'waiting' AND {where} "
    f"ORDER BY {QUEUE_ORDER} LIMIT 1)"
)
_SERVICE_LANES = (Lane.FRONT, Lane.PRIORITY, Lane.NORMAL)


def _heads_sql(services: int) -> str:
    """The oldest ticket of each lane of each service, and the oldest sent to this counter:
    every ticket the policy may choose (``domain.calling.waits_for``), as the policy sees no
    further than the head of a lane.

    One index seek each, so a call costs the same with ten or a thousand waiting.
    """
    heads = [_HEAD.format(where=f"target_counter = ? AND {in_lane(Lane.DIRECTED)}")]
    for _ in range(services):
        heads.extend(
            _HEAD.format(where=f"service_id = ? AND business_day = ? AND {in_lane(each)}")
            for each in _SERVICE_LANES
        )
    return " UNION ALL ".join(heads)


def _call_next(ctx: Context, cmd: CallNext) -> Ticket | None:
    status = _clear_for_call(ctx, _require_counter(ctx, cmd.counter))
    counter = ctx.site.counter(cmd.counter)
    assert counter is not None
    heads = _select_tickets(
        ctx.conn,
        _heads_sql(len(counter.services)),
        (cmd.counter, *[p for s in counter.services for _ in _SERVICE_LANES for p in (s, ctx.day)]),
    )
    choice = ctx.policy.choose(cmd.counter, counter.services, heads, status.priority_streak)
    if choice is None:
        save_counter(ctx.conn, status)
        return None
    called = moves.call(choice.ticket, cmd.counter, cmd.staff or status.staff, ctx.now)
    save_ticket(ctx.conn, called)
    save_counter(
        ctx.conn, replace(status, ticket_id=called.id, priority_streak=choice.priority_streak)
    )
    ctx.emit(EventType.TICKET_CALLED, called, cmd.counter)
    return called


def _call_ticket(ctx: Context, cmd: CallTicket) -> Ticket:
    if not cmd.reason.strip():
        raise DomainError(
            "reason_required", "Say why this ticket is called out of turn.", field="reason"
        )
    status = _require_counter(ctx, cmd.counter)
    ticket = load_ticket(ctx.conn, cmd.ticket_id)
    counter = ctx.site.counter(cmd.counter)
    assert counter is not None
    mine = waits_for(ticket, cmd.counter, counter.services)
    if ticket.status is not TicketStatus.WAITING or not mine:
        raise Conflict(
            "not_callable_here",
            f"Ticket {ticket.number} is not waiting for counter {cmd.counter}.",
            field="ticket",
        )
    status = _clear_for_call(ctx, status)
    called = moves.call(ticket, cmd.counter, cmd.staff or status.staff, ctx.now)
    save_ticket(ctx.conn, called)
    save_counter(ctx.conn, replace(status, ticket_id=called.id))
    ctx.emit(
        EventType.TICKET_CALLED, called, cmd.counter, reason=cmd.reason.strip(), out_of_turn=True
    )
    return called


def _recall(ctx: Context, cmd: Recall) -> Ticket:
    status = _require_counter(ctx, cmd.counter)
    ticket = moves.recall(_current(ctx, status))
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_RECALLED, ticket, cmd.counter)
    return ticket


def _start(ctx: Context, cmd: StartService) -> Ticket:
    status = _require_counter(ctx, cmd.counter)
    ticket = moves.start(_current(ctx, status), ctx.now)
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_STARTED, ticket, cmd.counter)
    return ticket


def _finish(ctx: Context, ticket: Ticket, counter: int) -> Ticket:
    done = moves.finish(ticket, ctx.now)
    save_ticket(ctx.conn, done)
    _sample_service_time(ctx, ticket)
    ctx.emit(EventType.TICKET_FINISHED, done, counter)
    return done


def _sample_service_time(ctx: Context, ticket: Ticket) -> None:
    """One more visit in the service's moving average: its minutes at the counter, from the
    call (the citizen's walk to the counter keeps the counter as busy as the service)."""
    began = ticket.called_at or ticket.started_at
    assert began is not None
    sample = (ctx.now - began).total_seconds() / 60
    row = ctx.conn.execute(
        "SELECT average_minutes, samples FROM service_times WHERE service_id = ?",
        (ticket.service_id,),
    ).fetchone()
    previous, samples = row if row else (_configured_minutes(ctx.site, ticket.service_id), 0)
    ctx.conn.execute(
        "INSERT INTO service_times(service_id, average_minutes, samples) VALUES (?, ?, 1) "
        "ON CONFLICT(service_id) DO UPDATE SET average_minutes = excluded.average_minutes, "
        "samples = samples + 1",
        (ticket.service_id, updated_average(previous, sample, samples or 0)),
    )


def _finish_command(ctx: Context, cmd: FinishService) -> Ticket:
    status = _require_counter(ctx, cmd.counter)
    done = _finish(ctx, _current(ctx, status), cmd.counter)
    save_counter(ctx.conn, replace(status, ticket_id=None))
    return done


def _no_show(ctx: Context, cmd: MarkNoShow) -> Ticket:
    status = _require_counter(ctx, cmd.counter)
    ticket = moves.mark_no_show(
        _current(ctx, status), ctx.site.rules.recalls_before_no_show, ctx.now
    )
    save_ticket(ctx.conn, ticket)
    save_counter(ctx.conn, replace(status, ticket_id=None))
    ctx.emit(EventType.TICKET_NO_SHOW, ticket, cmd.counter)
    return ticket


def _transfer(ctx: Context, cmd: Transfer) -> Ticket:
    if (cmd.to_service is None) == (cmd.to_counter is None):
        raise DomainError(
            "transfer_target", "Transfer to one service or to one counter.", field="service"
        )
    status = _require_counter(ctx, cmd.counter)
    ticket = _current(ctx, status)
    agency = None
    if cmd.to_service is not None:
        service = ctx.site.service(cmd.to_service)
        if service is None:
            raise NotFound(
                "unknown_service", f"There is no service {cmd.to_service!r}.", field="service"
            )
        agency = service.agency_id
    elif cmd.to_counter == cmd.counter:
        raise DomainError(
            "transfer_target",
            f"Counter {cmd.to_counter} is not another counter of this centre.",
            field="counter",
        )
    elif ctx.site.counter(cmd.to_counter or 0) is None:
        raise NotFound(
            "unknown_counter",
            f"Counter {cmd.to_counter} is not another counter of this centre.",
            field="counter",
        )
    moved = moves.transfer(
        ticket,
        ctx.now,
        to_service=cmd.to_service,
        to_agency=agency,
        to_counter=cmd.to_counter,
        position=cmd.position,
    )
    save_ticket(ctx.conn, moved)
    save_counter(ctx.conn, replace(status, ticket_id=None))
    ctx.emit(
        EventType.TICKET_TRANSFERRED,
        moved,
        cmd.counter,
        from_service=ticket.service_id,
        to_service=cmd.to_service,
        to_counter=cmd.to_counter,
        position=cmd.position.value,
    )
    return moved


_COUNTER_EVENTS = {
    CounterState.OPEN: EventType.COUNTER_OPENED,
    CounterState.PAUSED: EventType.COUNTER_PAUSED,
    CounterState.CLOSED: EventType.COUNTER_CLOSED,
}


def _set_counter_state(ctx: Context, cmd: SetCounterState) -> CounterStatus:
    status = _require_counter(ctx, cmd.counter).with_state(cmd.state, cmd.staff, ctx.now)
    save_counter(ctx.conn, status)
    ctx.emit(_COUNTER_EVENTS[cmd.state], counter=cmd.counter, staff=status.staff)
    return status


def _rate(ctx: Context, cmd: RateTicket) -> Ticket:
    ticket = moves.rate(
        load_ticket(ctx.conn, cmd.ticket_id),
        cmd.score,
        len(ctx.site.rules.rating_levels),
        cmd.reason,
    )
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_RATED, ticket, ticket.counter, score=cmd.score, reason=cmd.reason)
    return ticket


def _cancel(ctx: Context, cmd: CancelTicket) -> Ticket:
    if not cmd.reason.strip():
        raise DomainError("reason_required", "Say why the ticket is cancelled.", field="reason")
    ticket = moves.cancel(load_ticket(ctx.conn, cmd.ticket_id), ctx.now)
    save_ticket(ctx.conn, ticket)
    ctx.emit(EventType.TICKET_CANCELLED, ticket, reason=cmd.reason.strip())
    return ticket


def _reset_day(ctx: Context, cmd: ResetDay) -> int:
    return _end_day(ctx, cmd.reason, previous_day=ctx.day)


def _set_notices(ctx: Context, cmd: SetNotices) -> int:
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('notices', ?)",
        (json.dumps(list(cmd.notices), ensure_ascii=False),),
    )
    ctx.emit(EventType.NOTICE_CHANGED, notices=list(cmd.notices))
    return len(cmd.notices)


def _set_service_closed(ctx: Context, cmd: SetServiceClosed) -> int:
    if ctx.site.service(cmd.service_id) is None:
        raise NotFound(
            "unknown_service", f"There is no service {cmd.service_id!r}.", field="service"
        )
    if cmd.reason is None:
        ctx.conn.execute(
            "DELETE FROM service_closures WHERE service_id = ? AND business_day = ?",
            (cmd.service_id, ctx.day),
        )
    else:
        ctx.conn.execute(
            "INSERT OR REPLACE INTO service_closures VALUES (?, ?, ?)",
            (cmd.service_id, ctx.day, cmd.reason),
        )
    ctx.emit(EventType.SERVICE_CHANGED, service=cmd.service_id, closed_reason=cmd.reason)
    return 1


# --- the console's commands ------------------------------------------------------------


def _change_counter_services(ctx: Context, cmd: ChangeCounterServices) -> list[str]:
    _require_counter(ctx, cmd.counter)
    services = [s.strip() for s in cmd.services if s.strip()]
    if not services:
        raise DomainError(
            "services_required", "A counter serves at least one service.", field="services"
        )
    unknown = [s for s in services if ctx.site.service(s) is None]
    if unknown:
        raise NotFound("unknown_service", f"There is no service {unknown[0]!r}.", field="services")
    if len(set(services)) != len(services):
        raise DomainError("repeated_service", "Name each service once.", field="services")
    ctx.conn.execute(
        "INSERT OR REPLACE INTO counter_services(number, services) VALUES (?, ?)",
        (cmd.counter, json.dumps(services)),
    )
    ctx.conn.execute(
        "UPDATE counters SET services = ? WHERE number = ?", (json.dumps(services), cmd.counter)
    )
    version = ctx.conn.execute("SELECT value FROM meta WHERE key = 'site_version'").fetchone()
    ctx.conn.execute(  # every process re-reads the site, now with these services
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('site_version', ?)",
        (str(int(version[0]) + 1 if version else 1),),
    )
    ctx.emit(EventType.SERVICE_CHANGED, counter=cmd.counter, services=services)
    return services


def _put_notices(ctx: Context, before: list[str], after: list[str]) -> None:
    if after == before:
        return
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('notices', ?)",
        (json.dumps(after, ensure_ascii=False),),
    )
    ctx.emit(EventType.NOTICE_CHANGED, notices=after)


def _check_notice(text: str) -> str:
    text = text.strip()
    if not text or len(text) > 300:
        raise DomainError("invalid_notice", "A notice is 1 to 300 characters.", field="text")
    return text


def _schedule_notice(ctx: Context, cmd: ScheduleNotice) -> int:
    text = _check_notice(cmd.text)
    if cmd.hide_at is not None and cmd.hide_at <= cmd.show_at:
        raise DomainError("invalid_schedule", "A notice must end after it starts.", field="hide_at")
    if cmd.hide_at is not None and cmd.hide_at <= ctx.now:
        raise DomainError("invalid_schedule", "This notice would end in the past.", "hide_at")
    cursor = ctx.conn.execute(
        "INSERT INTO scheduled_notices(text, show_at, hide_at, shown, done) VALUES (?, ?, ?, 0, 0)",
        (
            text,
            to_db_time(cmd.show_at),
            None if cmd.hide_at is None else to_db_time(cmd.hide_at),
        ),
    )
    _apply_notice_schedule(ctx, ApplyNoticeSchedule())
    return int(cursor.lastrowid or 0)


def _withdraw_notice(ctx: Context, cmd: WithdrawNotice) -> int:
    text = cmd.text.strip()
    before = audit.current_notices(ctx.conn, ctx.site)
    pending = ctx.conn.execute(
        "UPDATE scheduled_notices SET done = 1 WHERE text = ? AND done = 0", (text,)
    ).rowcount
    if text not in before and not pending:
        raise NotFound("unknown_notice", "There is no such notice.", field="text")
    after = [n for n in before if n != text]
    _put_notices(ctx, before, after)
    return len(after)


def _apply_notice_schedule(ctx: Context, _cmd: ApplyNoticeSchedule) -> int:
    now = to_db_time(ctx.now)
    before = audit.current_notices(ctx.conn, ctx.site)
    after = list(before)
    rows = ctx.conn.execute(
        "SELECT id, text, show_at, hide_at, shown FROM scheduled_notices WHERE done = 0"
    ).fetchall()
    for row_id, text, show_at, hide_at, shown in rows:
        ended = hide_at is not None and hide_at <= now
        if ended:
            if shown and text in after:
                after.remove(text)
            ctx.conn.execute("UPDATE scheduled_notices SET done = 1 WHERE id = ?", (row_id,))
        elif not shown and show_at <= now:
            if text not in after:
                after.append(text)
            done = 1 if hide_at is None else 0  # no end: it is an ordinary notice now
            ctx.conn.execute(
                "UPDATE scheduled_notices SET shown = 1, done = ? WHERE id = ?", (done, row_id)
            )
    _put_notices(ctx, before, after)
    return len(after)


def _alert_detail(alert: Alert) -> dict[str, Any]:
    return {
        "key": alert.key,
        "kind": alert.kind,
        "subject": alert.subject,
        "message": alert.message,
        "message_en": alert.message_en,
    }


def _sync_alerts(ctx: Context, cmd: SyncAlerts) -> int:
    """Raise the alerts not yet raised, clear those that no longer hold: each event once."""
    stored = {
        r[0]: r
        for r in ctx.conn.execute(
            "SELECT key, kind, subject, message, message_en FROM alerts"
        ).fetchall()
    }
    wanted = {a.key: a for a in cmd.alerts}
    for key, alert in wanted.items():
        if key not in stored:
            ctx.conn.execute(
                "INSERT INTO alerts(key, kind, subject, message, message_en, raised_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    alert.kind,
                    alert.subject,
                    alert.message,
                    alert.message_en,
                    to_db_time(ctx.now),
                ),
            )
            ctx.emit(EventType.ALERT_RAISED, **_alert_detail(alert))
        elif stored[key][3:] != (alert.message, alert.message_en):
            ctx.conn.execute(  # the same alert, its figures moved on: no new event
                "UPDATE alerts SET message = ?, message_en = ? WHERE key = ?",
                (alert.message, alert.message_en, key),
            )
    for key, row in stored.items():
        if key not in wanted:
            ctx.conn.execute("DELETE FROM alerts WHERE key = ?", (key,))
            ctx.emit(
                EventType.ALERT_CLEARED,
                key=key,
                kind=row[1],
                subject=row[2],
                message=row[3],
                message_en=row[4],
            )
    return len(wanted)


_AUDITABLE = (
    SetServiceClosed,
    ChangeCounterServices,
    SetNotices,
    ScheduleNotice,
    WithdrawNotice,
    CancelTicket,
    ResetDay,
)


def _audited(ctx: Context, cmd: Audited) -> Any:
    inner = cmd.command
    if not isinstance(inner, _AUDITABLE):
        raise TypeError(f"{type(inner).__name__} is not a supervisor's change")
    before = audit.state_of(ctx.conn, ctx.site, ctx.day, inner)
    result = run(ctx, inner)
    after = audit.state_of(ctx.conn, ctx.site, ctx.day, inner)
    action, target, detail = audit.describe(inner, ctx.site)
    audit.record(ctx.conn, ctx.now, cmd.actor, action, target, before, after, detail)
    return result


_HANDLERS: dict[type, Any] = {
    IssueTicket: _issue,
    CallNext: _call_next,
    CallTicket: _call_ticket,
    Recall: _recall,
    StartService: _start,
    FinishService: _finish_command,
    MarkNoShow: _no_show,
    Transfer: _transfer,
    SetCounterState: _set_counter_state,
    RateTicket: _rate,
    CancelTicket: _cancel,
    ResetDay: _reset_day,
    SetNotices: _set_notices,
    SetServiceClosed: _set_service_closed,
    ChangeCounterServices: _change_counter_services,
    ScheduleNotice: _schedule_notice,
    WithdrawNotice: _withdraw_notice,
    ApplyNoticeSchedule: _apply_notice_schedule,
    SyncAlerts: _sync_alerts,
    Audited: _audited,
}
