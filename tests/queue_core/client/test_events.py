"""The stream's messages read into their types: one family per EventType, the snapshot, an
unknown type from a newer core passed over, a known one that breaks the contract a fault."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from queue_core.client import (
    AlertEvent,
    CoreFault,
    CounterEvent,
    DayReset,
    DayRestored,
    DossierChanged,
    NoticesChanged,
    ServiceChanged,
    StreamSnapshot,
    TicketEvent,
    UnknownEvent,
    parse_event,
)
from queue_core.domain import EventType, Position, TicketStatus
from tests.queue_core.client import samples

FAMILIES = {
    "ticket.": TicketEvent,
    "counter.": CounterEvent,
    "day.reset": DayReset,
    "day.restored": DayRestored,
    "notice.": NoticesChanged,
    "service.": ServiceChanged,
    "alert.": AlertEvent,
    "dossier.": DossierChanged,
}


def test_the_samples_cover_every_event_type_of_the_domain() -> None:
    assert set(samples.EVENT_TYPES) == {k.value for k in EventType}


@pytest.mark.parametrize("kind", list(EventType))
def test_every_event_type_reads_into_its_family_with_the_domains_kind(kind: EventType) -> None:
    event = parse_event(samples.event(42, kind.value))
    family = next(f for prefix, f in FAMILIES.items() if kind.value.startswith(prefix))
    assert type(event) is family
    assert (event.kind, event.seq) == (kind, 42)
    assert event.at.utcoffset() is not None


def test_a_ticket_event_carries_its_ticket_and_counter() -> None:
    event = parse_event(samples.event(7, "ticket.called"))
    assert isinstance(event, TicketEvent) and event.is_call
    assert (event.ticket.number, event.ticket.status, event.counter) == (
        "1007",
        TicketStatus.CALLED,
        2,
    )
    assert (event.reason, event.out_of_turn, event.score, event.transfer) == (
        None,
        False,
        None,
        None,
    )
    issued = parse_event(samples.event(8, "ticket.issued"))
    assert isinstance(issued, TicketEvent) and issued.counter is None and not issued.is_call


def test_each_kind_carries_its_own_keys() -> None:
    out_of_turn = parse_event(
        samples.event(1, "ticket.called", reason="Hẹn trước", out_of_turn=True)
    )
    assert isinstance(out_of_turn, TicketEvent)
    assert (out_of_turn.reason, out_of_turn.out_of_turn) == ("Hẹn trước", True)
    rated = parse_event(samples.event(2, "ticket.rated"))
    assert isinstance(rated, TicketEvent) and (rated.score, rated.reason) == (2, "Chờ lâu")
    moved = parse_event(samples.event(3, "ticket.transferred"))
    assert isinstance(moved, TicketEvent) and moved.transfer is not None
    assert (moved.transfer.from_service, moved.transfer.to_counter) == ("lltp", 3)
    assert (moved.transfer.to_service, moved.transfer.position) == (None, Position.FRONT)
    cancelled = parse_event(samples.event(4, "ticket.cancelled"))
    assert isinstance(cancelled, TicketEvent) and cancelled.reason == "Xin huỷ"
    closed = parse_event(samples.event(5, "counter.closed"))
    assert isinstance(closed, CounterEvent)
    assert (closed.counter, closed.staff, closed.reason) == (1, None, "day end")
    reset = parse_event(samples.event(6, "day.reset"))
    assert isinstance(reset, DayReset)
    assert (reset.business_day, reset.reason, reset.closed) == (date(2026, 11, 24), "day end", 2)
    restored = parse_event(samples.event(11, "day.restored"))
    assert isinstance(restored, DayRestored)
    assert (restored.business_day, restored.backup_seq) == (date(2026, 11, 25), 30)
    assert restored.backup_at.utcoffset() is not None
    assert restored.set_aside == "luot.db.replaced-20261125T024500Z"
    datdai = restored.services[1]
    assert (datdai.service, datdai.from_number, datdai.to_number, datdai.skipped) == (
        "datdai",
        "A030",
        "A055",
        25,
    )
    assert (datdai.basis, datdai.per_hour, datdai.open_minutes) == ("estimate", 30, 15)
    assert restored.services[0].from_number is None
    notices = parse_event(samples.event(7, "notice.changed"))
    assert isinstance(notices, NoticesChanged) and notices.notices == ("Thông báo",)
    closure = parse_event(samples.event(8, "service.changed"))
    assert isinstance(closure, ServiceChanged)
    assert (closure.service, closure.closed_reason, closure.counter) == (
        "chungthuc",
        "Mất điện",
        None,
    )
    services = parse_event(
        samples.event(9, "service.changed", counter=2, services=["lltp"], service=None)
    )
    assert isinstance(services, ServiceChanged)
    assert (services.counter, services.services, services.service) == (2, ("lltp",), None)
    alert = parse_event(samples.event(10, "alert.raised"))
    assert isinstance(alert, AlertEvent)
    assert (alert.key, alert.alert, alert.subject) == ("paused:1", "counter_paused", "counter:1")
    assert alert.message_en == "Counter 1 paused"


def test_a_snapshot_reads_its_board() -> None:
    snapshot = parse_event(samples.snapshot(30))
    assert isinstance(snapshot, StreamSnapshot)
    assert snapshot.seq == snapshot.board.seq == 30
    assert snapshot.board.recent_calls[0].kind is EventType.TICKET_CALLED


def test_an_unknown_type_from_a_newer_core_keeps_only_its_place() -> None:
    event = parse_event({"seq": 12, "type": "queue.rebalanced", "at": "soon", "whatever": [1]})
    assert event == UnknownEvent("queue.rebalanced", 12)


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("ticket.called", {"ticket": None}, "ticket"),
    ("ticket.called", {"counter": None}, "counter"),
    ("ticket.rated", {"score": None}, "score"),
    ("ticket.transferred", {"position": "middle"}, "position"),
    ("ticket.issued", {"at": "yesterday"}, "at"),
    ("counter.opened", {"counter": "1"}, "counter"),
    ("day.reset", {"business_day": None}, "business_day"),
    ("day.restored", {"backup_seq": "30"}, "backup_seq"),
    ("day.restored", {"services": [{"service": "lltp"}]}, "skipped"),
    ("notice.changed", {"notices": None}, "notices"),
    ("service.changed", {"service": None}, "service"),
    ("alert.cleared", {"message_en": None}, "message_en"),
]


@pytest.mark.parametrize(("kind", "change", "key"), BROKEN)
def test_a_known_event_that_breaks_the_contract_is_a_fault(
    kind: str, change: dict[str, Any], key: str
) -> None:
    with pytest.raises(CoreFault, match=f"'{key}'"):
        parse_event(samples.event(3, kind, **change))


@pytest.mark.parametrize("message", [{"type": "ticket.called"}, {"seq": "3", "type": "x"}, []])
def test_a_message_without_its_seq_is_a_fault(message: Any) -> None:
    with pytest.raises(CoreFault):
        parse_event(message)


def test_a_snapshot_without_its_board_is_a_fault() -> None:
    with pytest.raises(CoreFault, match="'board'"):
        parse_event({"type": "snapshot", "seq": 3})
