"""The client against a real `luot-core serve`: every method's answer and every event type the
core emits in a short scripted day read into the typed models without a CoreFault, so that the
client cannot drift from the server."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest

from queue_core.client import (
    AgencyInfo,
    Board,
    CoreCertificates,
    CoreClient,
    CoreEvent,
    CoreRefused,
    CounterInfo,
    DayRestored,
    DossierFigures,
    DossierInfo,
    EventStream,
    Health,
    Heartbeat,
    Pairing,
    Session,
    Stats,
    StreamSnapshot,
    TicketEvent,
    TicketInfo,
    Trust,
    UnknownEvent,
)
from queue_core.domain import (
    Alert,
    CancelTicket,
    ChangeCounterServices,
    Command,
    EventType,
    Position,
    ResetDay,
    SetNotices,
    SetServiceClosed,
    SyncAlerts,
)
from queue_core.store import restore_backup, take_backup
from tests.support.dossiers import READY, import_dossiers, this_month_rows
from tests.support.server import CoreServer

pytestmark = pytest.mark.anyio

GUARD = 60  # seconds: a hang guard, not a measurement
T = TypeVar("T")


class Answers:
    """Every answer of the day, checked to be of the type its method promises."""

    def __init__(self) -> None:
        self.methods: set[str] = set()

    async def of(self, method: str, kind: type[T] | None, call: Awaitable[Any]) -> Any:
        answer = await call
        if kind is not None:
            assert isinstance(answer, kind), f"{method} answered {answer!r}"
        self.methods.add(method)
        return answer


async def follow(stream: EventStream, last: int) -> list[CoreEvent]:
    events: list[CoreEvent] = []
    with anyio.fail_after(GUARD):
        async for event in stream:
            events.append(event)
            if event.seq >= last:
                return events
    return events


def run(server: CoreServer, *commands: Command) -> int:
    """Commands only the console, the checker or the CLI give, committed as they would be;
    the core sends their events. The last seq after them."""
    store = server.store()
    try:
        for command in commands:
            store.execute(command, datetime.now(UTC))
        return store.last_seq()
    finally:
        store.close()


async def test_every_answer_and_every_event_of_a_day_reads_into_its_type(
    core_server: CoreServer, tmp_path: Path
) -> None:
    import_dossiers(core_server, tmp_path / "month.csv", this_month_rows())
    url, a = core_server.base_url, Answers()
    anyone, kiosk, display = CoreClient(url), CoreClient(url), CoreClient(url)
    clerk, boss = CoreClient(url), CoreClient(url)
    try:
        health = await a.of("health", Health, anyone.health())
        # a plain core (loopback): no certificate to tell; test_tls.py has the TLS core's
        assert await a.of("certificates", CoreCertificates, anyone.certificates()) == (
            CoreCertificates()
        )
        await a.of("use_trust", None, anyone.use_trust(Trust()))
        board = core_server.listener_token()  # the stream is for a paired device
        stream = anyone.subscribe(health.seq, token=board)
        behind = anyone.subscribe(10**9, token=board)  # ahead of this core: a snapshot first
        kiosk.token = (
            await a.of("pair", Pairing, kiosk.pair(core_server.pairing_code(), "K"))
        ).token
        code = core_server.pairing_code("counter-display", counter=1)
        display.token = (await anyone.pair(code, "Quầy 1")).token
        clerk.token = (await a.of("login", Session, clerk.login("lan", "1234", 1))).token
        boss.token = (await boss.login("boss", "999999", None)).token

        await a.of("open_counter", CounterInfo, clerk.open_counter(1))
        first = await a.of("issue_ticket", TicketInfo, kiosk.issue_ticket("lltp"))
        with pytest.raises(CoreRefused) as no_texts:  # this site has no [sms]: a typed refusal
            await kiosk.ask_texts(first.id, "0912345678", consent=True)
        assert no_texts.value.code == "sms_off"
        a.methods.add("ask_texts")  # its answer, TextsAsked, is read in tests/kiosk/test_texts.py
        a.methods.add("check_in")  # its answer, CheckInAnswer: tests/kiosk/test_booking.py
        await kiosk.issue_ticket("lltp", priority_kind="elderly", lang="en")
        chosen = await kiosk.issue_ticket("chungthuc")
        counters = await a.of("counters", list, anyone.counters())
        assert all(isinstance(c, CounterInfo) for c in counters) and counters[0].waiting
        called = await a.of("call_next", TicketInfo, clerk.call_next(1))
        await a.of("recall", TicketInfo, clerk.recall(1))
        await a.of("start", TicketInfo, clerk.start(1))
        await a.of("finish", TicketInfo, clerk.finish(1))
        rated = await a.of("rate", TicketInfo, display.rate(called.id, 2, "Chờ lâu"))
        assert rated.rating == 2
        await a.of("call_ticket", TicketInfo, clerk.call_ticket(1, chosen.id, "Hẹn trước"))
        sent = await a.of("transfer", TicketInfo, clerk.transfer(1, to_counter=2))
        assert sent.from_counter == 1
        await clerk.call_next(1)
        await clerk.recall(1)
        await a.of("no_show", TicketInfo, clerk.no_show(1))
        assert await clerk.call_next(1) is None  # the one left waits for counter 2: 204
        await kiosk.issue_ticket("lltp")
        await clerk.call_next(1)
        await clerk.transfer(1, service="chungthuc", position=Position.BACK)
        await a.of("ticket", TicketInfo, kiosk.ticket(first.id))
        await anyone.ticket(first.id, public_token=first.public_token)
        await a.of("pause_counter", CounterInfo, clerk.pause_counter(1))
        await a.of("close_counter", CounterInfo, clerk.close_counter(1))
        agencies = await a.of("services", list, anyone.services())
        assert all(isinstance(agency, AgencyInfo) for agency in agencies)
        await a.of("board", Board, anyone.board())
        await a.of("heartbeat", Heartbeat, kiosk.heartbeat("0.1.0", 42, "ok"))
        today = core_server.business_day()
        for by in ("service", "counter", "staff"):
            stats = await a.of("stats", Stats, boss.stats(today, today, by))
            assert stats.by == by and stats.groups
        month = await a.of("dossier_figures", DossierFigures, anyone.dossier_figures())
        assert month.agencies[0].ready_codes == (READY,)
        await a.of("dossier", DossierInfo, anyone.dossier(READY))
        assert await a.of("site_logo", None, anyone.site_logo()) is None
        clerk.token = (await clerk.login("lan", "1234", 1)).token  # closing ended the session
        await a.of("logout", None, clerk.logout())

        waiting = await kiosk.issue_ticket("datdai")
        last = run(
            core_server,
            CancelTicket(waiting.id, "Xin huỷ"),
            SetServiceClosed("datdai", "Mất điện"),
            SetServiceClosed("datdai", None),
            ChangeCounterServices(2, ("lltp", "chungthuc")),
            SetNotices(("Trung tâm làm việc từ 7:30.",)),
            SyncAlerts((Alert("paused:1", "counter_paused", "counter:1", "Quầy 1", "Counter 1"),)),
            SyncAlerts(()),
        )
        await boss.open_counter(2)  # the day's end closes it
        last = run(core_server, ResetDay("end of the test day"))

        events = await follow(stream, last)
        snapshot = await follow(behind, 0)
        await stream.aclose()
        await behind.aclose()
    finally:
        for client in (anyone, kiosk, display, clerk, boss):
            await client.aclose()

    public = {name for name in vars(CoreClient) if not name.startswith("_")}
    assert public - a.methods == {"subscribe", "aclose"}  # the stream is read below
    assert [e.seq for e in events] == list(range(health.seq + 1, last + 1))
    assert not [e for e in events if isinstance(e, UnknownEvent | StreamSnapshot)]
    # day.restored needs the core stopped and a backup put back: the test below
    assert {e.kind for e in events if not isinstance(e, UnknownEvent | StreamSnapshot)} == set(
        EventType
    ) - {EventType.DAY_RESTORED}
    out_of_turn = [e for e in events if isinstance(e, TicketEvent) and e.out_of_turn]
    assert [e.reason for e in out_of_turn] == ["Hẹn trước"]
    assert isinstance(snapshot[0], StreamSnapshot) and snapshot[0].board.recent_calls


async def test_a_restore_reaches_the_client_as_day_restored(core_server: CoreServer) -> None:
    url = core_server.base_url
    kiosk = CoreClient(url)
    try:
        kiosk.token = (await kiosk.pair(core_server.pairing_code(), "K")).token
        for _ in range(3):
            await kiosk.issue_ticket("datdai")
        backup = take_backup(core_server.db_path, core_server.db_path.parent / "b", _now())
        lost = await kiosk.issue_ticket("datdai")  # printed, in the hall, not in the backup
        lost_seq = (await kiosk.health()).seq
        core_server.stop()
        restore_backup(core_server.db_path, backup.path, _now())
        core_server.start()
        stream = kiosk.subscribe(backup.seq)
        events = await follow(stream, backup.seq + 1)
        await stream.aclose()
        after = await kiosk.issue_ticket("datdai")
    finally:
        await kiosk.aclose()
    restored = events[0]
    assert isinstance(restored, DayRestored) and restored.kind is EventType.DAY_RESTORED
    assert restored.seq > lost_seq and restored.backup_seq == backup.seq
    datdai = next(s for s in restored.services if s.service == "datdai")
    assert (datdai.from_number, datdai.basis) == ("A003", "estimate")
    assert datdai.to_number is not None and lost.number <= datdai.to_number < after.number


def _now() -> datetime:
    return datetime.now(UTC)
