"""The client's typed answers: each REST answer read once, here, into frozen values; a missing
or wrong-typed key is a CoreFault that names it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from queue_core.client import (
    AgencyInfo,
    Board,
    CoreFault,
    CounterInfo,
    DossierFigures,
    DossierInfo,
    Health,
    Heartbeat,
    Pairing,
    ServiceStatus,
    Session,
    Stats,
    TicketInfo,
)
from queue_core.domain import (
    CounterState,
    EventType,
    PriorityKind,
    Procedure,
    Role,
    TicketStatus,
    WaitRange,
)
from queue_core.domain.dossiers import DossierStatus, Timeliness
from tests.queue_core.client import samples

Reader = Callable[[Any], Any]


def test_a_ticket_carries_every_field_the_core_sends() -> None:
    data = samples.ticket(
        4,
        "A004",
        "done",
        priority=True,
        priority_kind="pregnant",
        transferred_from="counter:3",
        rating=1,
        lang="en",
    )
    ticket = TicketInfo.from_json(data)
    assert (ticket.id, ticket.number, ticket.status) == (4, "A004", TicketStatus.DONE)
    assert ticket.service.name_en == "Judicial record"
    assert ticket.agency.name == "Sở Tư pháp"
    assert (ticket.priority, ticket.priority_kind) == (True, PriorityKind.PREGNANT)
    assert ticket.business_day == date(2026, 11, 25)
    assert ticket.started_at == datetime.fromisoformat("2026-11-25T09:06:00+07:00")
    assert ticket.finished_at == datetime.fromisoformat("2026-11-25T09:12:00+07:00")
    assert (ticket.transferred_from, ticket.from_counter) == ("counter:3", 3)
    assert (ticket.rating, ticket.channel, ticket.lang) == (1, "kiosk", "en")
    assert set(samples.ticket()) == {f.name for f in dataclasses.fields(TicketInfo)}


@pytest.mark.parametrize(
    ("origin", "counter"),
    [(None, None), ("counter:12", 12), ("service:lltp", None), ("counter:x", None)],
)
def test_the_counter_a_ticket_was_sent_from(origin: str | None, counter: int | None) -> None:
    ticket = TicketInfo.from_json(samples.ticket(transferred_from=origin))
    assert ticket.from_counter == counter


def test_a_counter_carries_its_clerk_queue_and_figures() -> None:
    info = CounterInfo.from_json(samples.counter(2, current=samples.ticket(7, "1007")))
    assert (info.number, info.state, info.services) == (2, CounterState.OPEN, ("lltp", "chungthuc"))
    assert info.ticket is not None and info.ticket.number == "1007"
    assert (info.staff, info.staff_name, info.staff_title) == (
        "lan",
        "Nguyễn Thị Lan",
        "Chuyên viên",
    )
    assert [t.number for t in info.waiting] == ["1008", "1009"]
    assert info.waiting[0].priority_kind is PriorityKind.ELDERLY
    assert (info.today.called, info.today.served, info.today.no_show) == (12, 10, 1)
    assert info.today.average_service_minutes == 6.5
    assert info.staff_today.average_service_minutes == 5.8
    assert info.since == datetime.fromisoformat("2026-11-25T07:30:00+07:00")


def test_an_agency_carries_its_services_english_names_and_the_site() -> None:
    agency = AgencyInfo.from_json(samples.agency())
    assert (agency.id, agency.name_en, agency.waiting) == ("stp", "Department of Justice", 2)
    open_, closed = agency.services
    assert (open_.name_en, open_.open_counters, open_.target_wait_minutes) == (
        "Judicial record",
        1,
        30,
    )
    assert (closed.available, closed.reason) == (False, "closed_today")
    assert closed.reason_message == "Hôm nay tạm dừng: mất điện"
    assert open_.estimate_range == WaitRange(6, 14)
    assert agency.site is not None
    assert (agency.site.footer, agency.site.public_url) == (
        "Xin cảm ơn",
        "http://192.168.1.10:8470",
    )
    assert agency.site.name_en == "Test centre" and not agency.site.paperless_tickets


def test_a_services_procedure_becomes_the_domains_procedure() -> None:
    status = ServiceStatus.from_json(samples.service())
    assert status.procedure == Procedure(
        ("Tờ khai", "CCCD"),
        "10 ngày",
        "200.000 đồng",
        ("Form", "ID card"),
        "10 days",
        "VND 200,000",
    )
    assert status.procedure.known


@pytest.mark.parametrize("procedure", [None, "papers", ["x"], {}])
def test_a_missing_or_malformed_procedure_is_an_empty_entry(procedure: Any) -> None:
    status = ServiceStatus.from_json(samples.service(procedure=procedure))
    assert status.procedure == Procedure()
    assert not status.procedure.known


def test_the_board_reads_its_site_counters_calls_waiting_today_and_notices() -> None:
    board = Board.from_json(samples.board(10))
    assert board.seq == 10
    site = board.site
    assert (site.name, site.name_en, site.recalls_before_no_show) == (
        "Trung tâm thử nghiệm",
        "Test centre",
        1,
    )
    assert site.rating.levels[0] == "Rất hài lòng" and site.rating.reasons == ("Chờ lâu",)
    assert (site.look.ground, site.look.number, site.look.logo) == ("#071A3D", "#FFD400", None)
    assert (site.look.zero_tens, site.look.four, site.look.english) == ("linh", "bốn", False)
    assert [c.state for c in board.counters] == [CounterState.OPEN, CounterState.CLOSED]
    (call,) = board.recent_calls
    assert (call.kind, call.seq, call.counter) == (EventType.TICKET_CALLED, 10, 2)
    assert [(a.id, a.waiting) for a in board.agencies] == [("stp", 2), ("stnmt", 0)]
    assert board.waiting[0].service.id == "lltp" and board.waiting[0].agency == "stp"
    assert (board.today.issued, board.today.waiting, board.today.within_target_share) == (
        14,
        2,
        0.917,
    )
    assert board.notices == ("Trung tâm làm việc từ 7:30.",)


def test_health_pairing_session_and_heartbeat() -> None:
    health = Health.from_json(samples.HEALTH)
    assert (health.site_id, health.seq, health.dossiers.last_pull) == ("test-centre", 15, None)
    pairing = Pairing.from_json(samples.PAIRING)
    assert (pairing.role, pairing.device_id, pairing.name) == ("counter", "2", "Quầy 1")
    session = Session.from_json(samples.SESSION)
    assert (session.staff.username, session.staff.name, session.staff.role) == (
        "lan",
        "Lan",
        Role.CLERK,
    )
    assert session.counter == 1
    boss = Session.from_json({**samples.SESSION, "counter": None})
    assert boss.counter is None
    beat = Heartbeat.from_json(samples.HEARTBEAT)
    assert beat.device_id == "1" and beat.last_seen.utcoffset() is not None


def test_the_months_dossiers_and_one_dossier() -> None:
    month = DossierFigures.from_json(samples.DOSSIERS)
    (stp,) = month.agencies
    assert (month.month, stp.received, stp.late, stp.on_time_share) == ("2026-11", 3, 1, 0.5)
    assert stp.ready_codes == ("000.00.12.H55-000001-0001",)
    dossier = DossierInfo.from_json(samples.DOSSIER)
    assert (dossier.status, dossier.timeliness) == (DossierStatus.READY, Timeliness.EARLY)
    assert dossier.agency.name_en == "Department of Justice"
    assert dossier.result is not None and dossier.result.counters == (5, 6)
    assert dossier.returned_at is None
    assert DossierInfo.from_json({**samples.DOSSIER, "ready": False, "result": None}).result is None


def test_stats_by_staff_in_total_and_per_hour() -> None:
    stats = Stats.from_json(samples.STATS)
    assert (stats.start, stats.end, stats.by) == (date(2026, 11, 25), date(2026, 11, 25), "staff")
    (lan,) = stats.groups
    assert (lan.key, lan.name, lan.figures.issued) == ("lan", "Lan", 3)
    assert stats.total.wait_minutes.p90 == 9.0 and stats.total.service_minutes.mean is None
    assert stats.total.ratings.levels == ((1, 0), (2, 1), (3, 0), (4, 0))
    assert stats.hours[0].hour == 9
    by_counter = {
        **samples.STATS,
        "by": "counter",
        "groups": [{"counter": {"number": 1, "name": "Quầy 1"}, **samples.STATS_FIGURES}],
    }
    assert Stats.from_json(by_counter).groups[0].key == "1"


def _without(data: dict[str, Any], path: str) -> dict[str, Any]:
    """``data`` with the key at ``path`` (``a.b``, ``a[0].b``) taken out."""
    return _changed(data, path, None, remove=True)


def _changed(data: Any, path: str, value: Any, remove: bool = False) -> Any:
    copy = _deep(data)
    *parents, last = path.replace("[", ".[").split(".")
    target = copy
    for part in parents:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    if remove:
        del target[last]
    else:
        target[last] = value
    return copy


def _deep(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _deep(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_deep(v) for v in data]
    return data


MISSING: list[tuple[Reader, dict[str, Any], str]] = [
    (TicketInfo.from_json, samples.ticket(), "issued_at"),
    (TicketInfo.from_json, samples.ticket(), "business_day"),
    (TicketInfo.from_json, samples.ticket(), "lang"),
    (TicketInfo.from_json, samples.ticket(), "service.name_en"),
    (CounterInfo.from_json, samples.counter(), "waiting"),
    (CounterInfo.from_json, samples.counter(), "today.served"),
    (CounterInfo.from_json, samples.counter(), "waiting[1].recalls"),
    (AgencyInfo.from_json, samples.agency(), "site"),
    (AgencyInfo.from_json, samples.agency(), "services[0].available"),
    (Board.from_json, samples.board(), "site.board.ground"),
    (Board.from_json, samples.board(), "site.rating"),
    (Board.from_json, samples.board(), "recent_calls[0].counter"),
    (Board.from_json, samples.board(), "today"),
    (Board.from_json, samples.board(), "agencies[1].waiting"),
    (Health.from_json, samples.HEALTH, "dossiers"),
    (Pairing.from_json, samples.PAIRING, "token"),
    (Session.from_json, samples.SESSION, "staff.role"),
    (Heartbeat.from_json, samples.HEARTBEAT, "last_seen"),
    (DossierFigures.from_json, samples.DOSSIERS, "agencies[0].ready_codes"),
    (DossierInfo.from_json, samples.DOSSIER, "timeliness"),
    (DossierInfo.from_json, samples.DOSSIER, "result.bring"),
    (Stats.from_json, samples.STATS, "total.ratings"),
    (Stats.from_json, samples.STATS, "groups[0].staff"),
]


@pytest.mark.parametrize(("read", "data", "path"), MISSING)
def test_a_missing_key_is_a_fault_naming_it(read: Reader, data: dict[str, Any], path: str) -> None:
    read(data)  # whole, it reads
    with pytest.raises(CoreFault, match=rf"missing '{path.rsplit('.', 1)[-1]}'") as fault:
        read(_without(data, path))
    assert path.rpartition(".")[0] in str(fault.value)  # and where it was missing


LATER_FLAGS: list[tuple[Reader, dict[str, Any], str, str]] = [
    (TicketInfo.from_json, samples.ticket(), "awaiting_check_in", "awaiting_check_in"),
    (Board.from_json, samples.board(), "site.board.repeat_priority", "site.look.repeat_priority"),
]


@pytest.mark.parametrize(("read", "data", "path", "attribute"), LATER_FLAGS)
def test_a_flag_added_later_is_off_from_a_core_that_sends_none(
    read: Reader, data: dict[str, Any], path: str, attribute: str
) -> None:
    """A board or kiosk updated before its core still reads the core's answers."""

    def value(answer: Any) -> Any:
        for name in attribute.split("."):
            answer = getattr(answer, name)
        return answer

    assert value(read(_changed(data, path, True))) is True
    assert value(read(_without(data, path))) is False
    with pytest.raises(CoreFault, match=path.rsplit(".", 1)[-1]):
        read(_changed(data, path, "yes"))


WRONG: list[tuple[Reader, dict[str, Any], str, Any]] = [
    (TicketInfo.from_json, samples.ticket(), "id", "1"),
    (TicketInfo.from_json, samples.ticket(), "priority", 1),
    (TicketInfo.from_json, samples.ticket(), "recalls", True),
    (TicketInfo.from_json, samples.ticket(), "status", "lost"),
    (TicketInfo.from_json, samples.ticket(), "priority_kind", "vip"),
    (TicketInfo.from_json, samples.ticket(), "called_at", "soon"),
    (TicketInfo.from_json, samples.ticket(), "issued_at", "2026-11-25T09:00:00"),
    (TicketInfo.from_json, samples.ticket(), "business_day", "25/11/2026"),
    (CounterInfo.from_json, samples.counter(), "state", "busy"),
    (CounterInfo.from_json, samples.counter(), "services", ["lltp", 2]),
    (CounterInfo.from_json, samples.counter(), "today.average_service_minutes", "6"),
    (Board.from_json, samples.board(), "notices", "Thông báo"),
    (Board.from_json, samples.board(), "site.board.english", "yes"),
    (Board.from_json, samples.board(), "counters", {}),
    (Session.from_json, samples.SESSION, "staff.role", "boss"),
    (DossierInfo.from_json, samples.DOSSIER, "status", "lost"),
    (DossierInfo.from_json, samples.DOSSIER, "result.counters", ["5"]),
    (Stats.from_json, samples.STATS, "total.ratings.levels", {"one": 1}),
]


@pytest.mark.parametrize(("read", "data", "path", "value"), WRONG)
def test_a_wrong_typed_value_is_a_fault_naming_its_key(
    read: Reader, data: dict[str, Any], path: str, value: Any
) -> None:
    with pytest.raises(CoreFault, match=f"'{path.rsplit('.', 1)[-1]}'"):
        read(_changed(data, path, value))


def test_an_answer_that_is_not_an_object_is_a_fault() -> None:
    with pytest.raises(CoreFault, match="expected a JSON object"):
        TicketInfo.from_json(["1001"])


def test_a_range_upside_down_is_a_fault_of_the_core() -> None:
    with pytest.raises(CoreFault, match="estimate_range"):
        TicketInfo.from_json(samples.ticket(estimate_range={"low": 9, "high": 3}))
    assert TicketInfo.from_json(
        samples.ticket(estimate_range={"low": 3, "high": 9})
    ).estimate_range == WaitRange(3, 9)
