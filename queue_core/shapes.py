"""The contract's JSON shapes: tickets, counters, services and events as the apps read them."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from queue_core import clock
from queue_core.domain import (
    Agency,
    CounterStatus,
    Procedure,
    Service,
    Site,
    Ticket,
    TicketStatus,
    WaitRange,
    service_availability,
)
from queue_core.domain.gaveup import on_time
from queue_core.errors import NotFound
from queue_core.store import Store, from_db_time, get_account, row_to_ticket, target_minutes


def local_time(site: Site, moment: datetime | None) -> str | None:
    """ISO 8601 in the site's time zone, with its offset."""
    return None if moment is None else site.local(moment).isoformat(timespec="seconds")


def named_json(key: str, thing: Agency | Service | None) -> dict[str, str]:
    """``{"id", "name", "name_en"}`` of an agency or service; its id alone if it is gone."""
    return {
        "id": key,
        "name": thing.name if thing else key,
        "name_en": thing.name_en if thing else key,
    }


def ticket_json(
    site: Site,
    ticket: Ticket,
    ahead: int = 0,
    estimate: int = 0,
    *,
    with_token: bool = False,
    wait: WaitRange | None = None,
) -> dict[str, Any]:
    """A ticket as the contract shows it. Its ``public_token`` (the key to the citizen's phone
    page) only ``with_token``: in the answer to the issue that made it, for the QR code.
    ``estimate_range`` is null where the figures are not live (``wait`` not given)."""
    shown = {
        "id": ticket.id,
        "number": ticket.number,
        "service": named_json(ticket.service_id, site.service(ticket.service_id)),
        "agency": named_json(ticket.agency_id, site.agency(ticket.agency_id)),
        "priority": ticket.priority,
        "priority_kind": ticket.priority_kind,
        "status": ticket.status.value,
        "business_day": ticket.business_day.isoformat(),
        "issued_at": local_time(site, ticket.issued_at),
        "called_at": local_time(site, ticket.called_at),
        "started_at": local_time(site, ticket.started_at),
        "finished_at": local_time(site, ticket.finished_at),
        "counter": ticket.counter if ticket.counter is not None else ticket.target_counter,
        "ahead": ahead,
        "estimate_minutes": estimate,
        "estimate_range": range_json(wait),
        "recalls": ticket.recalls,
        "transferred_from": ticket.transferred_from,
        "channel": ticket.channel,
        "lang": ticket.lang,
        "rating": ticket.rating,
        "appointment_at": local_time(site, ticket.appointment_at),
        "awaiting_check_in": ticket.awaiting_check_in,
    }
    if with_token:
        shown["public_token"] = ticket.public_token
    return shown


def range_json(wait: WaitRange | None) -> dict[str, int] | None:
    """``{"low", "high"}`` whole minutes: about 80 % of citizens in the position wait within."""
    return None if wait is None else {"low": wait.low, "high": wait.high}


def live_ticket_json(store: Store, ticket: Ticket) -> dict[str, Any]:
    """A ticket with its live ``ahead``, ``estimate_minutes`` and ``estimate_range``."""
    live = store.live_wait(ticket)
    return ticket_json(store.site, ticket, live.ahead, live.minutes, wait=live.range)


def live_tickets_json(store: Store, tickets: list[Ticket]) -> dict[int, dict[str, Any]]:
    """``live_ticket_json`` of many tickets, by id, their places counted in one walk down the
    queue (``Store.live_waits``)."""
    site, live = store.site, store.live_waits(tickets)
    return {
        t.id: ticket_json(site, t, live[t.id].ahead, live[t.id].minutes, wait=live[t.id].range)
        for t in tickets
    }


def counter_json(store: Store, status: CounterStatus) -> dict[str, Any]:
    site = store.site
    counter = site.counter(status.number)
    ticket = store.ticket(status.ticket_id) if status.ticket_id is not None else None
    return {
        "number": status.number,
        "name": counter.name if counter else str(status.number),
        "zone": counter.zone if counter else "",
        "state": status.state.value,
        "services": list(counter.services) if counter else [],
        "staff": status.staff,
        "since": local_time(site, status.since),
        "ticket": None if ticket is None else ticket_json(site, ticket),
        **counter_extras(store, status),
    }


COUNTER_WAITING = 12


def counter_extras(store: Store, status: CounterStatus) -> dict[str, Any]:
    """What a counter's panel and its citizen-facing display show beyond the state: the clerk
    on duty (name, title), the next tickets waiting for it (roughly in calling order; at most
    COUNTER_WAITING) and today's figures for the counter and for the clerk on duty."""
    site = store.site
    counter = site.counter(status.number)
    services = list(counter.services) if counter else []
    business_day = site.business_day(clock.now())
    waiting = store.waiting_for(status.number, services, business_day, COUNTER_WAITING)
    name, title = _staff_name(store, status.staff)
    return {
        "staff_name": name,
        "staff_title": title,
        "waiting": [ticket_json(site, t) for t in waiting],
        "today": _counter_figures(store.tickets(day=business_day, counter=status.number)),
        "staff_today": _counter_figures(
            store.tickets(day=business_day, staff=status.staff) if status.staff else []
        ),
    }


def _staff_name(store: Store, username: str | None) -> tuple[str | None, str | None]:
    if not username:
        return None, None
    try:
        account = get_account(store.conn, username)
    except NotFound:  # an account gone from the site file: its username is its name
        return username, ""
    return account.display_name, account.title


def _counter_figures(tickets: list[Ticket]) -> dict[str, Any]:
    """Called, served, no-show and average minutes of service among ``tickets``."""
    minutes = [
        (t.finished_at - t.started_at).total_seconds() / 60
        for t in tickets
        if t.status is TicketStatus.DONE and t.started_at and t.finished_at
    ]
    return {
        "called": len(tickets),
        "served": len(minutes),
        "no_show": sum(1 for t in tickets if t.status is TicketStatus.NO_SHOW),
        "average_service_minutes": round(sum(minutes) / len(minutes), 1) if minutes else None,
    }


def services_json(store: Store, now: datetime) -> list[dict[str, Any]]:
    """Agencies with their services: waiting, estimate, and whether they take tickets now."""
    site = store.site
    day = site.business_day(now)
    waiting = store.waiting_counts(day)
    issued = store.issued_today(day)
    closures = store.closures(day)
    open_numbers = {s.number for s in store.counter_statuses() if s.state.value == "open"}
    estimates = store.estimates(day, now)
    agencies = []
    for agency in site.agencies:
        services = []
        for service in (s for s in site.services if s.agency_id == agency.id):
            count = waiting.get(service.id, 0)
            open_counters = sum(
                1 for c in site.counters_serving(service.id) if c.number in open_numbers
            )
            availability = service_availability(
                service, site.local(now), issued.get(service.id, 0), closures.get(service.id)
            )
            minutes, wait = estimates.wait(service.id)
            services.append(
                {
                    "id": service.id,
                    "name": service.name,
                    "name_en": service.name_en,
                    "waiting": count,
                    "estimate_minutes": minutes,
                    "estimate_range": range_json(wait),
                    "open_counters": open_counters,
                    "target_wait_minutes": service.target_wait_minutes,
                    "available": availability.available,
                    "reason": availability.reason,
                    "reason_message": availability.message,
                    "procedure": procedure_json(service.procedure),
                }
            )
        agencies.append(
            {
                "id": agency.id,
                "name": agency.name,
                "name_en": agency.name_en,
                "waiting": sum(
                    waiting.get(s.id, 0) for s in site.services if s.agency_id == agency.id
                ),
                "services": services,
                "site": kiosk_site_json(site),
            }
        )
    return agencies


def procedure_json(procedure: Procedure) -> dict[str, Any]:
    """The site file's catalogue entry of one service, for the kiosk's procedure lookup."""
    return {
        "documents": list(procedure.documents),
        "processing_time": procedure.processing_time,
        "fee": procedure.fee,
        "documents_en": list(procedure.documents_en),
        "processing_time_en": procedure.processing_time_en,
        "fee_en": procedure.fee_en,
    }


def kiosk_site_json(site: Site) -> dict[str, Any]:
    """What a kiosk shows and prints of its site: names, ticket footer, public URL, paperless.

    Repeated in each agency of ``GET /services`` so the client's list of agencies carries it.
    """
    return {
        "id": site.id,
        "name": site.name,
        "name_en": site.name_en,
        "footer": str(site.extra.get("footer") or ""),
        "public_url": str(site.extra.get("public_url") or ""),
        "paperless_tickets": site.rules.paperless_tickets,
        "sms": site.extra.get("sms") is not None,
    }


def today_figures(store: Store, day: date) -> dict[str, Any]:
    """Issued, served, who gave up, the on-time share counting them (``domain.gaveup``),
    average wait, for one business day."""
    site = store.site
    tickets = store.tickets(day=day)
    waits = [
        (t.first_called_at - t.issued_at).total_seconds() / 60
        for t in tickets
        if t.first_called_at is not None
    ]
    timely = on_time(tickets, lambda s: target_minutes(site, s))
    served = sum(1 for t in tickets if t.status is TicketStatus.DONE)
    return {
        "issued": len(tickets),
        "served": served,
        "waiting": sum(1 for t in tickets if t.status is TicketStatus.WAITING),
        "no_show": sum(1 for t in tickets if t.status is TicketStatus.NO_SHOW),
        "gave_up": timely.gave_up,
        "within_target_share": timely.share,
        "average_wait_minutes": round(sum(waits) / len(waits), 1) if waits else None,
    }


_EVENT_KEYS = ("seq", "type", "at", "ticket", "counter")


def event_json(site: Site, body: dict[str, Any]) -> dict[str, Any]:
    """A stored event body (its ticket a raw row, times in UTC) in the contract's shape.

    ``{"seq", "type", "at", "ticket": {contract ticket} | null, "counter", ...detail}``;
    a detail never hides one of the five keys.
    """
    row = body.get("ticket")
    ticket = None
    if row is not None:
        stored = row_to_ticket(row)
        ticket = (
            ticket_json(site, stored, stored.ahead_at_issue or 0, stored.estimate_minutes or 0)
            if body["type"] == "ticket.issued"
            else ticket_json(site, stored)
        )
    event: dict[str, Any] = {
        "seq": body["seq"],
        "type": body["type"],
        # milliseconds, so that a board can measure how long a call took to reach it
        "at": site.local(from_db_time(body["at"])).isoformat(timespec="milliseconds"),
        "ticket": ticket,
        "counter": body.get("counter"),
    }
    for key, value in (body.get("detail") or {}).items():
        if key not in _EVENT_KEYS:
            event[key] = value
    return event


def event_text(site: Site, body: dict[str, Any]) -> str:
    """An event as the one JSON text every subscriber receives."""
    return json.dumps(event_json(site, body), ensure_ascii=False, separators=(",", ":"))


RECENT_CALLS = 10


def site_rules_json(site: Site) -> dict[str, Any]:
    """The rules a counter's screens follow: the rating levels (score k is the k-th level,
    1 = the first, most satisfied), their reasons, and the recalls needed before a no-show."""
    rules = site.rules
    levels_en = site.extra.get("rating_levels_en") or ()
    return {
        "rating": {
            "levels": list(rules.rating_levels),
            "levels_en": list(levels_en),  # type: ignore[call-overload]
            "reasons": list(rules.rating_reasons),
        },
        "recalls_before_no_show": rules.recalls_before_no_show,
    }


LOGO_PATH = "/api/v1/site/logo"


def board_look_json(store: Store) -> dict[str, Any]:
    """The site file's ``[board]``: colours, number reading, English; the logo as a URL."""
    look = dict(store.site.extra["board"])  # type: ignore[call-overload]
    look["logo"] = LOGO_PATH if look.get("logo") and store.board_logo() is not None else None
    return look


def board_json(store: Store, now: datetime) -> dict[str, Any]:
    """What a hall board shows, consistent with ``seq`` when read inside one read transaction."""
    site = store.site
    day = site.business_day(now)
    waiting = store.waiting_counts(day)
    return {
        "seq": store.last_seq(),
        "site": {
            "id": site.id,
            "name": site.name,
            "name_en": site.name_en,
            **site_rules_json(site),
            "board": board_look_json(store),
        },
        "agencies": [
            {
                "id": agency.id,
                "name": agency.name,
                "name_en": agency.name_en,
                "waiting": sum(
                    waiting.get(s.id, 0) for s in site.services if s.agency_id == agency.id
                ),
            }
            for agency in site.agencies
        ],
        "counters": [counter_json(store, s) for s in store.counter_statuses()],
        "recent_calls": [
            event_json(site, b)
            for b in store.recent_calls(RECENT_CALLS)
            if b["ticket"] and b["ticket"]["business_day"] == day.isoformat()
        ],
        "waiting": [
            {
                "service": named_json(s.id, s),
                "agency": s.agency_id,
                "waiting": waiting.get(s.id, 0),
            }
            for s in site.services
        ],
        "today": today_figures(store, day),
        "notices": store.notices(),
    }
