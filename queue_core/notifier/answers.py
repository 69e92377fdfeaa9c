"""Answering citizens' texts to the modem: a number for a service (where the site allows remote
tickets, a few a day per phone) with the code that checks its holder in at a kiosk, or the
state of today's number; every answer queued as a text."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from queue_core.domain import Command, IssueTicket, TicketStatus
from queue_core.domain.remote import check_in_code
from queue_core.domain.sms import SmsSettings, mask_phone, phone_number
from queue_core.errors import DomainError
from queue_core.notifier.requests import read_request
from queue_core.notifier.wording import CHECK_IN, REPLIES, wait_words
from queue_core.store import (
    REMOTE,
    Outcome,
    Store,
    TicketView,
    ask_for_texts,
    queue_reply,
    remote_tickets_of,
    ticket_numbered,
)
from sms import Incoming

log = logging.getLogger("luot.sms")

Issue = Callable[[Command], Outcome]
"""Runs a queue command through the core's writer (so its events go out at once)."""


def answer(
    store: Store, settings: SmsSettings, message: Incoming, now: datetime, issue: Issue
) -> None:
    """Read one received text and queue its answer; a text not for the queue is let be."""
    site = store.site
    asked = read_request(message.text, settings.keyword, [s.id for s in site.services])
    if asked is None:
        return
    try:
        phone = phone_number(message.sender)
    except DomainError:
        log.info("a text for the queue from a number that takes no text back: let be")
        return
    day = site.business_day(now)
    words, ticket_id = _answer(store, settings, asked.service, asked.number, phone, now, issue)
    with store.transaction() as conn:
        queue_reply(conn, phone, words, ticket_id, day, now)
    log.info("answered a text from %s", mask_phone(phone))


def _answer(
    store: Store,
    settings: SmsSettings,
    service: str | None,
    number: str | None,
    phone: str,
    now: datetime,
    issue: Issue,
) -> tuple[str, int]:
    site = store.site
    day = site.business_day(now)
    if service is not None:
        if not settings.remote_tickets:
            return REPLIES["off"], 0
        if remote_tickets_of(store.conn, day, phone) >= settings.remote_per_phone:
            return REPLIES["cap"].format(cap=settings.remote_per_phone), 0
        outcome = issue(IssueTicket(service, channel=REMOTE, from_afar=True))
        view = outcome.result
        if outcome.error is not None or not isinstance(view, TicketView):
            return REPLIES["refused"], 0
        taken = view.ticket
        with store.transaction() as conn:
            ask_for_texts(conn, taken.id, taken.business_day, phone, "vi", REMOTE, now)
        wait = store.live_wait(taken)
        said = REPLIES["took"].format(
            number=taken.number, ahead=wait.ahead, wait=wait_words(wait.range)
        )
        code = check_in_code(taken.public_token)
        return said + CHECK_IN[settings.remote_unchecked].format(code=code), taken.id
    if number is not None:
        found = ticket_numbered(store.conn, day, number)
        ticket = None if found is None else store.ticket(found)
        if ticket is None:
            return REPLIES["unknown"].format(number=number), 0
        if ticket.status is TicketStatus.WAITING:
            wait = store.live_wait(ticket)
            said = REPLIES["waiting"].format(
                number=ticket.number, ahead=wait.ahead, wait=wait_words(wait.range)
            )
        elif ticket.status in (TicketStatus.CALLED, TicketStatus.SERVING):
            said = REPLIES["called"].format(number=ticket.number, counter=ticket.counter)
        else:
            said = REPLIES["over"].format(number=ticket.number)
        return said, ticket.id
    example = site.services[0].id if site.services else "..."
    return REPLIES["help"].format(keyword=settings.keyword, example=example), 0
