"""A booked holder's call is marked on the board: the call carries their slot, and the "now
calling" panel's title reads "LỊCH HẸN 09:15 · BOOKED 09:15" (a walk-in's: "MỜI CÔNG DÂN SỐ")."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hall_board.widgets.now import NowCallingPanel
from queue_core.client import parse_event
from tests.hall_board.test_model import event_json, model, ticket
from ui_common.qt import QtGui


def booked_call(seq: int, number: str, ticket_id: int, slot: str | None) -> dict:
    called = {**ticket(number, ticket_id, 1), "appointment_at": slot}
    return event_json(seq, "ticket.called", 1, ticket=called)


def painted(qtbot: QtBot, slot: str | None) -> QtGui.QImage:
    board = model()
    board.apply_event(parse_event(booked_call(11, "1001", 1, slot)))
    board.advance()
    assert board.now is not None
    assert board.now.appointment == ("09:15" if slot else "")
    panel = NowCallingPanel(board)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    return panel.grab().toImage()


def test_a_booked_holders_call_is_marked_and_a_walk_ins_is_not(qtbot: QtBot) -> None:
    walk_in = painted(qtbot, None)
    holder = painted(qtbot, "2026-11-25T09:15:00+07:00")
    top_right = (slice(20, 1180), slice(10, 80))

    def differs(a: QtGui.QImage, b: QtGui.QImage) -> int:
        xs, ys = top_right
        return sum(
            a.pixel(x, y) != b.pixel(x, y)
            for x in range(xs.start, xs.stop, 4)
            for y in range(ys.start, ys.stop, 4)
        )

    assert differs(walk_in, holder) > 20  # the title is the mark
