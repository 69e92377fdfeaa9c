"""The run's own record of each ticket: a first call is kept whichever comes first, the
clerk's answer to "next" or the kiosk's 201 for the same ticket."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from queue_core.client import TicketInfo
from queue_core.config import SAMPLE_SITE, load_site
from simulator.clock import SimClock
from simulator.hall import Hall
from simulator.link import Link
from simulator.plan import make_plan
from tests.queue_core.client import samples

SITE, _ = load_site(SAMPLE_SITE)


@pytest.mark.parametrize("kiosk_first", [True, False])
def test_the_first_call_is_kept_whichever_answer_comes_first(kiosk_first: bool) -> None:
    plan = make_plan(SITE, datetime(2026, 11, 25).date(), 11, time(8), time(9))
    hall = Hall(plan, SimClock(600.0), Link(), None)
    waiting = TicketInfo.from_json(samples.ticket(36, "1004", status="waiting"))
    called = TicketInfo.from_json(samples.ticket(36, "1004"))
    assert called.called_at is not None
    if kiosk_first:
        hall.acknowledged(waiting, plan.citizens[0])
        hall.called(called, 2)
    else:  # called the moment it was issued: the counter's answer before the kiosk's
        hall.called(called, 2)
        hall.acknowledged(waiting, plan.citizens[0])
    assert hall.records[36].first_called_at == called.called_at
    later = TicketInfo.from_json(samples.ticket(36, "1004", called_at="2026-11-25T09:30:00+07:00"))
    hall.seen_called(later)  # a recall, or the ticket asked for again: the first call stays
    assert hall.records[36].first_called_at == called.called_at
