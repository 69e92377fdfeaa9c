"""The view-model alone (no widget, no network): the contract's JSON read by the client in,
what the board shows out."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from hall_board.model import BoardModel, Timing
from hall_board.state import Call
from queue_core.client import AgencyDossiers, Board, CoreEvent, DossierFigures, parse_event
from queue_core.domain import CounterState
from tests.queue_core.client import samples

HELD = Timing(alone_ms=60_000, busy_ms=60_000)  # highlights end only when the test says


def ticket(number: str, ticket_id: int, counter: int) -> dict[str, Any]:
    service = {"id": "dv", "name": "Dịch vụ", "name_en": ""}
    return samples.ticket(ticket_id, number, counter=counter, service=service)


def event_json(seq: int, kind: str, counter: int | None = None, **extra: Any) -> dict[str, Any]:
    return samples.event(seq, kind, counter=counter, **extra)


def event(seq: int, kind: str, counter: int | None = None, **extra: Any) -> CoreEvent:
    return parse_event(event_json(seq, kind, counter, **extra))


def call_json(seq: int, number: str, ticket_id: int, counter: int, recall: bool = False) -> dict:
    kind = "ticket.recalled" if recall else "ticket.called"
    return event_json(seq, kind, counter, ticket=ticket(number, ticket_id, counter))


def call(seq: int, number: str, ticket_id: int, counter: int, recall: bool = False) -> CoreEvent:
    return parse_event(call_json(seq, number, ticket_id, counter, recall))


def snapshot_json(seq: int = 10, recent: list | None = None) -> dict[str, Any]:
    counters = [
        {**samples.counter(n), "zone": "a" if n <= 2 else "b", "ticket": None} for n in (1, 2, 3)
    ]
    return {**samples.board(seq), "counters": counters, "recent_calls": recent or [],
            "notices": ["a"]}  # fmt: skip


def snapshot(seq: int = 10, recent: list | None = None) -> Board:
    return Board.from_json(snapshot_json(seq, recent))


def model(zone: str | None = None) -> BoardModel:
    board = BoardModel(zone, HELD)
    board.apply_snapshot(snapshot())
    return board


def tickets(calls: list[Call]) -> list[str]:
    return [c.ticket for c in calls]


def test_a_burst_waits_its_turn_and_then_fills_the_recent_list(qtbot: QtBot) -> None:
    board = model()
    said: list[Call] = []
    board.call_received.connect(said.append)
    for i, counter in enumerate((1, 2, 3, 1)):
        board.apply_event(call(11 + i, f"10{i}", i, counter))
    assert tickets(said) == ["100", "101", "102", "103"]  # the announcer hears all at once
    assert board.now.ticket == "100" and tickets(board.pending()) == ["101", "102", "103"]
    board.advance()
    board.advance()
    assert board.now.ticket == "102" and tickets(board.recent()) == ["101", "100"]
    board.advance()
    board.advance()  # nothing waits: the last call stays on show, calm
    assert board.now.ticket == "103" and not board.highlighted
    assert tickets(board.shown) == ["100", "101", "102", "103"]


def test_a_recall_is_shown_again_said_again_but_listed_once() -> None:
    board = model()
    said: list[Call] = []
    board.call_received.connect(said.append)
    board.apply_event(call(11, "100", 1, 1))
    board.apply_event(call(12, "200", 2, 2))
    board.apply_event(call(13, "100", 1, 1, recall=True))
    board.advance()
    board.advance()
    assert board.now.ticket == "100" and board.now.recall
    assert tickets(board.recent()) == ["200"]  # not "100" again below itself
    assert [(c.ticket, c.recall) for c in said] == [("100", False), ("200", False), ("100", True)]


def test_an_old_or_repeated_event_changes_nothing() -> None:
    board = model()
    assert board.apply_event(call(11, "100", 1, 1))
    assert not board.apply_event(call(11, "100", 1, 1))
    assert not board.apply_event(call(7, "050", 9, 2))  # before the snapshot
    assert tickets(board.shown) == ["100"] and board.last_seq == 11


def test_counters_follow_their_tickets_and_states() -> None:
    board = model()
    board.apply_event(call(11, "100", 1, 1))
    board.apply_event(event(12, "ticket.started", 1, ticket=ticket("100", 1, 1)))
    board.apply_event(event(13, "counter.paused", 2))
    first, second, _third = board.counters()
    assert (first.ticket, second.phase) == ("100", CounterState.PAUSED)
    board.apply_event(event(14, "ticket.finished", 1, ticket=ticket("100", 1, 1)))
    board.apply_event(event(15, "counter.closed", 2))
    first, second, _third = board.counters()
    assert (first.ticket, second.phase) == (None, CounterState.CLOSED)


def test_a_zone_sees_only_its_counters_and_calls() -> None:
    board = model(zone="b")
    board.apply_event(call(11, "100", 1, 1))
    board.apply_event(call(12, "300", 3, 3))
    assert [c.number for c in board.counters()] == [3]
    assert tickets(board.shown) == ["300"]


def test_notices_change_live_and_a_new_day_clears_the_recent_list() -> None:
    board = model()
    board.apply_event(event(11, "notice.changed", notices=["Mới"]))
    assert board.notices == ("Mới",)
    board.apply_event(call(12, "100", 1, 1))
    board.apply_event(call(13, "200", 2, 2))
    board.advance()
    board.apply_event(event(14, "day.reset"))
    assert board.recent() == []


def test_a_snapshot_shows_the_latest_call_calm_and_says_nothing() -> None:
    board = BoardModel(timing=HELD)
    said: list[Call] = []
    board.call_received.connect(said.append)
    board.apply_snapshot(snapshot(20, [call_json(20, "300", 3, 3), call_json(19, "200", 2, 2)]))
    assert board.now.ticket == "300" and not board.highlighted
    assert tickets(board.recent()) == ["200"] and said == []


def test_others_waiting_shorten_the_highlight_on_show(qtbot: QtBot) -> None:
    board = BoardModel(timing=Timing(alone_ms=60_000, busy_ms=50))
    board.apply_snapshot(snapshot())
    board.apply_event(call(11, "100", 1, 1))
    board.apply_event(call(12, "200", 2, 2))  # now the first has 50 ms, not 60 s
    qtbot.waitUntil(lambda: board.now.ticket == "200", timeout=10_000)


def test_the_slot_round_pages_the_dossiers_and_counts_the_codes_left_out(qtbot: QtBot) -> None:
    from hall_board.slots import READY_PAGES, READY_PER_PAGE, SlotKind

    board = model()
    codes = tuple(f"C-{n}" for n in range(READY_PER_PAGE * READY_PAGES + 3))
    rows = tuple(AgencyDossiers(f"a{n}", f"Cơ quan {n}", "", 3, 2, on_time_share=0.5,
                                ready_codes=codes if n == 1 else ()) for n in range(4))  # fmt: skip
    board.apply_dossiers(DossierFigures("2026-11", rows))
    kinds = [(p.kind, p.page, p.pages, len(p.codes), p.more) for p in board.slots]
    assert kinds == [
        (SlotKind.FIGURES, 1, 1, 0, 0),
        (SlotKind.DOSSIERS, 1, 2, 0, 0),
        (SlotKind.DOSSIERS, 2, 2, 0, 0),
        (SlotKind.READY, 1, 2, READY_PER_PAGE, 0),
        (SlotKind.READY, 2, 2, READY_PER_PAGE, 3),
    ]
    for _ in range(4):
        board.next_slot()
    assert board.slot.kind is SlotKind.READY and board.slot.page == 2
    board.apply_dossiers(DossierFigures("2026-11", ()))  # the month turned
    assert board.slots == (board.slot,) and board.slot.kind is SlotKind.FIGURES


def test_the_command_line_voice_wins_over_the_site_and_the_site_over_the_defaults(
    qtbot: QtBot,
) -> None:
    from hall_board.state import VoiceChoices

    board = model()
    data = snapshot_json()
    data["site"]["board"].update(zero_tens="lẻ", four="tư", english=True)
    board.apply_snapshot(Board.from_json(data))
    assert (board.voicing.style.zero_tens, board.voicing.style.four) == ("lẻ", "tư")
    assert board.voicing.english and board.voicing.style.mode == "number"
    board.set_overrides(board.look_overrides, VoiceChoices(four="bốn", english=False))
    assert (board.voicing.style.zero_tens, board.voicing.style.four) == ("lẻ", "bốn")
    assert not board.voicing.english
